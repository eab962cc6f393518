// synfire's help, version, info and command-line mistakes.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using synfire::test::run_cli;

TEST_CASE("help lists every command and exits 0", "[cli]") {
  const auto r = run_cli({"--help"});
  CHECK(r.status == 0);
  for (const char* cmd : {"ports", "info", "load", "run", "weights", "board", "flash", "plot", "bench", "convert"}) {
    CHECK(r.out.find(cmd) != std::string::npos);
  }
  CHECK(run_cli({"run", "--help"}).status == 0);
  CHECK(run_cli({"plot", "raster", "--help"}).status == 0);
  const auto v = run_cli({"--version"});
  CHECK(v.status == 0);
  CHECK_FALSE(v.out.empty());
}

TEST_CASE("info describes the model back end in text and JSON", "[cli]") {
  const auto text = run_cli({"info", "--port", "model"});
  CHECK(text.status == 0);
  CHECK(text.out.find("model") != std::string::npos);
  CHECK(text.out.find("4096") != std::string::npos);
  const auto js = run_cli({"info", "--json"});
  REQUIRE(js.status == 0);
  const auto j = nlohmann::json::parse(js.out);
  CHECK(j["kind"] == "model");
  CHECK(j["neurons"] == 4096);
  CHECK(j["weight_bits"] == 8);
  CHECK(j["features"].size() >= 1);
}

TEST_CASE("command-line mistakes give one error line and exit status 2", "[cli]") {
  struct Case {
    std::vector<std::string> args;
    std::string fragment;
  };
  const Case cases[] = {
      {{}, "synfire needs a command: ports, info"},
      {{"frobnicate"}, "unknown command \"frobnicate\""},
      {{"run", "--network", "x.json"}, "--steps is required"},
      {{"run", "--network", "x.json", "--steps", "0"}, "--steps"},
      {{"run", "--network", "x.json", "--steps", "ten"}, "--steps"},
      {{"run", "--steps", "5"}, "--network is required with --port model"},
      {{"run", "--network", "x.json", "--steps", "5", "--learn", "maybe"}, "--learn"},
      {{"plot", "raster", "--spikes", "s.csv"}, "--out is required"},
      {{"weights", "--network", "x.json"}, "give --in FILE, --out FILE or both"},
  };
  for (const Case& c : cases) {
    const auto r = run_cli(c.args);
    INFO(r.err);
    CHECK(r.status == 2);
    CHECK(r.err.rfind("synfire: error: ", 0) == 0);
    CHECK(r.err.find(c.fragment) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.out.empty());
  }
}
