// synfire plot: pictures of runs for people who would rather look than read.
//   plot raster   spike raster (inputs above, outputs below, marked windows shaded)
//   plot traces   membrane potential and current of probed neurons
//   plot weights  weight matrices before and after learning
//   plot hist     weight histogram before and after learning
#include <iostream>
#include <optional>

#include "commands.hpp"
#include "common.hpp"
#include "network_json.hpp"
#include "plot/canvas.hpp"
#include "plot/plots.hpp"
#include "probe_file.hpp"
#include "spike_file.hpp"
#include "window_file.hpp"

namespace synfire::cli {

namespace {

struct PlotCommon {
  OutputOptions out;
  std::string output;
  std::string title;
  plot::Size size;
  uint32_t from = 0, to = 0;
};

struct RasterOptions {
  PlotCommon c;
  std::string spikes, inputs, shade, shade_label = "marked", network, highlight,
      highlight_label = "highlighted";
};

struct TracesOptions {
  PlotCommon c;
  std::string probes, network, neurons, spikes, shade, shade_label = "marked";
};

struct WeightsPlotOptions {
  PlotCommon c;
  std::string before, after;
};

void add_common(CLI::App& cmd, PlotCommon& c, bool window) {
  cmd.add_option("-o,--out", c.output, "image file to write (.png or .svg)")->type_name("FILE")->required();
  cmd.add_option("--title", c.title, "title above the plot")->type_name("TEXT");
  cmd.add_option("--width", c.size.width, "width in pixels")->type_name("PX")->capture_default_str()->check(in_range(200, 8000));
  cmd.add_option("--height", c.size.height, "height in pixels")->type_name("PX")->capture_default_str()->check(in_range(150, 8000));
  if (window) {
    cmd.add_option("--from", c.from, "first step shown")->type_name("STEP")->check(whole_number<uint32_t>());
    cmd.add_option("--to", c.to, "one past the last step shown (default: the end)")->type_name("STEP")
        ->check(whole_number<uint32_t>());
  }
  add_output_options(cmd, c.out);
}

// The picture's type, from the extension of --out.
void image_type(const std::string& path) { plot::image_format_for(path); }

void done(const PlotCommon& c, const char* what) {
  if (c.out.json) {
    std::cout << nlohmann::json{{"command", "plot"}, {"plot", what}, {"file", c.output}}.dump() << '\n';
  } else if (!c.out.quiet) {
    std::cout << what << ": " << c.output << '\n';
  }
}

void run_raster(const RasterOptions& o) {
  check_output_paths({{"--out", o.c.output, image_type}}, {o.spikes, o.inputs, o.shade, o.highlight, o.network});
  plot::RasterData d;
  d.outputs = io::read_spikes(o.spikes);
  if (!o.inputs.empty()) d.inputs = io::read_spikes(o.inputs);
  if (!o.shade.empty()) d.shade = io::read_windows(o.shade);
  d.shade_label = o.shade_label;
  if (!o.highlight.empty()) {
    if (o.inputs.empty()) throw UsageError("--highlight needs --input (it marks input spikes)");
    d.highlight = io::read_spikes(o.highlight);
  }
  d.highlight_label = o.highlight_label;
  if (!o.network.empty()) {
    const Network net = load_network(o.network);
    d.neurons = static_cast<uint32_t>(net.neurons);
    d.axons = o.inputs.empty() ? 0 : static_cast<uint32_t>(net.inputs);
  }
  d.from = o.c.from;
  d.to = o.c.to;
  d.title = o.c.title;
  plot::plot_raster(d, o.c.output, o.c.size);
  done(o.c, "raster");
}

void run_traces(const TracesOptions& o) {
  check_output_paths({{"--out", o.c.output, image_type}}, {o.probes, o.spikes, o.shade, o.network});
  plot::TraceData d;
  d.samples = io::read_probes(o.probes);
  if (!o.spikes.empty()) d.spikes = io::read_spikes(o.spikes);
  if (!o.shade.empty()) d.shade = io::read_windows(o.shade);
  d.shade_label = o.shade_label;
  std::optional<Network> net;
  if (!o.network.empty()) net = load_network(o.network);
  d.network = net ? &*net : nullptr;
  if (!o.neurons.empty()) {
    const std::vector<uint32_t> keep = parse_index_list(o.neurons, "--neurons");
    std::erase_if(d.samples, [&](const ProbeSample& s) { return !std::binary_search(keep.begin(), keep.end(), s.neuron); });
  }
  d.from = o.c.from;
  d.to = o.c.to;
  d.title = o.c.title;
  plot::plot_traces(d, o.c.output, o.c.size);
  done(o.c, "traces");
}

void run_weights_plot(const WeightsPlotOptions& o, bool histogram) {
  check_output_paths({{"--out", o.c.output, image_type}}, {o.before, o.after});
  const Network before = load_network(o.before);
  std::optional<Network> after;
  if (!o.after.empty()) after = load_network(o.after);
  if (histogram) {
    plot::plot_histogram(before, after ? &*after : nullptr, o.c.output, o.c.size, o.c.title);
    done(o.c, "histogram");
  } else {
    plot::plot_weights(before, after ? &*after : nullptr, o.c.output, o.c.size, o.c.title);
    done(o.c, "weights");
  }
}

}  // namespace

void setup_plot(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("plot", "draw a spike raster, membrane traces, weight matrices or a weight histogram (PNG or SVG)");
  cmd->require_subcommand(1);

  auto r = std::make_shared<RasterOptions>();
  CLI::App* raster = cmd->add_subcommand("raster", "spike raster of a run");
  raster->add_option("-s,--spikes", r->spikes, "output spike file (.csv or .aer)")->type_name("FILE")->required();
  raster->add_option("-i,--input", r->inputs, "input spike file, drawn above the outputs")->type_name("FILE");
  raster->add_option("--shade", r->shade, "windows to highlight: CSV start,end")->type_name("FILE");
  raster->add_option("--shade-label", r->shade_label, "legend text of the highlighted windows")->type_name("TEXT");
  raster->add_option("--highlight", r->highlight, "input spikes to draw in a second colour (.csv or .aer)")->type_name("FILE");
  raster->add_option("--highlight-label", r->highlight_label, "legend text of the highlighted spikes")->type_name("TEXT");
  raster->add_option("-n,--network", r->network, "network file (sets the number of rows)")->type_name("FILE");
  add_common(*raster, r->c, true);
  raster->callback([r] { run_raster(*r); });

  auto t = std::make_shared<TracesOptions>();
  CLI::App* traces = cmd->add_subcommand("traces", "membrane potential and synaptic current of probed neurons");
  traces->add_option("--probes", t->probes, "probe file (CSV step,neuron,u,v,...)")->type_name("FILE")->required();
  traces->add_option("-n,--network", t->network, "network file (draws each neuron's threshold)")->type_name("FILE");
  traces->add_option("-s,--spikes", t->spikes, "output spike file: spikes are drawn as strokes")->type_name("FILE");
  traces->add_option("--shade", t->shade, "windows to highlight: CSV start,end")->type_name("FILE");
  traces->add_option("--shade-label", t->shade_label, "legend text of the highlighted windows")->type_name("TEXT");
  traces->add_option("--neurons", t->neurons, "neurons to show, e.g. 0,2-3 (at most 8)")->type_name("NEURONS");
  add_common(*traces, t->c, true);
  traces->callback([t] { run_traces(*t); });

  for (bool histogram : {false, true}) {
    auto w = std::make_shared<WeightsPlotOptions>();
    CLI::App* sub = histogram ? cmd->add_subcommand("hist", "histogram of the plastic weights, before and after learning")
                              : cmd->add_subcommand("weights", "weight matrices, before and after learning");
    sub->add_option("-n,--network", w->before, "network file (before learning)")->type_name("FILE")->required();
    sub->add_option("-a,--after", w->after, "network file after learning (e.g. from run --weights-out)")->type_name("FILE");
    add_common(*sub, w->c, false);
    sub->callback([w, histogram] { run_weights_plot(*w, histogram); });
  }
}

}  // namespace synfire::cli
