// The file formats of host/io: spike trains (CSV, AER), probes, windows, and
// outputs that appear only when complete.
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <csignal>
#include <random>

#include "atomic_output.hpp"
#include "cli_runner.hpp"
#include "crc32.hpp"
#include "io_error.hpp"
#include "network_json.hpp"
#include "probe_file.hpp"
#include "spike_file.hpp"
#include "varint.hpp"
#include "window_file.hpp"

using namespace synfire;
using synfire::test::ScratchDir;

namespace {

// Expects `f` to throw io::FileError whose message contains every fragment.
template <typename F>
void expect_file_error(F f, std::initializer_list<std::string> fragments) {
  try {
    f();
    FAIL("no error was thrown");
  } catch (const io::FileError& e) {
    const std::string what = e.what();
    INFO(what);
    for (const std::string& frag : fragments) CHECK(what.find(frag) != std::string::npos);
  }
}

std::vector<Spike> random_train(std::mt19937_64& rng, size_t count) {
  std::vector<Spike> s;
  uint32_t step = 0;
  for (size_t k = 0; k < count; ++k) {
    // Mostly small gaps, sometimes huge ones, so that every varint length occurs.
    const uint64_t r = rng() % 100;
    step += r < 60 ? 0 : r < 95 ? static_cast<uint32_t>(rng() % 20) : static_cast<uint32_t>(rng() % 50000000);
    s.push_back({step, static_cast<uint32_t>(rng() % (io::kMaxSpikeIndex + 1))});
  }
  std::sort(s.begin(), s.end());
  s.erase(std::unique(s.begin(), s.end()), s.end());
  return s;
}

}  // namespace

TEST_CASE("varints round-trip every length and reject overlong input", "[cli][io]") {
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{127}, uint64_t{128}, uint64_t{16383}, uint64_t{16384},
                     uint64_t{UINT32_MAX}, ~uint64_t{0}}) {
    std::string buf;
    io::put_varint(buf, v);
    size_t pos = 0;
    const auto bytes = std::span(reinterpret_cast<const unsigned char*>(buf.data()), buf.size());
    CHECK(io::get_varint(bytes, pos) == v);
    CHECK(pos == buf.size());
  }
  const std::vector<unsigned char> overlong(11, 0x80);
  size_t pos = 0;
  CHECK_FALSE(io::get_varint(overlong, pos).has_value());
  // Ten bytes whose last one holds more than bit 63: beyond 64 bits, refused
  // (its high bits used to be dropped silently).
  std::vector<unsigned char> wide(9, 0xFF);
  wide.push_back(0x59);
  pos = 0;
  CHECK_FALSE(io::get_varint(wide, pos).has_value());
}

TEST_CASE("spike trains round-trip through CSV and AER", "[cli][io]") {
  std::mt19937_64 rng(test::test_seed("spike round trip"));
  ScratchDir dir;
  for (size_t count : {size_t{0}, size_t{1}, size_t{50}, size_t{5000}}) {
    const std::vector<Spike> train = random_train(rng, count);
    for (const char* name : {"t.csv", "t.aer"}) {
      io::write_spikes(dir / name, train);
      CHECK(io::read_spikes(dir / name) == train);
    }
  }
  // The AER file is much smaller than the CSV for a typical raster.
  std::vector<Spike> dense;
  for (uint32_t t = 0; t < 2000; ++t) {
    for (uint32_t j = 0; j < 64; j += 1 + static_cast<uint32_t>(rng() % 8)) dense.push_back({t, j});
  }
  io::write_spikes(dir / "d.csv", dense);
  io::write_spikes(dir / "d.aer", dense);
  CHECK(std::filesystem::file_size(dir / "d.aer") * 4 < std::filesystem::file_size(dir / "d.csv"));
  CHECK(io::read_spikes(dir / "d.aer") == dense);
}

