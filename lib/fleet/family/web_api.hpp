#pragma once
// What the families with an HTTP API share (stock Antminer's web interface, ePIC UMC, AxeOS):
// a JSON reply read out of an exchange, and a chain that sends one HTTP request per action.
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "fleet/family.hpp"
#include "fleet/http.hpp"

namespace hs::fleet::webapi {

// The exchange's HTTP response and its body as JSON. False (and why, naming `what`) when the
// exchange was not answered, the response is not HTTP, its status is not 2xx (the status in
// *status either way) or the body is not one JSON value.
bool read_json(const Exchange& x, std::string_view what, nlohmann::json& out, std::string& error, int* status = nullptr);

// A number the firmware wrote as a JSON number or a numeric string.
std::optional<double> number(const nlohmann::json& j, std::string_view key);

struct Request {
  std::string method, path, body, shown;
  std::string error;  // non-empty: the action cannot be sent
};
// One request per action; `ok` judges the JSON answer (error set when not).
class OneRequestChain : public CommandChain {
 public:
  OneRequestChain(const Machine& m, std::vector<const Action*> actions, std::function<Request(const Action&)> step,
                  std::function<bool(const nlohmann::json&, std::string&)> ok)
      : CommandChain(std::move(actions)), host_(m.address()), step_(std::move(step)), ok_(std::move(ok)) {}
  std::optional<CommandStep> next() override;
  bool answer(const Exchange& x) override;

 private:
  std::string host_;
  std::function<Request(const Action&)> step_;
  std::function<bool(const nlohmann::json&, std::string&)> ok_;
  std::size_t at_ = 0;
  std::string what_;
};

}  // namespace hs::fleet::webapi
