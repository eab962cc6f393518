// synfire plot: every plot is written as a valid PNG or SVG of plausible size.
#include <catch2/catch.hpp>

#include "cli_runner.hpp"
#include "network_json.hpp"
#include "spike_file.hpp"

using namespace synfire;
using test::ScratchDir;
using test::run_cli;

namespace {

uint32_t be32(const std::string& s, size_t at) {
  return (uint32_t(uint8_t(s[at])) << 24) | (uint32_t(uint8_t(s[at + 1])) << 16) |
         (uint32_t(uint8_t(s[at + 2])) << 8) | uint32_t(uint8_t(s[at + 3]));
}

// A PNG signature, an IHDR of the given size, an IEND at the end.
void check_png(const std::filesystem::path& p, uint32_t width, uint32_t height) {
  INFO(p);
  REQUIRE(std::filesystem::exists(p));
  const std::string data = test::read_text(p);
  REQUIRE(data.size() > 5000);  // a real picture, not an empty canvas
  CHECK(data.substr(0, 8) == "\x89PNG\r\n\x1a\n");
  CHECK(data.substr(12, 4) == "IHDR");
  CHECK(be32(data, 16) == width);
  CHECK(be32(data, 20) == height);
  CHECK(data.substr(data.size() - 8, 4) == "IEND");
}

void check_svg(const std::filesystem::path& p) {
  INFO(p);
  REQUIRE(std::filesystem::exists(p));
  const std::string data = test::read_text(p);
  CHECK(data.size() > 5000);
  CHECK(data.rfind("<?xml", 0) == 0);
  CHECK(data.find("<svg") != std::string::npos);
  CHECK(data.find("</svg>") != std::string::npos);
}

}  // namespace

TEST_CASE("raster, traces, weights and histogram plots are valid PNG and SVG files", "[cli]") {
  std::mt19937_64 rng(test::test_seed("plots"));
  ScratchDir dir;
  const Network net = test::random_network(rng, 12, 30, test::kCliNetworks);
  save_network(net, dir / "net.json");
  io::write_spikes(dir / "in.csv", test::random_inputs(rng, 30, 400, 0.08));
  test::write_text(dir / "windows.csv", "start,end\n20,40\n200,230\n");
  auto r = run_cli({"run", "-n", "net.json", "-k", "400", "-i", "in.csv", "-s", "out.aer", "-w", "after.json",
                    "--probe", "0,3", "--probe-out", "p.csv", "-q"},
                   dir.path());
  REQUIRE(r.status == 0);

  const std::vector<std::vector<std::string>> plots = {
      {"raster", "-s", "out.aer", "-i", "in.csv", "--shade", "windows.csv", "-n", "net.json", "--title", "a run",
       "--highlight", "in.csv", "--highlight-label", "all of them"},
      {"raster", "-s", "out.aer", "--from", "100", "--to", "300"},
      {"traces", "--probes", "p.csv", "-n", "net.json"},
      {"traces", "--probes", "p.csv", "-s", "out.aer", "--shade", "windows.csv", "--neurons", "3", "--to", "200"},
      {"weights", "-n", "net.json", "-a", "after.json"},
      {"weights", "-n", "net.json"},
      {"hist", "-n", "net.json", "-a", "after.json"},
  };
  int k = 0;
  for (const auto& p : plots) {
    for (const char* ext : {".png", ".svg"}) {
      const std::string name = "plot" + std::to_string(k) + ext;
      std::vector<std::string> args = {"plot"};
      args.insert(args.end(), p.begin(), p.end());
      args.insert(args.end(), {"-o", name, "--width", "900", "--height", "600"});
      r = run_cli(args, dir.path());
      INFO(r.err);
      REQUIRE(r.status == 0);
      if (std::string(ext) == ".png") {
        check_png(dir / name, 900, 600);
      } else {
        check_svg(dir / name);
      }
    }
    ++k;
  }
}

TEST_CASE("plots refuse what they cannot draw", "[cli]") {
  ScratchDir dir;
  test::write_text(dir / "empty.csv", "step,index\n");
  test::write_text(dir / "p.csv", "step,neuron,u,v\n0,0,1,2\n");
  Network small = Network::empty(2, 0);
  save_network(small, dir / "none.json");
  const auto before = dir.files();
  auto r = run_cli({"plot", "raster", "-s", "empty.csv", "-o", "r.png"}, dir.path());
  CHECK(r.status == 1);
  CHECK(r.err.find("no spikes to plot") != std::string::npos);
  r = run_cli({"plot", "weights", "-n", "none.json", "-o", "w.png"}, dir.path());
  CHECK(r.status == 1);
  CHECK(r.err.find("no weights to plot") != std::string::npos);
  r = run_cli({"plot", "traces", "--probes", "p.csv", "--from", "5", "-o", "t.png"}, dir.path());
  CHECK(r.status == 1);
  CHECK(r.err.find("no probe samples") != std::string::npos);
  CHECK(dir.files() == before);
}