TEST_CASE("the AER bytes are those of the example in docs/file-formats.md", "[cli][io]") {
  ScratchDir dir;
  const std::vector<Spike> train = {{0, 3}, {0, 5}, {2, 1}};
  io::write_spikes(dir / "ex.aer", train);
  const std::string want("SYNAER\x02\x00" "\x00\x02\x03\x01" "\x02\x01\x01" "\x00\x00\x03"
                         "\x4B\xF9\x0A\x58", 22);
  CHECK(test::read_text(dir / "ex.aer") == want);
  // Version 1 (no checksum), as older synfire wrote it, is still read.
  test::write_text(dir / "v1.aer", std::string("SYNAER\x01\x00" "\x00\x02\x03\x01" "\x02\x01\x01" "\x00\x00\x03", 18));
  CHECK(io::read_spikes(dir / "v1.aer") == train);
}

TEST_CASE("CRC-32 is zlib's", "[cli][io]") {
  CHECK(io::crc32_update(0, "123456789", 9) == 0xCBF43926u);
  CHECK(io::crc32_update(io::crc32_update(0, "1234", 4), "56789", 5) == 0xCBF43926u);
}

TEST_CASE("write_spikes sorts and merges duplicates; read_spikes does the same for CSV", "[cli][io]") {
  ScratchDir dir;
  const std::vector<Spike> messy = {{5, 1}, {2, 3}, {5, 1}, {2, 0}};
  const std::vector<Spike> clean = {{2, 0}, {2, 3}, {5, 1}};
  io::write_spikes(dir / "a.aer", messy);
  CHECK(io::read_spikes(dir / "a.aer") == clean);
  test::write_text(dir / "b.csv", "step,index\n5,1\n# a comment\n\n2,3\r\n 5 , 1 \n2,0\n");
  CHECK(io::read_spikes(dir / "b.csv") == clean);
}

TEST_CASE("the streaming writer refuses out-of-order spikes and leaves nothing behind", "[cli][io]") {
  ScratchDir dir;
  {
    io::SpikeWriter w(dir / "s.aer");
    const std::vector<Spike> a = {{1, 2}, {3, 0}};
    w.write(a);
    const std::vector<Spike> back = {{3, 0}};
    CHECK_THROWS_AS(w.write(back), std::invalid_argument);
  }
  CHECK(dir.files().empty());
}

TEST_CASE("an atomic output appears only on commit", "[cli][io]") {
  ScratchDir dir;
  {
    io::AtomicOutput out(dir / "x.txt");
    out.write("hello");
    CHECK_FALSE(std::filesystem::exists(dir / "x.txt"));
  }
  CHECK(dir.files().empty());
  io::AtomicOutput out(dir / "x.txt");
  out.write("hello");
  out.commit();
  CHECK(test::read_text(dir / "x.txt") == "hello");
  CHECK(dir.files() == std::vector<std::string>{"x.txt"});
  expect_file_error([&] { io::AtomicOutput bad(dir / "missing" / "y.txt"); }, {"missing/y.txt", "cannot write"});
}

TEST_CASE("two writers of one file get temporaries of their own", "[cli][io]") {
  // Both used to write "<name>.tmp-<pid>" (and save_network "<name>.tmp"):
  // within one process, or two runs writing one file, they shared it.
  ScratchDir dir;
  Network a = Network::empty(3, 1), b = Network::empty(5, 2);
  b.seed = 7;
  {
    io::AtomicOutput first(dir / "o.txt");
    io::AtomicOutput second(dir / "o.txt");
    CHECK(dir.files().size() == 2);
    first.write(std::string(100000, 'a'));
    second.write(std::string(50, 'b'));
    second.commit();
    first.commit();
  }
  CHECK(test::read_text(dir / "o.txt") == std::string(100000, 'a'));
  save_network(a, dir / "w.json");
  save_network(b, dir / "w.json");
  CHECK(load_network(dir / "w.json") == b);
  CHECK(dir.files() == std::vector<std::string>{"o.txt", "w.json"});
}

