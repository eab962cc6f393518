// The network file format (docs/network-format.md): round trips of random
// networks, the example of the documentation, and bad files rejected with a
// message that names the problem.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "network_json.hpp"
#include "random_network.hpp"

namespace synfire {
namespace {

using Catch::Matchers::Contains;
using nlohmann::json;

// A scratch directory under the build tree's working directory, removed at the end.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("synfire-test-json-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  static int& counter() {
    static int c = 0;
    return c;
  }
};

TEST_CASE("random networks survive a JSON round trip, dense and sparse", "[model][json]") {
  const uint64_t seed = test::test_seed("json round trip");
  int delays_seen = 0;
  INFO("seed " << seed);
  test::Rng rng(seed);
  TempDir dir;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  int sparse_seen = 0, dense_seen = 0;
  for (int k = 0; k < 60; ++k) {
    const int n = std::uniform_int_distribution<int>(1, 40)(rng);
    const int m = std::uniform_int_distribution<int>(0, 20)(rng);
    const double density = std::array{0.0, 0.05, 0.3, 1.0}[static_cast<size_t>(k % 4)];
    Network net = test::random_network(
        rng, n, m, {.values = test::Values::kExtreme, .per_row_flags = false, .density = density, .learning = {}});
    net.learning = unit(rng) < 0.5;
    if (k % 3 == 0) {
      // All neurons alike: no overrides are written.
      for (NeuronParams& p : net.params) p = net.params[0];
    }
    const json doc = network_to_json(net);
    const std::string block = doc["weights"]["recurrent"].contains("edges") ? "edges" : "dense";
    (block == "edges" ? sparse_seen : dense_seen)++;
    CHECK(doc.contains("delays") == net.has_delays());  // written only when used
    delays_seen += net.has_delays() ? 1 : 0;
    INFO("case " << k << " N=" << n << " M=" << m << " density " << density << " " << block);
    // Through text, as in a file.
    REQUIRE(network_from_json(json::parse(doc.dump())) == net);
    const auto path = dir.path / ("net" + std::to_string(k) + ".json");
    save_network(net, path);
    REQUIRE(load_network(path) == net);
  }
  CHECK(sparse_seen > 0);
  CHECK(dense_seen > 0);
  CHECK(delays_seen > 0);
}

// The example of docs/network-format.md, verbatim.
const char* const kExample = R"({
  "format": "synfire-network",
  "version": 1,
  "neurons": 3,
  "inputs": 2,
  "weight_bits": 8,
  "weight_exp": {"recurrent": 2, "input": 4},
  "seed": 42,
  "learning": true,
  "neuron_defaults": {"decay_u": 742, "decay_v": 200, "threshold": 1024, "v_reset": -100},
  "neuron_overrides": [{"index": 2, "bias": 30}],
  "stdp": {"a_plus": 128, "a_minus": 64, "shift": 13, "trace_inc_pre": 64,
           "trace_inc_post": 64, "decay_pre": 200, "decay_post": 100, "w_min": 0, "w_max": 100},
  "weights": {
    "recurrent": {"edges": [[0, 1, 20], [1, 0, 0, 1], [1, 1, 0, 1], [1, 2, 20, 1], [2, 0, -40]],
                  "plastic": false},
    "input": {"dense": [[50, 0, 0], [0, 50, 0]], "plastic": [[1, 1, 1], [0, 0, 0]]}
  }
})";

TEST_CASE("the documented example reads as documented", "[model][json]") {
  const Network net = network_from_json(json::parse(kExample));
  CHECK(net.neurons == 3);
  CHECK(net.inputs == 2);
  CHECK(net.weight_exp_rec == 2);
  CHECK(net.weight_exp_in == 4);
  CHECK(net.seed == 42);
  CHECK(net.learning);
  CHECK(net.params[0] == NeuronParams{.decay_u = 742, .decay_v = 200, .bias = 0, .threshold = 1024,
                                      .v_reset = -100, .refractory = 0});
  CHECK(net.params[2].bias == 30);
  CHECK(net.params[2].threshold == 1024);  // defaults apply under overrides
  CHECK(net.stdp.w_max == 100);
  CHECK(net.w_rec == std::vector<int8_t>{0, 20, 0, 0, 0, 20, -40, 0, 0});
  CHECK(net.plastic_rec == std::vector<uint8_t>{0, 0, 0, 1, 1, 1, 0, 0, 0});
  CHECK(net.w_in == std::vector<int8_t>{50, 0, 0, 0, 50, 0});
  CHECK(net.plastic_in == std::vector<uint8_t>{1, 1, 1, 0, 0, 0});
}

