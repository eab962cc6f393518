#include "device_backend.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <stdexcept>

#include "core_map.hpp"
#include "core_port.hpp"
#include "fixed_point.hpp"

namespace synfire::link {

namespace {

using namespace rtl::port;

using Kind = Device::Kind;
using Op = rtl::port::Op;

// A core weight word (docs/rtl.md): the weight and its plastic flag.
struct WeightWord {
  int8_t weight = 0;
  bool plastic = false;
  bool operator==(const WeightWord&) const = default;
};

int32_t sext24(uint32_t x) { return static_cast<int32_t>((x ^ 0x800000u) - 0x800000u); }

// The link's counters as read from its registers.
struct BoardCounters {
  uint32_t crc = 0, framing = 0, dropped = 0, overflow = 0, late = 0;
};

// A block of core words to read: `count` words of `width` bytes from
// `addr`, the index stepping by `stride`.
struct ReadSpec {
  uint32_t addr;
  uint8_t stride;
  uint32_t width;
  uint32_t count;
};

// Packs command segments into EXEC requests in order, sending each request
// as soon as the next segment no longer fits it.
class Batch {
 public:
  Batch(Device& dev, Kind kind) : dev_(dev), kind_(kind) {}
  // Appends a segment (see Exec::add).
  void add(rtl::port::Op op, uint32_t width, uint32_t count, std::optional<Exec::Addr> addr,
           std::span<const uint8_t> data = {}, uint8_t hi = 0, bool pace = false) {
    if (!exec_.add(op, width, count, addr, data, hi, pace)) {
      flush();
      if (!exec_.add(op, width, count, addr, data, hi, pace)) {
        throw std::logic_error("an EXEC segment larger than a request");
      }
    }
    words_ += count;
  }
  // Words of `width` bytes (data: count * width bytes) to consecutive
  // addresses from `addr`; `hi` is bits 15:8 of 1-byte words.
  void write(uint32_t addr, uint32_t width, std::span<const uint8_t> data, uint8_t hi = 0) {
    const uint32_t words = static_cast<uint32_t>(data.size() / width);
    for (uint32_t at = 0; at < words;) {
      const size_t header = Exec::segment_bytes(width, 0, true, hi != 0, true);
      const size_t fit = exec_.room() > header ? (exec_.room() - header) / width : 0;
      if (fit == 0) {
        flush();
        continue;
      }
      const uint32_t count = std::min<uint32_t>({kSegMaxCount, words - at, static_cast<uint32_t>(fit)});
      add(rtl::port::Op::kWrite, width, count, Exec::Addr{addr + at, 1},
          data.subspan(size_t{at} * width, size_t{count} * width), hi);
      at += count;
    }
  }
  // `count` copies of one word of `width` bytes to consecutive addresses
  // from `addr`: repeat segments, one data word each.
  void fill(uint32_t addr, uint32_t width, std::span<const uint8_t> word, uint32_t count,
            uint8_t hi = 0) {
    for (uint32_t at = 0; at < count;) {
      const uint32_t n = std::min(kSegMaxCount, count - at);
      add(rtl::port::Op::kWrite, width, n, Exec::Addr{addr + at, 1}, word, hi, true);
      at += n;
    }
  }
  // Reads of a block (stride as given), in segments that fit the answers.
  void read(const ReadSpec& r) {
    for (uint32_t at = 0; at < r.count;) {
      const uint32_t fit = exec_.room() >= Exec::segment_bytes(r.width, 0, true, false, false)
                               ? exec_.read_room() / r.width : 0;
      if (fit == 0) {
        flush();
        continue;
      }
      const uint32_t count = std::min<uint32_t>({kSegMaxCount, r.count - at, fit});
      add(rtl::port::Op::kRead, r.width, count, Exec::Addr{r.addr + at * r.stride, r.stride});
      at += count;
    }
  }
  // Sends what is pending; returns its ticket (0 if there was nothing).
  uint64_t flush() {
    if (exec_.empty()) return 0;
    read_bytes_.push_back(exec_.read_bytes());
    request_words_.push_back(words_);
    words_ = 0;
    tickets_.push_back(dev_.send(exec_.take(), kind_));
    return tickets_.back();
  }
  // Flushes, then waits for every answer; returns the read data of all, in
  // order. `progress` hears the core words of the requests answered so far.
  std::vector<uint8_t> finish(const std::string& kind, const TransferProgress& progress = {}) {
    flush();
    uint64_t total = 0;
    for (uint64_t w : request_words_) total += w;
    uint64_t done = 0;
    std::vector<uint8_t> data;
    for (size_t k = 0; k < tickets_.size(); ++k) {
      const Frame f = dev_.wait(tickets_[k]);
      if (f.type != kRspDuplicate) {  // DUPLICATE: an effect executed before, no data
        if (f.type != kRspDone || f.payload.size() != 1 + size_t{read_bytes_[k]}) {
          throw BackendError(kind + ": malformed DONE answer (" + std::to_string(f.payload.size()) +
                             " bytes, expected " + std::to_string(1 + read_bytes_[k]) + ")");
        }
        data.insert(data.end(), f.payload.begin() + 1, f.payload.end());
      }
      done += request_words_[k];
      if (progress) progress(done, total);
    }
    tickets_.clear();
    read_bytes_.clear();
    request_words_.clear();
    return data;
  }

