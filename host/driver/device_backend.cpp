#include "device_backend.hpp"

#include <algorithm>
#include <optional>

#include "core_port.hpp"
#include "fixed_point.hpp"

namespace synfire::link {

namespace {

using namespace rtl::port;

// Payload room for data in one request (kMaxBody less type, seq, CRC and the
// WRITE/READ header of format, step and address).
constexpr size_t kWriteData = kMaxBody - 4 - 6;

int32_t sext24(uint32_t x) { return static_cast<int32_t>((x ^ 0x800000u) - 0x800000u); }

std::string hex(uint32_t x) {
  static const char* digits = "0123456789ABCDEF";
  std::string s;
  do {
    s.insert(s.begin(), digits[x & 15]);
    x >>= 4;
  } while (x != 0);
  return "0x" + s;
}

// What a later session needs to read a loaded network back (docs/cli.md,
// "load, weights"): the network's size is not a board register, so an
// upload marks it in state that never affects a run. Every padding neuron
// (index >= n, which never fires) carries v_reset = kPadVReset | m and
// refractory = kPadRefractory, which act only after a spike. With no
// padding neuron (n = N) and m < M, the unused input row M - 1 (its axon
// never spikes; fixed, so STDP never changes it) holds m and a signature.
constexpr int32_t kPadVReset = 0x5A0000;
constexpr int32_t kPadRefractory = 0xA5;
int8_t shape_row_word(uint32_t j, uint32_t m) {
  if (j == 0) return static_cast<int8_t>(m & 0xFF);
  if (j == 1) return static_cast<int8_t>(m >> 8);
  return static_cast<int8_t>((0x5A + 37 * j) & 0xFF);
}

// The link's counters as read from its registers.
struct BoardCounters {
  uint32_t crc = 0, framing = 0, dropped = 0, overflow = 0, late = 0;
};

class DeviceBackend final : public Backend {
 public:
  DeviceBackend(std::unique_ptr<Device> dev, std::string kind)
      : dev_(std::move(dev)), kind_(std::move(kind)) {
    counters_ = read_counters();
    host_ = dev_->counters();
  }

  void set_wait_hook(std::function<void()> hook) override { dev_->on_wait = std::move(hook); }

  BoardInfo info() override {
    const Info& i = dev_->info();
    BoardInfo b;
    b.kind = kind_;
    b.protocol_version = i.version;
    b.neurons = i.neurons;
    b.inputs = i.inputs;
    b.weight_bits = i.weight_bits;
    b.clock_hz = i.clock_hz;
    b.baud = i.baud;
    b.features = i.features;
    return b;
  }

