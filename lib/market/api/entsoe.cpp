#include "market/api/entsoe.hpp"

#include <algorithm>
#include <cstring>
#include <map>

#include <date/date.h>
#include <pugixml.hpp>

#include "core/exit_codes.hpp"
#include "core/parse.hpp"
#include "market/api/body.hpp"

namespace hs::market::api {

namespace {

std::string yyyymmddhhmm(UtcTime t) {
  return date::format("%Y%m%d%H%M", std::chrono::floor<std::chrono::minutes>(t));
}

std::string step(std::string_view parent, const char* name, std::size_t i) {
  return std::string(parent) + (parent.empty() ? "" : "/") + name + "[" + std::to_string(i) + "]";
}

// The text of a required child element.
std::string child_text(const pugi::xml_node& n, const char* name, const std::string& what, std::string_view where) {
  auto c = n.child(name);
  if (!c) bad_body(what, where, name, "missing");
  return std::string(trim(c.text().get()));
}

UtcTime child_time(const pugi::xml_node& n, const char* name, const std::string& what, std::string_view where) {
  auto text = child_text(n, name, what, where);
  auto t = try_parse_iso8601(text);
  if (!t) bad_body(what, where, name, "a UTC time such as 2025-09-28T22:00Z", text);
  return *t;
}

// "PT15M" -> 15, "PT1H" -> 60; 0 when not a duration of whole minutes.
int resolution_minutes(std::string_view r) {
  if (r.size() < 4 || r.substr(0, 2) != "PT") return 0;
  const char unit = r.back();
  auto n = try_parse_int64(r.substr(2, r.size() - 3));
  if (!n || *n <= 0 || *n > 1440) return 0;
  if (unit == 'M') return static_cast<int>(*n);
  if (unit == 'H') return static_cast<int>(*n * 60);
  return 0;
}

[[noreturn]] void acknowledgement(const pugi::xml_node& root, const std::string& what) {
  std::string reasons;
  for (auto r : root.children("Reason")) {
    std::string code(trim(r.child("code").text().get())), text(trim(r.child("text").text().get()));
    if (!reasons.empty()) reasons += "; ";
    reasons += "Reason " + (code.empty() ? std::string("(no code)") : code) + ": " + (text.empty() ? "(no text)" : text);
  }
  if (reasons.empty()) reasons = "no Reason given";
  throw Error(exit_code::unavailable, what + ": ENTSO-E answered with an Acknowledgement_MarketDocument, not data: " + reasons);
}

}  // namespace

std::string build_entsoe_url(const EntsoeRequest& r) {
  const auto eic = entsoe_zone_eic(r.zone);
  if (eic.empty()) throw_usage("unknown ENTSO-E bidding zone '" + r.zone + "' (a name such as DE-LU or an EIC code)");
  if (r.to <= r.from) throw_usage("ENTSO-E window ends before it starts");
  if (r.to - r.from > entsoe_max_window) throw_usage("ENTSO-E allows at most one year per A44 query; split the window");
  const std::string e = url_encode(eic);
  return r.base + "?documentType=A44&in_Domain=" + e + "&out_Domain=" + e + "&periodStart=" + yyyymmddhhmm(r.from) +
         "&periodEnd=" + yyyymmddhhmm(r.to) + "&contract_MarketAgreement.type=A01";
}

Reply parse_entsoe_reply(std::string_view body, const std::string& what) {
  pugi::xml_document doc;
  auto res = doc.load_buffer(body.data(), body.size());
  if (!res)
    throw Error(exit_code::data, what + ": reply is not XML (" + res.description() + " at byte " +
                                     std::to_string(res.offset) + " of " + std::to_string(body.size()) + ")");
  const auto root = doc.document_element();
  const std::string rname = root.name();
  if (rname == "Acknowledgement_MarketDocument") acknowledgement(root, what);
  if (rname != "Publication_MarketDocument")
    bad_body(what, rname, {}, "a Publication_MarketDocument or Acknowledgement_MarketDocument", rname);
  Reply out;
  std::size_t ti = 0;
  for (auto ts : root.children("TimeSeries")) {
    const auto tw = step("", "TimeSeries", ++ti);
    const auto eic = child_text(ts, "in_Domain.mRID", what, tw);
    std::string node(entsoe_zone_name(eic));
    if (node.empty()) node = eic;
    if (out.zone.empty()) out.zone = node;
    std::string currency = "EUR";
    if (auto c = ts.child("currency_Unit.name")) currency = trim(c.text().get());
    if (auto u = ts.child("price_Measure_Unit.name"); u && std::string_view(trim(u.text().get())) != "MWH")
      bad_body(what, tw, "price_Measure_Unit.name", "MWH", u.text().get());
    std::string node_type;
    if (auto seq = ts.child("classificationSequence_AttributeInstanceComponent.position")) {
      auto n = try_parse_int64(trim(seq.text().get()));
      if (!n || *n < 1)
        bad_body(what, tw, "classificationSequence_AttributeInstanceComponent.position", "a position 1, 2, ...",
                 seq.text().get());
      node_type = "Sequence " + std::to_string(*n);
    }
    std::string curve = "A01";
    if (auto c = ts.child("curveType")) curve = trim(c.text().get());
    if (curve != "A01" && curve != "A03") bad_body(what, tw, "curveType", "A01 or A03", curve);
    std::size_t pi = 0;
    for (auto period : ts.children("Period")) {
      const auto pw = step(tw, "Period", ++pi);
      auto interval = period.child("timeInterval");
      if (!interval) bad_body(what, pw, "timeInterval", "missing");
      const auto iw = pw + "/timeInterval";
      const UtcTime start = child_time(interval, "start", what, iw), end = child_time(interval, "end", what, iw);
      if (end <= start) bad_body(what, iw, "end", "a time after start", interval.child("end").text().get());
      const auto res_text = child_text(period, "resolution", what, pw);
      const int minutes = resolution_minutes(res_text);
      if (minutes == 0) bad_body(what, pw, "resolution", "a duration such as PT15M or PT60M", res_text);
      const auto span = std::chrono::duration_cast<std::chrono::minutes>(end - start).count();
      // A reply covers at most a year (the API's window); a longer period is a damaged document,
      // and forward-filling it would expand a few bytes into millions of rows.
      if (span > 366LL * 24 * 60) bad_body(what, iw, "end", "a period of at most a year", interval.child("end").text().get());
      if (span % minutes != 0) bad_body(what, pw, "resolution", res_text + " does not divide the time interval");
      const auto count = static_cast<std::int64_t>(span / minutes);
      std::map<std::int64_t, double> points;
      std::size_t k = 0;
      for (auto p : period.children("Point")) {
        const auto kw = step(pw, "Point", ++k);
        const auto ptext = child_text(p, "position", what, kw);
        auto pos = try_parse_int64(ptext);
        if (!pos || *pos < 1 || *pos > count)
          bad_body(what, kw, "position", "a position 1.." + std::to_string(count), ptext);
        const auto atext = child_text(p, "price.amount", what, kw);
        auto price = try_parse_double(atext);
        if (!price) bad_body(what, kw, "price.amount", "a number", atext);
        if (!points.emplace(*pos, *price).second) bad_body(what, kw, "position", "repeated position " + ptext);
      }
      if (points.empty()) continue;
      auto emit = [&](std::int64_t pos, double price) {
        PriceRow r;
        r.start = start + std::chrono::minutes(minutes * (pos - 1));
        r.minutes = minutes;
        r.iso = "ENTSOE";
        r.market = "da";
        r.node = node;
        r.node_type = node_type;
        r.price = price;
        r.currency = currency;
        out.prices.push_back(std::move(r));
      };
      if (curve == "A01") {
        for (const auto& [pos, price] : points) emit(pos, price);
        continue;
      }
      // A03: a left-out position has the previous one's price, to the end of the period.
      if (points.begin()->first != 1)
        bad_body(what, pw, "Point", "curveType A03 needs position 1 (later ones repeat it when left out)");
      double last = 0;
      for (std::int64_t pos = 1; pos <= count; ++pos) {
        if (auto it = points.find(pos); it != points.end()) last = it->second;
        emit(pos, last);
      }
    }
  }
  std::stable_sort(out.prices.begin(), out.prices.end(), [](const PriceRow& a, const PriceRow& b) {
    return std::tie(a.start, a.node, a.node_type, a.minutes) < std::tie(b.start, b.node, b.node_type, b.minutes);
  });
  return out;
}

}  // namespace hs::market::api