 private:
  Device& dev_;
  Kind kind_;
  Exec exec_;
  std::vector<uint64_t> tickets_;
  std::vector<uint32_t> read_bytes_;
  std::vector<uint64_t> request_words_;  // core words written or read, per request sent
  uint64_t words_ = 0;                   // those of the request being built
};

// Little-endian word k of `width` bytes from read data, sign-extended when signed24.
uint32_t word_at(std::span<const uint8_t> d, uint32_t width, size_t k) {
  uint32_t x = 0;
  for (uint32_t b = 0; b < width; ++b) x |= uint32_t{d[k * width + b]} << (8 * b);
  return x;
}

// A neuron's state from six 3-byte words (state fields 0..5 read in one
// burst, or a probe sample): u, v and adapt sign-extended, the refractory
// counter and both traces (24 bits on a core with WideTraces) unsigned.
NeuronState neuron_state_from(std::span<const uint8_t> d) {
  return {sext24(word_at(d, 3, 0)), sext24(word_at(d, 3, 1)), sext24(word_at(d, 3, 2)),
          static_cast<int32_t>(word_at(d, 3, 3)), static_cast<int32_t>(word_at(d, 3, 4)),
          static_cast<int32_t>(word_at(d, 3, 5))};
}

class DeviceBackend final : public Backend {
 public:
  DeviceBackend(std::unique_ptr<Device> dev, std::string kind)
      : dev_(std::move(dev)), kind_(std::move(kind)) {
    // The core's error bits are sticky: clear what an earlier session left,
    // so that every answer of this one reports only its own.
    Batch b(*dev_, Kind::kEffect);
    write_reg(b, kRegStatus, kStatusErrMask);
    b.finish(kind_);
    counters_ = read_counters();
    host_ = dev_->counters();
    core_features_ = read_core_features();
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
    b.features = i.features | core_features_;
    b.build = i.build;
    return b;
  }

  void load(const Network& net, const TransferProgress& progress) override {
    const std::vector<core_map::Write> writes = core_map::network_writes(shape(), net);
    net_.reset();
    Batch batch(*dev_, Kind::kEffect);
    send_writes(batch, writes);
    batch.add(Op::kClear, 1, 1, std::nullopt);
    batch.finish(kind_, progress);
    net_ = net;
  }

  void set_learning(bool on) override {
    Network& net = loaded();
    Batch b(*dev_, Kind::kEffect);
    write_reg(b, kRegLearn, on ? 1 : 0);
    b.finish(kind_);
    net.learning = on;
  }