  void load(const Network& net) override {
    check_fits(net);
    const Info& info = dev_->info();
    const uint32_t N = info.neurons;
    const uint32_t M = info.inputs;
    const auto n = static_cast<uint32_t>(net.neurons);
    const auto m = static_cast<uint32_t>(net.inputs);
    net_.reset();

    // Registers RegSeed .. RegWMax, consecutive: one WRITE.
    const StdpParams& s = net.stdp;
    const uint32_t regs[] = {net.seed,
                             net.learning ? 1u : 0u,
                             static_cast<uint32_t>(net.weight_exp_rec),
                             static_cast<uint32_t>(net.weight_exp_in),
                             static_cast<uint32_t>(s.a_plus),
                             static_cast<uint32_t>(s.a_minus),
                             static_cast<uint32_t>(s.shift),
                             static_cast<uint32_t>(s.trace_inc_pre),
                             static_cast<uint32_t>(s.trace_inc_post),
                             static_cast<uint32_t>(s.decay_pre),
                             static_cast<uint32_t>(s.decay_post),
                             static_cast<uint32_t>(s.w_min) & 0xFF,
                             static_cast<uint32_t>(s.w_max) & 0xFF};
    std::vector<uint8_t> data;
    for (uint32_t r : regs) put_u32(data, r);
    dev_->send(kOpWrite, write_payload(kFmt4, 1, reg_addr(kRegSeed), data));

    // Neuron parameters: 8 consecutive fields per neuron, 3 bytes each. The
    // core's unused neurons never fire (docs/rtl.md, "Networks smaller than the core").
    constexpr uint32_t kPerFrame = kWriteData / 24;
    for (uint32_t j0 = 0; j0 < N; j0 += kPerFrame) {
      data.clear();
      for (uint32_t j = j0; j < std::min(N, j0 + kPerFrame); ++j) {
        // Padding neuron: with bias -2^23, v stays <= 0 whatever its input
        // (per-row flags may clip its padding weights away from 0), so it
        // never reaches threshold 2^23-1 and never fires.
        NeuronParams p;
        p.threshold = fx::kPotentialMax;
        p.bias = fx::kPotentialMin;
        p.v_reset = kPadVReset | static_cast<int32_t>(m);  // the shape mark (above)
        p.refractory = kPadRefractory;
        if (j < n) p = net.params[j];
        for (int32_t v : {p.decay_u, p.decay_v, p.decay_adapt, p.bias, p.threshold, p.v_reset,
                          p.refractory, p.adapt_step}) {
          const auto u = static_cast<uint32_t>(v);
          data.insert(data.end(), {static_cast<uint8_t>(u), static_cast<uint8_t>(u >> 8),
                                   static_cast<uint8_t>(u >> 16)});
        }
      }
      dev_->send(kOpWrite, write_payload(kFmt3, 1, param_addr(j0, kParamDecayU), data));
    }

    // Weight words of all (N + M) x N synapses of the core, row by row.
    std::vector<WeightWord> words(static_cast<size_t>(N + M) * N);
    auto row_of = [&](uint32_t pre) -> WeightWord* { return &words[static_cast<size_t>(pre) * N]; };
    for (uint32_t i = 0; i < n; ++i) {
      for (uint32_t j = 0; j < n; ++j) {
        const size_t k = static_cast<size_t>(i) * n + j;
        row_of(i)[j] = {net.w_rec[k], net.plastic_rec[k] != 0};
      }
    }
    for (uint32_t a = 0; a < m; ++a) {
      for (uint32_t j = 0; j < n; ++j) {
        const size_t k = static_cast<size_t>(a) * n + j;
        row_of(N + a)[j] = {net.w_in[k], net.plastic_in[k] != 0};
      }
    }
    if (!(info.features & kFeaturePlasticPerSynapse) && n > 0) {
      // One flag per row: the padding columns keep the row's flag (a write
      // of any word of a row sets the row's flag).
      for (uint32_t i = 0; i < n; ++i) {
        for (uint32_t j = n; j < N; ++j) row_of(i)[j].plastic = net.plastic_rec[size_t{i} * n] != 0;
      }
      for (uint32_t a = 0; a < m; ++a) {
        for (uint32_t j = n; j < N; ++j) row_of(N + a)[j].plastic = net.plastic_in[size_t{a} * n] != 0;
      }
    }
    if (n == N && m < M && N >= 8) {
      for (uint32_t j = 0; j < N; ++j) row_of(N + M - 1)[j] = {shape_row_word(j, m), false};
    }
    send_weights(words, weight_addr(N, 0, 0));
    dev_->send(kOpClear, {});
    dev_->drain();
    net_ = net;
  }

  void set_learning(bool on) override {
    Network& net = loaded();
    write_reg(kRegLearn, on ? 1 : 0);
    dev_->drain();
    net.learning = on;
  }

