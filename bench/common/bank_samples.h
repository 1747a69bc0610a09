// The bank exchange the SOAP benchmarks translate, built once and shared, so that every SOAP
// figure (Dragoman's arms, the pugixml baseline, gSOAP's arms) is taken on the same bytes.
#ifndef DRAGOMAN_BENCH_COMMON_BANK_SAMPLES_H_
#define DRAGOMAN_BENCH_COMMON_BANK_SAMPLES_H_

#include <string>

#include "bank.pb.h"
#include "translators/runtime/soap_method.h"

namespace dragoman::bench {

struct ListTransactionsSample {
  // The bank translator's SOAP 1.1 ListTransactions method (port BankPort).
  const soap::SoapMethod* method = nullptr;
  // Four transactions with every optional element present, and moreAvailable.
  ::example::dragoman::bank::ListTransactionsResponse reply;
  // `reply` as the method's EncodeReply writes it: the ~2.5 KB reply envelope.
  std::string envelope;
  // A serialized ListTransactions request.
  std::string request_bytes;
};

// Built on first use; aborts if the translator is missing or cannot write the envelope.
const ListTransactionsSample& BankListTransactions();

}  // namespace dragoman::bench

#endif  // DRAGOMAN_BENCH_COMMON_BANK_SAMPLES_H_
