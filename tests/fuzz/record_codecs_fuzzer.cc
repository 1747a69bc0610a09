// Fuzzes what a mainframe host can send back, below the copybook layer: every framing decoder
// on the byte stream, and every numeric codec and code page on the record bytes. The first
// byte picks the picture and options, so every decoder gets inputs; a decoded value must also
// encode back to the same bytes when the codec is canonical for them.
#include <cstdint>
#include <string>
#include <vector>

#include "server/backends/framing.h"
#include "translators/runtime/cobol_numeric.h"
#include "translators/runtime/codepage.h"

namespace {

const std::vector<std::unique_ptr<dragoman::framing::Framer>>& Framers() {
  using dragoman::framing::FramingOptions;
  static const auto* const framers = [] {
    auto* all = new std::vector<std::unique_ptr<dragoman::framing::Framer>>;
    for (const FramingOptions& options :
         {FramingOptions{}, FramingOptions{.prefix_bytes = 2, .little_endian = true},
          FramingOptions{.length_includes_prefix = true, .max_record = 4096},
          FramingOptions{.kind = FramingOptions::Kind::kRdw},
          FramingOptions{.kind = FramingOptions::Kind::kLlzz},
          FramingOptions{.kind = FramingOptions::Kind::kFixed, .fixed_length = 16}}) {
      all->push_back(*dragoman::framing::MakeFramer(options));
    }
    return all;
  }();
  return *framers;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dragoman::records;
  if (size == 0) return 0;
  const uint8_t choice = data[0];
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  // Streams: decode frames one after the other, as a connection would.
  const auto& framer = Framers()[choice % Framers().size()];
  for (std::string_view rest = bytes;;) {
    const dragoman::framing::Frame frame = framer->Decode(rest);
    if (frame.state != dragoman::framing::Decoded::kFrame || frame.consumed == 0) break;
    rest.remove_prefix(frame.consumed);
  }
  // Records: the first bytes as a field of a picture the choice byte describes.
  const Picture picture{1 + choice % 18, (choice / 18) % 3, (choice & 0x40) != 0};
  std::string decimal;
  std::string back;
  const std::string_view packed = bytes.substr(0, PackedSize(picture.digits));
  if (DecodePacked(packed, picture, &decimal).ok()) (void)EncodePacked(decimal, picture, &back);
  const ZonedFormat zoned{.ebcdic = (choice & 1) != 0,
                          .sign_leading = (choice & 2) != 0,
                          .sign_separate = (choice & 4) != 0};
  (void)DecodeZoned(bytes.substr(0, ZonedSize(picture, zoned)), picture, zoned, &decimal);
  for (size_t width : {1, 2, 4, 8}) {
    (void)DecodeBinary(bytes.substr(0, width), picture, (choice & 8) != 0, (choice & 16) != 0,
                       &decimal);
  }
  double value = 0;
  if (DecodeFloat(bytes.substr(0, 8), (choice & 32) != 0, &value).ok()) {
    (void)EncodeFloat(value, 8, (choice & 32) != 0, &back);
  }
  std::string text;
  const std::vector<std::string_view> pages = CodePage::Names();
  const CodePage* page = CodePage::Find(pages[choice % pages.size()]);
  if (page->Decode(bytes, &text).ok()) (void)page->Encode(text, &back);
  return 0;
}
