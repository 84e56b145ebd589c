// bmminer: Bitmain's bmminer (Antminer S9 era) and firmware that answers like it, read over its
// API alone: GHS keys, "GHS 5s" often a string, temperatures in stats. Read only; stock
// Antminers whose web interface fleet may use are firmware antminer.
#include "fleet/family/cgminer_api.hpp"

namespace hs::fleet {

const Driver& bmminer_driver() {
  static const FamilyInfo row{
      Firmware::bmminer, "bmminer", "Bitmain bmminer, read over its API alone", "CGMiner API, TCP", 4028,
      "SUMMARY GHS 5s (number or string), then GHS av", "estimate: nameplate W x hashrate / nameplate TH/s",
      "board: stats temp1..16, temp_pcbN; chip: stats temp2_N, temp3_N, temp_chipN",
      "hashing when the hashrate is above 0; stats Mode 254: sleeping", "", "", false, false};
  static const cgapi::StockReadDriver d(
      row, "bmminer has no sleep command on its API (firmware antminer commands stock Bitmain machines through their web interface)");
  return d;
}

}  // namespace hs::fleet