  RunSummary run(const RunRequest& req) override {
    const Network& net = loaded();
    const Info& info = dev_->info();
    if (req.probe_every == 0) throw BackendError("probe interval must be at least 1 step");
    if (!req.probes.empty() && !(info.features & kFeatureProbes)) {
      throw CapacityError(kind_ + " was built without probes: it cannot sample neuron states");
    }
    for (uint32_t j : req.probes) {
      if (j >= static_cast<uint32_t>(net.neurons)) {
        throw BackendError("probe neuron " + std::to_string(j) + " is outside the network (" +
                           std::to_string(net.neurons) + " neurons)");
      }
    }
    // A step's probe samples are read in the request that runs the step.
    if (req.probes.size() * kProbeBytes + 4 > kMaxReadBytes) {
      throw BackendError(kind_ + " samples at most " +
                         std::to_string((kMaxReadBytes - 4) / kProbeBytes) +
                         " neurons per step, not " + std::to_string(req.probes.size()));
    }
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
    const bool paced = req.period_us != 0;
    Batch setup(*dev_, Kind::kEffect);
    if (paced) {
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
      setup.write(link_addr(kLinkRegPeriod), 4, d);
    }
    setup.finish(kind_);
    const uint32_t t0 = read_step();
    counters_ = read_counters();
    host_ = dev_->counters();
    const HostCounters host0 = host_;

    RunSummary summary;
    std::vector<Spike> spikes;
    std::vector<std::pair<uint64_t, uint32_t>> decoded;
    std::string stream_error;
    std::optional<uint32_t> next_spike_step;
    SpikeStreamDecoder decoder(t0, info.neurons);
    std::map<uint64_t, uint32_t> chunk_end;  // ticket -> steps done after it
    dev_->on_answer = [&](uint64_t ticket) {
      // Every spike of the steps before a request's answer came before it.
      if (auto it = chunk_end.find(ticket); it != chunk_end.end()) {
        decoder.raise_floor(uint64_t{t0} + it->second);
      }
    };
    dev_->on_stream = [&](const Frame& f) {
      if (!stream_error.empty()) return;
      decoded.clear();
      if (!decoder.decode(f.payload, decoded)) {
        stream_error = kind_ + ": malformed " + type_name(f.type) + " frame from the board";
        return;
      }
      spikes.clear();
      for (const auto& [step, neuron] : decoded) {
        spikes.push_back({static_cast<uint32_t>(step - t0), neuron});
      }
      // Spikes come once, in step order, from the steps of this run: any
      // other stream belongs to another session (or a damaged link).
      if (!spikes.empty()) {
        if ((next_spike_step && spikes.front().step < *next_spike_step) ||
            decoded.back().first >= uint64_t{t0} + req.steps) {
          stream_error = kind_ + ": spikes for step " + std::to_string(spikes.front().step) +
                         " arrived out of order or outside this run of " +
                         std::to_string(req.steps) + " steps: another program on the port?";
          return;
        }
        next_spike_step = spikes.back().step;
      }
      summary.spikes += spikes.size();
      if (req.on_spikes && !spikes.empty()) req.on_spikes(spikes);
    };
    struct Guard {
      Device& d;
      ~Guard() {
        d.on_stream = nullptr;
        d.on_answer = nullptr;
      }
    } guard{*dev_};

    // Requests of up to kStepsPerRunFrame steps (fewer when free-running
    // slowly, so that answers keep coming): each step's input axons, the
    // steps, the probe samples after their steps, and the step counter last
    // (the session check: it must be where this session's steps put it).
    uint32_t chunk = kStepsPerRunFrame;
    if (paced) chunk = std::clamp<uint32_t>(100000 / req.period_us, 1, chunk);
    struct Chunk {
      uint64_t ticket;
      uint32_t end;                      // steps done after it
      std::vector<uint32_t> probe_steps; // steps sampled in it, in order
    };
    std::deque<Chunk> chunks;
    auto finish_chunk = [&](const Chunk& c) {
      const Frame f = dev_->wait(c.ticket);
      if (f.type == kRspDuplicate) {  // executed by an earlier transmission
        if (req.on_progress) req.on_progress(c.end, req.steps);
        return;
      }
      const size_t samples = c.probe_steps.size() * req.probes.size();
      if (f.type != kRspDone || f.payload.size() != 1 + samples * kProbeBytes + 4) {
        throw BackendError(kind_ + ": malformed answer to a run request (" +
                           std::to_string(f.payload.size()) + " bytes)");
      }
      const std::span<const uint8_t> d = std::span(f.payload).subspan(1);
      const uint32_t step = word_at(d.subspan(samples * kProbeBytes), 4, 0);
      if (step != t0 + c.end) {
        throw BackendError(kind_ + ": the board's step counter is " + std::to_string(step) +
                           " after " + std::to_string(c.end) + " steps of this run, expected " +
                           std::to_string(t0 + c.end) +
                           ": another program used the board during the run; its results are "
                           "discarded");
      }
      if (samples > 0) {
        std::vector<ProbeSample> out;
        for (size_t k = 0; k < samples; ++k) {
          const auto s = d.subspan(k * kProbeBytes, kProbeBytes);
          ProbeSample ps;
          ps.step = c.probe_steps[k / req.probes.size()];
          ps.neuron = req.probes[k % req.probes.size()];
          ps.state = neuron_state_from(s);
          out.push_back(ps);
        }
        if (req.on_probes) req.on_probes(out);
      }
      if (req.on_progress) req.on_progress(c.end, req.steps);
    };

    const uint32_t axon_width = info.inputs > 256 ? 2 : 1;
    auto next = inputs.begin();
    for (uint32_t k = 0; k < req.steps;) {
      Exec exec;
      Chunk c;
      uint32_t t = k;
      uint32_t quiet = 0;  // steps not yet written: no inputs, no probes
      auto flush_steps = [&]() {
        while (quiet > 0) {
          const uint32_t n = std::min(quiet, kSegMaxCount);
          if (!exec.add(Op::kStep, 1, n, std::nullopt, {}, 0, paced)) return false;
          quiet -= n;
        }
        return true;
      };
      // Room kept for the closing step-counter read.
      const size_t reserve = Exec::segment_bytes(4, 1, true, false, false);
      const uint32_t end = std::min(req.steps, k + chunk);
      for (; t < end; ++t) {
        std::vector<uint8_t> axons;
        auto in = next;
        for (; in != inputs.end() && in->step == t; ++in) {
          axons.push_back(static_cast<uint8_t>(in->index));
          if (axon_width == 2) axons.push_back(static_cast<uint8_t>(in->index >> 8));
        }
        const bool probe = !req.probes.empty() && (t + 1) % req.probe_every == 0;
        if (axons.empty() && !probe) {
          ++quiet;
          continue;
        }
        // This step needs its own segments: check they fit before writing.
        const uint32_t n_axons = static_cast<uint32_t>(axons.size() / axon_width);
        size_t need = Exec::segment_bytes(1, 1, false, false, false) * (quiet / kSegMaxCount + 2) +
                      reserve;
        for (uint32_t a = 0; a < n_axons; a += kSegMaxCount) {
          need += Exec::segment_bytes(axon_width, std::min(kSegMaxCount, n_axons - a), false, false, true);
        }
        const uint32_t probe_bytes = probe ? static_cast<uint32_t>(req.probes.size() * kProbeBytes) : 0;
        if (probe) need += req.probes.size() * Exec::segment_bytes(3, 6, true, false, false);
        if (need > exec.room() || probe_bytes + 4 > exec.read_room()) {
          if (t > k) break;
          throw BackendError(kind_ + ": step " + std::to_string(t) + " has " +
                             std::to_string(n_axons) + " input spikes, more than one request "
                             "of the link protocol carries");
        }
        if (!flush_steps()) throw std::logic_error("run request overflow");
        for (uint32_t a = 0; a < n_axons; a += kSegMaxCount) {
          const uint32_t n = std::min(kSegMaxCount, n_axons - a);
          exec.add(Op::kAxon, axon_width, n, std::nullopt,
                   std::span(axons).subspan(size_t{a} * axon_width, size_t{n} * axon_width));
        }
        exec.add(Op::kStep, 1, 1, std::nullopt, {}, 0, paced);
        if (probe) {
          for (uint32_t j : req.probes) {
            exec.add(Op::kRead, 3, 6, Exec::Addr{state_addr(j, kStateU), 1});
          }
          c.probe_steps.push_back(t);
        }
        next = in;
      }
      if (!flush_steps()) {
        throw std::logic_error("run request overflow");
      }
      exec.add(Op::kRead, 4, 1, Exec::Addr{reg_addr(kRegStep), 1});
      c.end = t;
      c.ticket = dev_->send(exec.take(), c.probe_steps.empty() ? Kind::kEffect : Kind::kNeedsData);
      chunk_end[c.ticket] = c.end;
      chunks.push_back(std::move(c));
      k = t;
      // Keep the host's memory bounded: answer the oldest requests as we go.
      while (chunks.size() > 256) {
        finish_chunk(chunks.front());
        chunks.pop_front();
      }
    }
    for (const Chunk& c : chunks) finish_chunk(c);
    if (!stream_error.empty()) throw BackendError(stream_error);
    summary.steps = req.steps;
    summary.link = link_stats(host0);
    check_session(t0 + req.steps, !paced, host0);
    return summary;
  }

