#include "market/xlsx.hpp"

#include <pugixml.hpp>

#include <charconv>

#include "core/error.hpp"

namespace hs::market {

namespace {

pugi::xml_document load(const ZipArchive& zip, const std::string& part, const std::string& display) {
  std::string text = zip.read(part);
  pugi::xml_document doc;
  auto res = doc.load_buffer(text.data(), text.size());
  if (!res) throw Error(exit_code::data, display + ": " + part + ": bad XML: " + res.description());
  return doc;
}

// Excel's last column, XFD: a reference beyond it is damage, and would otherwise make a few
// bytes of XML allocate millions of empty cells (or overflow the column number).
constexpr int max_columns = 16384;

// "AB12" -> 27 (0-based column of the reference); -1 without letters; max_columns or more
// for a column beyond XFD.
int column_of(const char* ref) {
  int col = 0;
  for (; *ref >= 'A' && *ref <= 'Z'; ++ref) {
    col = col * 26 + (*ref - 'A' + 1);
    if (col > max_columns) return max_columns;
  }
  return col - 1;
}

std::string text_of_si(const pugi::xml_node& si) {
  // A shared string is <t> or rich-text runs <r><t>.
  std::string s;
  for (auto t : si.select_nodes(".//*[local-name()='t']")) s += t.node().text().get();
  return s;
}

}  // namespace

std::vector<Sheet> read_xlsx(const ZipArchive& zip, const std::string& display) {
  std::vector<std::string> shared;
  if (zip.has("xl/sharedStrings.xml")) {
    auto sst = load(zip, "xl/sharedStrings.xml", display);
    for (auto si : sst.document_element().children("si")) shared.push_back(text_of_si(si));
  }
  auto wb = load(zip, "xl/workbook.xml", display);
  auto rels = load(zip, "xl/_rels/workbook.xml.rels", display);
  std::vector<Sheet> out;
  for (auto sh : wb.document_element().child("sheets").children("sheet")) {
    std::string rid = sh.attribute("r:id").value();
    std::string target;
    for (auto rel : rels.document_element().children("Relationship"))
      if (rid == rel.attribute("Id").value()) target = rel.attribute("Target").value();
    if (target.empty()) throw Error(exit_code::data, display + ": workbook sheet without a part: " + rid);
    std::string part = target.front() == '/' ? target.substr(1) : "xl/" + target;
    auto doc = load(zip, part, display);
    Sheet s;
    s.name = sh.attribute("name").value();
    for (auto row : doc.document_element().child("sheetData").children("row")) {
      std::vector<std::string> cells;
      for (auto c : row.children("c")) {
        int col = column_of(c.attribute("r").value());
        if (col < 0) col = static_cast<int>(cells.size());
        if (col >= max_columns)
          throw Error(exit_code::data, display + ": " + part + ": cell reference \"" +
                                           std::string(c.attribute("r").value()).substr(0, 40) +
                                           "\" is beyond the last column XFD");
        if (static_cast<int>(cells.size()) <= col) cells.resize(static_cast<std::size_t>(col) + 1);
        std::string type = c.attribute("t").value();
        std::string v = c.child("v").text().get();
        if (type == "s") {
          std::size_t i = 0;
          auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), i);
          if (!v.empty() && (ec != std::errc{} || end != v.data() + v.size()))
            throw Error(exit_code::data, display + ": " + part + ": cell " + c.attribute("r").value() +
                                             ": shared string index " + quote_for_message(v) + " is not a number");
          v = i < shared.size() ? shared[i] : std::string{};
        } else if (type == "inlineStr") {
          v = text_of_si(c.child("is"));
        }
        cells[static_cast<std::size_t>(col)] = std::move(v);
      }
      s.rows.push_back(std::move(cells));
      s.row_numbers.push_back(row.attribute("r").as_ullong(s.row_numbers.size() + 1));
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace hs::market