  RunSummary run(const RunRequest& req) override {
    const Network& net = loaded();
    const Info& info = dev_->info();
    if (req.probe_every == 0) throw BackendError("probe interval must be at least 1 step");
    if (!req.probes.empty() && !(info.features & kFeatureProbes)) {
      throw CapacityError(kind_ + " was built without probes: it cannot stream neuron states");
    }
    if (req.probes.size() > info.max_probes) {
      throw BackendError(kind_ + " samples at most " + std::to_string(info.max_probes) +
                         " neurons per run, not " + std::to_string(req.probes.size()));
    }
    for (uint32_t j : req.probes) {
      if (j >= static_cast<uint32_t>(net.neurons)) {
        throw BackendError("probe neuron " + std::to_string(j) + " is outside the network (" +
                           std::to_string(net.neurons) + " neurons)");
      }
    }
    if (req.probe_every > 0xFFFF) throw BackendError("probe interval above 65535 steps");
    std::vector<Spike> inputs(req.inputs.begin(), req.inputs.end());
    std::sort(inputs.begin(), inputs.end());
    inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
    for (const Spike& s : inputs) {
      if (s.index >= static_cast<uint32_t>(net.inputs)) {
        throw BackendError("input spike at step " + std::to_string(s.step) + " names axon " +
                           std::to_string(s.index) + " but the network has " +
                           std::to_string(net.inputs) + " inputs");
      }
    }
    uint8_t run_flags = 0;
    if (req.period_us != 0) {
      if (!(info.features & kFeatureFreeRun)) {
        throw CapacityError(kind_ + " cannot free-run at a fixed step period");
      }
      const uint64_t cycles = uint64_t{req.period_us} * info.clock_hz / 1000000;
      if (cycles == 0 || cycles > 0xFFFFFF) {
        throw BackendError("a step period of " + std::to_string(req.period_us) +
                           " us is outside what the board's clock can pace");
      }
      std::vector<uint8_t> d;
      put_u32(d, static_cast<uint32_t>(cycles));
      dev_->send(kOpWrite, write_payload(kFmt4, 1, link_addr(kLinkRegPeriod), d));
      run_flags = kRunFree;
    }

    // Probes: configured before every run, which also restarts the countdown.
    std::vector<uint8_t> probe;
    put_u16(probe, req.probes.empty() ? 0 : req.probe_every);
    probe.push_back(static_cast<uint8_t>(req.probes.size()));
    for (uint32_t j : req.probes) put_u16(probe, j);
    dev_->send(kOpProbe, probe);
    dev_->drain();
    const uint32_t t0 = dev_->last_step();
    counters_ = read_counters();
    host_ = dev_->counters();
    const HostCounters host0 = host_;

    RunSummary summary;
    std::vector<Spike> spikes;
    std::vector<ProbeSample> samples;
    std::string stream_error;
    std::optional<uint32_t> next_spike_step;
    dev_->on_stream = [&](const Frame& f) {
      if (!stream_error.empty()) return;
      spikes.clear();
      samples.clear();
      if (!decode_stream(f, t0, spikes, samples)) {
        stream_error = kind_ + ": malformed " + type_name(f.type) + " frame from the board";
        return;
      }
      // Spikes come once, in step order, from the steps of this run: any
      // other stream belongs to another session (or a damaged link).
      if (!spikes.empty()) {
        if ((next_spike_step && spikes.front().step < *next_spike_step) ||
            spikes.back().step >= req.steps) {
          stream_error = kind_ + ": spikes for step " + std::to_string(spikes.front().step) +
                         " arrived out of order or outside this run of " +
                         std::to_string(req.steps) + " steps: another program on the port?";
          return;
        }
        next_spike_step = spikes.back().step + 1;
      }
      summary.spikes += spikes.size();
      if (req.on_spikes && !spikes.empty()) req.on_spikes(spikes);
      if (req.on_probes && !samples.empty()) req.on_probes(samples);
    };
    struct Guard {
      Device& d;
      ~Guard() { d.on_stream = nullptr; }
    } guard{*dev_};

    // RUN frames: up to kStepsPerRunFrame steps each (fewer when free-running
    // slowly, so that answers keep coming), with the inputs of their steps.
    uint32_t chunk = kStepsPerRunFrame;
    if (req.period_us != 0) chunk = std::clamp<uint32_t>(100000 / req.period_us, 1, chunk);
    std::vector<std::pair<uint64_t, uint32_t>> tickets;  // ticket, steps done after it
    auto next = inputs.begin();
    for (uint32_t k = 0; k < req.steps;) {
      std::vector<uint8_t> p;
      const size_t steps_at = p.size();
      put_u16(p, 0);
      p.push_back(run_flags);
      uint32_t last = k;  // step the next record's gap counts from
      uint32_t end = std::min(req.steps, k + chunk);
      for (uint32_t t = k; t < end; ++t) {
        std::vector<uint32_t> axons;
        for (; next != inputs.end() && next->step == t; ++next) axons.push_back(next->index);
        if (axons.empty()) continue;
        auto [count, body] = encode_step_indices(axons, info.inputs);
        // Gaps over 255 steps need empty records in between.
        const uint32_t gap = t - last;
        const size_t need = 2 * (gap / 255) + 2 + body.size();
        if (p.size() + need > kMaxBody - 4 && t > k) {
          end = t;  // the rest goes into the next frame
          // Inputs of step t were taken: put them back for the next frame.
          next -= static_cast<long>(axons.size());
          break;
        }
        uint32_t g = gap;
        for (; g > 255; g -= 255) {
          p.push_back(255);  // an empty record 255 steps on
          p.push_back(0);
        }
        p.push_back(static_cast<uint8_t>(g));
        p.push_back(count);
        p.insert(p.end(), body.begin(), body.end());
        last = t;
      }
      const uint32_t steps = end - k;
      p[steps_at] = static_cast<uint8_t>(steps);
      p[steps_at + 1] = static_cast<uint8_t>(steps >> 8);
      tickets.emplace_back(dev_->send(kOpRun, std::move(p)), end);
      k = end;
      // Keep the host's memory bounded: answer the oldest frames as we go.
      while (tickets.size() > 256) {
        check_run_ack(dev_->wait(tickets.front().first), t0, tickets.front().second);
        if (req.on_progress) req.on_progress(tickets.front().second, req.steps);
        tickets.erase(tickets.begin());
      }
    }
    for (auto& [t, done] : tickets) {
      check_run_ack(dev_->wait(t), t0, done);
      if (req.on_progress) req.on_progress(done, req.steps);
    }
    if (!stream_error.empty()) throw BackendError(stream_error);
    summary.steps = req.steps;
    summary.link = link_stats(host0);
    check_session(t0 + req.steps, req.period_us == 0, host0);
    return summary;
  }

