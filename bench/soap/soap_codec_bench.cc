// SOAP translation cost side by side with its baseline in one run: the generated bank
// translator decoding a ~2 KB ListTransactions reply envelope (pre-scan, in-place pugixml parse,
// typed reads into the protobuf reply, serialization) against pugixml parsing the same bytes
// into its DOM and nothing more; and writing that envelope from the message (the mock side's
// EncodeReply, the same streaming XmlWriter the request path uses), and writing a request.
// Every arm copies the envelope first (the decoder parses in place), so the copy cancels out.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <pugixml.hpp>
#include <string>

#include "bank.pb.h"
#include "server/all_translators.h"
#include "translators/runtime/soap_method.h"

namespace {

namespace bank = ::example::dragoman::bank;

struct Fixture {
  const dragoman::soap::SoapMethod* method = nullptr;
  bank::ListTransactionsResponse reply;
  std::string envelope;
  std::string request_bytes;
};

const Fixture& ListTransactions() {
  static const Fixture fixture = [] {
    static dragoman::TranslatorRegistry registry;
    if (!dragoman::RegisterAllTranslators(registry).ok()) std::abort();
    Fixture f;
    f.method = dynamic_cast<const dragoman::soap::SoapMethod*>(
        registry.Find("/example.dragoman.bank.BankPort/ListTransactions"));
    if (f.method == nullptr) std::abort();
    for (int i = 0; i < 4; ++i) {
      bank::Transaction* t = f.reply.add_transaction();
      t->set_transaction_id("TX-2026-11-" + std::to_string(100000 + i));
      t->set_booked_at("2026-11-29T10:1" + std::to_string(i) + ":00Z");
      t->set_value_date("2026-11-30");
      t->set_type_(bank::TRANSACTION_TYPE_DEBIT);
      t->mutable_amount()->set_amount("-1234.5" + std::to_string(i));
      t->mutable_amount()->set_currency(bank::CURRENCY_CODE_EUR);
      t->set_description("Card payment, Wien Hauptbahnhof & Co. <" + std::to_string(i) + ">");
      t->set_counterparty("AT61 1904 3002 3457 320" + std::to_string(i));
      t->mutable_balance_after()->set_amount("98765.4" + std::to_string(i));
      t->mutable_balance_after()->set_currency(bank::CURRENCY_CODE_EUR);
    }
    f.reply.set_more_available(true);
    if (!f.method->EncodeReply(f.reply, &f.envelope).ok()) std::abort();
    bank::ListTransactions request;
    request.set_account_id("ACC-1001");
    request.set_from_date("2026-11-01");
    request.set_to_date("2026-11-30");
    request.set_max_results(50);
    f.request_bytes = request.SerializeAsString();
    return f;
  }();
  return fixture;
}

void Bytes(benchmark::State& state, size_t size) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(size));
  state.counters["envelope_bytes"] = static_cast<double>(size);
}

void BM_GeneratedDecodeReply(benchmark::State& state) {
  const Fixture& f = ListTransactions();
  std::string payload, reply;
  for (auto _ : state) {
    payload = f.envelope;
    if (!f.method->DecodeReply(payload, &reply).ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(reply);
  }
  Bytes(state, f.envelope.size());
}

void BM_PugixmlParseOnly(benchmark::State& state) {
  const Fixture& f = ListTransactions();
  std::string payload;
  pugi::xml_document document;
  for (auto _ : state) {
    payload = f.envelope;
    if (!document.load_buffer_inplace(payload.data(), payload.size())) state.SkipWithError("xml");
    benchmark::DoNotOptimize(document.first_child());
  }
  Bytes(state, f.envelope.size());
}

void BM_GeneratedEncodeReply(benchmark::State& state) {
  const Fixture& f = ListTransactions();
  std::string envelope;
  for (auto _ : state) {
    envelope.clear();
    if (!f.method->EncodeReply(f.reply, &envelope).ok()) state.SkipWithError("encode failed");
    benchmark::DoNotOptimize(envelope);
  }
  Bytes(state, f.envelope.size());
}

void BM_GeneratedEncodeRequest(benchmark::State& state) {
  const Fixture& f = ListTransactions();
  dragoman::BackendRequest request;
  for (auto _ : state) {
    if (!f.method->EncodeRequest(f.request_bytes, &request).ok()) state.SkipWithError("encode");
    benchmark::DoNotOptimize(request.payload);
  }
  Bytes(state, request.payload.size());
}

BENCHMARK(BM_GeneratedDecodeReply);
BENCHMARK(BM_PugixmlParseOnly);
BENCHMARK(BM_GeneratedEncodeReply);
BENCHMARK(BM_GeneratedEncodeRequest);

}  // namespace

BENCHMARK_MAIN();
