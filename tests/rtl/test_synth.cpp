// Synthesis smoke test: tools/synth-core (yosys + nextpnr's packer) must
// accept the core in its UP5K configuration and it must fit the device.
// Whether it also leaves room for the board top's UART and protocol logic
// is reported by `make bench` (metric fits_with_reserve).
#include <catch2/catch.hpp>

#include <cstdio>
#include <iostream>
#include <string>

TEST_CASE("the iCE40 core synthesizes and fits the UP5K", "[rtl][slow]") {
  const std::string cmd = std::string(SYNFIRE_SOURCE_DIR) +
                          "/tools/synth-core --reserve-lc 0 --reserve-ebr 0 --out " +
                          SYNFIRE_BUILD_DIR + "/synth-test";
  FILE* pipe = popen(cmd.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe) != nullptr) out += buf;
  const int status = pclose(pipe);
  std::cout << out;
  INFO(out);
  REQUIRE(out.find("\"metric\": \"logic_cells\"") != std::string::npos);
  CHECK(out.find("\"fits_with_reserve\", \"value\": true") != std::string::npos);
  CHECK(status == 0);
}
