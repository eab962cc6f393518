// The board table: the built-in rows, their agreement with the files they
// name, lookups, and the validator's errors on broken rows.
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "boards.hpp"

namespace fs = std::filesystem;
using namespace synfire::boards;
using nlohmann::json;

namespace {

json builtin_json() {
  std::ifstream in(fs::path(SYNFIRE_SOURCE_DIR) / "boards" / "boards.json");
  REQUIRE(in);
  return json::parse(in);
}

// Parses the built-in table after `edit` changed its first row.
std::vector<Board> parse_edited(const std::function<void(json&)>& edit) {
  json doc = builtin_json();
  edit(doc["boards"][0]);
  return parse_board_table(doc.dump(), "edited.json");
}

void require_error(const std::function<void(json&)>& edit, const std::string& fragment) {
  try {
    parse_edited(edit);
    FAIL("no error; expected one mentioning \"" << fragment << "\"");
  } catch (const BoardError& e) {
    INFO("error: " << e.what());
    CHECK(std::string(e.what()).find(fragment) != std::string::npos);
    CHECK(std::string(e.what()).find("edited.json: boards[0]") == 0);
  }
}

}  // namespace

TEST_CASE("the built-in table holds the supported boards", "[boards]") {
  const auto& all = boards();
  REQUIRE(all.size() >= 4);
  for (const char* name : {"icebreaker", "cmod-a7", "arty-a7-35", "arty-a7-100"}) {
    CHECK(board_by_name(name).name == name);
  }
  const Board& ice = board_by_name("icebreaker");
  CHECK(ice.family == Family::kIce40);
  CHECK(ice.oscillator_hz == 12'000'000);
  CHECK(ice.baud == 3'000'000);
  CHECK(ice.programmer.default_target == FlashTarget::kFlash);
  CHECK_FALSE(ice.programmer.sram);
  // The issue's targets: N = M = 256 with 8-bit weights on the iCEBreaker,
  // at least 4x NeuroCoreX's 90 neurons on the Cmod A7-35T.
  CHECK(ice.neurons == 256);
  CHECK(ice.inputs == 256);
  CHECK(ice.weight_bits == 8);
  CHECK(ice.core_clock_hz >= 24'000'000);
  CHECK(ice.weight_ram == WeightRam::kIce40Spram);
  CHECK(ice.plastic == PlasticGranularity::kRow);
  const Board& cmod = board_by_name("cmod-a7");
  CHECK(cmod.neurons >= 360);
  CHECK(cmod.plastic == PlasticGranularity::kSynapse);
  CHECK(cmod.stdp);
}

TEST_CASE("the built-in table agrees with the built-in file", "[boards]") {
  // The embedded copy is regenerated whenever boards.json changes.
  CHECK(parse_board_table(builtin_json().dump(), "boards.json").size() == boards().size());
}

TEST_CASE("every row names files that exist", "[boards]") {
  const fs::path root(SYNFIRE_SOURCE_DIR);
  for (const Board& b : boards()) {
    INFO(b.name);
    CHECK(fs::is_regular_file(root / b.constraints));
    CHECK(fs::is_regular_file(root / b.top_dir / (b.top_module + ".sv")));
  }
}

TEST_CASE("every UART divisor is exact or within 1%", "[boards]") {
  for (const Board& b : boards()) {
    INFO(b.name);
    const uint32_t div = (b.core_clock_hz + b.baud / 2) / b.baud;
    CHECK(div >= 8);
    CHECK(std::abs(static_cast<double>(b.core_clock_hz) / div - b.baud) <= 0.01 * b.baud);
  }
}

TEST_CASE("board_by_name accepts aliases and names the known boards", "[boards]") {
  CHECK(board_by_name("arty-a7").name == "arty-a7-35");
  CHECK(board_by_name("cmod-a7-35").name == "cmod-a7");
  try {
    board_by_name("de10-nano");
    FAIL("no error");
  } catch (const BoardError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("unknown board \"de10-nano\"") != std::string::npos);
    CHECK(msg.find("icebreaker") != std::string::npos);
    CHECK(msg.find("cmod-a7") != std::string::npos);
  }
}

TEST_CASE("boards_for_usb narrows by the USB strings", "[boards]") {
  CHECK(boards_for_usb(0x0403, 0x6010).size() == 4);
  CHECK(boards_for_usb(0x0403, 0x6001).empty());
  const auto ice = boards_for_usb(0x0403, 0x6010, "1BitSquared", "iCEBreaker V1.0e");
  REQUIRE(ice.size() == 1);
  CHECK(ice[0]->name == "icebreaker");
  const auto digilent = boards_for_usb(0x0403, 0x6010, "Digilent", "Digilent USB Device");
  CHECK(digilent.size() == 3);
  for (const Board* b : digilent) CHECK(b->family == Family::kXc7);
}

