#include "credit_writer.hpp"

#include <charconv>

namespace payout {

namespace {

constexpr std::size_t flush_at = 1 << 20;

void append_int(std::string& out, std::int64_t v) {
  char tmp[24];
  auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
  out.append(tmp, static_cast<std::size_t>(r.ptr - tmp));
}

}  // namespace

CreditWriter::CreditWriter(hs::AtomicOutput& out, hs::Format format, std::string scheme)
    : out_(out), format_(format), scheme_(std::move(scheme)) {
  if (format_ == hs::Format::table) {
    table_ = std::make_unique<hs::RecordWriter>(out_, hs::record_spec("credit"), format_);
    return;
  }
  buf_.reserve(flush_at + 4096);
  if (format_ == hs::Format::csv) {
    const auto& spec = hs::record_spec("credit");
    for (std::size_t i = 0; i < spec.fields.size(); ++i) {
      if (i) buf_ += ',';
      hs::append_csv_field(buf_, spec.fields[i].name);
    }
    buf_ += '\n';
  }
  block(nullptr);
}

void CreditWriter::block(const hs::ledger::Block* b) {
  block_ = b;
  prefix_.clear();
  if (format_ == hs::Format::csv) {
    if (b) {
      append_int(prefix_, b->height);
      prefix_ += ',';
      hs::append_csv_field(prefix_, b->hash);
    } else {
      prefix_ += ',';
    }
    prefix_ += ',';
  } else if (format_ == hs::Format::jsonl) {
    prefix_ += "{\"height\":";
    if (b) append_int(prefix_, b->height);
    else prefix_ += "null";
    prefix_ += ",\"block_hash\":";
    if (b) hs::append_json_string(prefix_, b->hash);
    else prefix_ += "null";
    prefix_ += ",\"account\":";
  }
}

void CreditWriter::row(std::string_view account, std::int64_t amount_sats, std::string_view kind) {
  if (table_) {
    hs::Cell height = block_ ? hs::Cell(block_->height) : hs::Cell();
    hs::Cell hash = block_ ? hs::Cell(block_->hash) : hs::Cell();
    table_->write({height, hash, std::string(account), amount_sats, std::string(kind), scheme_});
    return;
  }
  // The columns after the amount depend only on the kind: formatted once per kind in a row.
  if (!have_suffix_ || kind != suffix_kind_) {
    have_suffix_ = true;
    suffix_kind_ = std::string(kind);
    suffix_.clear();
    if (format_ == hs::Format::csv) {
      suffix_ += ',';
      hs::append_csv_field(suffix_, kind);
      suffix_ += ',';
      hs::append_csv_field(suffix_, scheme_);
      suffix_ += '\n';
    } else {
      suffix_ += ",\"kind\":";
      hs::append_json_string(suffix_, kind);
      suffix_ += ",\"scheme\":";
      hs::append_json_string(suffix_, scheme_);
      suffix_ += "}\n";
    }
  }
  buf_ += prefix_;
  if (format_ == hs::Format::csv) {
    hs::append_csv_field(buf_, account);
    buf_ += ',';
  } else {
    hs::append_json_string(buf_, account);
    buf_ += ",\"amount_sats\":";
  }
  append_int(buf_, amount_sats);
  buf_ += suffix_;
  if (buf_.size() >= flush_at) flush();
}

void CreditWriter::flush() {
  if (!buf_.empty()) out_.write(buf_);
  buf_.clear();
}

void CreditWriter::finish() {
  if (table_) table_->finish();
  else flush();
}

}  // namespace payout
