// Build-time tool: writes the byte -> Unicode tables of the single-byte code pages Dragoman's
// record codecs support, taken from the C library's iconv, as C++ source for codepage.cc.
// Usage: codepage_tables OUT.inc
#include <iconv.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

namespace {

struct Page {
  const char* name;   // Dragoman's name
  const char* iconv;  // iconv's name
};

constexpr Page kPages[] = {
    {"cp037", "IBM037"},   {"cp1047", "IBM1047"}, {"cp500", "IBM500"},   {"cp273", "IBM273"},
    {"cp1140", "IBM1140"}, {"cp1141", "IBM1141"}, {"cp1148", "IBM1148"}, {"latin1", "ISO-8859-1"},
};

// The code point of one byte in `page`; false when iconv cannot convert it.
bool Decode(iconv_t cd, unsigned char byte, uint32_t* code_point) {
  char in[1] = {static_cast<char>(byte)};
  char out[4] = {};
  char* in_ptr = in;
  char* out_ptr = out;
  size_t in_left = 1;
  size_t out_left = sizeof(out);
  iconv(cd, nullptr, nullptr, nullptr, nullptr);
  if (iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<size_t>(-1)) return false;
  if (out_left != 0) return false;
  // UTF-32BE.
  *code_point = (static_cast<uint32_t>(static_cast<unsigned char>(out[0])) << 24) |
                (static_cast<uint32_t>(static_cast<unsigned char>(out[1])) << 16) |
                (static_cast<uint32_t>(static_cast<unsigned char>(out[2])) << 8) |
                static_cast<uint32_t>(static_cast<unsigned char>(out[3]));
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: codepage_tables OUT.inc\n";
    return 2;
  }
  std::string text =
      "// Generated at build time by translators/runtime/tools/codepage_tables.cc from iconv.\n"
      "// Each table maps a byte to its Unicode code point.\n";
  for (const Page& page : kPages) {
    iconv_t cd = iconv_open("UTF-32BE", page.iconv);
    if (cd == reinterpret_cast<iconv_t>(-1)) {
      std::cerr << "codepage_tables: iconv has no " << page.iconv << "\n";
      return 1;
    }
    text += std::string("constexpr char32_t kTable_") + page.name + "[256] = {";
    for (int byte = 0; byte < 256; ++byte) {
      uint32_t code_point = 0;
      if (!Decode(cd, static_cast<unsigned char>(byte), &code_point)) {
        std::cerr << "codepage_tables: " << page.iconv << " cannot decode byte " << byte << "\n";
        return 1;
      }
      char hex[16];
      std::snprintf(hex, sizeof(hex), "%s0x%04X", byte % 8 == 0 ? "\n    " : " ", code_point);
      text += hex;
      text += ",";
    }
    text += "\n};\n";
    iconv_close(cd);
  }
  std::ofstream out(argv[1]);
  out << text;
  return out.good() ? 0 : 1;
}
