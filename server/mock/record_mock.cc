#include "server/mock/record_mock.h"

#include <google/protobuf/arena.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <set>

#include "absl/strings/ascii.h"
#include "server/observability/log.h"
#include "translators/runtime/strings.h"

namespace dragoman::mock {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// One unit in the item's last stored position: 1, 0.01, 1000 (PIC 9PPP): fits every picture.
std::string SmallestUnit(const CobolField& cobol) {
  if (cobol.scale() <= 0) return StrCat("1", std::string(static_cast<size_t>(-cobol.scale()), '0'));
  return StrCat("0.", std::string(static_cast<size_t>(cobol.scale() - 1), '0'), "1");
}

bool IsSet(const Message& message, const FieldDescriptor* field) {
  const auto* reflection = message.GetReflection();
  if (field->is_repeated()) return reflection->FieldSize(message, field) > 0;
  if (field->has_presence()) return reflection->HasField(message, field);
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      // A decimal item that reads as zero is as good as unset: the program fills it.
      const std::string value = reflection->GetString(message, field);
      const CobolUsage usage = field->options().GetExtension(dragoman::cobol_field).usage();
      if (usage != COBOL_TEXT && usage != COBOL_NATIONAL && usage != COBOL_EDITED) {
        return value.find_first_not_of("0.-") != std::string::npos;
      }
      return !value.empty();
    }
    case FieldDescriptor::CPPTYPE_INT32:
      return reflection->GetInt32(message, field) != 0;
    case FieldDescriptor::CPPTYPE_INT64:
      return reflection->GetInt64(message, field) != 0;
    case FieldDescriptor::CPPTYPE_UINT32:
      return reflection->GetUInt32(message, field) != 0;
    case FieldDescriptor::CPPTYPE_UINT64:
      return reflection->GetUInt64(message, field) != 0;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return reflection->GetDouble(message, field) != 0;
    default:
      return false;
  }
}

// Fills what is not set yet; items named in `zero` (reply rule subjects) stay zero.
void Fill(Message* message, const std::set<std::string>& zero, int depth) {
  if (depth > 32) return;
  const auto* descriptor = message->GetDescriptor();
  const auto* reflection = message->GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    const CobolField& cobol = field->options().GetExtension(dragoman::cobol_field);
    if (zero.count(absl::AsciiStrToUpper(cobol.name())) > 0) continue;
    const auto* oneof = field->real_containing_oneof();
    if (oneof != nullptr && (oneof->field(0) != field || reflection->HasOneof(*message, oneof))) {
      if (oneof->field(0) != field) continue;
      const FieldDescriptor* set = reflection->GetOneofFieldDescriptor(*message, oneof);
      if (set->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        Fill(reflection->MutableMessage(message, set), zero, depth + 1);
      }
      continue;
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        const int have = reflection->FieldSize(*message, field);
        const int want =
            cobol.depending_on().subject().name().empty()
                ? static_cast<int>(cobol.occurs())
                : static_cast<int>(std::min(cobol.occurs(), std::max(cobol.occurs_min(), 2u)));
        for (int k = 0; k < have; ++k) {
          Fill(reflection->MutableRepeatedMessage(message, field, k), zero, depth + 1);
        }
        for (int k = have; k < want; ++k) {
          Fill(reflection->AddMessage(message, field), zero, depth + 1);
        }
      } else {
        Fill(reflection->MutableMessage(message, field), zero, depth + 1);
      }
      continue;
    }
    if (IsSet(*message, field) || cobol.usage() == COBOL_EDITED) continue;
    const int count =
        !field->is_repeated() ? 1
        : cobol.depending_on().subject().name().empty()
            ? static_cast<int>(cobol.occurs())
            : static_cast<int>(std::min(cobol.occurs(), std::max(cobol.occurs_min(), 2u)));
    for (int k = 0; k < count; ++k) {
      const bool repeated = field->is_repeated();
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_STRING: {
          std::string value;
          if (cobol.usage() == COBOL_TEXT || cobol.usage() == COBOL_NATIONAL) {
            const size_t room =
                cobol.usage() == COBOL_NATIONAL ? cobol.length() / 2 : cobol.length();
            value = std::string("SAMPLE").substr(0, room);
          } else {
            value = SmallestUnit(cobol);
          }
          repeated ? reflection->AddString(message, field, value)
                   : reflection->SetString(message, field, value);
          break;
        }
        case FieldDescriptor::CPPTYPE_DOUBLE:
          repeated ? reflection->AddDouble(message, field, 1.5)
                   : reflection->SetDouble(message, field, 1.5);
          break;
        case FieldDescriptor::CPPTYPE_INT32:
          repeated ? reflection->AddInt32(message, field, 1)
                   : reflection->SetInt32(message, field, 1);
          break;
        case FieldDescriptor::CPPTYPE_UINT32:
          repeated ? reflection->AddUInt32(message, field, 1)
                   : reflection->SetUInt32(message, field, 1);
          break;
        case FieldDescriptor::CPPTYPE_INT64: {
          int64_t value = 1;
          for (int p = 0; p < -cobol.scale(); ++p) value *= 10;
          repeated ? reflection->AddInt64(message, field, value)
                   : reflection->SetInt64(message, field, value);
          break;
        }
        case FieldDescriptor::CPPTYPE_UINT64: {
          uint64_t value = 1;
          for (int p = 0; p < -cobol.scale(); ++p) value *= 10;
          repeated ? reflection->AddUInt64(message, field, value)
                   : reflection->SetUInt64(message, field, value);
          break;
        }
        default:
          break;
      }
    }
  }
}

}  // namespace

