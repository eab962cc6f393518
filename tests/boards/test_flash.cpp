// Flashing: the openFPGALoader command line for every board and target, the
// checks made before the board is touched, and every failure path of the
// loader, with a fake openFPGALoader (tests/boards/fake) on the PATH.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "boards.hpp"

namespace fs = std::filesystem;
using namespace synfire::boards;

namespace {

// A fresh directory under the system temp directory, removed afterwards.
class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("synfire-boards-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  fs::path operator/(const std::string& name) const { return path_ / name; }
  const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

void write_bytes(const fs::path& p, const std::vector<uint8_t>& bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// What icepack writes first: a comment block (here with tools/bitstream's
// image line, or `comment` instead), then the sync word.
std::vector<uint8_t> ice40_bitstream(const std::string& comment = "synfire-image board=icebreaker commit=1a2b3c4d dirty=0") {
  // Built as a string: GCC 12 warns (falsely) about a vector insert of one.
  const std::string head = std::string("\xFF\x00", 2) + comment + std::string("\x00\x00\xFF\x7E\xAA\x99\x7E", 7);
  std::vector<uint8_t> b(1024, 0x01);
  std::copy(head.begin(), head.end(), b.begin());
  return b;
}

// A Vivado .bit: fixed field, 'a'..'d' string fields, 'e' length, then the
// dummy words, bus-width pattern and sync word.
std::vector<uint8_t> xilinx_bitstream(const std::string& part) {
  std::vector<uint8_t> b{0x00, 0x09, 0x0F, 0xF0, 0x0F, 0xF0, 0x0F, 0xF0, 0x0F, 0xF0, 0x00, 0x00, 0x01};
  auto field = [&](char key, const std::string& value) {
    b.push_back(static_cast<uint8_t>(key));
    const size_t len = value.size() + 1;
    b.push_back(static_cast<uint8_t>(len >> 8));
    b.push_back(static_cast<uint8_t>(len & 0xFF));
    b.insert(b.end(), value.begin(), value.end());
    b.push_back(0);
  };
  field('a', "syn_cmod_a7_top;UserID=0XFFFFFFFF;Version=2023.2");
  field('b', part);
  field('c', "2026/11/25");
  field('d', "00:00:00");
  b.insert(b.end(), {'e', 0x00, 0x00, 0x10, 0x00});
  for (int i = 0; i < 8; ++i) b.push_back(0xFF);
  b.insert(b.end(), {0x00, 0x00, 0x00, 0xBB, 0x11, 0x22, 0x00, 0x44, 0xFF, 0xFF, 0xFF, 0xFF,
                     0xFF, 0xFF, 0xFF, 0xFF, 0xAA, 0x99, 0x55, 0x66});
  b.resize(2048, 0x20);
  return b;
}

// Puts the fake loader first on PATH and routes its argument log and mode
// through the environment; restores PATH afterwards.
class FakeLoader {
 public:
  explicit FakeLoader(const TempDir& dir) : log_(dir / "args.txt") {
    const char* old = std::getenv("PATH");
    old_path_ = old ? old : "";
    const std::string fake = std::string(SYNFIRE_SOURCE_DIR) + "/tests/boards/fake";
    ::setenv("PATH", (fake + ":" + old_path_).c_str(), 1);
    ::setenv("FAKE_LOADER_LOG", log_.c_str(), 1);
    mode("ok");
  }
  ~FakeLoader() {
    ::setenv("PATH", old_path_.c_str(), 1);
    ::unsetenv("FAKE_LOADER_LOG");
    ::unsetenv("FAKE_LOADER_MODE");
  }
  void mode(const char* m) { ::setenv("FAKE_LOADER_MODE", m, 1); }
  std::vector<std::string> args() const {
    std::vector<std::string> out;
    std::ifstream in(log_);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

 private:
  fs::path log_;
  std::string old_path_;
};

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const BoardError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("flash_command builds openFPGALoader's command line", "[boards][flash]") {
  TempDir dir;
  write_bytes(dir / "ice.bin", ice40_bitstream());
  write_bytes(dir / "cmod.bit", xilinx_bitstream("7a35tcpg236"));
  write_bytes(dir / "arty35.bit", xilinx_bitstream("7a35ticsg324"));
  write_bytes(dir / "arty100.bit", xilinx_bitstream("7a100tcsg324"));

  FlashOptions o;
  o.bitstream = (dir / "ice.bin").string();
  CHECK(flash_command(board_by_name("icebreaker"), o) ==
        std::vector<std::string>{"openFPGALoader", "-b", "ice40_generic", "--write-flash", o.bitstream});
  o.verify = true;
  o.ftdi_serial = "FT4XYZ";
  CHECK(flash_command(board_by_name("icebreaker"), o) ==
        std::vector<std::string>{"openFPGALoader", "-b", "ice40_generic", "--write-flash", "--verify",
                                 "--ftdi-serial", "FT4XYZ", o.bitstream});

  FlashOptions x;
  x.bitstream = (dir / "cmod.bit").string();
  CHECK(flash_command(board_by_name("cmod-a7"), x) ==
        std::vector<std::string>{"openFPGALoader", "-b", "cmoda7_35t", "--write-sram", x.bitstream});
  x.target = FlashTarget::kFlash;
  CHECK(flash_command(board_by_name("cmod-a7"), x) ==
        std::vector<std::string>{"openFPGALoader", "-b", "cmoda7_35t", "--write-flash", x.bitstream});

  FlashOptions a;
  a.bitstream = (dir / "arty35.bit").string();
  CHECK(flash_command(board_by_name("arty-a7"), a).at(2) == "arty_a7_35t");
  a.bitstream = (dir / "arty100.bit").string();
  CHECK(flash_command(board_by_name("arty-a7-100"), a).at(2) == "arty_a7_100t");
}

TEST_CASE("flash_command refuses what cannot work, before touching the board", "[boards][flash]") {
  TempDir dir;
  write_bytes(dir / "ice.bin", ice40_bitstream());
  write_bytes(dir / "arty100.bit", xilinx_bitstream("7a100tcsg324"));
  write_bytes(dir / "empty.bin", {});
  write_bytes(dir / "junk.bin", std::vector<uint8_t>(4096, 0x55));
  const Board& ice = board_by_name("icebreaker");
  const Board& cmod = board_by_name("cmod-a7");

  FlashOptions o;
  o.bitstream = (dir / "ice.bin").string();
  o.target = FlashTarget::kSram;
  CHECK_THAT(error_of([&] { flash_command(ice, o); }), Catch::Contains("SRAM") && Catch::Contains("--flash"));

  FlashOptions v;
  v.bitstream = (dir / "arty100.bit").string();
  v.verify = true;
  CHECK_THAT(error_of([&] { flash_command(board_by_name("arty-a7-100"), v); }),
             Catch::Contains("--flash"));

  FlashOptions missing;
  missing.bitstream = (dir / "nope.bin").string();
  CHECK_THAT(error_of([&] { flash_command(ice, missing); }),
             Catch::Contains("no bitstream at") && Catch::Contains("make bitstream BOARD=icebreaker"));

  FlashOptions defaults;  // the board's own path, relative to the working directory
  const fs::path cwd = fs::current_path();
  fs::current_path(dir.path());
  CHECK_THAT(error_of([&] { flash_command(ice, defaults); }),
             Catch::Contains("no bitstream at out/icebreaker/synfire.bin"));
  fs::current_path(cwd);

  FlashOptions empty;
  empty.bitstream = (dir / "empty.bin").string();
  CHECK_THAT(error_of([&] { flash_command(ice, empty); }), Catch::Contains("is empty"));

  FlashOptions folder;
  folder.bitstream = dir.path().string();
  CHECK_THAT(error_of([&] { flash_command(ice, folder); }), Catch::Contains("not a regular file"));

  FlashOptions junk;
  junk.bitstream = (dir / "junk.bin").string();
  CHECK_THAT(error_of([&] { flash_command(ice, junk); }), Catch::Contains("not an iCE40 bitstream"));
  CHECK_THAT(error_of([&] { flash_command(cmod, junk); }), Catch::Contains("not a Xilinx bitstream"));

  FlashOptions crossed;  // an iCE40 image on a Xilinx board and the other way round
  crossed.bitstream = (dir / "ice.bin").string();
  CHECK_THAT(error_of([&] { flash_command(cmod, crossed); }), Catch::Contains("not a Xilinx bitstream"));
  crossed.bitstream = (dir / "arty100.bit").string();
  CHECK_THAT(error_of([&] { flash_command(ice, crossed); }), Catch::Contains("not an iCE40 bitstream"));

  FlashOptions wrong_part;
  wrong_part.bitstream = (dir / "arty100.bit").string();
  CHECK_THAT(error_of([&] { flash_command(cmod, wrong_part); }),
             Catch::Contains("built for part 7a100tcsg324") && Catch::Contains("xc7a35tcpg236-1"));

  // An iCE40 bitstream that is not a synfire image, or one for another board.
  write_bytes(dir / "other.bin", ice40_bitstream("Lattice iCE40 blinky"));
  write_bytes(dir / "ulx.bin", ice40_bitstream("synfire-image board=upduino commit=1a2b3c4d dirty=0"));
  FlashOptions foreign;
  foreign.bitstream = (dir / "other.bin").string();
  CHECK_THAT(error_of([&] { flash_command(ice, foreign); }),
             Catch::Contains("not a synfire image") && Catch::Contains("make bitstream BOARD=icebreaker"));
  foreign.bitstream = (dir / "ulx.bin").string();
  CHECK_THAT(error_of([&] { flash_command(ice, foreign); }),
             Catch::Contains("a synfire image for the upduino, not the icebreaker"));

  FlashOptions no_time;
  no_time.bitstream = (dir / "ice.bin").string();
  no_time.timeout = std::chrono::seconds(0);
  CHECK_THAT(error_of([&] { flash_command(ice, no_time); }), Catch::Contains("timeout"));
}

TEST_CASE("flash runs the loader and reports its output", "[boards][flash]") {
  TempDir dir;
  write_bytes(dir / "ice.bin", ice40_bitstream());
  FakeLoader fake(dir);
  FlashOptions o;
  o.bitstream = (dir / "ice.bin").string();
  std::vector<std::string> lines;
  o.on_output = [&](std::string_view l) { lines.emplace_back(l); };
  flash(board_by_name("icebreaker"), o);
  CHECK(fake.args() == std::vector<std::string>{"-b", "ice40_generic", "--write-flash", o.bitstream});
  // Progress updates end in '\r' and arrive as separate lines.
  CHECK(lines == std::vector<std::string>{"Write to flash", "Writing: [====      ] 40.00%",
                                          "Writing: [==========] 100.00%", "Done"});
}

TEST_CASE("flash turns the loader's failures into one clear line", "[boards][flash]") {
  TempDir dir;
  write_bytes(dir / "ice.bin", ice40_bitstream());
  FakeLoader fake(dir);
  const Board& ice = board_by_name("icebreaker");
  FlashOptions o;
  o.bitstream = (dir / "ice.bin").string();

  fake.mode("no-device");
  CHECK_THAT(error_of([&] { flash(ice, o); }),
             Catch::Contains("no 1BitSquared iCEBreaker") && Catch::Contains("0403:6010") &&
                 Catch::Contains("plugged in"));
  fake.mode("no-permission");
  CHECK_THAT(error_of([&] { flash(ice, o); }), Catch::Contains("udev"));
  fake.mode("unknown-board");
  CHECK_THAT(error_of([&] { flash(ice, o); }), Catch::Contains("does not know the board name"));
  fake.mode("fail");
  CHECK_THAT(error_of([&] { flash(ice, o); }),
             Catch::Contains("exit code 3") && Catch::Contains("CRC didn't match"));
  fake.mode("crash");
  CHECK_THAT(error_of([&] { flash(ice, o); }), Catch::Contains("killed by signal 11"));

  fake.mode("hang");
  o.timeout = std::chrono::seconds(1);
  const auto start = std::chrono::steady_clock::now();
  CHECK_THAT(error_of([&] { flash(ice, o); }),
             Catch::Contains("did not finish within 1 s") && Catch::Contains("waiting"));
  // The loader is stopped, not left to run for 30 s.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("flash says so when the loader is not installed", "[boards][flash]") {
  TempDir dir;
  write_bytes(dir / "ice.bin", ice40_bitstream());
  const char* old = std::getenv("PATH");
  const std::string old_path = old ? old : "";
  ::setenv("PATH", dir.path().c_str(), 1);
  FlashOptions o;
  o.bitstream = (dir / "ice.bin").string();
  const std::string err = error_of([&] { flash(board_by_name("icebreaker"), o); });
  ::setenv("PATH", old_path.c_str(), 1);
  CHECK_THAT(err, Catch::Contains("openFPGALoader not found on PATH") && Catch::Contains("install"));

  o.loader = (dir / "no-such-loader").string();
  CHECK_THAT(error_of([&] { flash(board_by_name("icebreaker"), o); }),
             Catch::Contains("no-such-loader not found:"));
}
