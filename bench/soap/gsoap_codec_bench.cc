// Dragoman's SOAP codec against gSOAP's, in one binary on the same bytes (issue 7's target:
// Dragoman's encode + decode at most 0.7x gSOAP's). gSOAP's serializers are generated at build
// time by wsdl2h and soapcpp2 from the WSDL the bank translator is generated from. The envelope
// is soap_codec_bench's (bench/common/bank_samples): the ListTransactions reply with four
// transactions, as the bank translator writes it.
//
// Each side does what its own code does for one message, and no more:
// - Dragoman decode: DecodeReply, envelope to serialized protobuf reply (after copying the
//   envelope, which it parses in place).
// - gSOAP decode: what the generated client stub (soap_recv___ns1__ListTransactions) does once
//   the HTTP header is read, into the generated classes; the envelope comes from memory through
//   a frecv callback that copies it into gSOAP's buffer, as recv() would.
// - Dragoman encode: EncodeReply, message to envelope.
// - gSOAP encode: what the generated server skeleton does to write the response, less the HTTP
//   header and the length-counting pass (which buffered output, SOAP_IO_BUFFER, makes needless);
//   the buffer goes to an fsend callback appending to a string, as send() would take it.
// One gSOAP context per arm is reused across iterations and freed with soap_destroy + soap_end
// between messages, as a gSOAP server does between requests. Flags, chosen to favour gSOAP where
// there is a choice: SOAP_C_UTFSTRING (strings hold UTF-8 as protobuf's do, no re-encoding);
// SOAP_XML_STRICT off (its default: no occurrence checks, unknown elements skipped; on, decode
// costs gSOAP about 8% more); SOAP_IO_BUFFER out; wsdl2h's default type map (xsd:dateTime is a
// time_t, xsd:decimal and xsd:date are strings).
#include <benchmark/benchmark.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

// The generated namespace table (the global `namespaces` gSOAP contexts use); defined here, once.
#include "BankSoapBinding.nsmap"
#include "bench/common/bank_samples.h"
#include "soapH.h"

namespace {

namespace bank = ::example::dragoman::bank;
using ::dragoman::bench::BankListTransactions;
using ::dragoman::bench::ListTransactionsSample;
using GsoapReply = _ns1__ListTransactionsResponse;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "gsoap_codec_bench: %s\n", what);
  std::abort();
}

// --- gSOAP in memory ---------------------------------------------------------------------------

// The transport of one gSOAP context (its `user` pointer): bytes still to be received, and what
// has been sent.
struct MemoryIo {
  std::string_view input;
  std::string output;
};

size_t ReceiveFromMemory(soap* ctx, char* buffer, size_t size) {
  auto* io = static_cast<MemoryIo*>(ctx->user);
  const size_t n = std::min(size, io->input.size());
  std::memcpy(buffer, io->input.data(), n);
  io->input.remove_prefix(n);
  return n;
}

int SendToMemory(soap* ctx, const char* data, size_t size) {
  static_cast<MemoryIo*>(ctx->user)->output.append(data, size);
  return SOAP_OK;
}

// A gSOAP context set up once and kept, as a server thread keeps its own.
class GsoapCodec {
 public:
  GsoapCodec() : ctx_(soap_new1(SOAP_C_UTFSTRING)) {
    if (ctx_ == nullptr) Fail("soap_new1");
    soap_set_omode(ctx_, SOAP_IO_BUFFER);
    soap_set_version(ctx_, 1);  // The envelope is the SOAP 1.1 port's.
    ctx_->user = &io_;
    ctx_->frecv = ReceiveFromMemory;
    ctx_->fsend = SendToMemory;
  }
  ~GsoapCodec() {
    Recycle();
    soap_free(ctx_);
  }
  GsoapCodec(const GsoapCodec&) = delete;
  GsoapCodec& operator=(const GsoapCodec&) = delete;

  // Frees everything the previous message allocated (what a server does between requests);
  // objects a decode filled in point into that memory until the next decode.
  void Recycle() {
    soap_destroy(ctx_);
    soap_end(ctx_);
  }