  Network read_network() override {
    Network net = loaded();
    const uint32_t N = dev_->info().neurons;
    const auto n = static_cast<uint32_t>(net.neurons);
    const auto m = static_cast<uint32_t>(net.inputs);
    // Each READ returns up to 256 weight words of one row.
    struct Part {
      uint64_t ticket;
      bool axon;
      uint32_t row, col, count;
    };
    std::vector<Part> parts;
    for (uint32_t pre = 0; pre < n + m; ++pre) {
      const bool axon = pre >= n;
      const uint32_t row = axon ? pre - n : pre;
      const uint32_t core_row = axon ? N + row : row;
      for (uint32_t c = 0; c < n; c += 256) {
        const uint32_t count = std::min<uint32_t>(256, n - c);
        parts.push_back({dev_->send(kOpRead, read_payload(kFmtWeights, 1,
                                                          weight_addr(N, core_row, c),
                                                          static_cast<uint16_t>(count))),
                         axon, row, c, count});
      }
    }
    for (const Part& part : parts) {
      const std::vector<WeightWord> words = read_words(part.ticket, kFmtWeights, part.count);
      for (uint32_t i = 0; i < part.count; ++i) {
        const size_t k = static_cast<size_t>(part.row) * n + part.col + i;
        (part.axon ? net.w_in : net.w_rec)[k] = words[i].weight;
        (part.axon ? net.plastic_in : net.plastic_rec)[k] = words[i].plastic ? 1 : 0;
      }
    }
    return net;
  }

  NeuronState neuron_state(uint32_t neuron) override {
    const Network& net = loaded();
    if (neuron >= static_cast<uint32_t>(net.neurons)) {
      throw BackendError("neuron " + std::to_string(neuron) + " is outside the network (" +
                         std::to_string(net.neurons) + " neurons)");
    }
    const uint64_t t = dev_->send(kOpRead, read_payload(kFmt3, 1, state_addr(neuron, kStateU), 6));
    const std::vector<uint8_t> d = read_data(t, kFmt3, 6);
    auto field = [&](int f) { return uint32_t{d[3 * f]} | uint32_t{d[3 * f + 1]} << 8 |
                                     uint32_t{d[3 * f + 2]} << 16; };
    return {sext24(field(0)), sext24(field(1)), sext24(field(2)),
            static_cast<int32_t>(field(3) & 0xFF), static_cast<int32_t>(field(4) & 0xFF),
            static_cast<int32_t>(field(5) & 0xFF)};
  }

  uint32_t time() override {
    loaded();
    const uint64_t t = dev_->send(kOpRead, read_payload(kFmt4, 1, reg_addr(kRegStep), 1));
    return get_u32(read_data(t, kFmt4, 1), 0);
  }

