#pragma once
// A source of table rows (a CSV file or one xlsx sheet) with the location of each row, so
// every format parser works the same over both.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/csv_reader.hpp"

namespace hs::market {

class RowSource {
 public:
  virtual ~RowSource() = default;
  virtual bool next(std::vector<std::string>& fields) = 0;
  virtual std::uint64_t line() const = 0;
  virtual const std::string& name() const = 0;  // for messages: file or file[sheet]
};

class CsvRows : public RowSource {
 public:
  CsvRows(std::unique_ptr<InputFile> in, std::string prefix, std::string name);
  bool next(std::vector<std::string>& f) override { return csv_.next(f); }
  std::uint64_t line() const override { return csv_.line(); }
  const std::string& name() const override { return name_; }

 private:
  std::unique_ptr<InputFile> in_;
  CsvReader csv_;
  std::string name_;
};

// Rows of a sheet already read into memory (xlsx sheets).
class MemoryRows : public RowSource {
 public:
  MemoryRows(std::vector<std::vector<std::string>> rows, std::vector<std::uint64_t> lines, std::string name)
      : rows_(std::move(rows)), lines_(std::move(lines)), name_(std::move(name)) {}
  bool next(std::vector<std::string>& f) override {
    if (pos_ >= rows_.size()) return false;
    f = std::move(rows_[pos_]);
    line_ = lines_[pos_++];
    return true;
  }
  std::uint64_t line() const override { return line_; }
  const std::string& name() const override { return name_; }

 private:
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::uint64_t> lines_;
  std::string name_;
  std::size_t pos_ = 0;
  std::uint64_t line_ = 0;
};

}  // namespace hs::market
