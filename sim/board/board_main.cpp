// synfire-board: the virtual synfire board. syn_board_top (UART, link
// protocol, core) verilated for SystemC, its UART on a pseudo-terminal.
//
// The first line of standard output is the pseudo-terminal's path; any
// serial program can then talk to it (synfire run --port <path>). Runs until
// SIGINT/SIGTERM, --exit-after-idle or --exit-on-close; exits 0 then, with
// a summary (bytes, simulated and wall-clock time) on standard error.
#include <systemc.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "board_model.hpp"
#include "pty.hpp"
#include "uart_bridge.hpp"
#include "verilated.h"

using namespace synfire::board;

namespace {

void on_signal(int) { g_stop = 1; }

}  // namespace

int sc_main(int argc, char** argv) {
  CLI::App app{"synfire-board: the virtual synfire board (RTL under Verilator/SystemC, UART on "
               "a pseudo-terminal whose path is printed on the first line)"};
  std::string config = "ice40";
  std::string trace;
  BridgeOptions opt;
  app.add_option("--config", config,
                 "core configuration: ice40 (N=256, M=256, per-row plastic flags, 24 MHz, as "
                 "the iCEBreaker), small (N=16, M=8, 12 MHz, for fast tests) or sim256 (N=256, M=256, "
                 "every learning feature, 48 MHz: examples/digits)")
      ->check(CLI::IsMember(board_configs()));
  app.add_option("--trace", trace, "write an FST waveform of the whole board to this file");
  app.add_option("--exit-after-idle", opt.exit_after_idle_s,
                 "exit after this many seconds with no host traffic and nothing to do");
  app.add_flag("--exit-on-close", opt.exit_on_close, "exit when the host closes the port");
  app.add_flag("--realtime", opt.realtime,
               "never run ahead of the wall clock (a fast configuration then keeps real time)");
  // Errors are one line, "<program>: error: ...", exit 2 for bad options and
  // 1 for failures (docs/cli.md); started by `synfire board` the program is
  // "synfire" (it sets SYNFIRE_BOARD_PROGRAM).
  const char* env_name = std::getenv("SYNFIRE_BOARD_PROGRAM");
  const std::string program = env_name && *env_name ? env_name : "synfire-board";
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "%s: error: %s (see %s --help)\n", program.c_str(), e.what(),
                 program == "synfire-board" ? "synfire-board" : "synfire board --");
    return 2;
  }

  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    sc_set_time_resolution(1, SC_PS);
    if (!trace.empty()) Verilated::traceEverOn(true);
    std::unique_ptr<BoardModel> model = make_board_model(config);
    const BoardParams& p = model->params();
    Pty pty;

    sc_clock clk("clk", sc_time(1.0 / p.clock_hz, SC_SEC));
    sc_signal<bool> rst_n("rst_n"), rx("rx"), tx("tx"), spike("spike");
    model->bind(clk, rst_n, rx, tx, spike);
    UartBridge bridge("uart", pty, *model, opt);
    bridge.tx_i(tx);
    bridge.rx_o(rx);
    bridge.rst_no(rst_n);

    std::printf("%s\n", pty.path().c_str());
    std::fflush(stdout);
    std::fprintf(stderr, "synfire-board: %s (N=%u, M=%u, %.0f MHz, %u baud) on %s\n",
                 p.name.c_str(), p.neurons, p.inputs, p.clock_hz / 1e6, p.baud,
                 pty.path().c_str());

    sc_start(SC_ZERO_TIME);
    if (!trace.empty()) model->open_trace(trace);
    sc_start();
    model->close_trace();
    model->finish();

    // Speed while simulating: the wall time spent waiting for the host, with
    // simulated time standing still, does not count.
    const double sim_s = sc_time_stamp().to_seconds();
    const double busy_s = bridge.wall_s - bridge.idle_wall_s;
    std::fprintf(stderr,
                 "synfire-board: %s; %llu bytes in, %llu out; %.4f s simulated in %.3f s of "
                 "%.3f s wall (%.4f x real time, %.2f M cycles/s while busy)\n",
                 bridge.reason.c_str(), static_cast<unsigned long long>(bridge.bytes_in),
                 static_cast<unsigned long long>(bridge.bytes_out), sim_s, busy_s, bridge.wall_s,
                 busy_s > 0 ? sim_s / busy_s : 0.0,
                 busy_s > 0 ? sim_s * p.clock_hz / busy_s / 1e6 : 0.0);
    if (bridge.framing_errors + bridge.overruns > 0) {
      std::fprintf(stderr, "synfire-board: %llu framing errors, %llu bytes dropped for a host "
                           "that did not read\n",
                   static_cast<unsigned long long>(bridge.framing_errors),
                   static_cast<unsigned long long>(bridge.overruns));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: error: %s\n", program.c_str(), e.what());
    return 1;
  }
  return 0;
}

// SystemC's banner would come before sc_main runs: switch it off first.
int main(int argc, char** argv) {
  // (SystemC 2.3.4 reads SYSTEMC_DISABLE_COPYRIGHT_MESSAGE; SYSC_... was never read.)
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