 private:
  // A RUN's Ack carries the board's step counter: it must be where this
  // session's own runs put it. Anything else means another program reset or
  // ran the core meanwhile, so the spikes streamed so far are not this run's.
  void check_run_ack(const Frame& ack, uint32_t t0, uint32_t done) {
    if (ack.payload.size() < 5) {
      throw BackendError(kind_ + ": malformed RUN answer (" + std::to_string(ack.payload.size()) +
                         " bytes)");
    }
    // The Ack of a retransmitted RUN (AckDuplicate) carries the counter as it
    // is now, after later RUNs: only a first execution's Ack says where it ended.
    if (ack.payload[0] != kAckDone) return;
    const uint32_t step = get_u32(ack.payload, 1);
    if (step != t0 + done) {
      throw BackendError(kind_ + ": the board's step counter is " + std::to_string(step) +
                         " after " + std::to_string(done) + " steps of this run, expected " +
                         std::to_string(t0 + done) +
                         ": another program used the board during the run; its results are "
                         "discarded");
    }
  }

  // The end-of-run check: the step counter read back from the board and (in
  // lossless runs) lost stream frames. A run that fails it never reports
  // success. (Answers of other sessions already fail in link::Device.)
  void check_session(uint32_t expected_step, bool lossless, const HostCounters& host0) {
    const uint64_t t = dev_->send(kOpRead, read_payload(kFmt4, 1, reg_addr(kRegStep), 1));
    const uint32_t step = get_u32(read_data(t, kFmt4, 1), 0);
    const HostCounters& h = dev_->counters();
    std::string why;
    if (step != expected_step) {
      why = "the board's step counter is " + std::to_string(step) + ", expected " +
            std::to_string(expected_step);
    } else if (lossless && h.stream_gaps != host0.stream_gaps) {
      why = std::to_string(h.stream_gaps - host0.stream_gaps) + " spike or probe frames were lost";
    }
    if (!why.empty()) {
      throw BackendError(kind_ + ": the run's end-of-run check failed: " + why +
                         " (another program on the port, or a broken link); its results are "
                         "discarded");
    }
  }

  // The network on the board: the one this session uploaded, else the one
  // an earlier session left there, read back (sizes from the shape mark,
  // parameters and registers from the core; weights by read_network()).
  Network& loaded() {
    if (!net_) net_ = read_back();
    return *net_;
  }