TEST_CASE("a write that fails names the reason and leaves nothing behind", "[cli][io]") {
  // A file-size limit stands in for a full disk: writes past it fail (EFBIG)
  // just as they would with ENOSPC.
  ScratchDir dir;
  rlimit old{};
  REQUIRE(getrlimit(RLIMIT_FSIZE, &old) == 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old;
  small.rlim_cur = 100000;
  REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
  std::string message;
  try {
    io::AtomicOutput out(dir / "big.txt");
    out.write(std::string(300000, 'x'));
    out.commit();
  } catch (const io::FileError& e) {
    message = e.what();
  }
  std::string net_message;
  try {
    Network big = Network::empty(200, 200);
    std::fill(big.w_rec.begin(), big.w_rec.end(), int8_t{1});  // dense: about 240 kB of JSON
    std::fill(big.w_in.begin(), big.w_in.end(), int8_t{1});
    save_network(big, dir / "big.json");
  } catch (const std::runtime_error& e) {
    net_message = e.what();
  }
  setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  CHECK_THAT(message, Catch::Contains("big.txt") && Catch::Contains("File too large"));
  CHECK_THAT(net_message, Catch::Contains("big.json") && Catch::Contains("File too large"));
  CHECK(dir.files().empty());
}

TEST_CASE("CSV spike errors name the file, the line and the problem", "[cli][io]") {
  ScratchDir dir;
  struct Case {
    const char* text;
    std::vector<std::string> fragments;
  };
  const Case cases[] = {
      {"", {"empty", "step,index"}},
      {"time,neuron\n1,2\n", {":1:", "header"}},
      {"step,index\n1,2\n3\n", {":3:", "2 fields"}},
      {"step,index\n1,2\nx,1\n", {":3:", "step \"x\""}},
      {"step,index\n-1,2\n", {":2:", "not a non-negative integer"}},
      {"step,index\n1,70000\n", {":2:", "index 70000", "[0, 65535]"}},
      {"step,index\n4294967296,1\n", {":2:", "step 4294967296"}},
      {"step,index\n1,2,3\n", {":2:", "got 3"}},
  };
  for (const Case& c : cases) {
    test::write_text(dir / "bad.csv", c.text);
    std::vector<std::string> frags = c.fragments;
    frags.push_back("bad.csv");
    INFO(c.text);
    try {
      io::read_spikes(dir / "bad.csv");
      FAIL("no error");
    } catch (const io::FileError& e) {
      for (const std::string& f : frags) CHECK(std::string(e.what()).find(f) != std::string::npos);
    }
  }
  expect_file_error([&] { io::read_spikes(dir / "none.csv"); }, {"none.csv", "cannot open"});
  expect_file_error([&] { io::read_spikes(dir / "x.txt"); }, {"x.txt", "unknown spike file type", ".csv", ".aer"});
}

TEST_CASE("damaged AER files are refused with the byte offset", "[cli][io]") {
  ScratchDir dir;
  const std::vector<Spike> train = {{0, 1}, {0, 5}, {7, 2}, {300, 65535}};
  io::write_spikes(dir / "ok.aer", train);
  const std::string good = test::read_text(dir / "ok.aer");
  REQUIRE(good.substr(0, 6) == "SYNAER");

  test::write_text(dir / "bad.aer", good.substr(0, good.size() - 3));
  expect_file_error([&] { io::read_spikes(dir / "bad.aer"); }, {"bad.aer", "byte", "truncated"});
  test::write_text(dir / "bad.aer", good.substr(0, 10));
  expect_file_error([&] { io::read_spikes(dir / "bad.aer"); }, {"bad.aer", "byte", "truncated"});

  // Any flipped bit after the header: a step, a count, an index, the total
  // or the checksum (these were read as other spikes before version 2).
  for (size_t at = 8; at < good.size(); ++at) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = good;
      flipped[at] = static_cast<char>(flipped[at] ^ (1 << bit));
      test::write_text(dir / "bad.aer", flipped);
      INFO("byte " << at << " bit " << bit);
      expect_file_error([&] { io::read_spikes(dir / "bad.aer"); }, {"bad.aer", "checksum mismatch"});
    }
  }

  test::write_text(dir / "bad.aer", "SYNAEX" + good.substr(6));
  expect_file_error([&] { io::read_spikes(dir / "bad.aer"); }, {"bad.aer", "not an AER spike file"});

  std::string v3 = good;
  v3[6] = 3;
  test::write_text(dir / "bad.aer", v3);
  expect_file_error([&] { io::read_spikes(dir / "bad.aer"); }, {"byte 6", "version 3"});

  test::write_text(dir / "bad.aer", good + "x");
  expect_file_error([&] { io::read_spikes(dir / "bad.aer"); }, {"checksum mismatch"});

  // Version 1 has no checksum: its structural checks still hold.
  std::string v1 = good.substr(0, good.size() - 4);
  v1[6] = 1;
  test::write_text(dir / "v1.aer", v1);
  CHECK(io::read_spikes(dir / "v1.aer") == train);
  test::write_text(dir / "bad.aer", v1 + "x");
  expect_file_error([&] { io::read_spikes(dir / "bad.aer"); }, {"1 bytes after the end marker"});
  // A step delta of 2^64 - 1 used to wrap the step back to 2 (found by fuzzing).
  test::write_text(dir / "bad.aer", std::string("SYNAER\x01\x00" "\x03\x01\x01", 11) +
                                        std::string(9, '\xFF') + std::string("\x01\x01\x02\x00\x00\x02", 6));
  expect_file_error([&] { io::read_spikes(dir / "bad.aer"); }, {"byte 11", "step delta", "beyond 4294967295"});
  // An index gap of 2^64 - 1 used to wrap the index back to 0 (found by fuzzing).
  test::write_text(dir / "bad.aer", std::string("SYNAER\x01\x00" "\x00\x02\x05", 11) +
                                        std::string(9, '\xFF') + std::string("\x01\x00\x00\x02", 4));
  expect_file_error([&] { io::read_spikes(dir / "bad.aer"); }, {"byte 11", "is outside [0, 65535]"});
  std::string wrong_total = v1;
  wrong_total.back() = static_cast<char>(wrong_total.back() + 1);
  test::write_text(dir / "bad.aer", wrong_total);
  expect_file_error([&] { io::read_spikes(dir / "bad.aer"); }, {"counts 5 spikes but the file holds 4"});
}

