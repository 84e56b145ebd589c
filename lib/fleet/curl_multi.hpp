#pragma once
// The loop fleet's libcurl clients share (gRPC to Braiins OS+, HTTPS to BMCs and
// dcgm-exporters): drive a multi handle until every transfer added to it is done, handing each
// finished one (its CURLINFO_PRIVATE pointer and CURLcode) to `done`, then removing it.
#include <functional>

namespace hs::fleet {

void run_multi(void* multi, const std::function<void(void* priv, int result)>& done);

}  // namespace hs::fleet