  Network read_network(const TransferProgress& progress) override {
    Network net = loaded();
    core_map::weights_from_reads(
        read_blocks(core_map::weight_reads(shape(), static_cast<uint32_t>(net.neurons),
                                           static_cast<uint32_t>(net.inputs)),
                    progress),
        net);
    return net;
  }

  NeuronState neuron_state(uint32_t neuron) override {
    const Network& net = loaded();
    if (neuron >= static_cast<uint32_t>(net.neurons)) {
      throw BackendError("neuron " + std::to_string(neuron) + " is outside the network (" +
                         std::to_string(net.neurons) + " neurons)");
    }
    Batch b(*dev_, Kind::kRead);
    b.read({state_addr(neuron, kStateU), 1, 3, 6});
    const std::vector<uint8_t> d = b.finish(kind_);
    return neuron_state_from(d);
  }

  uint32_t time() override {
    loaded();
    return read_step();
  }

  // The state through the core's state, axon-trace and register addresses
  // (docs/rtl.md, "Control port"): one burst per field, stride 8.
  NetworkState read_state() override {
    const Network& net = loaded();
    const auto n = static_cast<uint32_t>(net.neurons);
    const auto m = static_cast<uint32_t>(net.inputs);
    Batch b(*dev_, Kind::kRead);
    b.read({reg_addr(kRegStep), 1, 4, 1});
    for (uint32_t f = kStateU; f <= kStatePending; ++f) {
      b.read({state_addr(0, static_cast<StateField>(f)), 8, state_bytes(f), n});
    }
    if (m > 0) b.read({addr(kRegionAxonTrace, 0), 1, trace_bytes(), m});
    const std::vector<uint8_t> d = b.finish(kind_);
    NetworkState s;
    s.step = word_at(d, 4, 0);
    size_t at = 4;
    std::vector<int32_t> field[7];
    for (uint32_t f = kStateU; f <= kStatePending; ++f) {
      const uint32_t width = state_bytes(f);
      for (uint32_t j = 0; j < n; ++j) {
        const uint32_t w = word_at(std::span(d).subspan(at), width, j);
        field[f].push_back(f <= kStateAdapt ? sext24(w) : static_cast<int32_t>(w));  // traces are unsigned
      }
      at += size_t{width} * n;
    }
    for (uint32_t j = 0; j < n; ++j) {
      s.neurons.push_back({field[kStateU][j], field[kStateV][j], field[kStateAdapt][j],
                           field[kStateRefractory][j], field[kStateTracePre][j],
                           field[kStateTracePost][j]});
      if (field[kStatePending][j] & 1) s.pending.push_back(static_cast<uint16_t>(j));
    }
    for (uint32_t a = 0; a < m; ++a) {
      s.axon_traces.push_back(static_cast<int32_t>(word_at(std::span(d).subspan(at), trace_bytes(), a)));
    }
    if (core_features_ & kFeatureDelays) read_arrivals(s);
    return s;
  }