TEST_CASE("probe files round-trip and their errors name the line", "[cli][io]") {
  ScratchDir dir;
  std::vector<ProbeSample> samples = {{0, 3, {1, -2, 3, 4, 5, 6}}, {1, 3, {-8388608, 8388607, 0, 255, 255, 0}}};
  {
    io::ProbeWriter w(dir / "p.csv");
    w.write(samples);
    w.commit();
  }
  CHECK(io::read_probes(dir / "p.csv") == samples);
  // Only the first four columns are required.
  test::write_text(dir / "q.csv", "step,neuron,u,v,extra\n4,1,10,-20,x\n");
  const auto q = io::read_probes(dir / "q.csv");
  REQUIRE(q.size() == 1);
  CHECK(q[0].state == NeuronState{10, -20, 0, 0, 0, 0});
  test::write_text(dir / "r.csv", "step,neuron,u,v\n1,0,9999999,0\n");
  expect_file_error([&] { io::read_probes(dir / "r.csv"); }, {"r.csv:2:", "u 9999999"});
}

TEST_CASE("window files round-trip and reject empty windows", "[cli][io]") {
  ScratchDir dir;
  const std::vector<io::StepWindow> w = {{0, 5}, {10, 30}};
  io::write_windows(dir / "w.csv", w);
  CHECK(io::read_windows(dir / "w.csv") == w);
  test::write_text(dir / "bad.csv", "start,end\n5,5\n");
  expect_file_error([&] { io::read_windows(dir / "bad.csv"); }, {"bad.csv:2:", "not after start"});
}
