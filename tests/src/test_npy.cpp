// .npy reading and writing: files exactly as NumPy 1.24 (/usr/bin/python3, Debian 12) writes
// them, embedded as bytes (made once with io.BytesIO + np.save, or
// np.lib.format.write_array(..., version=(2, 0)/(3, 0)), printed with bytes.hex()); a round
// trip through a real file; and every malformed file as a one-line UserError naming the
// option, the path and the reason.
#include "src/io/atomic_file.hpp"
#include "src/io/npy.hpp"
#include "tests/src/cli_harness.hpp"
#include "theory/errors.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

using namespace gridtheory;
using gridtheory::test::TempFolder;

namespace {

std::string from_hex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

// np.save(f, arr) for each array below (big_endian: dtype '>f8'; int64: '<i8'; fortran:
// np.asfortranarray(np.arange(6.0).reshape(2, 3)); f8_v2 / f8_v3: write_array with version).
const std::string f8_2x3 = from_hex(
    "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c"
    "73652c20277368617065273a2028322c2033292c207d20202020202020202020202020202020202020202020202020"
    "2020202020202020202020202020202020202020202020202020202020202020200a00000000000000000000000000"
    "00d03f000000000000e03f000000000000e83f000000000000f03f000000000000f43f");
const std::string f4_2 = from_hex(
    "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c"
    "73652c20277368617065273a2028322c292c207d202020202020202020202020202020202020202020202020202020"
    "2020202020202020202020202020202020202020202020202020202020202020200a0000c03f000010c0");
const std::string f8_0x3 = from_hex(
    "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c"
    "73652c20277368617065273a2028302c2033292c207d20202020202020202020202020202020202020202020202020"
    "2020202020202020202020202020202020202020202020202020202020202020200a");
const std::string f8_scalar = from_hex(
    "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c"
    "73652c20277368617065273a2028292c207d2020202020202020202020202020202020202020202020202020202020"
    "2020202020202020202020202020202020202020202020202020202020202020200a0000000000000840");
const std::string f8_v2 =
    from_hex("934e554d50590200740000007b276465736372273a20273c6638272c2027666f727472616e5f6f7264657"
             "2273a2046616c73652c20277368617065273a2028322c292c207d20202020202020202020202020202020"
             "2020202020202020202020202020202020202020202020202020202020202020202020202020202020200"
             "a000000000000f03f9a9999999999b93f");
const std::string f8_v3 =
    from_hex("934e554d50590300740000007b276465736372273a20273c6638272c2027666f727472616e5f6f7264657"
             "2273a2046616c73652c20277368617065273a2028322c292c207d20202020202020202020202020202020"
             "2020202020202020202020202020202020202020202020202020202020202020202020202020202020200"
             "a000000000000f03f9a9999999999b93f");
const std::string f8_1x2x2_nan =
    from_hex("934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273"
             "a2046616c73652c20277368617065273a2028312c20322c2032292c207d20202020202020202020202020"
             "2020202020202020202020202020202020202020202020202020202020202020202020202020202020200"
             "a000000000000f03f000000000000f87f00000000000000809c7500883ce4377e");
const std::string big_endian =
    from_hex("934e554d5059010076007b276465736372273a20273e6638272c2027666f727472616e5f6f72646572273"
             "a2046616c73652c20277368617065273a2028322c292c207d202020202020202020202020202020202020"
             "2020202020202020202020202020202020202020202020202020202020202020202020202020202020200"
             "a3ff00000000000004000000000000000");
const std::string int64 =
    from_hex("934e554d5059010076007b276465736372273a20273c6938272c2027666f727472616e5f6f72646572273"
             "a2046616c73652c20277368617065273a2028322c292c207d202020202020202020202020202020202020"
             "2020202020202020202020202020202020202020202020202020202020202020202020202020202020200"
             "a01000000000000000200000000000000");
const std::string fortran = from_hex(
    "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a20547275"
    "652c20277368617065273a2028322c2033292c207d2020202020202020202020202020202020202020202020202020"
    "2020202020202020202020202020202020202020202020202020202020202020200a00000000000000000000000000"
    "000840000000000000f03f000000000000104000000000000000400000000000001440");

// The header of a valid file, then `dict` (padded with blanks and '\n'), then `data`.
std::string with_header(const std::string& dict, const std::string& data, int major = 1) {
  std::string header = dict + "\n";
  std::string out = std::string("\x93NUMPY", 6);
  out += static_cast<char>(major);
  out += '\0';
  const size_t n = header.size();
  out += static_cast<char>(n & 0xff);
  out += static_cast<char>((n >> 8) & 0xff);
  if (major >= 2) out += std::string(2, '\0');
  return out + header + data;
}

std::string doubles(std::initializer_list<double> values) {
  std::string out;
  for (double v : values) {
    unsigned char b[8];
    std::memcpy(b, &v, 8); // this test runs on little-endian machines only
    out.append(reinterpret_cast<const char*>(b), 8);
  }
  return out;
}

NpyArray parse(const std::string& bytes) {
  return parse_npy(bytes, "maps.npy", "--ratemaps");
}

void require_user_error(const std::string& bytes, const std::string& reason) {
  INFO("expected reason: " << reason);
  try {
    parse(bytes);
    FAIL("no error");
  } catch (const UserError& e) {
    const std::string what = e.what();
    INFO("what(): " << what);
    CHECK(e.option() == "--ratemaps");
    CHECK(e.value() == "maps.npy");
    CHECK_THAT(what, Catch::StartsWith("--ratemaps: 'maps.npy' "));
    CHECK_THAT(what, Catch::Contains(reason));
    CHECK(what.find('\n') == std::string::npos);
  }
}

const std::string kDict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";

} // namespace

