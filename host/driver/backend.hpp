// The interface every synfire back end implements: the reference model in
// process (`model`), the RTL under Verilator in process (`sim`), and a board
// or the virtual board behind a serial port. The CLI talks only to this
// interface, so the same commands give the same bits on all three.
//
// Every method either succeeds or throws BackendError (or a subclass) whose
// what() is one line naming the problem; none prints or exits.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "network.hpp"
#include "simulator.hpp"
#include "state_file.hpp"

namespace synfire {

class BackendError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The network does not fit the board (too many neurons, inputs, weight bits,
// or a feature the board lacks); what() says which limit.
class CapacityError : public BackendError {
 public:
  using BackendError::BackendError;
};

// Feature bits: bits 0-4 as reported by INFO; the optional learning
// features (bits 5, 6) are the core's (RegConfig), read by the back end.
enum Feature : uint32_t {
  kFeatureStdp = 1u << 0,             // on-chip STDP
  kFeatureAdaptation = 1u << 1,       // adaptive thresholds
  kFeaturePlasticPerSynapse = 1u << 2,// plastic flag per synapse (else one per presynaptic row)
  kFeatureFreeRun = 1u << 3,          // free-running at a fixed step period
  kFeatureProbes = 1u << 4,           // neuron states sampled during runs
  kFeatureSoftBound = 1u << 5,        // soft-bound STDP rule (stdp.rule "soft_bound")
  kFeatureAdaptInterval = 1u << 6,    // adaptation decaying every 2^k steps (adapt_interval_log2)
  kFeatureDelays = 1u << 7,           // axonal delays (delays.recurrent / delays.input)
  kFeatureWeightNorm = 1u << 9,       // weight normalisation (weight_norm)
  kFeatureWideTraces = 1u << 10,      // 24-bit STDP traces (stdp.trace_bits 24; RegConfig [22])
};

// The names of the features set in `features`, in bit order, as `synfire
// info` and the Python module's info() report them ("stdp", "weight-norm").
std::vector<std::string> feature_names(uint32_t features);

// Which image a board runs (INFO): the first 32 bits of the commit it was
// built from, flags (bit 0: the tree had uncommitted changes) and its
// configuration's name. All zero/empty: no build identity (the model).
struct BuildId {
  uint32_t commit = 0;
  uint8_t flags = 0;
  std::string config;
  bool dirty() const { return (flags & 1) != 0; }
  // "icebreaker, commit 1a2b3c4d" (", with uncommitted changes"); for a
  // simulation model built without a commit "sim256 (simulation, no commit)";
  // "none" when empty.
  std::string text() const;
};

// What is behind a back end.
struct BoardInfo {
  std::string kind;              // "model", "sim", or the board name
  uint32_t protocol_version = 0; // 0 for in-process back ends without a protocol
  uint32_t neurons = 0;          // capacity N
  uint32_t inputs = 0;           // capacity M
  uint32_t weight_bits = 0;      // widest weights supported
  uint32_t clock_hz = 0;         // core clock (0: not a clocked device)
  uint32_t baud = 0;             // UART baud (0: no UART)
  uint32_t features = 0;         // Feature bits
  BuildId build;                 // the image's identity (devices only)
};

// Counters of everything the link or the board dropped or repaired. Nothing is
// dropped silently: a run reports these, and the CLI prints non-zero ones.
struct LinkStats {
  uint64_t crc_errors = 0;        // frames the board or host rejected for a bad CRC
  uint64_t framing_errors = 0;    // malformed frames (bad COBS, bad length)
  uint64_t retries = 0;           // frames the host sent again after a NACK or timeout
  uint64_t dropped_frames = 0;    // frames the board could not accept
  uint64_t output_overflows = 0;  // free-run steps of which the board had to drop spikes
  uint64_t late_steps = 0;        // free-running steps that started after their period
  bool operator==(const LinkStats&) const = default;
};

struct RunRequest {
  uint32_t steps = 0;
  std::span<const Spike> inputs;        // input spikes, step relative to the start of this run
  std::span<const uint32_t> probes;     // neurons whose state is sampled
  uint32_t probe_every = 1;             // sample the probes every k steps (k >= 1)
  // Called as spikes arrive (step relative to the start of this run), in order of (step, neuron).
  std::function<void(std::span<const Spike>)> on_spikes;
  // Called as probe samples arrive (step relative to the start of this run).
  std::function<void(std::span<const ProbeSample>)> on_probes;
  // Called now and then with the number of steps done.
  std::function<void(uint32_t done, uint32_t total)> on_progress;
  // Free-running: one step every period_us microseconds, paced by the board's
  // clock; output that cannot keep up is dropped and counted (LinkStats)
  // rather than slowing the steps. 0: steps as fast as possible, lossless.
  // Back ends without a clock (model) ignore it.
  uint32_t period_us = 0;
};

struct RunSummary {
  uint32_t steps = 0;
  uint64_t spikes = 0;
  LinkStats link;  // what this run dropped or repaired
};

// Called now and then during an upload or a read-back with how much of it is
// done and its total, both in the back end's units (words of the core's
// memory on sim and boards; the synapses of the network on the model, which
// takes them at once); the values grow and the last call has done == total.
// May throw to abandon the call (Ctrl-C).
using TransferProgress = std::function<void(uint64_t done, uint64_t total)>;

// (The default arguments below are the only ones: every caller goes through
// this interface, never through an implementation's type.)
class Backend {
 public:
  virtual ~Backend() = default;
  virtual BoardInfo info() = 0;
  // Checks that the network fits this back end (throws CapacityError).
  void check_fits(const Network& net);
  // Uploads the whole network (parameters, weights, flags, seed, learning
  // switch) and resets all state to zero and the step counter to 0.
  virtual void load(const Network& net, const TransferProgress& progress = {}) = 0;
  virtual void set_learning(bool on) = 0;
  // Runs steps from the current state; spikes and probes go to the callbacks.
  virtual RunSummary run(const RunRequest& request) = 0;
  // Reads the network back, with its current (learned) weights.
  virtual Network read_network(const TransferProgress& progress = {}) = 0;
  virtual NeuronState neuron_state(uint32_t neuron) = 0;
  // The whole dynamic state (step counter, neuron states, pending spikes,
  // axon traces; docs/file-formats.md, "State files"), and setting it: a run
  // after write_state(read_state()) continues as if never interrupted.
  // write_state throws BackendError if the state does not fit the network.
  virtual NetworkState read_state() = 0;
  virtual void write_state(const NetworkState& state) = 0;
  // Current step counter.
  virtual uint32_t time() = 0;
  // `hook` is called at least every 100 ms while the back end waits for a
  // board (uploads, runs, read-backs) and may throw to abandon the call
  // (Ctrl-C); the back end is then unusable. In-process back ends ignore it.
  virtual void set_wait_hook(std::function<void()> hook) { (void)hook; }
};

// The reference model in process.
std::unique_ptr<Backend> make_model_backend();

}  // namespace synfire