TEST_CASE("the validator names the row and field of each problem", "[boards]") {
  require_error([](json& r) { r["colour"] = "blue"; }, "colour is not a known field");
  require_error([](json& r) { r.erase("baud"); }, "baud is missing");
  require_error([](json& r) { r["family"] = "ecp5"; }, "family = \"ecp5\"");
  require_error([](json& r) { r["neurons"] = 0; }, "neurons = 0 is outside");
  require_error([](json& r) { r["neurons"] = -4; }, "neurons must be a non-negative integer");
  require_error([](json& r) { r["neurons"] = 384; }, "neurons = 384 must be a power of two");
  require_error([](json& r) { r["weight_bits"] = 9; }, "weight_bits = 9");
  require_error([](json& r) { r["plastic_granularity"] = "column"; }, "plastic_granularity");
  require_error([](json& r) { r["syn_lanes"] = 6; }, "syn_lanes = 6 must be a power of two");
  require_error([](json& r) { r["syn_lanes"] = 256; }, "neurons must be at least 2 * syn_lanes");
  require_error([](json& r) { r["inputs"] = 257; }, "inputs = 257 must be a multiple of syn_lanes");
  require_error([](json& r) { r["inputs"] = 2; }, "at least twice it");
  require_error([](json& r) { r["weight_ram"] = "bram"; }, "weight_ram = \"bram\"");
  require_error([](json& r) { r["free_run"] = 1; }, "free_run must be true or false");
  require_error([](json& r) { r.erase("free_run"); }, "free_run is missing");
  require_error([](json& r) {
    r["family"] = "xc7";
    r["bitstream"] = "out/x.bit";
    r["constraints"] = "x.xdc";
  }, "weight_ram = \"ice40_spram\"");
  require_error([](json& r) { r["usb"]["id"] = "403:6010"; }, "usb.id");
  require_error([](json& r) { r["usb"]["id"] = "0403:60g0"; }, "usb.id");
  require_error([](json& r) { r["usb"]["serial"] = "x"; }, "usb.serial is not a known field");
  require_error([](json& r) { r["programmer"]["default"] = "sram"; }, "programmer.default");
  require_error([](json& r) { r["programmer"]["tool"] = "iceprog"; }, "programmer.tool");
  require_error([](json& r) { r["bitstream"] = "/tmp/x.bin"; }, "bitstream = \"/tmp/x.bin\"");
  require_error([](json& r) { r["constraints"] = "../x.pcf"; }, "constraints");
  require_error([](json& r) { r["bitstream"] = "out/x.bit"; }, "bitstream must end in .bin");
  require_error([](json& r) { r["name"] = "Ice Breaker"; }, "name = \"Ice Breaker\"");
  require_error([](json& r) { r["top_module"] = "3top"; }, "top_module");
  // 24 MHz / 8 is 3 Mbaud exactly; 50 MHz / 17 is 2% off; 24 MHz / 3 is too few clocks per bit.
  require_error([](json& r) { r["core_clock_hz"] = 50'000'000; }, "more than 1% away");
  require_error([](json& r) { r["baud"] = 8'000'000; }, "at least 8 core clocks per bit");
  require_error([](json& r) { r["aliases"] = json::array({"icebreaker"}); }, "\"icebreaker\" is used twice");
}

TEST_CASE("the validator rejects broken documents", "[boards]") {
  CHECK_THROWS_WITH(parse_board_table("{", "t.json"), Catch::Contains("t.json: not valid JSON"));
  CHECK_THROWS_WITH(parse_board_table("[]", "t.json"), Catch::Contains("must be a JSON object"));
  CHECK_THROWS_WITH(parse_board_table(R"({"schema": 2, "boards": []})", "t.json"),
                    Catch::Contains("schema must be 1"));
  CHECK_THROWS_WITH(parse_board_table(R"({"schema": 1, "boards": []})", "t.json"),
                    Catch::Contains("non-empty array"));
  CHECK_THROWS_WITH(load_board_table("/nonexistent/boards.json"),
                    Catch::Contains("cannot open board table /nonexistent/boards.json"));
}

TEST_CASE("names of the enumerations", "[boards]") {
  CHECK(to_string(Family::kIce40) == "ice40");
  CHECK(to_string(Family::kXc7) == "xc7");
  CHECK(to_string(PlasticGranularity::kRow) == "row");
  CHECK(to_string(FlashTarget::kFlash) == "flash");
  CHECK(to_string(WeightRam::kIce40Spram) == "ice40_spram");
  CHECK(to_string(WeightRam::kDual) == "dual");
}
