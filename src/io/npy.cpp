#include "src/io/npy.hpp"

#include "src/io/atomic_file.hpp"
#include "theory/errors.hpp"

#include <bit>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>

namespace gridtheory {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicLength = 6;
constexpr std::size_t kAlign = 64;        // NumPy >= 1.14 aligns the data to 64 bytes
constexpr std::size_t kGrowthDigits = 21; // NumPy >= 1.24 leaves room for the first axis
const char* const kAllowed = "a NumPy .npy file of float32 or float64 ('<f4', '<f8'), C order";

std::uint64_t little_endian(const unsigned char* p, std::size_t bytes) {
  std::uint64_t v = 0;
  for (std::size_t i = bytes; i-- > 0;)
    v = (v << 8) | p[i];
  return v;
}

// A strict reader of the header dict NumPy writes (a Python literal).
class HeaderParser {
public:
  HeaderParser(std::string_view text, const std::string& path, std::string_view option)
      : text_(text), path_(path), option_(option) {}

  [[noreturn]] void fail(const std::string& reason) const {
    throw UserError(std::string(option_), path_, reason, kAllowed);
  }

  void parse(std::string& descr, bool& fortran, std::vector<std::size_t>& shape) {
    bool has_descr = false, has_fortran = false, has_shape = false;
    blanks();
    expect('{', "the header does not start a dict ('{')");
    for (;;) {
      blanks();
      if (peek() == '}') {
        ++pos_;
        break;
      }
      const std::string key = string_literal("a dict key");
      blanks();
      expect(':', "the header has no ':' after key '" + key + "'");
      blanks();
      if (key == "descr") {
        if (has_descr) fail("the header repeats the key 'descr'");
        if (peek() != '\'' && peek() != '"')
          fail("the header's descr is not a dtype string (structured arrays are not supported)");
        descr = string_literal("the descr");
        has_descr = true;
      } else if (key == "fortran_order") {
        if (has_fortran) fail("the header repeats the key 'fortran_order'");
        fortran = boolean();
        has_fortran = true;
      } else if (key == "shape") {
        if (has_shape) fail("the header repeats the key 'shape'");
        shape = tuple();
        has_shape = true;
      } else {
        fail("the header has an unexpected key '" + key + "'");
      }
      blanks();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == '}') {
        ++pos_;
        break;
      }
      fail("the header dict has no ',' or '}' after the value of '" + key + "'");
    }
    blanks();
    if (pos_ != text_.size()) fail("the header has text after its dict");
    if (!has_descr) fail("the header has no 'descr'");
    if (!has_fortran) fail("the header has no 'fortran_order'");
    if (!has_shape) fail("the header has no 'shape'");
  }

private:
  std::string_view text_;
  const std::string& path_;
  std::string_view option_;
  std::size_t pos_ = 0;

  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void blanks() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }
  void expect(char c, const std::string& reason) {
    if (peek() != c) fail(reason);
    ++pos_;
  }
  std::string string_literal(const std::string& what) {
    const char quote = peek();
    if (quote != '\'' && quote != '"') fail("the header has no quoted string for " + what);
    ++pos_;
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      const char c = text_[pos_];
      if (c == '\\' || c == '\n' || static_cast<unsigned char>(c) >= 0x80 ||
          static_cast<unsigned char>(c) < 0x20)
        fail("the header has an unexpected character in " + what);
      ++pos_;
    }
    if (pos_ >= text_.size()) fail("the header has an unterminated string in " + what);
    ++pos_;
    return std::string(text_.substr(start, pos_ - 1 - start));
  }
  bool word(std::string_view w) {
    if (text_.substr(pos_, w.size()) != w) return false;
    const std::size_t end = pos_ + w.size();
    if (end < text_.size()) {
      const char c = text_[end];
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') return false;
    }
    pos_ = end;
    return true;
  }
  bool boolean() {
    if (word("True")) return true;
    if (word("False")) return false;
    fail("the header's fortran_order is not True or False");
  }
  std::size_t integer() {
    const std::size_t start = pos_;
    std::size_t v = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      const std::size_t digit = static_cast<std::size_t>(text_[pos_] - '0');
      if (v > (std::numeric_limits<std::size_t>::max() - digit) / 10)
        fail("the header's shape has a length too large");
      v = v * 10 + digit;
      ++pos_;
    }
    if (pos_ == start) fail("the header's shape is not a tuple of non-negative integers");
    if (pos_ - start > 1 && text_[start] == '0')
      fail("the header's shape has a length with a leading zero");
    if (peek() == 'L' || peek() == 'l') ++pos_; // Python 2 long
    return v;
  }
  std::vector<std::size_t> tuple() {
    std::vector<std::size_t> dims;
    expect('(', "the header's shape is not a tuple");
    blanks();
    if (peek() == ')') {
      ++pos_;
      return dims;
    }
    for (;;) {
      dims.push_back(integer());
      blanks();
      if (peek() == ',') {
        ++pos_;
        blanks();
        if (peek() == ')') {
          ++pos_;
          return dims;
        }
        continue;
      }
      if (peek() == ')') {
        if (dims.size() == 1) fail("the header's shape (N) is not a tuple (a 1-tuple is (N,))");
        ++pos_;
        return dims;
      }
      fail("the header's shape is not a tuple of non-negative integers");
    }
  }
};