TEST_CASE("files written by NumPy read back with their shapes and values") {
  const NpyArray a = parse(f8_2x3);
  CHECK(a.shape == std::vector<size_t>{2, 3});
  CHECK(a.dtype == NpyDtype::float64);
  CHECK(a.data == std::vector<double>{0, 0.25, 0.5, 0.75, 1.0, 1.25});

  const NpyArray b = parse(f4_2);
  CHECK(b.shape == std::vector<size_t>{2});
  CHECK(b.dtype == NpyDtype::float32);
  CHECK(b.data == std::vector<double>{1.5, -2.25});

  const NpyArray c = parse(f8_0x3);
  CHECK(c.shape == std::vector<size_t>{0, 3});
  CHECK(c.data.empty());

  const NpyArray d = parse(f8_scalar);
  CHECK(d.shape.empty());
  CHECK(d.data == std::vector<double>{3.0});

  for (const auto* bytes : {&f8_v2, &f8_v3}) {
    const NpyArray v = parse(*bytes);
    CHECK(v.shape == std::vector<size_t>{2});
    CHECK(v.data == std::vector<double>{1.0, 0.1});
  }

  const NpyArray e = parse(f8_1x2x2_nan);
  CHECK(e.shape == std::vector<size_t>{1, 2, 2});
  CHECK(e.data[0] == 1.0);
  CHECK(std::isnan(e.data[1]));
  CHECK(e.data[2] == 0.0);
  CHECK(std::signbit(e.data[2]));
  CHECK(e.data[3] == 1e300);
}

TEST_CASE("the writer produces NumPy's bytes exactly") {
  CHECK(npy_bytes({2, 3}, parse(f8_2x3).data.data(), NpyDtype::float64) == f8_2x3);
  CHECK(npy_bytes({2}, parse(f4_2).data.data(), NpyDtype::float32) == f4_2);
  CHECK(npy_bytes({0, 3}, nullptr, NpyDtype::float64) == f8_0x3);
  const double three = 3.0;
  CHECK(npy_bytes({}, &three, NpyDtype::float64) == f8_scalar);
  CHECK(npy_bytes({1, 2, 2}, parse(f8_1x2x2_nan).data.data(), NpyDtype::float64) == f8_1x2x2_nan);
  // every header is padded so the data starts on a 64-byte boundary
  std::vector<double> big(3 * 20 * 20, 0.5);
  const std::string bytes = npy_bytes({3, 20, 20}, big.data(), NpyDtype::float32);
  CHECK((bytes.size() - big.size() * 4) % 64 == 0);
  CHECK(bytes[bytes.size() - big.size() * 4 - 1] == '\n');
}

TEST_CASE("a round trip through a file, float64 and float32, leaves no temporary behind") {
  TempFolder dir("npy-round-trip");
  const std::vector<double> values{0.1,    -2.5, std::numeric_limits<double>::quiet_NaN(),
                                   1e-310, 7.0,  123456.789};
  const auto path = dir.path / "a.npy";
  write_npy(path, {2, 3}, values.data(), NpyDtype::float64, "--out");
  const NpyArray a = read_npy(path, "--in");
  CHECK(a.shape == std::vector<size_t>{2, 3});
  for (size_t i = 0; i < values.size(); ++i)
    CHECK((a.data[i] == values[i] || (std::isnan(a.data[i]) && std::isnan(values[i]))));
  const auto path32 = dir.path / "b.npy";
  write_npy(path32, {6}, values.data(), NpyDtype::float32, "--out");
  const NpyArray b = read_npy(path32, "--in");
  CHECK(b.dtype == NpyDtype::float32);
  CHECK(b.data[0] == static_cast<double>(0.1f));
  CHECK(std::isnan(b.data[2]));
  CHECK(b.data[5] == static_cast<double>(123456.789f));
  CHECK(dir.files().size() == 2);
  CHECK(!std::filesystem::exists(temporary_path_for(path)));
}