TEST_CASE("defaults: a minimal file", "[model][json]") {
  const Network net = network_from_json(
      json::parse(R"({"format": "synfire-network", "version": 1, "neurons": 2, "inputs": 0,
                      "weight_bits": 4})"));
  CHECK(net.weight_exp_rec == 0);
  CHECK(net.seed == 0);
  CHECK(!net.learning);
  CHECK(net.params[1] == NeuronParams{});
  CHECK(net.stdp.w_min == -8);  // the full range of the weight width
  CHECK(net.stdp.w_max == 7);
  CHECK(net.w_rec == std::vector<int8_t>(4, 0));
  CHECK(net.plastic_rec == std::vector<uint8_t>(4, 0));
}

// Applies a JSON merge patch to the example and expects a rejection whose
// message contains every fragment.
void expect_rejected(const char* patch, std::initializer_list<const char*> fragments) {
  json doc = json::parse(kExample);
  doc.merge_patch(json::parse(patch));
  INFO("patch " << patch);
  try {
    network_from_json(doc);
    FAIL("accepted");
  } catch (const NetworkFormatError& e) {
    for (const char* f : fragments) CHECK_THAT(e.what(), Contains(f));
  }
}

TEST_CASE("bad documents are rejected with a message naming the problem", "[model][json]") {
  expect_rejected(R"({"neurons": null})", {"neurons", "missing field"});
  expect_rejected(R"({"format": null})", {"format", "missing field"});
  expect_rejected(R"({"format": "other"})", {"format", "synfire-network"});
  expect_rejected(R"({"version": 2})", {"version", "2 is not supported"});
  expect_rejected(R"({"neurons": "3"})", {"neurons", "expected an integer, got a string"});
  expect_rejected(R"({"neurons": 3.5})", {"neurons", "fractional"});
  expect_rejected(R"({"neurons": 4097})", {"neurons", "4097 is outside [1, 4096]"});
  expect_rejected(R"({"inputs": 5000})", {"inputs", "5000 is outside [0, 4096]"});
  expect_rejected(R"({"neurons": 0})", {"neurons", "outside"});
  expect_rejected(R"({"learning": 1})", {"learning", "true or false"});
  expect_rejected(R"({"seed": -1})", {"seed", "outside [0, 4294967295]"});
  expect_rejected(R"({"weight_bits": 9})", {"weight_bits = 9 is outside [2, 8]"});
  // Found by fuzzing: the STDP defaults were computed with a shift by 40 first.
  expect_rejected(R"({"weight_bits": 41, "stdp": null})", {"weight_bits = 41 is outside [2, 8]"});
  expect_rejected(R"({"weight_bits": -3, "stdp": null})", {"weight_bits = -3 is outside [2, 8]"});
  expect_rejected(R"({"weight_exp": {"recurrent": 9}})", {"weight_exp.recurrent = 9"});
  expect_rejected(R"({"weight_exp": {"rec": 1}})", {"weight_exp.rec", "unknown field"});
  expect_rejected(R"({"bogus": 1})", {"bogus", "unknown field"});
  expect_rejected(R"({"neuron_defaults": {"tau": 3}})", {"neuron_defaults.tau", "unknown field"});
  expect_rejected(R"({"neuron_defaults": {"decay_u": 5000}})",
                  {"neurons[0].decay_u = 5000 is outside [0, 4095]"});
  expect_rejected(R"({"neuron_defaults": {"bias": 8388608}})", {"bias = 8388608 is outside"});
  expect_rejected(R"({"neuron_overrides": [{"bias": 1}]})", {"neuron_overrides[0].index", "missing field"});
  expect_rejected(R"({"neuron_overrides": [{"index": 3}]})", {"neuron_overrides[0].index", "3 is outside [0, 2]"});
  expect_rejected(R"({"stdp": {"shift": 16}})", {"stdp.shift = 16 is outside [0, 15]"});
  expect_rejected(R"({"stdp": {"gain": 1}})", {"stdp.gain", "unknown field"});
  expect_rejected(R"({"stdp": {"rule": "multiplicative"}})",
                  {"stdp.rule", "expected \"additive\" or \"soft_bound\", got \"multiplicative\""});
  expect_rejected(R"({"stdp": {"rule": 1}})", {"stdp.rule", "got an integer"});
  expect_rejected(R"({"adapt_interval_log2": 16})", {"adapt_interval_log2 = 16 is outside [0, 15]"});
  expect_rejected(R"({"delays": {"recurrent": [0, 16, 0]}})", {"delays.recurrent[1] = 16 is outside [0, 15]"});
  expect_rejected(R"({"delays": {"input": [1]}})", {"delays.input", "has 1 entries, expected 2"});
  expect_rejected(R"({"delays": {"input": [1, -1]}})", {"delays.input[1] = -1 is outside [0, 15]"});
  expect_rejected(R"({"delays": {"axons": [1, 1]}})", {"delays.axons", "unknown field"});
  expect_rejected(R"({"delays": [1, 2]})", {"delays", "expected an object"});
  expect_rejected(R"({"weight_norm": {"shift": 2}})", {"weight_norm.target", "missing field"});
  expect_rejected(R"({"weight_norm": {"target": 10, "shift": 16}})", {"weight_norm.shift = 16 is outside [0, 15]"});
  expect_rejected(R"({"weight_norm": {"target": 10, "interval_log2": -1}})",
                  {"weight_norm.interval_log2 = -1 is outside [0, 15]"});
  expect_rejected(R"({"weight_norm": {"target": 8388608}})", {"weight_norm.target = 8388608 is outside"});
  expect_rejected(R"({"weight_norm": {"target": 1, "every": 3}})", {"weight_norm.every", "unknown field"});
  expect_rejected(R"({"weight_norm": true})", {"weight_norm", "expected an object"});
  expect_rejected(R"({"stdp": {"w_min": 50, "w_max": 10}})", {"stdp.w_max = 10 is outside [50, 127]"});
  expect_rejected(R"({"weights": {"recurrent": {"edges": [[0, 1, 200]]}}})",
                  {"weights.recurrent.edges[0]", "weight 200 is outside [-128, 127]"});
  expect_rejected(R"({"weight_bits": 4, "stdp": {"w_min": null, "w_max": null},
                      "weights": {"recurrent": {"edges": [[0, 1, 9]]}}})",
                  {"weights.recurrent[0][1] = 9 is outside [-8, 7]"});
  expect_rejected(R"({"weights": {"recurrent": {"edges": [[0, 3, 1]]}}})",
                  {"weights.recurrent.edges[0]", "postsynaptic index 3 is outside [0, 2]"});
  expect_rejected(R"({"weights": {"input": {"dense": [[1, 2, 3]], "plastic": false}}})",
                  {"weights.input.dense", "has 1 rows, expected 2"});
  expect_rejected(R"({"weights": {"input": {"dense": [[1, 2], [3, 4]], "plastic": false}}})",
                  {"weights.input.dense[0]", "has 2 entries, expected 3"});
  expect_rejected(R"({"weights": {"input": {"dense": [[1, 2, 3], [3, 4, "x"]], "plastic": false}}})",
                  {"weights.input.dense[1][2]", "expected an integer, got a string"});
  expect_rejected(R"({"weights": {"input": {"edges": [[0, 0, 1]]}}})",
                  {"weights.input", "exactly one of \"dense\" or \"edges\""});
  expect_rejected(R"({"weights": {"input": {"dense": [[1, 1, 1], [0, 0, 0]], "plastic": [[1, 2, 1], [0, 0, 0]]}}})",
                  {"weights.input.plastic[0][1]", "expected 0 or 1"});
  expect_rejected(R"({"weights": {"recurrent": {"edges": [[0, 1]]}}})",
                  {"weights.recurrent.edges[0]", "[pre, post, weight]"});
}