[[noreturn]] void fail_npy(std::string_view option, const std::string& path,
                           const std::string& reason) {
  throw UserError(std::string(option), path, reason, kAllowed);
}

} // namespace

std::string npy_shape_text(const std::vector<std::size_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

NpyArray parse_npy(std::string_view bytes, const std::string& path, std::string_view option) {
  auto fail = [&](const std::string& reason) { fail_npy(option, path, reason); };
  const auto* u = reinterpret_cast<const unsigned char*>(bytes.data());
  if (bytes.size() < kMagicLength ||
      bytes.substr(0, kMagicLength) != std::string_view(kMagic, kMagicLength))
    fail("is not a .npy file (no \\x93NUMPY magic at its start)");
  if (bytes.size() < kMagicLength + 2) fail("is truncated inside the .npy header");
  const int major = u[6], minor = u[7];
  if (!((major == 1 || major == 2 || major == 3) && minor == 0))
    fail("has .npy format version " + std::to_string(major) + "." + std::to_string(minor) +
         ", not 1.0, 2.0 or 3.0");
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  const std::size_t prefix = kMagicLength + 2 + length_bytes;
  if (bytes.size() < prefix) fail("is truncated inside the .npy header");
  const std::size_t header_length = static_cast<std::size_t>(little_endian(u + 8, length_bytes));
  if (bytes.size() - prefix < header_length)
    fail("is truncated: its header says " + std::to_string(header_length) +
         " bytes, the file has " + std::to_string(bytes.size() - prefix) + " after the prefix");
  const std::string_view header = bytes.substr(prefix, header_length);

  std::string descr;
  bool fortran = false;
  NpyArray array;
  HeaderParser(header, path, option).parse(descr, fortran, array.shape);

  std::size_t item = 0;
  if (descr.size() == 3 && (descr[0] == '<' || descr[0] == '|' || descr[0] == '=') &&
      descr[1] == 'f' && (descr[2] == '4' || descr[2] == '8')) {
    item = descr[2] == '4' ? 4 : 8;
  } else if (descr.size() == 3 && descr[0] == '>' && descr[1] == 'f' &&
             (descr[2] == '4' || descr[2] == '8')) {
    fail("holds big-endian data (dtype '" + descr + "'), which is not supported");
  } else {
    fail("has dtype '" + descr + "', not float32 or float64");
  }
  if (fortran) fail("is in Fortran order (fortran_order: True), which is not supported");
  array.dtype = item == 4 ? NpyDtype::float32 : NpyDtype::float64;

  std::size_t count = 1;
  for (std::size_t d : array.shape) {
    if (d != 0 && count > std::numeric_limits<std::size_t>::max() / item / d)
      fail("has a shape " + npy_shape_text(array.shape) + " too large to hold");
    count *= d;
  }
  const std::size_t data_bytes = bytes.size() - prefix - header_length;
  if (data_bytes < count * item)
    fail("is truncated: shape " + npy_shape_text(array.shape) + " of " + descr + " needs " +
         std::to_string(count * item) + " bytes of data, the file has " +
         std::to_string(data_bytes));
  if (data_bytes > count * item)
    fail("has " + std::to_string(data_bytes - count * item) + " bytes after the data of shape " +
         npy_shape_text(array.shape));

  array.data.resize(count);
  const unsigned char* p = u + prefix + header_length;
  for (std::size_t i = 0; i < count; ++i) {
    if (item == 4) {
      const auto bits = static_cast<std::uint32_t>(little_endian(p + 4 * i, 4));
      array.data[i] = static_cast<double>(std::bit_cast<float>(bits));
    } else {
      array.data[i] = std::bit_cast<double>(little_endian(p + 8 * i, 8));
    }
  }
  return array;
}

NpyArray read_npy(const std::filesystem::path& path, std::string_view option) {
  const std::string name = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw UserError(std::string(option), name, "does not exist", kAllowed);
  if (std::filesystem::is_directory(path, ec))
    throw UserError(std::string(option), name, "is a folder", kAllowed);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw UserError(std::string(option), name,
                    std::string("cannot be read: ") + std::strerror(errno), kAllowed);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad())
    throw UserError(std::string(option), name,
                    std::string("cannot be read: ") + std::strerror(errno), kAllowed);
  return parse_npy(bytes, name, option);
}