  // Clears the core (the only way to empty its pending list), then writes
  // the step counter, every neuron's state, the pending spikes (OpPend,
  // ascending) and the axon traces.
  void write_state(const NetworkState& state) override {
    const Network& net = loaded();
    if (const std::string err = validate(state, net); !err.empty()) {
      throw BackendError("the state does not fit the loaded network: " + err);
    }
    const Info& info = dev_->info();
    Batch b(*dev_, Kind::kEffect);
    b.add(Op::kClear, 1, 1, std::nullopt);
    write_reg(b, kRegStep, state.step);
    std::vector<uint8_t> d;
    for (size_t j = 0; j < state.neurons.size(); ++j) {
      const NeuronState& s = state.neurons[j];
      d.clear();
      for (int32_t v : {s.u, s.v, s.adapt, s.refractory, s.trace_pre, s.trace_post}) {
        const auto u = static_cast<uint32_t>(v);
        d.insert(d.end(), {static_cast<uint8_t>(u), static_cast<uint8_t>(u >> 8),
                           static_cast<uint8_t>(u >> 16)});
      }
      b.write(state_addr(static_cast<uint32_t>(j), kStateU), 3, d);
    }
    // OpPend's data: the neuron; on a core with delays also the list of
    // the events in flight it joins (kArrAxonBit | k << kArrKLsb | index).
    auto pend = [&](std::span<const uint16_t> indices, uint32_t tag, uint32_t width) {
      d.clear();
      for (uint16_t j : indices) {
        const uint32_t word = tag | j;
        for (uint32_t k = 0; k < width; ++k) d.push_back(static_cast<uint8_t>(word >> (8 * k)));
      }
      const auto count = static_cast<uint32_t>(indices.size());
      for (uint32_t k = 0; k < count; k += kSegMaxCount) {
        const uint32_t c = std::min(kSegMaxCount, count - k);
        b.add(Op::kPend, width, c, std::nullopt, std::span(d).subspan(size_t{k} * width, size_t{c} * width));
      }
    };
    pend(state.pending, 0, info.neurons > 256 ? 2 : 1);
    // Events in flight (validate() refused them unless the network has
    // delays, which check_fits let in only on a core that has them). The
    // core files them by t + k, so RegStep is written first (above).
    for (const StateArrivals& a : state.arrivals) {
      const uint32_t tag = (a.step - state.step) << kArrKLsb;
      pend(a.neurons, tag, 3);
      pend(a.axons, tag | (1u << kArrAxonBit), 3);
    }
    d.clear();
    for (int32_t x : state.axon_traces) {
      for (uint32_t k = 0; k < trace_bytes(); ++k) d.push_back(static_cast<uint8_t>(x >> (8 * k)));
    }
    if (!d.empty()) b.write(addr(kRegionAxonTrace, 0), trace_bytes(), d);
    b.finish(kind_);
  }

