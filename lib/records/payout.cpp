#include "records/catalog.hpp"

namespace hs::records {

std::vector<RecordSpec> payout_records() {
  using T = FieldType;
  return {
      {"share",
       "One accepted share, as a pool's share log gives it to payout.",
       {
           {"time", T::time, true, "When the share was accepted."},
           {"account", T::string, true, "Account, optionally account.worker."},
           {"share_difficulty", T::number, true, "Difficulty of the share (positive)."},
       }},
      {"contribution",
       "Verified compute work for proportional (DePIN-style) rewards.",
       {
           {"time", T::time, true, "When the work was done."},
           {"account", T::string, true, "Account."},
           {"units", T::number, true, "Work units (GPU-hours or any verified unit); positive."},
       }},
      {"block",
       "A block found by the pool.",
       {
           {"height", T::integer, true, "Block height."},
           {"time", T::time, true, "Block time."},
           {"block_hash", T::string, true, "Block hash, 64 hex digits."},
           {"subsidy_sats", T::integer, true, "Block subsidy in satoshis."},
           {"fees_sats", T::integer, true, "Transaction fees in satoshis."},
           {"network_difficulty", T::number, true, "Network difficulty at the block."},
           {"status", T::string, true, "immature, confirmed or orphaned."},
           {"finder", T::string, false, "Account whose share found the block (SOLO); default: the last share's."},
       }},
      {"credit",
       "One ledger row of a block's split.",
       {
           {"height", T::integer, true, "Block height."},
           {"block_hash", T::string, true, "Block hash."},
           {"account", T::string, true, "Account credited; pool rows use the reserved names :fee, :unassigned, :pool."},
           {"amount_sats", T::integer, true, "Amount in satoshis (negative for a reversal)."},
           {"kind", T::string, true, "reward, fee, remainder, unassigned, or reversal."},
           {"scheme", T::string, true, "Scheme that produced the row."},
       }},
      {"payment",
       "One payment of a batch.",
       {
           {"batch", T::integer, true, "Batch id."},
           {"account", T::string, true, "Account paid."},
           {"amount_sats", T::integer, true, "Amount in satoshis."},
           {"status", T::string, true, "pending, confirmed or cancelled."},
           {"txid", T::string, false, "Transaction id once confirmed."},
       }},
      {"balance",
       "An account's balance derived from credits and payments.",
       {
           {"account", T::string, true, "Account."},
           {"credited_sats", T::integer, true, "Sum of credits."},
           {"paid_sats", T::integer, true, "Sum of confirmed payments."},
           {"pending_sats", T::integer, true, "Sum of payments in pending batches."},
           {"balance_sats", T::integer, true, "credited - paid - pending."},
       }},
      {"statement",
       "One line of an account's statement: a credit or a payment, with the running balance.",
       {
           {"account", T::string, true, "Account."},
           {"kind", T::string, true, "A credit kind (reward, reversal, ...) or payment."},
           {"height", T::integer, false, "Block height (credits)."},
           {"block_hash", T::string, false, "Block hash (credits)."},
           {"batch", T::integer, false, "Batch id (payments)."},
           {"amount_sats", T::integer, true, "Change to the balance in satoshis (payments negative)."},
           {"balance_sats", T::integer, true, "Running balance after this line."},
       }},
  };
}

}  // namespace hs::records