std::string npy_bytes(const std::vector<std::size_t>& shape, const double* data, NpyDtype dtype) {
  const bool f4 = dtype == NpyDtype::float32;
  std::string header = std::string("{'descr': '") + (f4 ? "<f4" : "<f8") +
                       "', 'fortran_order': False, 'shape': " + npy_shape_text(shape) + ", }";
  if (!shape.empty()) header.append(kGrowthDigits - std::to_string(shape[0]).size(), ' ');
  std::size_t length_bytes = 2;
  std::size_t padded = 0;
  for (;;) {
    const std::size_t prefix = kMagicLength + 2 + length_bytes;
    const std::size_t with_newline = header.size() + 1;
    const std::size_t pad = kAlign - (prefix + with_newline) % kAlign;
    padded = with_newline + pad;
    if (length_bytes == 2 && padded > 0xffff) {
      length_bytes = 4;
      continue;
    }
    header.append(pad, ' ');
    header += '\n';
    break;
  }
  std::size_t count = 1;
  for (std::size_t d : shape)
    count *= d;
  std::string out(kMagic, kMagicLength);
  out += static_cast<char>(length_bytes == 2 ? 1 : 2);
  out += '\0';
  for (std::size_t i = 0; i < length_bytes; ++i)
    out += static_cast<char>((padded >> (8 * i)) & 0xff);
  out += header;
  out.reserve(out.size() + count * (f4 ? 4 : 8));
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t bits = f4 ? std::bit_cast<std::uint32_t>(static_cast<float>(data[i]))
                                  : std::bit_cast<std::uint64_t>(data[i]);
    for (std::size_t b = 0; b < (f4 ? 4u : 8u); ++b)
      out += static_cast<char>((bits >> (8 * b)) & 0xff);
  }
  return out;
}

void write_npy(const std::filesystem::path& path, const std::vector<std::size_t>& shape,
               const double* data, NpyDtype dtype, std::string_view option) {
  write_file_atomically(path, npy_bytes(shape, data, dtype), option);
}

} // namespace gridtheory