 private:
  // Bytes of one probe sample: u, v, adaptation, refractory counter and the
  // two traces, read as six 3-byte words.
  static constexpr size_t kProbeBytes = 18;
  static constexpr uint32_t kStatusErrMask = (1u << kStatusErrAddr) | (1u << kStatusErrAxon) |
                                             (1u << kStatusErrPend) | (1u << kStatusErrOp);

  // The events in flight of a core with delays (docs/rtl.md, "Axonal
  // delays"): the count of every list (neurons and axons arriving at steps
  // t .. t + 15), then the entries; the lists come unordered (spikes of
  // several steps share one), the state keeps them ascending.
  void read_arrivals(NetworkState& s) {
    Batch b(*dev_, Kind::kRead);
    b.read({addr(kRegionArrCounts, 0), 1, 2, 2 * kArrSlots});
    const std::vector<uint8_t> c = b.finish(kind_);
    std::vector<uint32_t> count(2 * kArrSlots);
    Batch e(*dev_, Kind::kRead);
    for (uint32_t q = 0; q < 2 * kArrSlots; ++q) {
      count[q] = word_at(c, 2, q);
      const uint32_t k = q % kArrSlots;
      const uint32_t tag = (q >= kArrSlots ? 1u << kArrAxonBit : 0u) | k << kArrKLsb;
      if (count[q] > 0) e.read({addr(kRegionArrivals, tag), 1, 2, count[q]});
    }
    const std::vector<uint8_t> d = e.finish(kind_);
    size_t at = 0;
    s.pending.clear();
    s.arrivals.clear();
    std::vector<uint16_t> lists[2 * kArrSlots];
    for (uint32_t q = 0; q < 2 * kArrSlots; ++q) {
      for (uint32_t x = 0; x < count[q]; ++x, ++at) {
        lists[q].push_back(static_cast<uint16_t>(word_at(d, 2, at)));
      }
      std::sort(lists[q].begin(), lists[q].end());
    }
    s.pending = lists[0];
    for (uint32_t k = 0; k < kArrSlots; ++k) {
      StateArrivals a{.step = s.step + k, .neurons = k > 0 ? lists[k] : std::vector<uint16_t>{},
                      .axons = lists[kArrSlots + k]};
      if (!a.neurons.empty() || !a.axons.empty()) s.arrivals.push_back(std::move(a));
    }
  }

