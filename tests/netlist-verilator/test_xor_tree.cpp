// test_netlist_verilator: xor_tree.v, yosys gates that Verilator 5.006's
// bit-op-tree optimisation miscompiles, verilated with the netlist models'
// flags (must be right on every input) and with plain -O3 (must be wrong
// on a Verilator older than 5.010, which has the bug: else the sample no
// longer shows it). The reference is the same gates in C++.
#include <catch2/catch.hpp>
#include <verilated.h>

#include <cstdint>
#include <memory>

#include "Vxor_tree_netlist.h"
#include "Vxor_tree_plain.h"

namespace {

// xor_tree.v gate by gate.
unsigned reference(uint32_t in) {
  auto b = [in](int k) { return (in >> k) & 1u; };
  auto inv = [](unsigned v) { return ~v & 1u; };
  const unsigned g31499 = b(0) | b(1);
  const unsigned g31425 = b(4) & inv(b(5));
  const unsigned g31421 = b(6) & inv(b(7));
  const unsigned g31417 = b(8) & inv(b(9));
  const unsigned g31408 = inv(b(11) ^ b(12));
  const unsigned g31414 = inv(b(10) ^ g31408);
  const unsigned g31418 = inv(g31417 ^ g31414);
  const unsigned g31422 = inv(g31421 ^ g31418);
  const unsigned g31426 = inv(g31425 ^ g31422);
  const unsigned g31427 = g31426 ^ b(13);
  const unsigned g31501 = b(3) | g31427;
  const unsigned g31431 = inv(b(3) ^ g31427);
  const unsigned g31502 = inv(b(14) | g31431);
  const unsigned g31503 = g31501 & inv(g31502);
  const unsigned g31506 = g31503 & inv(b(15));
  const unsigned g31509 = g31506 & inv(b(16));
  const unsigned g31510 = b(2) & inv(g31509);
  const unsigned g31511 = g31499 & inv(g31510);
  return g31511 ^ b(17);
}

constexpr uint32_t kInputs = 1u << 18;

// Inputs (of kInputs) on which `model` differs from the reference.
template <class Model>
int wrong_inputs(Model& model) {
  int wrong = 0;
  for (uint32_t in = 0; in < kInputs; ++in) {
    model.in = in;
    model.eval();
    if (model.y != reference(in)) ++wrong;
  }
  return wrong;
}

}  // namespace

TEST_CASE("the netlist models' Verilator flags get yosys's XOR tree right", "[netlist-verilator]") {
  VerilatedContext ctx;
  Vxor_tree_netlist model(&ctx);
  CHECK(wrong_inputs(model) == 0);
}

TEST_CASE("plain -O3 gets it wrong on a Verilator that has the bug", "[netlist-verilator]") {
  VerilatedContext ctx;
  Vxor_tree_plain model(&ctx);
  const int wrong = wrong_inputs(model);
  INFO("Verilator " << VERILATOR_VERSION_INTEGER << ": " << wrong << " of " << kInputs
                     << " inputs wrong");
  if (VERILATOR_VERSION_INTEGER < 5010000) {
    CHECK(wrong > 0);
  } else {
    WARN("plain -O3: " << wrong << " of " << kInputs << " inputs wrong (fixed in 5.010)");
  }
}
