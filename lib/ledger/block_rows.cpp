#include "ledger/block_rows.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace hs::ledger::detail {

namespace {

// split_with_fee over flat arrays, reused from block to block: the same parts and the same rows
// in the same order. Parties must be added in ascending name order.
class Splitter {
 public:
  void clear() {
    names_.clear();
    weights_.clear();
  }
  void party(std::string_view name, u128 weight) {
    names_.push_back(name);
    weights_.push_back(weight);
  }
  void split(std::int64_t total, u128 unassigned, std::uint32_t fee_bps, std::vector<CreditRowView>& rows) {
    const std::size_t n = weights_.size();
    const u128 keep = 10000 - fee_bps;
    u128 base = unassigned;
    for (auto w : weights_) base = add(base, w);
    // Every weight is at most base, and the weights scaled below sum to 10000 * base: the two
    // checked products bound every product of the loops, which then need no checks.
    const u128 wsum = mul(base, 10000);
    for (auto& w : weights_) w *= keep;
    names_.push_back(fee_account);
    weights_.push_back(base * fee_bps);
    names_.push_back(unassigned_account);
    weights_.push_back(unassigned * keep);
    if (total == 0) return;
    // split_largest_remainder, with the remainder r = prod - q*W (one division per party) and
    // the left-over satoshis given to the `left` largest (remainder, then name) by selection:
    // the order is total (names differ), so the chosen set is the one sorting would choose.
    if (total < 0) throw Error(exit_code::software, "split of a negative amount");
    const std::size_t m = weights_.size();
    if (wsum == 0) throw Error(exit_code::software, "split over parties whose weights are all zero");
    const auto t = static_cast<u128>(total);
    u128 bound;
    // t * wsum bounds t * weight for every party: within 128 bits, the plain loop; past them
    // (large difficulties, a window in 10^-16 units), each product is held in 256 bits.
    const bool narrow = !__builtin_mul_overflow(t, wsum, &bound);
    parts_.resize(m);
    rem_.resize(m);
    u128 assigned = 0;
    for (std::size_t i = 0; i < m; ++i) {
      u128 q, r;
      if (narrow) {
        const u128 prod = t * weights_[i];
        q = prod / wsum;
        r = prod - q * wsum;
      } else {
        const auto qr = mul_div(t, weights_[i], wsum);  // weight <= wsum: the quotient <= t
        q = qr->quot;
        r = qr->rem;
      }
      parts_[i] = static_cast<std::int64_t>(q);
      rem_[i] = r;
      assigned += q;
    }
    auto left = static_cast<std::size_t>(t - assigned);  // < m
    if (left > 0) {
      order_.resize(m);
      for (std::size_t i = 0; i < m; ++i) order_[i] = static_cast<std::uint32_t>(i);
      auto before = [&](std::uint32_t a, std::uint32_t b) {
        if (rem_[a] != rem_[b]) return rem_[a] > rem_[b];
        return names_[a] < names_[b];
      };
      if (left < m)
        std::nth_element(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(left), order_.end(), before);
      for (std::size_t k = 0; k < left; ++k) ++parts_[order_[k]];
    }
    for (std::size_t i = 0; i < m; ++i)
      if (parts_[i] != 0) rows.push_back({names_[i], parts_[i], i < n ? "reward" : i == n ? "fee" : "unassigned"});
  }

 private:
  std::vector<std::string_view> names_;
  std::vector<u128> weights_;
  std::vector<std::int64_t> parts_;
  std::vector<u128> rem_;
  std::vector<std::uint32_t> order_;
};

}  // namespace

RowThread::RowThread(const AccountTable& accounts, std::uint32_t fee_bps, const RowSink& emit)
    : accounts_(accounts), fee_bps_(fee_bps), emit_(emit), thread_([this] { run(); }) {}

RowThread::~RowThread() {
  stop();
  if (thread_.joinable()) thread_.join();
}

RowJob& RowThread::job() {
  std::unique_lock lock(mu_);
  to_reader_.wait(lock, [&] { return error_ || submitted_ - done_ < slots; });
  if (error_) {
    lock.unlock();
    throw_error();
  }
  RowJob& j = jobs_[submitted_ % slots];
  j.block = nullptr;
  j.ids.clear();
  j.weights.clear();
  j.named = {};
  j.split = true;
  j.amount = 0;
  j.unassigned = 0;
  j.pool_remainder = 0;
  j.new_names.clear();
  return j;
}

void RowThread::submit() {
  RowJob& j = jobs_[submitted_ % slots];
  // The names are copied here, on the reading thread: the table grows as accounts appear, and
  // its strings move then.
  for (; named_ < accounts_.size(); ++named_) j.new_names.push_back(accounts_.name(static_cast<std::uint32_t>(named_)));
  {
    std::lock_guard lock(mu_);
    ++submitted_;
  }
  to_rows_.notify_one();
}

void RowThread::finish() {
  stop();
  if (thread_.joinable()) thread_.join();
  if (error_) std::rethrow_exception(error_);
}

void RowThread::fail(std::exception_ptr caller) {
  finish();
  std::rethrow_exception(caller);
}

void RowThread::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  to_rows_.notify_one();
}

void RowThread::throw_error() {
  stop();
  if (thread_.joinable()) thread_.join();
  std::rethrow_exception(error_);
}

void RowThread::run() {
  Splitter sp;
  std::vector<std::string> names;  // by account id
  std::vector<CreditRowView> rows;
  for (;;) {
    RowJob* j;
    {
      std::unique_lock lock(mu_);
      to_rows_.wait(lock, [&] { return stopping_ || done_ < submitted_; });
      if (done_ == submitted_) return;  // stopping, and every job is done
      j = &jobs_[done_ % slots];
    }
    try {
      for (auto& n : j->new_names) names.push_back(std::move(n));
      sp.clear();
      if (!j->named.empty()) sp.party(j->named, 1);
      for (std::size_t k = 0; k < j->ids.size(); ++k) sp.party(names[j->ids[k]], j->weights[k]);
      rows.clear();
      if (j->split) sp.split(j->amount, j->unassigned, fee_bps_, rows);
      if (j->pool_remainder != 0) rows.push_back({pool_account, j->pool_remainder, "remainder"});
      emit_(*j->block, rows);
    } catch (...) {
      {
        std::lock_guard lock(mu_);
        error_ = std::current_exception();
      }
      to_reader_.notify_one();
      return;
    }
    {
      std::lock_guard lock(mu_);
      ++done_;
    }
    to_reader_.notify_one();
  }
}

}  // namespace hs::ledger::detail
