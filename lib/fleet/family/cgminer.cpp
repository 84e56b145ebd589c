// cgminer: the reference CGMiner and firmware built on it that has no command fleet can use to
// sleep a machine (older Bitmain, Innosilicon, Spondoolies). Read only.
#include "fleet/family/cgminer_api.hpp"

namespace hs::fleet {

const Driver& cgminer_driver() {
  static const FamilyInfo row{
      Firmware::cgminer, "cgminer", "CGMiner and firmware built on it", "CGMiner API, TCP", 4028,
      "SUMMARY MHS 5s, MHS 30s, MHS 1m, then MHS av", "estimate: nameplate W x hashrate / nameplate TH/s",
      "board: DEVS Temperature, STATS Temp (per chain), Antminer stats temp1..16; chip: DEVS TempMAX, Chip Temp Max, STATS Temp max, Antminer stats temp2_N",
      "hashing when the hashrate is above 0", "", "", false, false};
  static const cgapi::StockReadDriver d(row, "cgminer has no sleep command on its API");
  return d;
}

}  // namespace hs::fleet
