// SOAP translation cost side by side with its baseline in one run: the generated bank
// translator decoding a ~2 KB ListTransactions reply envelope (pre-scan, in-place pugixml parse,
// typed reads into the protobuf reply, serialization) against pugixml parsing the same bytes
// into its DOM and nothing more; and writing that envelope from the message (the mock side's
// EncodeReply, the same streaming XmlWriter the request path uses), and writing a request.
// Every arm copies the envelope first (the decoder parses in place), so the copy cancels out.
#include <benchmark/benchmark.h>

#include <pugixml.hpp>
#include <string>

#include "bench/common/bank_samples.h"

namespace {

using Fixture = ::dragoman::bench::ListTransactionsSample;

const Fixture& ListTransactions() { return ::dragoman::bench::BankListTransactions(); }

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
