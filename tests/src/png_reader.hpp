// A PNG as the figure tests read it: the size from the IHDR chunk, and the pixels of an 8-bit
// RGB or RGBA image (what gnuplot's pngcairo writes), inflated with Boost.Iostreams' zlib
// filter (a dependency already) and unfiltered row by row (PNG specification, section 9).
#pragma once

#include <array>
#include <boost/iostreams/copy.hpp>
#include <boost/iostreams/filter/zlib.hpp>
#include <boost/iostreams/filtering_streambuf.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace gridtheory::test {

struct PngImage {
  int width = 0, height = 0;
  int channels = 0;                 // 3 (RGB) or 4 (RGBA)
  std::vector<std::uint8_t> pixels; // rows top to bottom, `channels` bytes a pixel
  std::array<int, 3> rgb(int x, int y) const {
    const std::size_t i = (static_cast<std::size_t>(y) * width + x) * channels;
    return {pixels[i], pixels[i + 1], pixels[i + 2]};
  }
};

namespace png_detail {

inline std::uint32_t big_endian(const std::string& s, std::size_t at) {
  return (std::uint32_t(std::uint8_t(s[at])) << 24) |
         (std::uint32_t(std::uint8_t(s[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(s[at + 2])) << 8) | std::uint32_t(std::uint8_t(s[at + 3]));
}

inline std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  const std::string bytes = s.str();
  if (bytes.size() < 33 || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0 ||
      bytes.compare(12, 4, "IHDR") != 0)
    throw std::runtime_error(p.string() + " is not a PNG");
  return bytes;
}

inline int paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

} // namespace png_detail

// Width and height as the IHDR chunk, the first after the signature, states them.
inline std::pair<int, int> png_size(const std::filesystem::path& p) {
  const std::string bytes = png_detail::file_bytes(p);
  return {static_cast<int>(png_detail::big_endian(bytes, 16)),
          static_cast<int>(png_detail::big_endian(bytes, 20))};
}

inline PngImage read_png(const std::filesystem::path& p) {
  using png_detail::big_endian;
  const std::string bytes = png_detail::file_bytes(p);
  PngImage img;
  img.width = static_cast<int>(big_endian(bytes, 16));
  img.height = static_cast<int>(big_endian(bytes, 20));
  const int depth = std::uint8_t(bytes[24]), colour = std::uint8_t(bytes[25]);
  const int interlace = std::uint8_t(bytes[28]);
  if (depth != 8 || (colour != 2 && colour != 6) || interlace != 0)
    throw std::runtime_error(p.string() + ": only 8-bit RGB/RGBA, not interlaced, is read");
  img.channels = colour == 2 ? 3 : 4;
  std::string compressed;
  for (std::size_t at = 8; at + 8 <= bytes.size();) {
    const std::size_t length = big_endian(bytes, at);
    if (bytes.compare(at + 4, 4, "IDAT") == 0) compressed += bytes.substr(at + 8, length);
    at += 12 + length;
  }
  std::istringstream in(compressed);
  std::ostringstream out;
  boost::iostreams::filtering_streambuf<boost::iostreams::input> inflate;
  inflate.push(boost::iostreams::zlib_decompressor());
  inflate.push(in);
  boost::iostreams::copy(inflate, out);
  const std::string raw = out.str();
  const std::size_t stride = static_cast<std::size_t>(img.width) * img.channels;
  if (raw.size() != (stride + 1) * static_cast<std::size_t>(img.height))
    throw std::runtime_error(p.string() + ": image data of the wrong size");
  img.pixels.assign(stride * static_cast<std::size_t>(img.height), 0);
  const int bpp = img.channels;
  for (int y = 0; y < img.height; ++y) {
    const int filter = std::uint8_t(raw[static_cast<std::size_t>(y) * (stride + 1)]);
    const auto* line = reinterpret_cast<const std::uint8_t*>(raw.data()) +
                       static_cast<std::size_t>(y) * (stride + 1) + 1;
    std::uint8_t* row = img.pixels.data() + static_cast<std::size_t>(y) * stride;
    const std::uint8_t* up = y > 0 ? row - stride : nullptr;
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= static_cast<std::size_t>(bpp) ? row[i - bpp] : 0;
      const int b = up ? up[i] : 0;
      const int c = up && i >= static_cast<std::size_t>(bpp) ? up[i - bpp] : 0;
      int predicted = 0;
      switch (filter) {
      case 0:
        predicted = 0;
        break;
      case 1:
        predicted = a;
        break;
      case 2:
        predicted = b;
        break;
      case 3:
        predicted = (a + b) / 2;
        break;
      case 4:
        predicted = png_detail::paeth(a, b, c);
        break;
      default:
        throw std::runtime_error(p.string() + ": unknown row filter");
      }
      row[i] = static_cast<std::uint8_t>(line[i] + predicted);
    }
  }
  return img;
}

// How many pixels within `frame` pixels of the image's edge are not the white page: a title,
// label or key cut off at the edge leaves its ink there, a figure that fits leaves none.
inline int ink_on_edge(const PngImage& img, int frame = 2) {
  int ink = 0;
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x) {
      if (x >= frame && x < img.width - frame && y >= frame && y < img.height - frame) continue;
      const auto c = img.rgb(x, y);
      ink += (c[0] < 235 || c[1] < 235 || c[2] < 235) ? 1 : 0;
    }
  return ink;
}

} // namespace gridtheory::test
