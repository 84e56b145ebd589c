#include "market/tables.hpp"

namespace hs::market {

CsvRows::CsvRows(std::unique_ptr<InputFile> in, std::string prefix, std::string name)
    : in_(std::move(in)), csv_(*in_, std::move(prefix)), name_(std::move(name)) {}

}  // namespace hs::market