void FillRecordSample(Message* message) { Fill(message, {}, 0); }

absl::StatusOr<std::unique_ptr<RecordMock>> RecordMock::Create(const TranslatorRegistry& registry,
                                                               const std::string& service) {
  std::unique_ptr<RecordMock> mock(new RecordMock());
  for (const auto& translator : registry.all()) {
    if (translator->method()->service()->full_name() != service) continue;
    const auto* method = dynamic_cast<const records::RecordMethod*>(translator.get());
    if (method == nullptr) {
      return absl::InvalidArgumentError(
          StrCat(service, " is not a copybook service (its methods are not records)"));
    }
    mock->methods_.push_back(method);
  }
  if (mock->methods_.empty()) {
    return absl::NotFoundError(StrCat("no translated service named ", service));
  }
  mock->framing_ = mock->methods_.front()->service().framing();
  return mock;
}

std::vector<std::string> RecordMock::ProgramNames() const {
  std::vector<std::string> names;
  for (const auto* method : methods_) names.push_back(method->program().program());
  return names;
}

absl::Status RecordMock::Handle(std::string_view framed, std::string* reply) const {
  std::string_view transaction;
  uint64_t id = 0;
  std::string_view record = framed;
  const records::RecordMethod* method = methods_.front();
  if (framing_.header()) {
    if (!framing::SplitHeader(framed, &transaction, &id, &record)) {
      return absl::InvalidArgumentError("frame shorter than its header");
    }
    method = nullptr;
    for (const auto* candidate : methods_) {
      if (candidate->transaction() == transaction) method = candidate;
    }
    if (method == nullptr) {
      return absl::NotFoundError("no program of this service has the frame's transaction code");
    }
  }
  google::protobuf::Arena arena;
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  Message* request = factory->GetPrototype(method->method()->input_type())->New(&arena);
  if (absl::Status status = method->DecodeRequest(record, request); !status.ok()) return status;
  Message* answer = factory->GetPrototype(method->method()->output_type())->New(&arena);
  // A COMMAREA goes both ways: the program sees the caller's values and adds its own.
  if (answer->GetDescriptor() == request->GetDescriptor()) answer->CopyFrom(*request);
  std::set<std::string> zero;
  for (const CobolReplyRule& rule : method->program().replies()) {
    zero.insert(absl::AsciiStrToUpper(rule.when().subject().name()));
  }
  Fill(answer, zero, 0);
  std::string out;
  if (absl::Status status = method->EncodeReply(*answer, &out); !status.ok()) return status;
  reply->clear();
  if (framing_.header()) framing::AppendHeader(transaction, id, reply);
  reply->append(out);
  return absl::OkStatus();
}