  Network read_back() {
    const Info& info = dev_->info();
    const uint32_t N = info.neurons;
    const uint32_t M = info.inputs;
    // Registers RegSeed .. RegWMax.
    constexpr uint32_t kRegs = kRegWMax - kRegSeed + 1;
    const uint64_t tr = dev_->send(kOpRead, read_payload(kFmt4, 1, reg_addr(kRegSeed), kRegs));
    // Neuron parameters, 12 neurons (96 words of 3 bytes) per READ.
    constexpr uint32_t kPerRead = 12;
    std::vector<std::pair<uint64_t, uint32_t>> parts;
    for (uint32_t j0 = 0; j0 < N; j0 += kPerRead) {
      const uint32_t count = std::min(kPerRead, N - j0) * 8;
      parts.emplace_back(dev_->send(kOpRead, read_payload(kFmt3, 1, param_addr(j0, kParamDecayU),
                                                          static_cast<uint16_t>(count))),
                         count);
    }
    const std::vector<uint8_t> r = read_data(tr, kFmt4, kRegs);
    std::vector<NeuronParams> params;
    for (const auto& [ticket, count] : parts) {
      const std::vector<uint8_t> d = read_data(ticket, kFmt3, count);
      for (uint32_t k = 0; k + 8 <= count; k += 8) {
        auto f = [&](uint32_t field) {
          const size_t at = 3 * (k + field);
          return sext24(uint32_t{d[at]} | uint32_t{d[at + 1]} << 8 | uint32_t{d[at + 2]} << 16);
        };
        NeuronParams p;
        p.decay_u = f(kParamDecayU) & 0xFFF;
        p.decay_v = f(kParamDecayV) & 0xFFF;
        p.decay_adapt = f(kParamDecayAdapt) & 0xFFF;
        p.bias = f(kParamBias);
        p.threshold = f(kParamThreshold);
        p.v_reset = f(kParamVReset);
        p.refractory = f(kParamRefractory) & 0xFF;
        p.adapt_step = f(kParamAdaptStep) & 0x7FFFFF;
        params.push_back(p);
      }
    }
    auto is_pad = [](const NeuronParams& p) {
      return p.threshold == fx::kPotentialMax && p.bias == fx::kPotentialMin &&
             p.refractory == kPadRefractory && (p.v_reset & ~0xFFFF) == kPadVReset;
    };
    uint32_t n = N, m = M;
    for (uint32_t j = 0; j < N; ++j) {
      if (is_pad(params[j])) {
        n = j;
        m = static_cast<uint32_t>(params[j].v_reset & 0xFFFF);
        break;
      }
    }
    if (n == N && M > 0 && N >= 8) {
      const uint32_t count = std::min<uint32_t>(N, 256);
      const uint64_t t = dev_->send(kOpRead, read_payload(kFmtWeights, 1, weight_addr(N, N + M - 1, 0),
                                                          static_cast<uint16_t>(count)));
      const std::vector<WeightWord> row = read_words(t, kFmtWeights, count);
      const uint32_t mark = static_cast<uint8_t>(row[0].weight) | uint32_t{static_cast<uint8_t>(row[1].weight)} << 8;
      bool marked = mark < M;
      for (uint32_t j = 0; j < count && marked; ++j) {
        marked = row[j].weight == shape_row_word(j, mark) && !row[j].plastic;
      }
      if (marked) m = mark;
    }
    // No mark and nothing but zero parameters: a core nothing was loaded
    // into (a core-sized network leaves no room for a mark, but never has
    // all its parameters zero: every threshold 0 would make it fire always).
    const bool blank = n == N && m == M &&
                       std::all_of(params.begin(), params.end(), [](const NeuronParams& p) {
                         return p == NeuronParams{.threshold = 0};
                       });
    if (n == 0 || m > M || blank) {
      throw BackendError(kind_ + ": no network is loaded (the board holds none that synfire "
                         "uploaded); pass --network");
    }
    Network net = Network::empty(static_cast<int>(n), static_cast<int>(m));
    net.params.assign(params.begin(), params.begin() + n);
    auto reg = [&](Reg x) { return get_u32(r, 4 * (x - kRegSeed)); };
    net.seed = reg(kRegSeed);
    net.learning = (reg(kRegLearn) & 1) != 0;
    net.weight_exp_rec = static_cast<int>(reg(kRegWeightExpRec));
    net.weight_exp_in = static_cast<int>(reg(kRegWeightExpIn));
    net.weight_bits = static_cast<int>(info.weight_bits);
    StdpParams& sp = net.stdp;
    sp.a_plus = static_cast<int>(reg(kRegAPlus));
    sp.a_minus = static_cast<int>(reg(kRegAMinus));
    sp.shift = static_cast<int>(reg(kRegShift));
    sp.trace_inc_pre = static_cast<int>(reg(kRegTraceIncPre));
    sp.trace_inc_post = static_cast<int>(reg(kRegTraceIncPost));
    sp.decay_pre = static_cast<int>(reg(kRegDecayPre));
    sp.decay_post = static_cast<int>(reg(kRegDecayPost));
    sp.w_min = static_cast<int8_t>(reg(kRegWMin) & 0xFF);
    sp.w_max = static_cast<int8_t>(reg(kRegWMax) & 0xFF);
    if (const std::string err = validate(net); !err.empty()) {
      throw BackendError(kind_ + ": what the board holds is not a network synfire can read back (" +
                         err + "); pass --network");
    }
    return net;
  }

  void write_reg(Reg r, uint32_t value) {
    std::vector<uint8_t> d;
    put_u32(d, value);
    dev_->send(kOpWrite, write_payload(kFmt4, 1, reg_addr(r), d));
  }

  // Sends weight words starting at core address `addr`: run-length where
  // that covers more words per frame, dense weight groups otherwise.
  void send_weights(std::span<const WeightWord> words, uint32_t addr) {
    constexpr size_t kDense = 256;  // 256 weights + 32 flag bytes fit one frame
    size_t at = 0;
    while (at < words.size()) {
      const auto rest = words.subspan(at);
      auto [rle, covered] = pack_weights_rle(rest, kWriteData);
      const size_t dense = std::min(kDense, rest.size());
      if (covered >= dense) {
        dev_->send(kOpWrite, write_payload(kFmtWeightsRle, 1, addr + static_cast<uint32_t>(at),
                                           rle));
        at += covered;
      } else {
        dev_->send(kOpWrite, write_payload(kFmtWeights, 1, addr + static_cast<uint32_t>(at),
                                           pack_weights(rest.first(dense))));
        at += dense;
      }
    }
  }