  // Reads a reply envelope into `reply`, as soap_recv___ns1__ListTransactions does.
  bool Decode(std::string_view envelope, GsoapReply& reply) {
    io_.input = envelope;
    reply.soap_default(ctx_);
    if (soap_begin_recv(ctx_) != SOAP_OK || soap_envelope_begin_in(ctx_) != SOAP_OK ||
        soap_recv_header(ctx_) != SOAP_OK || soap_body_begin_in(ctx_) != SOAP_OK) {
      return false;
    }
    reply.soap_get(ctx_, "ns1:ListTransactionsResponse", nullptr);
    return ctx_->error == SOAP_OK && soap_body_end_in(ctx_) == SOAP_OK &&
           soap_envelope_end_in(ctx_) == SOAP_OK && soap_end_recv(ctx_) == SOAP_OK;
  }

  // Writes `reply`'s envelope to output(), as soap_serve___ns1__ListTransactions does.
  bool Encode(const GsoapReply& reply) {
    io_.output.clear();
    ctx_->encodingStyle = nullptr;  // document/literal
    soap_serializeheader(ctx_);
    reply.soap_serialize(ctx_);
    return soap_begin_send(ctx_) == SOAP_OK && soap_envelope_begin_out(ctx_) == SOAP_OK &&
           soap_putheader(ctx_) == SOAP_OK && soap_body_begin_out(ctx_) == SOAP_OK &&
           reply.soap_put(ctx_, "ns1:ListTransactionsResponse", "") == SOAP_OK &&
           soap_body_end_out(ctx_) == SOAP_OK && soap_envelope_end_out(ctx_) == SOAP_OK &&
           soap_end_send(ctx_) == SOAP_OK;
  }

  const std::string& output() const { return io_.output; }
  soap* context() { return ctx_; }

 private:
  soap* ctx_;
  MemoryIo io_;
};

// --- the sample in gSOAP's classes, and back ----------------------------------------------------

// The XML literal of a protobuf enum value (the WSDL's enumeration value it stands for).
const std::string& Literal(const google::protobuf::EnumDescriptor* type, int number) {
  const google::protobuf::EnumValueDescriptor* value = type->FindValueByNumber(number);
  if (value == nullptr) Fail("enum value without a descriptor");
  return value->options().GetExtension(::dragoman::xml_value).literal();
}

// The protobuf enum value whose literal is `literal`.
int EnumNumber(const google::protobuf::EnumDescriptor* type, const char* literal) {
  for (int i = 0; i < type->value_count(); ++i) {
    if (type->value(i)->options().GetExtension(::dragoman::xml_value).literal() == literal) {
      return type->value(i)->number();
    }
  }
  Fail("enumeration literal without a protobuf value");
}

std::string* NewString(soap* ctx, const std::string& value) {
  std::string* out = soap_new_std__string(ctx);
  *out = value;
  return out;
}

ns2__Money* ToGsoap(soap* ctx, const bank::Money& money) {
  ns2__Money* out = soap_new_ns2__Money(ctx);
  out->amount = money.amount();
  const std::string& currency = Literal(bank::CurrencyCode_descriptor(), money.currency());
  if (soap_s2ns2__CurrencyCode(ctx, currency.c_str(), &out->currency) != SOAP_OK) {
    Fail("currency");
  }
  return out;
}

