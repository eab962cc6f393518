// The host end of the link protocol (docs/protocol.md, "Host rules"): sends
// EXEC requests through a Transport with sequence numbers, keeps the board's
// receive ring from overflowing (a window of ring bytes), retransmits after an
// ORDER answer or a silence (go-back-N), sends a read-only request again as a
// new one when the board calls a retransmission a duplicate (its data was
// lost with the first answer), and hands Spikes frames to a callback as they
// arrive.
//
// Single-threaded: every call pumps the transport until its condition holds
// or the board has been silent for timeout_ms, then throws BackendError
// naming the port ("no answer from /dev/ttyUSB1 within 500 ms: ...").
//
// One session per board: the transports lock the port, and answers are
// matched by sequence number *and* by what a clean session can receive. An
// answer of the wrong type for its seq, an ORDER answer expecting a seq this
// session never had in flight, or a DUPLICATE answer for a request sent only
// once all mean another program is talking to the board (or sent INFO, which
// resets everyone's sequence numbers); the call then throws BackendError and
// the session is unusable, rather than taking another session's answers.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "protocol.hpp"
#include "transport.hpp"

namespace synfire::link {

// Counters of what the host saw go wrong on the link.
struct HostCounters {
  uint64_t crc_errors = 0;      // frames from the board with a bad CRC
  uint64_t framing_errors = 0;  // malformed frames from the board
  uint64_t retries = 0;         // frames sent again (after a NACK or a silence)
  uint64_t stream_gaps = 0;     // stream frames missing (sequence gaps)
};

class Device {
 public:
  // Opens the session: discards stale input, sends INFO (which also
  // resynchronises the board's sequence numbers) and keeps the answer.
  // Throws BackendError if the board does not answer within timeout_ms.
  // `wait_hook` becomes on_wait (below) before the first wait. `retry_ms`
  // is the silence after which unanswered requests are sent again: 0 for a
  // third of the timeout, so that a request gets three tries before the
  // board counts as gone; a link that damages frames often (the lossy-link
  // test loses half of its 300-byte frames) may ask for more tries.
  Device(std::unique_ptr<Transport> transport, uint32_t timeout_ms,
         std::function<void()> wait_hook = {}, uint32_t retry_ms = 0);

  const Info& info() const { return info_; }

  const std::string& port() const { return port_; }

  // What a request does, which decides what a lost answer costs.
  enum class Kind {
    kEffect,     // changes the board; its answer's data is optional (a
                 // DUPLICATE answer stands for it)
    kRead,       // reads only: safe to execute again, so sent again as a new
                 // request when its first answer was lost
    kNeedsData,  // changes the board and its data matters (probe samples of a
                 // run): a lost answer fails the request
  };
  // Queues an EXEC request and sends it as soon as the window allows;
  // returns its ticket. Requests execute on the board in the order sent.
  uint64_t send(std::vector<uint8_t> payload, Kind kind);
  // The answer (DONE frame, or DUPLICATE for a kEffect request) to a ticket;
  // throws BackendError if the board flagged an error in it or went silent.
  Frame wait(uint64_t ticket);
  // Waits until every request sent so far is answered (throws like wait()).
  void drain();

  // Called with every Spikes frame, in order of arrival.
  std::function<void(const Frame&)> on_stream;
  // Called with every request's answer as it arrives, in line order with the
  // Spikes frames (so a run knows which steps have sent all their spikes).
  std::function<void(uint64_t ticket)> on_answer;
  // Called at least every kPollMs while waiting for the board; may throw to
  // abandon the wait (Ctrl-C). The session is then unusable.
  std::function<void()> on_wait;
  static constexpr int kPollMs = 100;

  const HostCounters& counters() const { return counters_; }

 private:
  struct Pending {
    uint64_t ticket = 0;
    Frame frame;
    std::vector<uint8_t> wire;
    Kind kind = Kind::kEffect;
    bool sent = false;
    uint32_t transmissions = 0;  // how often it went out (1 + retries)
    uint64_t epoch = 0;       // go-back round of its last transmission
    bool done = false;
    bool failed = false;
    std::string error;
    Frame answer;
  };
  using Clock = std::chrono::steady_clock;

  void pump(int wait_ms);
  void transmit();
  void receive(int wait_ms);
  void handle(Frame&& f);
  void go_back();
  uint64_t enqueue(uint8_t type, std::vector<uint8_t> payload, Kind kind);
  void reissue(std::deque<Pending>::iterator it);
  void retire_done();
  [[noreturn]] void fail_silent();
  [[noreturn]] void fail_foreign(const std::string& what);

  std::unique_ptr<Transport> transport_;
  std::string port_;
  uint32_t timeout_ms_;
  uint32_t retry_ms_;
  Info info_;
  FrameDecoder decoder_;
  std::deque<Pending> pending_;   // in sequence order, until answered
  std::map<uint64_t, Pending> answered_;  // until waited for, or drained
  std::vector<Frame> incoming_;
  uint64_t next_ticket_ = 1;
  uint8_t next_seq_ = 0;
  uint64_t epoch_ = 0;
  uint32_t window_ = 0;           // ring bytes the host may have in flight
  uint32_t in_flight_ = 0;
  Clock::time_point last_heard_;
  Clock::time_point last_sent_;
  std::optional<uint8_t> stream_seq_;
  HostCounters counters_;
  uint32_t retry_rounds_ = 0;
};

}  // namespace synfire::link