TEST_CASE("headers NumPy accepts in other spellings are read") {
  const std::string data = doubles({1.0, 2.0});
  for (const std::string& dict : {
           std::string("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)}"),
           std::string("{\"shape\": (2,), \"descr\": \"<f8\", \"fortran_order\": False}"),
           std::string("{'descr':'<f8','fortran_order':False,'shape':(2L,),}"),
           std::string("{ 'descr' : '=f8' ,\n 'fortran_order' : False , 'shape' : ( 2 , ) }   "),
           std::string("{'descr': '|f8', 'fortran_order': False, 'shape': (2,), }"),
       }) {
    INFO(dict);
    const NpyArray a = parse(with_header(dict, data));
    CHECK(a.data == std::vector<double>{1.0, 2.0});
  }
  CHECK(parse(with_header(kDict, data, 2)).data == std::vector<double>{1.0, 2.0});
  CHECK(parse(with_header(kDict, data, 3)).data == std::vector<double>{1.0, 2.0});
}

TEST_CASE("every malformed, truncated or unsupported file is a one-line UserError") {
  const std::string data = doubles({1.0, 2.0});
  require_user_error("", "not a .npy file");
  require_user_error("hello, world", "not a .npy file");
  require_user_error(std::string("\x93NUMPY", 6), "truncated inside the .npy header");
  require_user_error(std::string("\x93NUMPY\x01\x00\x76", 9), "truncated inside the .npy header");
  {
    std::string v = f8_2x3;
    v[6] = 4;
    require_user_error(v, "format version 4.0");
    v[6] = 1, v[7] = 1;
    require_user_error(v, "format version 1.1");
  }
  require_user_error(f8_2x3.substr(0, 60), "is truncated: its header says 118 bytes");
  require_user_error(f8_2x3.substr(0, f8_2x3.size() - 1), "is truncated: shape (2, 3) of <f8");
  require_user_error(f8_2x3.substr(0, 128), "needs 48 bytes of data, the file has 0");
  require_user_error(f8_2x3 + "x", "has 1 bytes after the data");
  require_user_error(f4_2.substr(0, f4_2.size() - 2), "is truncated");
  require_user_error(big_endian, "big-endian");
  require_user_error(int64, "dtype '<i8', not float32 or float64");
  require_user_error(fortran, "Fortran order");
  const std::vector<std::pair<std::string, std::string>> dicts{
      {"['descr', '<f8']", "does not start a dict"},
      {"{'descr': '<f8', 'fortran_order': False}", "no 'shape'"},
      {"{'descr': '<f8', 'shape': (2,)}", "no 'fortran_order'"},
      {"{'fortran_order': False, 'shape': (2,)}", "no 'descr'"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}",
       "unexpected key 'extra'"},
      {"{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}",
       "repeats the key 'descr'"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (2)}", "a 1-tuple is (N,)"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': [2]}", "shape is not a tuple"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (-2,)}", "non-negative integers"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (2.0,)}", "non-negative integers"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (02,)}", "leading zero"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,)}",
       "too large"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}",
       "too large to hold"},
      {"{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}", "not True or False"},
      {"{'descr': '<f8', 'fortran_order': Falsey, 'shape': (2,)}", "not True or False"},
      {"{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,)}", "structured"},
      {"{'descr' '<f8', 'fortran_order': False, 'shape': (2,)}", "no ':' after key 'descr'"},
      {"{'descr': '<f8 'fortran_order': False, 'shape': (2,)}", "no ',' or '}'"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (2,)} junk", "text after its dict"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (2,)", "no ',' or '}'"},
      {"{'descr': '<f8', 'fortran_order': False, 'sh\\ape': (2,)}", "unexpected character"},
      {"{'descr': '<c16', 'fortran_order': False, 'shape': (2,)}", "dtype '<c16'"},
      {"{'descr': '<f2', 'fortran_order': False, 'shape': (2,)}", "dtype '<f2'"},
      {"{'descr': 'float64', 'fortran_order': False, 'shape': (2,)}", "dtype 'float64'"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (3,)}", "is truncated: shape (3,)"},
  };
  for (const auto& [dict, reason] : dicts)
    require_user_error(with_header(dict, data), reason);
}

TEST_CASE("a missing file, a folder and an unreadable file name the option and the path") {
  TempFolder dir("npy-files");
  for (const auto& [path, reason] :
       {std::pair{dir.path / "missing.npy", std::string("does not exist")},
        std::pair{dir.path, std::string("is a folder")}}) {
    try {
      read_npy(path, "--ratemaps");
      FAIL("no error");
    } catch (const UserError& e) {
      CHECK(e.option() == "--ratemaps");
      CHECK(e.value() == path.string());
      CHECK_THAT(std::string(e.what()), Catch::Contains(reason));
    }
  }
  const auto empty = dir.path / "empty.npy";
  std::ofstream(empty).close();
  CHECK_THROWS_AS(read_npy(empty, "--ratemaps"), UserError);
}
