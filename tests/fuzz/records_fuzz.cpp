// The pipe-record reader every tool reads with (RecordReader: CSV with a header row or JSON
// Lines, detected from the first bytes), over price records, with every field read typed.
// fuzz-link: hs_core
#include "core/record.hpp"
#include "core/record_spec.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static hs::fuzz::ScratchFile file(".csv");
  const std::string& path = file.write(hs::fuzz::as_text(data, size));
  const hs::RecordSpec& spec = hs::record_spec("price");
  hs::fuzz::refuse_only_with_data_errors([&] {
    hs::RecordReader reader(path, spec);
    hs::Record rec;
    while (reader.next(rec)) {
      for (std::size_t i = 0; i < spec.fields.size(); ++i) {
        if (!rec.has(i)) continue;
        switch (spec.fields[i].type) {
          case hs::FieldType::time: (void)rec.time(i); break;
          case hs::FieldType::integer: (void)rec.integer(i); break;
          case hs::FieldType::number: (void)rec.number(i); break;
          case hs::FieldType::boolean: (void)rec.boolean(i); break;
          default: (void)rec.text(i); break;
        }
      }
    }
  });
  return 0;
}
