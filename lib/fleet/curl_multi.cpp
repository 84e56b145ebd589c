#include "fleet/curl_multi.hpp"

#include <curl/curl.h>

namespace hs::fleet {

void run_multi(void* handle, const std::function<void(void* priv, int result)>& done) {
  CURLM* multi = static_cast<CURLM*>(handle);
  int running = 0;
  do {
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      void* priv = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
      done(priv, msg->data.result);
      curl_multi_remove_handle(multi, msg->easy_handle);
    }
    // Wakes at once on activity; 200 ms bounds the wait for timeouts curl tracks itself.
    if (running) curl_multi_poll(multi, nullptr, 0, 200, nullptr);
  } while (running);
}

}  // namespace hs::fleet
