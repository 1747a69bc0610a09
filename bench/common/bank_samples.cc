#include "bench/common/bank_samples.h"

#include <cstdlib>
#include <string>

#include "server/all_translators.h"

namespace dragoman::bench {

namespace bank = ::example::dragoman::bank;

const ListTransactionsSample& BankListTransactions() {
  static const ListTransactionsSample sample = [] {
    // Kept alive for the process: the sample's method points into it.
    static TranslatorRegistry registry;
    if (!RegisterAllTranslators(registry).ok()) std::abort();
    ListTransactionsSample s;
    s.method = dynamic_cast<const soap::SoapMethod*>(
        registry.Find("/example.dragoman.bank.BankPort/ListTransactions"));
    if (s.method == nullptr) std::abort();
    for (int i = 0; i < 4; ++i) {
      bank::Transaction* t = s.reply.add_transaction();
      t->set_transaction_id("TX-2026-11-" + std::to_string(100000 + i));
      t->set_booked_at("2026-11-29T10:1" + std::to_string(i) + ":00Z");
      t->set_value_date("2026-11-30");
      t->set_type_(bank::TRANSACTION_TYPE_DEBIT);
      t->mutable_amount()->set_amount("-1234.5" + std::to_string(i));
      t->mutable_amount()->set_currency(bank::CURRENCY_CODE_EUR);
      // Characters that must be escaped, so the writers' escaping is part of the measurement.
      t->set_description("Card payment, Wien Hauptbahnhof & Co. <" + std::to_string(i) + ">");
      t->set_counterparty("AT61 1904 3002 3457 320" + std::to_string(i));
      t->mutable_balance_after()->set_amount("98765.4" + std::to_string(i));
      t->mutable_balance_after()->set_currency(bank::CURRENCY_CODE_EUR);
    }
    s.reply.set_more_available(true);
    if (!s.method->EncodeReply(s.reply, &s.envelope).ok()) std::abort();
    bank::ListTransactions request;
    request.set_account_id("ACC-1001");
    request.set_from_date("2026-11-01");
    request.set_to_date("2026-11-30");
    request.set_max_results(50);
    s.request_bytes = request.SerializeAsString();
    return s;
  }();
  return sample;
}

}  // namespace dragoman::bench
