#include "ledger/credit_writer.hpp"

#include <cstring>

#include "core/decimal.hpp"

namespace hs::ledger {

namespace {

constexpr std::size_t flush_at = 1 << 20;

// Copies n bytes of src, which may be read 15 bytes past them, to p, which may be written as
// far: 16 bytes a step, with no call for a length known only at run time.
char* put_padded(char* p, const char* src, std::size_t n) {
  for (std::size_t i = 0; i < n; i += 16) std::memcpy(p + i, src + i, 16);
  return p + n;
}

// A formatted piece kept with 16 bytes of padding, for put_padded.
void pad(std::string& s, std::size_t& len) {
  len = s.size();
  s.append(16, '\0');
}

// An account name as written by RecordWriter: as is when it needs no quoting (CSV) or escaping
// (JSON), which holds for every valid name ([A-Za-z0-9_-.@+], and the pool's :names).
struct PlainBytes {
  bool ok[256] = {};
  constexpr PlainBytes() {
    for (int c = 0x20; c < 0x7f; ++c) ok[c] = c != '"' && c != '\\' && c != ',';
  }
};
constexpr PlainBytes plain_bytes;

bool plain_name(std::string_view s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return s.empty();
  bool ok = true;
  for (unsigned char c : s) ok &= plain_bytes.ok[c];
  return ok;
}

}  // namespace

std::vector<hs::Cell> CreditRecord::cells() const {
  std::vector<hs::Cell> c(2);  // height and hash: empty without a block
  if (block) {
    c[0] = block->height;
    c[1] = block->hash;
  }
  c.emplace_back(std::string(account));
  c.emplace_back(amount_sats);
  c.emplace_back(std::string(kind));
  c.emplace_back(std::string(scheme));
  return c;
}

CreditWriter::CreditWriter(hs::AtomicOutput& out, hs::Format format, std::string scheme)
    : out_(out), format_(format), scheme_(std::move(scheme)) {
  if (format_ == hs::Format::table) {
    table_ = std::make_unique<hs::RecordWriter>(out_, hs::record_spec("credit"), format_);
    return;
  }
  buf_.resize(flush_at + 4096);
  writes_ = std::make_unique<hs::BackgroundWriter>(out_);
  if (format_ == hs::Format::csv) {
    std::string header;
    const auto& spec = hs::record_spec("credit");
    for (std::size_t i = 0; i < spec.fields.size(); ++i) {
      if (i) header += ',';
      hs::append_csv_field(header, spec.fields[i].name);
    }
    header += '\n';
    std::memcpy(buf_.data(), header.data(), header.size());
    len_ = header.size();
  }
  block(nullptr);
}

void CreditWriter::block(const Block* b) {
  block_ = b;
  prefix_.clear();
  if (format_ == hs::Format::csv) {
    if (b) {
      prefix_ += std::to_string(b->height);
      prefix_ += ',';
      hs::append_csv_field(prefix_, b->hash);
    } else {
      prefix_ += ',';
    }
    prefix_ += ',';
  } else if (format_ == hs::Format::jsonl) {
    prefix_ += "{\"height\":";
    if (b) prefix_ += std::to_string(b->height);
    else prefix_ += "null";
    prefix_ += ",\"block_hash\":";
    if (b) hs::append_json_string(prefix_, b->hash);
    else prefix_ += "null";
    prefix_ += ",\"account\":";
  }
  pad(prefix_, prefix_len_);
}

void CreditWriter::row(std::string_view account, std::int64_t amount_sats, std::string_view kind) {
  if (table_) {
    table_->write(CreditRecord{block_, account, amount_sats, kind, scheme_}.cells());
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
    pad(suffix_, suffix_len_);
  }
  // The account as is when it needs nothing (always, for a valid name), else formatted aside.
  std::string_view name = account;
  bool wrap = format_ == hs::Format::jsonl;  // JSON: the quotes around a plain name
  if (!plain_name(account)) {
    scratch_.clear();
    if (format_ == hs::Format::csv) hs::append_csv_field(scratch_, account);
    else hs::append_json_string(scratch_, account);
    name = scratch_;
    wrap = false;
  }
  static constexpr std::string_view json_amount = ",\"amount_sats\":";
  const std::size_t most = prefix_.size() + name.size() + 2 + json_amount.size() + 21 + suffix_.size();  // padding too
  if (len_ + most > buf_.size()) {
    flush();
    if (most > buf_.size()) buf_.resize(most + flush_at);  // a row longer than the buffer (a very long name)
  }
  char* p = buf_.data() + len_;
  auto put = [&p](std::string_view v) {
    std::memcpy(p, v.data(), v.size());
    p += v.size();
  };
  p = put_padded(p, prefix_.data(), prefix_len_);
  if (wrap) *p++ = '"';
  put(name);
  if (wrap) *p++ = '"';
  if (format_ == hs::Format::csv) *p++ = ',';
  else put(json_amount);
  p = hs::put_decimal(p, amount_sats);
  p = put_padded(p, suffix_.data(), suffix_len_);
  len_ = static_cast<std::size_t>(p - buf_.data());
  if (len_ >= flush_at) flush();
}

void CreditWriter::flush() {
  if (len_) writes_->write(buf_, len_);  // buf_ comes back as the buffer written before
  len_ = 0;
}

void CreditWriter::finish() {
  if (table_) {
    table_->finish();
    return;
  }
  flush();
  writes_->finish();
}

}  // namespace hs::ledger
