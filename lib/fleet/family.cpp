#include "fleet/family.hpp"

#include <stdexcept>

namespace hs::fleet {

// Each family's driver, defined in fleet/family/<name>.cpp.
const Driver& cgminer_driver();
const Driver& bmminer_driver();
const Driver& antminer_driver();
const Driver& luxos_driver();
const Driver& braiins_driver();
const Driver& whatsminer_driver();
const Driver& whatsminer3_driver();
const Driver& avalon_driver();
const Driver& epic_driver();
const Driver& bitaxe_driver();

std::optional<MachineSecrets> Driver::secrets(const Credentials&) const { return MachineSecrets{}; }

const Driver& driver(Firmware f) {
  switch (f) {
    case Firmware::cgminer: return cgminer_driver();
    case Firmware::bmminer: return bmminer_driver();
    case Firmware::antminer: return antminer_driver();
    case Firmware::luxos: return luxos_driver();
    case Firmware::braiins: return braiins_driver();
    case Firmware::whatsminer: return whatsminer_driver();
    case Firmware::whatsminer3: return whatsminer3_driver();
    case Firmware::avalon: return avalon_driver();
    case Firmware::epic: return epic_driver();
    case Firmware::bitaxe: return bitaxe_driver();
  }
  throw std::logic_error("no driver for a firmware family");
}

const FamilyInfo& family(Firmware f) { return driver(f).info(); }

const std::vector<FamilyInfo>& families() {
  static const std::vector<FamilyInfo> rows = [] {
    std::vector<FamilyInfo> r;
    for (Firmware f : {Firmware::cgminer, Firmware::bmminer, Firmware::antminer, Firmware::luxos, Firmware::braiins,
                       Firmware::whatsminer, Firmware::whatsminer3, Firmware::avalon, Firmware::epic, Firmware::bitaxe})
      r.push_back(family(f));
    return r;
  }();
  return rows;
}

namespace {
class RefusingChain : public CommandChain {
 public:
  RefusingChain(std::vector<const Action*> actions, std::string why) : CommandChain(std::move(actions)) {
    error_ = std::move(why);
  }
  std::optional<CommandStep> next() override { return std::nullopt; }
  bool answer(const Exchange&) override { return false; }
};
}  // namespace

std::unique_ptr<CommandChain> refusing_chain(std::vector<const Action*> actions, std::string why) {
  return std::make_unique<RefusingChain>(std::move(actions), std::move(why));
}

}  // namespace hs::fleet
