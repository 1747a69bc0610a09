// cics_host: a small CICS-like program host for demos and end-to-end tests. It accepts TCP
// connections, reads framed requests (a 4-byte big-endian length, then an 8-byte transaction
// code, an 8-byte correlation id and the COMMAREA), runs the COBOL program the transaction
// names with that COMMAREA (as EXEC CICS LINK would), and answers with the same header and
// the COMMAREA as the program left it.
//
// It is deliberately independent of Dragoman's code: it is the peer Dragoman must interoperate
// with. Programs are linked in (compiled with cobc -std=ibm) and run under libcob, one at a
// time. Each executed transaction is logged to stdout, so tests can count what ran.
#include <arpa/inet.h>
#include <libcob.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

extern "C" int LOANCALC(void* commarea);

namespace {

// A transaction code, the program it runs and its COMMAREA's length.
struct Program {
  const char* transaction;  // as the frame carries it: 8 bytes, space-padded
  int (*entry)(void*);
  size_t commarea_length;
};

const Program kPrograms[] = {{"LNQT    ", LOANCALC, 221}};

constexpr size_t kMaxFrame = 1 << 20;

std::mutex program_mutex;  // libcob runs one program at a time

bool ReadAll(int fd, char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = read(fd, data, size);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

bool WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = write(fd, data, size);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

void Serve(int fd) {
  for (;;) {
    unsigned char prefix[4];
    if (!ReadAll(fd, reinterpret_cast<char*>(prefix), 4)) break;
    const uint32_t length = (uint32_t{prefix[0]} << 24) | (uint32_t{prefix[1]} << 16) |
                            (uint32_t{prefix[2]} << 8) | prefix[3];
    if (length < 16 || length > kMaxFrame) {
      std::fprintf(stderr, "cics_host: bad frame length %u, closing\n", length);
      break;
    }
    std::string frame(length, '\0');
    if (!ReadAll(fd, frame.data(), length)) break;
    const Program* program = nullptr;
    for (const Program& candidate : kPrograms) {
      if (frame.compare(0, 8, candidate.transaction) == 0) program = &candidate;
    }
    if (program == nullptr) {
      std::fprintf(stderr, "cics_host: unknown transaction '%.8s', closing\n", frame.data());
      break;
    }
    // The program sees a COMMAREA of its full length: what the caller sent, then spaces.
    std::string commarea = frame.substr(16);
    if (commarea.size() > program->commarea_length) {
      std::fprintf(stderr, "cics_host: COMMAREA of %zu bytes exceeds %zu, closing\n",
                   commarea.size(), program->commarea_length);
      break;
    }
    commarea.resize(program->commarea_length, ' ');
    {
      std::lock_guard<std::mutex> lock(program_mutex);
      program->entry(commarea.data());
    }
    std::printf(
        "executed transaction=%.4s correlation=%s bytes=%zu\n", program->transaction,
        [&] {
          char hex[17];
          for (int i = 0; i < 8; ++i) {
            std::snprintf(hex + 2 * i, 3, "%02x",
                          static_cast<unsigned char>(frame[8 + static_cast<size_t>(i)]));
          }
          return std::string(hex);
        }()
            .c_str(),
        frame.size() - 16);
    std::fflush(stdout);
    const uint32_t reply_length = static_cast<uint32_t>(16 + commarea.size());
    const unsigned char reply_prefix[4] = {static_cast<unsigned char>(reply_length >> 24),
                                           static_cast<unsigned char>(reply_length >> 16),
                                           static_cast<unsigned char>(reply_length >> 8),
                                           static_cast<unsigned char>(reply_length)};
    std::string reply(reinterpret_cast<const char*>(reply_prefix), 4);
    reply.append(frame, 0, 16);
    reply.append(commarea);
    if (!WriteAll(fd, reply.data(), reply.size())) break;
  }
  close(fd);
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--port") == 0) port = std::atoi(argv[i + 1]);
  }
  cob_init(0, nullptr);
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  const int on = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(listener, 64) != 0) {
    std::perror("cics_host: cannot listen");
    return 1;
  }
  socklen_t size = sizeof(address);
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &size);
  std::printf("cics_host listening port=%d\n", ntohs(address.sin_port));
  std::fflush(stdout);
  for (;;) {
    const int fd = accept(listener, nullptr, nullptr);
    if (fd < 0) continue;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    std::thread(Serve, fd).detach();
  }
}