TEST_CASE("integers too large for 64 bits are named, not wrapped", "[model][json]") {
  expect_rejected(R"({"neurons": 18446744073709551615})",
                  {"neurons", "18446744073709551615", "too large"});
  expect_rejected(R"({"seed": 9223372036854775808})", {"seed", "too large"});
}

TEST_CASE("bad files are rejected with the file name and the problem", "[model][json]") {
  TempDir dir;
  const auto path = dir.path / "bad.json";
  auto write = [&](const std::string& text) {
    std::ofstream(path) << text;
  };
  write("{\"format\": \"synfire-network\", \"version\": 1,");
  CHECK_THROWS_WITH(load_network(path), Contains("bad.json") && Contains("malformed JSON"));
  write("");
  CHECK_THROWS_WITH(load_network(path), Contains("bad.json") && Contains("malformed JSON"));
  write("[1, 2]");
  CHECK_THROWS_WITH(load_network(path), Contains("bad.json") && Contains("expected an object, got an array"));
  write(R"({"format": "synfire-network", "version": 1, "inputs": 0})");
  CHECK_THROWS_WITH(load_network(path), Contains("bad.json: neurons: missing field"));
  CHECK_THROWS_WITH(load_network(dir.path / "absent.json"),
                    Contains("absent.json") && Contains("cannot open"));
  CHECK_THROWS_WITH(load_network(dir.path), Contains("is a directory"));
  CHECK_THROWS_AS(save_network(Network::empty(1, 0), dir.path / "no" / "such" / "dir.json"),
                  std::runtime_error);
}

}  // namespace
}  // namespace synfire