// `reply` in gSOAP's classes, allocated in `ctx` (through gSOAP's own converters, so each value
// is the one gSOAP would have read from the envelope).
GsoapReply* ToGsoap(soap* ctx, const bank::ListTransactionsResponse& reply) {
  GsoapReply* out = soap_new__ns1__ListTransactionsResponse(ctx);
  for (const bank::Transaction& t : reply.transaction()) {
    ns2__Transaction* g = soap_new_ns2__Transaction(ctx);
    g->transactionId = t.transaction_id();
    if (soap_s2dateTime(ctx, t.booked_at().c_str(), &g->bookedAt) != SOAP_OK) Fail("bookedAt");
    g->valueDate = t.value_date();
    const std::string& type = Literal(bank::TransactionType_descriptor(), t.type_());
    if (soap_s2ns2__TransactionType(ctx, type.c_str(), &g->type) != SOAP_OK) Fail("type");
    g->amount = ToGsoap(ctx, t.amount());
    if (t.has_description()) g->description = NewString(ctx, t.description());
    // gSOAP's default mapping has no way to say nil for an optional nillable element.
    if (t.counterparty_nil()) Fail("the sample has no nil counterparty");
    if (t.has_counterparty()) g->counterparty = NewString(ctx, t.counterparty());
    if (t.has_balance_after()) g->balanceAfter = ToGsoap(ctx, t.balance_after());
    out->transaction.push_back(g);
  }
  out->moreAvailable = reply.more_available();
  return out;
}

void ToProto(soap* ctx, const ns2__Money& money, bank::Money* out) {
  out->set_amount(money.amount);
  const char* currency = soap_ns2__CurrencyCode2s(ctx, money.currency);
  out->set_currency(
      static_cast<bank::CurrencyCode>(EnumNumber(bank::CurrencyCode_descriptor(), currency)));
}

// What gSOAP read, as the protobuf message, to compare with the sample.
bank::ListTransactionsResponse ToProto(soap* ctx, const GsoapReply& reply) {
  bank::ListTransactionsResponse out;
  for (const ns2__Transaction* g : reply.transaction) {
    bank::Transaction* t = out.add_transaction();
    t->set_transaction_id(g->transactionId);
    t->set_booked_at(soap_dateTime2s(ctx, g->bookedAt));
    t->set_value_date(g->valueDate);
    const char* type = soap_ns2__TransactionType2s(ctx, g->type);
    t->set_type_(
        static_cast<bank::TransactionType>(EnumNumber(bank::TransactionType_descriptor(), type)));
    if (g->amount != nullptr) ToProto(ctx, *g->amount, t->mutable_amount());
    if (g->description != nullptr) t->set_description(*g->description);
    if (g->counterparty != nullptr) t->set_counterparty(*g->counterparty);
    if (g->balanceAfter != nullptr) ToProto(ctx, *g->balanceAfter, t->mutable_balance_after());
  }
  out.set_more_available(reply.moreAvailable);
  return out;
}

// The sample reply in gSOAP's classes, filled once. Its context is never freed: the objects
// live as long as the process.
const GsoapReply& GsoapSample() {
  static const GsoapReply* const reply = [] {
    soap* ctx = soap_new1(SOAP_C_UTFSTRING);
    if (ctx == nullptr) Fail("soap_new1");
    return ToGsoap(ctx, BankListTransactions().reply);
  }();
  return *reply;
}

bool SameAsSample(const bank::ListTransactionsResponse& reply) {
  return google::protobuf::util::MessageDifferencer::Equals(reply, BankListTransactions().reply);
}

// Holds every arm to the sample before anything is timed: each decoder must read the sample's
// four transactions with every value, and each encoder's envelope must read back as the sample.
void CheckArms() {
  const ListTransactionsSample& sample = BankListTransactions();
  if (sample.reply.transaction_size() != 4) Fail("the sample should have 4 transactions");

  std::string payload = sample.envelope;
  std::string reply_bytes;
  bank::ListTransactionsResponse decoded;
  if (!sample.method->DecodeReply(payload, &reply_bytes).ok() ||
      !decoded.ParseFromString(reply_bytes) || !SameAsSample(decoded)) {
    Fail("Dragoman's DecodeReply does not read the sample back");
  }

  GsoapCodec codec;
  GsoapReply gsoap_reply;
  if (!codec.Decode(sample.envelope, gsoap_reply)) Fail("gSOAP cannot read the envelope");
  if (gsoap_reply.transaction.size() != 4 || !SameAsSample(ToProto(codec.context(), gsoap_reply))) {
    Fail("gSOAP does not read the sample's values from the envelope");
  }
  codec.Recycle();

  if (!codec.Encode(GsoapSample())) Fail("gSOAP cannot write the sample");
  payload = codec.output();
  if (!sample.method->DecodeReply(payload, &reply_bytes).ok() ||
      !decoded.ParseFromString(reply_bytes) || !SameAsSample(decoded)) {
    Fail("gSOAP's envelope does not read back as the sample through Dragoman");
  }
  const std::string gsoap_envelope = codec.output();
  codec.Recycle();
  if (!codec.Decode(gsoap_envelope, gsoap_reply) ||
      !SameAsSample(ToProto(codec.context(), gsoap_reply))) {
    Fail("gSOAP's envelope does not read back as the sample through gSOAP");
  }
}