  // The data of a READ answer, checked against what was asked.
  std::vector<uint8_t> read_data(uint64_t ticket, uint8_t fmt, uint32_t count) {
    const Frame f = dev_->wait(ticket);
    const size_t bytes = read_data_bytes(fmt, count);
    if (f.type != kRspData || f.payload.size() != bytes + 1) {
      throw BackendError(kind_ + ": malformed DATA answer (" + std::to_string(f.payload.size()) +
                         " bytes for " + std::to_string(count) + " words)");
    }
    const uint8_t status = f.payload.back();
    if (status != 0) {
      throw BackendError(kind_ + ": the board reported error bits " + hex(status) +
                         " while reading");
    }
    return {f.payload.begin(), f.payload.end() - 1};
  }

  std::vector<WeightWord> read_words(uint64_t ticket, uint8_t fmt, uint32_t count) {
    return unpack_read_weights(read_data(ticket, fmt, count), count);
  }

  // Spikes and probe samples of a stream frame, steps relative to step t0.
  bool decode_stream(const Frame& f, uint32_t t0, std::vector<Spike>& spikes,
                     std::vector<ProbeSample>& samples) {
    const std::vector<uint8_t>& p = f.payload;
    if (p.size() < 4) return false;
    // Both carry the step counter after their (first) step.
    uint32_t step = get_u32(p, 0) - 1 - t0;
    if (f.type == kRspProbes) {
      if (p.size() < 5 || p.size() != 5 + size_t{p[4]} * 14) return false;
      for (size_t k = 0; k < p[4]; ++k) {
        const uint8_t* s = &p[5 + 14 * k];
        auto b3 = [&](int at) { return uint32_t{s[at]} | uint32_t{s[at + 1]} << 8 | uint32_t{s[at + 2]} << 16; };
        ProbeSample ps;
        ps.step = step;
        ps.neuron = uint32_t{s[0]} | uint32_t{s[1]} << 8;
        ps.state = {sext24(b3(2)), sext24(b3(5)), sext24(b3(8)), s[11], s[12], s[13]};
        samples.push_back(ps);
      }
      return true;
    }
    const uint32_t capacity = dev_->info().neurons;
    size_t at = 4;
    bool first = true;
    while (at < p.size()) {
      if (at + 2 > p.size()) return false;
      if (!first) {
        if (p[at] == 0) return false;  // one record per step: later records move on
        step += p[at];
      }
      first = false;
      size_t used = 0;
      const auto idx = decode_step_indices(p[at + 1], std::span(p).subspan(at + 2), capacity, used);
      if (!idx) return false;
      for (uint32_t j : *idx) spikes.push_back({step, j});
      at += 2 + used;
    }
    return true;
  }

  BoardCounters read_counters() {
    const uint64_t t = dev_->send(kOpRead, read_payload(kFmt2, 1, link_addr(kLinkRegCrc), 5));
    const std::vector<uint8_t> d = read_data(t, kFmt2, 5);
    return {get_u16(d, 0), get_u16(d, 2), get_u16(d, 4), get_u16(d, 6), get_u16(d, 8)};
  }

  // What the board and the host dropped or repaired since the last call.
  LinkStats link_stats(const HostCounters& host0) {
    const BoardCounters now = read_counters();
    auto delta = [](uint32_t a, uint32_t b) { return static_cast<uint16_t>(a - b); };
    const HostCounters& h = dev_->counters();
    LinkStats s;
    s.crc_errors = delta(now.crc, counters_.crc) + (h.crc_errors - host_.crc_errors);
    s.framing_errors = delta(now.framing, counters_.framing) +
                       (h.framing_errors - host_.framing_errors);
    s.retries = h.retries - host0.retries;
    s.dropped_frames = delta(now.dropped, counters_.dropped) + (h.stream_gaps - host_.stream_gaps);
    s.output_overflows = delta(now.overflow, counters_.overflow);
    s.late_steps = delta(now.late, counters_.late);
    counters_ = now;
    host_ = h;
    return s;
  }

  std::unique_ptr<Device> dev_;
  std::string kind_;
  std::optional<Network> net_;
  BoardCounters counters_;
  HostCounters host_;
};

}  // namespace

std::unique_ptr<Backend> make_device_backend(std::unique_ptr<Device> device, std::string kind) {
  return std::make_unique<DeviceBackend>(std::move(device), std::move(kind));
}

}  // namespace synfire::link