  // Bytes of a trace word on the link: 3 on a core with 24-bit traces
  // built in (their [23:0]; an axon's queued bit, [24], is not read), else 1.
  uint32_t trace_bytes() const { return (core_features_ & kFeatureWideTraces) != 0 ? 3 : 1; }
  // Bytes read of neuron state field f: the potentials 3, the traces
  // trace_bytes(), the refractory counter and the pending bit 1.
  uint32_t state_bytes(uint32_t f) const {
    if (f <= kStateAdapt) return 3;
    return f == kStateTracePre || f == kStateTracePost ? trace_bytes() : 1;
  }

  // The optional learning features the core was built with (RegConfig),
  // as Feature bits.
  uint32_t read_core_features() {
    Batch b(*dev_, Kind::kRead);
    b.read({reg_addr(kRegConfig), 1, 4, 1});
    const uint32_t config = word_at(b.finish(kind_), 4, 0);
    return ((config >> kConfigSoftBoundBit) & 1 ? kFeatureSoftBound : 0u) |
           ((config >> kConfigAdaptIntervalBit) & 1 ? kFeatureAdaptInterval : 0u) |
           ((config >> kConfigDelaysBit) & 1 ? kFeatureDelays : 0u) |
           ((config >> kConfigWeightNormBit) & 1 ? kFeatureWeightNorm : 0u) |
           ((config >> kConfigWideTracesBit) & 1 ? kFeatureWideTraces : 0u);
  }

  uint32_t read_step() {
    Batch b(*dev_, Kind::kRead);
    b.read({reg_addr(kRegStep), 1, 4, 1});
    return word_at(b.finish(kind_), 4, 0);
  }

