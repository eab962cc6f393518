#include "link_device.hpp"

#include <algorithm>

#include "serial_ports.hpp"

namespace synfire::link {

namespace {

// Most requests in flight: well inside the 128 sequence numbers the board
// treats as "executed before".
constexpr size_t kMaxOutstanding = 64;

bool is_answer(uint8_t type) {
  return type == kRspDone || type == kRspOrder || type == kRspInfo || type == kRspDuplicate;
}

// The answer a request gets when it is executed (besides ORDER and
// DUPLICATE): a frame of another type with the owed seq belongs to someone
// else's session.
uint8_t answer_type(uint8_t request) { return request == kOpInfo ? kRspInfo : kRspDone; }

}  // namespace

Device::Device(std::unique_ptr<Transport> transport, uint32_t timeout_ms,
               std::function<void()> wait_hook, uint32_t retry_ms)
    : on_wait(std::move(wait_hook)),
      transport_(std::move(transport)),
      port_(transport_->name()),
      timeout_ms_(std::max<uint32_t>(timeout_ms, 1)),
      retry_ms_(std::clamp<uint32_t>(retry_ms != 0 ? retry_ms : timeout_ms_ / 3, 20,
                                     std::max<uint32_t>(timeout_ms_, 20))) {
  transport_->discard_input();
  // A lone delimiter ends whatever partial frame the board may hold.
  const uint8_t delim = kFrameDelim;
  transport_->write({&delim, 1}, timeout_ms_);
  last_heard_ = last_sent_ = Clock::now();
  window_ = 0;  // only INFO may be in flight until the board says how much room it has
  const uint64_t t = enqueue(kOpInfo, {}, Kind::kRead);
  const Frame answer = wait(t);
  const std::optional<Info> info = parse_info(answer.payload);
  if (!info) {
    throw BackendError(port_ + ": the board's INFO answer is too short (" +
                       std::to_string(answer.payload.size()) + " bytes)");
  }
  if (info->version != kProtoVersion) {
    throw BackendError(port_ + ": the board speaks link protocol version " +
                       std::to_string(info->version) + ", this host version " +
                       std::to_string(kProtoVersion) + ": update the bitstream or the host");
  }
  info_ = *info;
  // A frame being received also holds its 2 CRC bytes, and the ring keeps one byte free.
  window_ = info_.rx_ring > 8 ? info_.rx_ring - 4 : 0;
}

uint64_t Device::send(std::vector<uint8_t> payload, Kind kind) {
  return enqueue(kOpExec, std::move(payload), kind);
}

uint64_t Device::enqueue(uint8_t type, std::vector<uint8_t> payload, Kind kind) {
  Pending p;
  p.ticket = next_ticket_++;
  p.frame.type = type;
  p.frame.seq = next_seq_++;
  p.frame.payload = std::move(payload);
  p.wire = encode_frame(p.frame);
  p.kind = kind;
  pending_.push_back(std::move(p));
  transmit();
  return pending_.back().ticket;
}

Frame Device::wait(uint64_t ticket) {
  for (;;) {
    auto it = answered_.find(ticket);
    if (it != answered_.end()) {
      Pending p = std::move(it->second);
      answered_.erase(it);
      if (p.failed) throw BackendError(p.error);
      return std::move(p.answer);
    }
    const bool owed = std::any_of(pending_.begin(), pending_.end(),
                                  [&](const Pending& p) { return p.ticket == ticket; });
    if (!owed) {
      throw BackendError(port_ + ": internal error: request " + std::to_string(ticket) +
                         " was never sent or its answer was already taken");
    }
    pump(static_cast<int>(std::min<uint32_t>(retry_ms_, kPollMs)));
  }
}

void Device::drain() {
  while (!pending_.empty()) pump(static_cast<int>(std::min<uint32_t>(retry_ms_, kPollMs)));
  std::string first_error;
  for (auto& [ticket, p] : answered_) {
    if (p.failed && first_error.empty()) first_error = p.error;
  }
  answered_.clear();
  if (!first_error.empty()) throw BackendError(first_error);
}

void Device::retire_done() {
  while (!pending_.empty() && pending_.front().done) {
    const uint64_t t = pending_.front().ticket;
    answered_.emplace(t, std::move(pending_.front()));
    pending_.pop_front();
  }
}

void Device::pump(int wait_ms) {
  if (on_wait) on_wait();
  transmit();
  receive(wait_ms);
  const auto now = Clock::now();
  const bool waiting = std::any_of(pending_.begin(), pending_.end(),
                                   [](const Pending& p) { return p.sent && !p.done; });
  if (!waiting) {
    last_heard_ = now;  // silence only counts while an answer is owed
    return;
  }
  const auto silent = now - std::max(last_heard_, last_sent_);
  if (now - last_heard_ > std::chrono::milliseconds(timeout_ms_)) fail_silent();
  if (silent > std::chrono::milliseconds(retry_ms_)) go_back();
  transmit();
}

void Device::transmit() {
  size_t outstanding = 0;
  bool read_open = false;
  for (Pending& p : pending_) {
    const bool read = p.kind == Kind::kRead;
    if (p.sent) {
      if (!p.done) {
        ++outstanding;
        read_open |= read;
      }
      continue;
    }
    // A request with an effect waits for earlier reads: a read sent again
    // after it would see its effect.
    if (!read && read_open) break;
    const uint32_t bytes = ring_bytes(p.frame);
    const bool first = outstanding == 0;
    if (!first && (in_flight_ + bytes > window_ || outstanding >= kMaxOutstanding)) break;
    transport_->write(p.wire, timeout_ms_);
    p.sent = true;
    ++p.transmissions;
    p.epoch = epoch_;
    in_flight_ += bytes;
    ++outstanding;
    read_open |= read;
    last_sent_ = Clock::now();
  }
}

void Device::receive(int wait_ms) {
  uint8_t buf[4096];
  size_t n = transport_->read(buf, static_cast<uint32_t>(std::max(wait_ms, 0)));
  while (n > 0) {
    last_heard_ = Clock::now();
    incoming_.clear();
    decoder_.feed({buf, n}, incoming_);
    for (Frame& f : incoming_) handle(std::move(f));
    retire_done();
    n = transport_->read(buf, 0);
  }
  counters_.crc_errors = decoder_.counters().crc_errors;
  counters_.framing_errors = decoder_.counters().framing_errors;
}

void Device::handle(Frame&& f) {
  if (f.type == kRspSpikes) {
    if (stream_seq_) counters_.stream_gaps += static_cast<uint8_t>(f.seq - *stream_seq_);
    stream_seq_ = static_cast<uint8_t>(f.seq + 1);
    if (on_stream) on_stream(f);
    return;
  }
  if (!is_answer(f.type)) return;  // not ours to interpret: ignored
  // The answer is for the oldest unanswered request with this seq.
  auto it = std::find_if(pending_.begin(), pending_.end(), [&](const Pending& p) {
    return p.sent && !p.done && p.frame.seq == f.seq;
  });
  if (it == pending_.end()) return;  // a duplicate answer to a retransmission
  Pending& p = *it;
  const std::string what = type_name(p.frame.type) + " (seq " + std::to_string(p.frame.seq) + ")";
  if (f.type == kRspInfo || f.type == kRspDone) {
    if (f.type != answer_type(p.frame.type)) {
      fail_foreign("a " + type_name(f.type) + " answer to " + what);
    }
  } else if (p.frame.type == kOpInfo) {
    fail_foreign("a " + type_name(f.type) + " answer to " + what);  // INFO is always executed
  }
  if (f.type == kRspDuplicate && p.transmissions == 1) {
    fail_foreign("the board calls " + what + " a repetition, but it was sent once");
  }
  if (f.type == kRspOrder) {
    // The board expects the first frame it lost: one this session has in
    // flight (or the next one, if it lost none). It discarded this one.
    const uint8_t expected = f.payload.empty() ? 0 : f.payload[0];
    const uint8_t oldest = pending_.front().frame.seq;
    if (f.payload.size() != 1 ||
        static_cast<uint8_t>(expected - oldest) > static_cast<uint8_t>(next_seq_ - oldest)) {
      fail_foreign("the board expects seq " + std::to_string(expected) +
                   ", which this session never sent (it sends " + std::to_string(oldest) + ".." +
                   std::to_string(static_cast<uint8_t>(next_seq_ - 1)) + ")");
    }
    if (p.epoch == epoch_) go_back();  // once per round
    return;
  }
  // Earlier requests still unanswered lost their answers: send them again
  // (the board answers DUPLICATE to those it executed).
  bool lost = false;
  for (auto e = pending_.begin(); e != it; ++e) lost |= e->sent && !e->done;
  if (lost) {
    ++epoch_;
    for (auto e = pending_.begin(); e != it; ++e) {
      if (e->sent && !e->done) {
        transport_->write(e->wire, timeout_ms_);
        ++e->transmissions;
        e->epoch = epoch_;
        ++counters_.retries;
      }
    }
    last_sent_ = Clock::now();
  }
  in_flight_ -= std::min(in_flight_, ring_bytes(p.frame));
  const uint64_t ticket = p.ticket;
  if (f.type == kRspDuplicate && p.kind == Kind::kRead) {
    // Executed, but its data went with the lost first answer: read again.
    reissue(it);
  } else {
    p.done = true;
    if (f.type == kRspDuplicate && p.kind == Kind::kNeedsData) {
      p.failed = true;
      p.error = port_ + ": the answer to " + what +
                " was lost on the line and cannot be asked for again (it ran steps)";
    } else if (f.type == kRspDone && (f.payload.empty() || f.payload[0] != 0)) {
      p.failed = true;
      p.error = port_ + ": the board flagged " + what + ": " +
                (f.payload.empty() ? std::string("no status byte") : status_text(f.payload[0]));
    }
    p.answer = std::move(f);
  }
  if (on_answer) on_answer(ticket);
}

void Device::reissue(std::deque<Pending>::iterator it) {
  Pending p = std::move(*it);
  pending_.erase(it);
  p.frame.seq = next_seq_++;
  p.wire = encode_frame(p.frame);
  p.sent = false;
  p.transmissions = 0;
  ++counters_.retries;
  pending_.push_back(std::move(p));
}

void Device::go_back() {
  ++epoch_;
  ++retry_rounds_;
  for (Pending& p : pending_) {
    if (p.sent && !p.done) {
      transport_->write(p.wire, timeout_ms_);
      ++p.transmissions;
      p.epoch = epoch_;
      ++counters_.retries;
    }
  }
  last_sent_ = Clock::now();
}

void Device::fail_foreign(const std::string& what) {
  throw BackendError(port_ + ": another program is talking to the board (" + what +
                     "): this session's results cannot be trusted and are discarded");
}

void Device::fail_silent() {
  size_t owed = 0;
  for (const Pending& p : pending_) owed += p.sent && !p.done;
  std::string msg;
  if (decoder_.counters().frames == 0) {
    msg = "no answer from " + port_ + " within " + std::to_string(timeout_ms_) +
          " ms: is a synfire bitstream loaded?";
  } else {
    msg = port_ + ": the board stopped answering (silent for " + std::to_string(timeout_ms_) +
          " ms with " + std::to_string(owed) + " requests unanswered)";
  }
  const std::string advice = ftdi_latency_advice(port_);
  if (!advice.empty()) msg += "; " + advice;
  throw BackendError(msg);
}

}  // namespace synfire::link