// --- arms ---------------------------------------------------------------------------------------

void Bytes(benchmark::State& state, size_t size) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(size));
  state.counters["envelope_bytes"] = static_cast<double>(size);
}

void BM_DragomanDecode(benchmark::State& state) {
  const ListTransactionsSample& sample = BankListTransactions();
  std::string payload, reply;
  for (auto _ : state) {
    payload = sample.envelope;
    if (!sample.method->DecodeReply(payload, &reply).ok()) state.SkipWithError("decode");
    benchmark::DoNotOptimize(reply);
  }
  Bytes(state, sample.envelope.size());
}

void BM_GsoapDecode(benchmark::State& state) {
  const ListTransactionsSample& sample = BankListTransactions();
  GsoapCodec codec;
  GsoapReply reply;
  for (auto _ : state) {
    codec.Recycle();
    if (!codec.Decode(sample.envelope, reply)) state.SkipWithError("decode");
    benchmark::DoNotOptimize(reply.transaction.data());
  }
  Bytes(state, sample.envelope.size());
}

void BM_DragomanEncode(benchmark::State& state) {
  const ListTransactionsSample& sample = BankListTransactions();
  std::string envelope;
  for (auto _ : state) {
    envelope.clear();
    if (!sample.method->EncodeReply(sample.reply, &envelope).ok()) state.SkipWithError("encode");
    benchmark::DoNotOptimize(envelope);
  }
  Bytes(state, envelope.size());
}

void BM_GsoapEncode(benchmark::State& state) {
  const GsoapReply& data = GsoapSample();
  GsoapCodec codec;
  for (auto _ : state) {
    codec.Recycle();
    if (!codec.Encode(data)) state.SkipWithError("encode");
    benchmark::DoNotOptimize(codec.output());
  }
  Bytes(state, codec.output().size());
}

// One reply written and one read per iteration: what the target compares.
void BM_DragomanEncodeAndDecode(benchmark::State& state) {
  const ListTransactionsSample& sample = BankListTransactions();
  std::string envelope, payload, reply;
  for (auto _ : state) {
    envelope.clear();
    if (!sample.method->EncodeReply(sample.reply, &envelope).ok()) state.SkipWithError("encode");
    payload = sample.envelope;
    if (!sample.method->DecodeReply(payload, &reply).ok()) state.SkipWithError("decode");
    benchmark::DoNotOptimize(envelope);
    benchmark::DoNotOptimize(reply);
  }
}

void BM_GsoapEncodeAndDecode(benchmark::State& state) {
  const ListTransactionsSample& sample = BankListTransactions();
  const GsoapReply& data = GsoapSample();
  GsoapCodec codec;
  GsoapReply reply;
  for (auto _ : state) {
    codec.Recycle();
    if (!codec.Encode(data)) state.SkipWithError("encode");
    if (!codec.Decode(sample.envelope, reply)) state.SkipWithError("decode");
    benchmark::DoNotOptimize(codec.output());
    benchmark::DoNotOptimize(reply.transaction.data());
  }
}

BENCHMARK(BM_DragomanDecode);
BENCHMARK(BM_GsoapDecode);
BENCHMARK(BM_DragomanEncode);
BENCHMARK(BM_GsoapEncode);
BENCHMARK(BM_DragomanEncodeAndDecode);
BENCHMARK(BM_GsoapEncodeAndDecode);

}  // namespace

int main(int argc, char** argv) {
  CheckArms();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
