#include "uart_bridge.hpp"

#include <chrono>

namespace synfire::board {

volatile std::sig_atomic_t g_stop = 0;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Board output waiting for a host that does not read is kept up to this
// much; beyond it bytes are dropped and counted as overruns (a real USB
// UART loses them too).
constexpr size_t kMaxPending = 1 << 20;

}  // namespace

UartBridge::UartBridge(sc_module_name name, Pty& pty, BoardModel& board, const BridgeOptions& opt)
    : sc_module(name),
      pty_(pty),
      board_(board),
      opt_(opt),
      bit_(sc_time(1.0 / board.params().baud, SC_SEC)) {
  SC_THREAD(drive);
  SC_THREAD(sample);
}

void UartBridge::flush_out() {
  while (!out_.empty()) {
    uint8_t buf[4096];
    size_t n = 0;
    for (auto it = out_.begin(); it != out_.end() && n < sizeof buf; ++it) buf[n++] = *it;
    const size_t w = pty_.write(buf, n);
    out_.erase(out_.begin(), out_.begin() + static_cast<long>(w));
    if (w < n) break;
  }
  while (out_.size() > kMaxPending) {
    out_.pop_front();
    ++overruns;
  }
}

void UartBridge::drive() {
  // Reset for the model's reset time, line idle.
  rx_o.write(true);
  rst_no.write(false);
  wait(sc_time(double(board_.params().reset_cycles) / board_.params().clock_hz, SC_SEC));
  rst_no.write(true);
  wait(bit_);

  const auto start = Clock::now();
  auto last_activity = start;
  bool host_seen = false;
  int quiet = 0;  // consecutive bit times with nothing going on
  uint32_t polls = 0;
  for (;;) {
    if (g_stop) {
      reason = "stopped by a signal";
      break;
    }
    // The host is asked for bytes when there is nothing left to send, at most
    // every 16 bit times while the board works (a system call per bit would
    // cost more than the simulation).
    uint8_t buf[4096];
    size_t n = 0;
    if (in_.empty() && (quiet > 0 || ++polls % 16 == 0)) n = pty_.read(buf, sizeof buf);
    if (n > 0) {
      in_.insert(in_.end(), buf, buf + n);
      bytes_in += n;
      host_seen = true;
      last_activity = Clock::now();
    }
    if (!out_.empty()) flush_out();
    if (opt_.exit_on_close && host_seen && in_.empty() && !pty_.host_present()) {
      reason = "the host closed the port";
      break;
    }
    if (!in_.empty()) {
      // One byte, 8N1, LSB first.
      const uint8_t b = in_.front();
      in_.pop_front();
      rx_o.write(false);
      wait(bit_);
      for (int i = 0; i < 8; ++i) {
        rx_o.write(((b >> i) & 1) != 0);
        wait(bit_);
      }
      rx_o.write(true);
      wait(bit_);
      quiet = 0;
      continue;
    }
    // Idle only counts after a few quiet bit times: the last byte's stop bit
    // and the receive pipeline must pass before the board's idle flag means it.
    const bool still = board_.idle() && !receiving_ && out_.empty() && tx_i.read();
    quiet = still ? quiet + 1 : 0;
    if (quiet > 3) {
      if (opt_.exit_after_idle_s > 0 && seconds_since(last_activity) > opt_.exit_after_idle_s) {
        reason = "idle for " + std::to_string(opt_.exit_after_idle_s) + " s";
        break;
      }
      const auto t = Clock::now();
      pty_.wait_input(50);  // simulated time stands still meanwhile
      idle_wall_s += seconds_since(t);
      continue;
    }
    if (!still) last_activity = Clock::now();
    wait(bit_);
    if (opt_.realtime) {
      const double ahead = sc_time_stamp().to_seconds() - seconds_since(start);
      if (ahead > 0.002) {
        const auto t = Clock::now();
        pty_.wait_input(static_cast<int>(ahead * 1000));
        idle_wall_s += seconds_since(t);
      }
    }
  }
  wall_s = seconds_since(start);
  flush_out();
  sc_stop();
}

void UartBridge::sample() {
  for (;;) {
    wait(tx_i.negedge_event());
    receiving_ = true;
    wait(bit_ * 1.5);  // the middle of data bit 0
    uint8_t b = 0;
    for (int i = 0; i < 8; ++i) {
      if (tx_i.read()) b = static_cast<uint8_t>(b | (1u << i));
      wait(bit_);
    }
    if (tx_i.read()) {
      out_.push_back(b);
      ++bytes_out;
    } else {
      ++framing_errors;  // stop bit low
    }
    receiving_ = false;
  }
}

}  // namespace synfire::board