  // The end-of-run check: the step counter read back from the board and (in
  // lossless runs) lost stream frames. A run that fails it never reports
  // success. (Answers of other sessions already fail in link::Device.)
  void check_session(uint32_t expected_step, bool lossless, const HostCounters& host0) {
    const uint32_t step = read_step();
    const HostCounters& h = dev_->counters();
    std::string why;
    if (step != expected_step) {
      why = "the board's step counter is " + std::to_string(step) + ", expected " +
            std::to_string(expected_step);
    } else if (lossless && h.stream_gaps != host0.stream_gaps) {
      why = std::to_string(h.stream_gaps - host0.stream_gaps) + " spike frames were lost";
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
    const core_map::CoreShape core = shape();
    const std::vector<uint32_t> words = read_blocks(core_map::network_reads(core));
    std::vector<uint32_t> row;
    if (const auto block = core_map::shape_row_read(core, words)) row = read_blocks({*block});
    return core_map::network_from_reads(core, words, row);
  }

  // The core as the mapping sees it.
  core_map::CoreShape shape() {
    const Info& info = dev_->info();
    return {.name = kind_,
            .neurons = info.neurons,
            .inputs = info.inputs,
            .weight_bits = info.weight_bits,
            .plastic_per_synapse = (info.features & kFeaturePlasticPerSynapse) != 0,
            .soft_bound = (core_features_ & kFeatureSoftBound) != 0,
            .adapt_interval = (core_features_ & kFeatureAdaptInterval) != 0,
            .delays = (core_features_ & kFeatureDelays) != 0,
            .weight_norm = (core_features_ & kFeatureWeightNorm) != 0,
            .trace_bits = trace_bytes() == 3 ? fx::kWideTraceBits : fx::kTraceBits};
  }

  // Bytes of a core word of each region on the link (docs/protocol.md).
  static uint32_t word_bytes(uint32_t addr) {
    switch (addr >> 24) {
      case kRegionReg: return 4;
      case kRegionWeight: return 2;
      default: return 3;
    }
  }

  // The core words of `blocks`, in order.
  std::vector<uint32_t> read_blocks(const std::vector<core_map::Block>& blocks,
                                    const TransferProgress& progress = {}) {
    Batch b(*dev_, Kind::kRead);
    for (const core_map::Block& blk : blocks) b.read({blk.addr, 1, word_bytes(blk.addr), blk.count});
    const std::vector<uint8_t> d = b.finish(kind_, progress);
    std::vector<uint32_t> words;
    size_t at = 0;
    for (const core_map::Block& blk : blocks) {
      const uint32_t width = word_bytes(blk.addr);
      for (uint32_t k = 0; k < blk.count; ++k, at += width) words.push_back(word_at(std::span(d).subspan(at), width, 0));
    }
    return words;
  }

  // The writes of core_map::network_writes, each run of consecutive
  // addresses of one region as one block: registers as 4-byte words,
  // parameters as 3-byte words, weights by send_weights.
  void send_writes(Batch& b, std::span<const core_map::Write> writes) {
    for (size_t at = 0; at < writes.size();) {
      size_t end = at + 1;
      while (end < writes.size() && writes[end].addr == writes[end - 1].addr + 1 &&
             (writes[end].addr >> 24) == (writes[at].addr >> 24)) {
        ++end;
      }
      const auto run = writes.subspan(at, end - at);
      if ((run[0].addr >> 24) == kRegionWeight) {
        std::vector<WeightWord> words;
        for (const core_map::Write& w : run) {
          words.push_back({static_cast<int8_t>(w.data & 0xFF), ((w.data >> kWeightFlagBit) & 1) != 0});
        }
        send_weights(b, words, run[0].addr);
      } else {
        const uint32_t width = word_bytes(run[0].addr);
        std::vector<uint8_t> data;
        for (const core_map::Write& w : run) {
          for (uint32_t k = 0; k < width; ++k) data.push_back(static_cast<uint8_t>(w.data >> (8 * k)));
        }
        b.write(run[0].addr, width, data);
      }
      at = end;
    }
  }

  void write_reg(Batch& b, Reg r, uint32_t value) {
    std::vector<uint8_t> d;
    put_u32(d, value);
    b.write(reg_addr(r), 4, d);
  }

  // Weight words from core address `addr`: one byte each, their plastic flag
  // as the segment's high byte, so runs of one flag share a segment; runs of
  // one word (empty rows above all) as repeat segments, a data byte each.
  void send_weights(Batch& b, std::span<const WeightWord> words, uint32_t addr) {
    constexpr size_t kMinRepeat = 12;  // a repeat segment costs 8 or 9 bytes
    std::vector<uint8_t> literal;
    size_t literal_at = 0;
    uint8_t literal_hi = 0;
    auto flush = [&] {
      if (!literal.empty()) b.write(addr + static_cast<uint32_t>(literal_at), 1, literal, literal_hi);
      literal.clear();
    };
    for (size_t at = 0; at < words.size();) {
      size_t end = at + 1;
      while (end < words.size() && words[end] == words[at]) ++end;
      const uint8_t hi = words[at].plastic ? 1 : 0;
      const uint8_t byte = static_cast<uint8_t>(words[at].weight);
      if (end - at >= kMinRepeat) {
        flush();
        b.fill(addr + static_cast<uint32_t>(at), 1, {&byte, 1}, static_cast<uint32_t>(end - at), hi);
      } else {
        if (!literal.empty() && hi != literal_hi) flush();
        if (literal.empty()) {
          literal_at = at;
          literal_hi = hi;
        }
        literal.insert(literal.end(), end - at, byte);
      }
      at = end;
    }
    flush();
  }

  BoardCounters read_counters() {
    Batch b(*dev_, Kind::kRead);
    b.read({link_addr(kLinkRegCrc), 1, 2, 5});
    const std::vector<uint8_t> d = b.finish(kind_);
    return {word_at(d, 2, 0), word_at(d, 2, 1), word_at(d, 2, 2), word_at(d, 2, 3), word_at(d, 2, 4)};
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
  uint32_t core_features_ = 0;  // kFeatureSoftBound, kFeatureAdaptInterval, kFeatureDelays (RegConfig)
};

}  // namespace

std::unique_ptr<Backend> make_device_backend(std::unique_ptr<Device> device, std::string kind) {
  return std::make_unique<DeviceBackend>(std::move(device), std::move(kind));
}

}  // namespace synfire::link