struct FramedServer::State : std::enable_shared_from_this<FramedServer::State> {
  State(asio::io_context& io, const framing::Framer& framer, const RecordMock& handler,
        std::shared_ptr<std::atomic<uint64_t>> answered)
      : io(io), acceptor(io), framer(framer), handler(handler), answered(std::move(answered)) {}

  void Accept() {
    acceptor.async_accept(
        [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
          if (ec) return;  // closed by Stop
          auto connection = std::make_shared<tcp::socket>(std::move(socket));
          self->sockets.push_back(connection);
          self->Read(connection, std::make_shared<std::string>());
          self->Accept();
        });
  }

  void Read(std::shared_ptr<tcp::socket> socket, std::shared_ptr<std::string> buffer) {
    constexpr size_t kChunk = 16384;
    const size_t used = buffer->size();
    buffer->resize(used + kChunk);
    socket->async_read_some(
        asio::buffer(buffer->data() + used, kChunk),
        [self = shared_from_this(), socket, buffer, used](boost::system::error_code ec, size_t n) {
          buffer->resize(used + n);
          if (ec) return;
          auto out = std::make_shared<std::string>();
          size_t consumed = 0;
          for (;;) {
            const framing::Frame frame =
                self->framer.Decode(std::string_view(*buffer).substr(consumed));
            if (frame.state == framing::Decoded::kNeedMore) break;
            std::string reply;
            absl::Status status = frame.state == framing::Decoded::kError
                                      ? absl::InvalidArgumentError(frame.error)
                                      : self->handler.Handle(frame.record, &reply);
            if (status.ok()) status = self->framer.Encode(reply, out.get());
            if (!status.ok()) {
              // A program host drops a connection it cannot understand.
              log::Write(log::Level::kWarn, "mock closing connection", ToStd(status.message()));
              boost::system::error_code ignored;
              socket->close(ignored);
              return;
            }
            self->answered->fetch_add(1);
            consumed += frame.consumed;
          }
          buffer->erase(0, consumed);
          if (out->empty()) {
            self->Read(socket, buffer);
            return;
          }
          asio::async_write(*socket, asio::buffer(*out),
                            [self, socket, buffer, out](boost::system::error_code wec, size_t) {
                              if (!wec) self->Read(socket, buffer);
                            });
        });
  }

  void Close() {
    boost::system::error_code ignored;
    acceptor.close(ignored);
    for (auto& socket : sockets) {
      if (auto open = socket.lock()) open->close(ignored);
    }
  }

  asio::io_context& io;
  tcp::acceptor acceptor;
  const framing::Framer& framer;
  const RecordMock& handler;
  std::shared_ptr<std::atomic<uint64_t>> answered;
  std::vector<std::weak_ptr<tcp::socket>> sockets;
};

absl::StatusOr<std::unique_ptr<FramedServer>> FramedServer::Start(EventLoops& loops,
                                                                  const framing::Framer& framer,
                                                                  const RecordMock& handler,
                                                                  const std::string& host,
                                                                  uint16_t port) {
  std::unique_ptr<FramedServer> server(new FramedServer());
  server->answered_ = std::make_shared<std::atomic<uint64_t>>(0);
  server->state_ = std::make_shared<State>(loops.Pick(), framer, handler, server->answered_);
  boost::system::error_code ec;
  const asio::ip::address address = asio::ip::make_address(host, ec);
  if (ec) return absl::InvalidArgumentError(StrCat("'", host, "' is not an IP address"));
  tcp::acceptor& acceptor = server->state_->acceptor;
  const tcp::endpoint endpoint(address, port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(StrCat("cannot listen on ", host, ":", port, ": ", ec.message()));
  }
  server->port_ = acceptor.local_endpoint().port();
  asio::post(server->state_->io, [state = server->state_] { state->Accept(); });
  return server;
}

FramedServer::~FramedServer() { Stop(); }

void FramedServer::Stop() {
  if (state_ == nullptr) return;
  std::shared_ptr<State> state = std::move(state_);
  asio::post(state->io, [state] { state->Close(); });
}

}  // namespace dragoman::mock
