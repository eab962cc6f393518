#include "plots.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "axes.hpp"
#include "canvas.hpp"

namespace synfire::plot {

namespace {

using namespace palette;

constexpr Color kShade{0.902, 0.624, 0.0, 0.22};

std::string fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

void page_title(cairo_t* cr, const std::string& title, double width) {
  if (title.empty()) return;
  set_color(cr, kInk);
  draw_text(cr, width / 2, 14, title, 16, Align::kCenter, Align::kStart, true);
}

uint32_t rows_for(const std::vector<Spike>& spikes, uint32_t given) {
  if (given) return given;
  uint32_t top = 0;
  for (const Spike& s : spikes) top = std::max(top, s.index + 1);
  return std::max<uint32_t>(top, 1);
}

// Highlights step windows [a, b) across the whole height of a panel.
void shade_windows(cairo_t* cr, const Axes& ax, const std::vector<std::pair<uint32_t, uint32_t>>& shade,
                   uint32_t from, uint32_t to) {
  set_color(cr, kShade);
  for (const auto& [a, b] : shade) {
    if (b <= from || a >= to) continue;
    cairo_rectangle(cr, ax.px(a), ax.area().y, ax.px(b) - ax.px(a), ax.area().h);
  }
  cairo_fill(cr);
}

// One panel of spike marks: a crisp box per spike, shaded windows behind.
void raster_panel(cairo_t* cr, const Rect& r, const std::vector<Spike>& spikes, uint32_t rows,
                  const RasterData& d, uint32_t to, const Color& color, const std::string& ylabel,
                  bool x_numbers, const std::vector<Spike>* highlight = nullptr) {
  Axes ax(cr, r, d.from, to, 0, rows);
  ax.grid(10, 5);
  ax.clip();
  shade_windows(cr, ax, d.shade, d.from, to);
  cairo_save(cr);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);  // sharp single-pixel marks
  const double col_w = std::max(1.0, ax.px(1) - ax.px(0));
  const double row_h = r.h / rows;
  const double mark_h = row_h >= 4 ? row_h * 0.78 : std::max(1.0, row_h);
  const double mark_w = col_w >= 4 ? col_w * 0.8 : col_w;
  auto marks = [&](const std::vector<Spike>& list, const Color& c) {
    set_color(cr, c);
    for (const Spike& s : list) {
      if (s.step < d.from || s.step >= to || s.index >= rows) continue;
      const double x = std::floor(ax.px(s.step));
      const double y = ax.py(s.index + 1) + (row_h - mark_h) / 2;
      cairo_rectangle(cr, x, std::floor(y), std::max(1.0, std::round(mark_w)), std::max(1.0, std::round(mark_h)));
    }
    cairo_fill(cr);
  };
  marks(spikes, color);
  if (highlight) marks(*highlight, kBlue);
  cairo_restore(cr);
  ax.unclip();
  ax.frame();
  ax.x_axis(x_numbers ? "step" : "", 10, x_numbers);
  if (rows <= 64) {
    ax.y_rows(ylabel, rows);
  } else {
    ax.y_axis(ylabel, 5);
  }
}

}  // namespace

void plot_raster(const RasterData& d, const std::filesystem::path& path, Size size) {
  uint32_t to = d.to;
  if (to == 0) {
    for (const Spike& s : d.outputs) to = std::max(to, s.step + 1);
    for (const Spike& s : d.inputs) to = std::max(to, s.step + 1);
    if (to == 0) throw std::invalid_argument("there are no spikes to plot");
  }
  if (to <= d.from) throw std::invalid_argument("the step window is empty (--from must be below --to)");
  const uint32_t out_rows = rows_for(d.outputs, d.neurons);
  const bool with_inputs = !d.inputs.empty() || d.axons > 0;
  const uint32_t in_rows = with_inputs ? rows_for(d.inputs, d.axons) : 0;

  Canvas canvas(path, size.width, size.height);
  cairo_t* cr = canvas.cr();
  page_title(cr, d.title, size.width);
  const Rect body = Rect{0, 0, double(size.width), double(size.height)}.inset(84, d.title.empty() ? 30 : 62, 28, 54);
  uint64_t shown_out = 0;
  for (const Spike& s : d.outputs) shown_out += s.step >= d.from && s.step < to;
  const std::string out_label = "neuron";
  if (with_inputs) {
    // The output panel grows with the number of neurons, within limits.
    const double out_weight = std::clamp(2.0 * out_rows / std::max<uint32_t>(in_rows, 1), 0.35, 1.5);
    const std::vector<Rect> rows = split_rows(body, 2, 34, {1.6, out_weight});
    raster_panel(cr, rows[0], d.inputs, in_rows, d, to, Color{0.2, 0.2, 0.25}, "input axon", false,
                 d.highlight.empty() ? nullptr : &d.highlight);
    Axes(cr, rows[0], 0, 1, 0, 1).title("input spikes");
    raster_panel(cr, rows[1], d.outputs, out_rows, d, to, kVermillion, out_label, true);
    Axes(cr, rows[1], 0, 1, 0, 1).title("output spikes (" + std::to_string(shown_out) + ")");
  } else {
    raster_panel(cr, body, d.outputs, out_rows, d, to, kVermillion, out_label, true);
    Axes(cr, body, 0, 1, 0, 1).title("output spikes (" + std::to_string(shown_out) + ")");
  }
  std::vector<std::pair<Color, std::string>> legend;
  if (!d.highlight.empty() && with_inputs) legend.push_back({kBlue, d.highlight_label});
  if (!d.shade.empty()) legend.push_back({Color{0.902, 0.624, 0.0, 0.45}, d.shade_label});
  if (!legend.empty()) draw_legend_row(cr, body.x + body.w, body.y - 14, legend);
  canvas.save();
}

void plot_traces(const TraceData& d, const std::filesystem::path& path, Size size) {
  std::map<uint32_t, std::vector<ProbeSample>> by_neuron;
  for (const ProbeSample& s : d.samples) {
    if (s.step < d.from || (d.to != 0 && s.step >= d.to)) continue;
    by_neuron[s.neuron].push_back(s);
  }
  if (by_neuron.empty()) throw std::invalid_argument("there are no probe samples to plot in the step window");
  if (by_neuron.size() > kMaxTraceNeurons) {
    throw std::invalid_argument("the probe file holds " + std::to_string(by_neuron.size()) +
                                " neurons; choose at most " + std::to_string(kMaxTraceNeurons) + " with --neurons");
  }
  if (d.network) {
    for (const auto& [j, samples] : by_neuron) {
      if (j >= static_cast<uint32_t>(d.network->neurons)) {
        throw std::invalid_argument("probed neuron " + std::to_string(j) + " is not in the network (" +
                                    std::to_string(d.network->neurons) + " neurons)");
      }
    }
  }
  uint32_t x0 = UINT32_MAX, x1 = 0;
  for (const auto& [j, samples] : by_neuron) {
    x0 = std::min(x0, samples.front().step);
    x1 = std::max(x1, samples.back().step + 1);
  }

  Canvas canvas(path, size.width, size.height);
  cairo_t* cr = canvas.cr();
  page_title(cr, d.title, size.width);
  const Rect body = Rect{0, 0, double(size.width), double(size.height)}.inset(96, d.title.empty() ? 30 : 62, 28, 54);
  const std::vector<Rect> rows = split_rows(body, static_cast<int>(by_neuron.size()), 36);
  size_t row = 0;
  for (const auto& [j, samples] : by_neuron) {
    const bool last = row + 1 == by_neuron.size();
    const std::vector<Rect> parts = split_rows(rows[row], 2, 6, {3, 1.2});
    const NeuronParams* p = d.network ? &d.network->params[j] : nullptr;
    auto threshold = [&](const ProbeSample& s) { return double(p->threshold) + s.state.adapt; };

    // Membrane potential with the (adaptive) threshold.
    double lo = 0, hi = 1;
    for (const ProbeSample& s : samples) {
      lo = std::min<double>(lo, s.state.v);
      hi = std::max<double>(hi, s.state.v);
      if (p) hi = std::max(hi, threshold(s)), lo = std::min(lo, threshold(s));
    }
    const double pad = (hi - lo) * 0.06;
    Axes av(cr, parts[0], x0, x1, lo - pad, hi + pad);
    av.grid(10, 4);
    av.clip();
    shade_windows(cr, av, d.shade, x0, x1);
    cairo_set_line_width(cr, 1.3);
    if (p) {
      set_color(cr, kVermillion);
      const double dash[] = {5, 3};
      cairo_set_dash(cr, dash, 2, 0);
      bool first = true;
      for (const ProbeSample& s : samples) {
        const double y = av.py(threshold(s));
        if (first) cairo_move_to(cr, av.px(s.step), y);
        else cairo_line_to(cr, av.px(s.step), y);
        first = false;
      }
      cairo_stroke(cr);
      cairo_set_dash(cr, nullptr, 0, 0);
    }
    // A spike resets v within its step, so the samples never show it: at a
    // spike's step the line rises to the top of the panel before the reset.
    std::vector<uint32_t> spike_steps;
    for (const Spike& sp : d.spikes) {
      if (sp.index == j) spike_steps.push_back(sp.step);
    }
    std::sort(spike_steps.begin(), spike_steps.end());
    set_color(cr, kBlue);
    for (size_t k = 0; k < samples.size(); ++k) {
      const double x = av.px(samples[k].step), y = av.py(samples[k].state.v);
      if (std::binary_search(spike_steps.begin(), spike_steps.end(), samples[k].step)) {
        if (k == 0) cairo_move_to(cr, x, parts[0].y + 2);
        else cairo_line_to(cr, x, parts[0].y + 2);
      }
      if (k == 0 && !cairo_has_current_point(cr)) cairo_move_to(cr, x, y);
      else cairo_line_to(cr, x, y);
    }
    cairo_stroke(cr);
    av.unclip();
    av.frame();
    av.x_axis("", 10, false);
    av.y_axis("v", 4);
    av.title("neuron " + std::to_string(j));

    // Synaptic current.
    double ulo = 0, uhi = 1;
    for (const ProbeSample& s : samples) ulo = std::min<double>(ulo, s.state.u), uhi = std::max<double>(uhi, s.state.u);
    const double upad = (uhi - ulo) * 0.08;
    Axes au(cr, parts[1], x0, x1, ulo - upad, uhi + upad);
    au.grid(10, 2);
    au.clip();
    shade_windows(cr, au, d.shade, x0, x1);
    set_color(cr, kGreen);
    cairo_set_line_width(cr, 1.1);
    for (size_t k = 0; k < samples.size(); ++k) {
      const double x = au.px(samples[k].step), y = au.py(samples[k].state.u);
      if (k == 0) cairo_move_to(cr, x, y);
      else cairo_line_to(cr, x, y);
    }
    cairo_stroke(cr);
    au.unclip();
    au.frame();
    au.x_axis(last ? "step" : "", 10, last);
    au.y_axis("u", 2);
    ++row;
  }
  std::vector<std::pair<Color, std::string>> legend = {{kBlue, "membrane potential v"}, {kGreen, "synaptic current u"}};
  if (d.network) legend.insert(legend.begin() + 1, {kVermillion, "threshold + adaptation"});
  if (!d.shade.empty()) legend.push_back({Color{0.902, 0.624, 0.0, 0.45}, d.shade_label});
  draw_legend_row(cr, body.x + body.w, body.y - 14, legend);
  canvas.save();
}

namespace {

bool any_recurrent(const Network& n) {
  for (size_t k = 0; k < n.w_rec.size(); ++k) {
    if (n.w_rec[k] != 0 || n.plastic_rec[k] != 0) return true;
  }
  return false;
}

// Draws a rows x cols matrix (row-major: pre x post) with x = pre, y = post,
// one image pixel per synapse scaled up without smoothing.
void heatmap(cairo_t* cr, const Rect& r, const std::vector<int8_t>& w, int pre, int post, double scale,
             const std::string& title, const std::string& xlabel, bool ylabel) {
  cairo_surface_t* img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pre, post);
  const int stride = cairo_image_surface_get_stride(img);
  cairo_surface_flush(img);
  unsigned char* data = cairo_image_surface_get_data(img);
  for (int i = 0; i < pre; ++i) {
    for (int j = 0; j < post; ++j) {
      const Color c = diverging(w[static_cast<size_t>(i) * static_cast<size_t>(post) + static_cast<size_t>(j)] / scale);
      auto* px = reinterpret_cast<uint32_t*>(data + static_cast<ptrdiff_t>(post - 1 - j) * stride) + i;
      *px = (uint32_t(c.r * 255 + 0.5) << 16) | (uint32_t(c.g * 255 + 0.5) << 8) | uint32_t(c.b * 255 + 0.5);
    }
  }
  cairo_surface_mark_dirty(img);
  Axes ax(cr, r, 0, pre, 0, post);
  cairo_save(cr);
  cairo_translate(cr, r.x, r.y);
  cairo_scale(cr, r.w / pre, r.h / post);
  cairo_set_source_surface(cr, img, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
  cairo_paint(cr);
  cairo_restore(cr);
  cairo_surface_destroy(img);
  ax.frame();
  ax.x_axis(xlabel, 8);
  if (post <= 64) {
    ax.y_rows(ylabel ? "postsynaptic neuron" : "", static_cast<uint32_t>(post));
  } else {
    ax.y_axis(ylabel ? "postsynaptic neuron" : "", 5);
  }
  ax.title(title);
}

void colorbar(cairo_t* cr, const Rect& r, double scale) {
  const int steps = 128;
  for (int k = 0; k < steps; ++k) {
    const double t = 1.0 - 2.0 * k / (steps - 1);
    set_color(cr, diverging(t));
    cairo_rectangle(cr, r.x, r.y + r.h * k / steps, r.w, r.h / steps + 0.6);
    cairo_fill(cr);
  }
  Axes ax(cr, r, 0, 1, -scale, scale);
  ax.frame();
  // Tick labels on the right of the bar.
  set_color(cr, kInk);
  for (double t : nice_ticks(-scale, scale, 4)) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%g", t);
    draw_text(cr, r.x + r.w + 5, ax.py(t), buf, 11, Align::kStart, Align::kCenter);
  }
  draw_text(cr, r.x + r.w / 2, r.y - 6, "weight", 11, Align::kCenter, Align::kEnd);
}

// Weights of each neuron against the input axon, before (grey) and after (blue).
void profile(cairo_t* cr, const Rect& r, const Network& before, const Network* after, int neuron, bool last) {
  const int m = before.inputs, n = before.neurons;
  int lo = 0, hi = 1;
  for (const Network* net : {&before, after}) {
    if (!net) continue;
    for (int a = 0; a < m; ++a) {
      const int w = net->w_in[static_cast<size_t>(a) * static_cast<size_t>(n) + static_cast<size_t>(neuron)];
      lo = std::min(lo, w), hi = std::max(hi, w);
    }
  }
  const double pad = (hi - lo) * 0.06;
  Axes ax(cr, r, 0, m, lo - pad, hi + pad);
  ax.grid(10, 4);
  auto bars = [&](const Network& net, const Color& c, double width) {
    set_color(cr, c);
    for (int a = 0; a < m; ++a) {
      const int w = net.w_in[static_cast<size_t>(a) * static_cast<size_t>(n) + static_cast<size_t>(neuron)];
      const double x = ax.px(a + 0.5), half = std::max(0.5, (ax.px(1) - ax.px(0)) * width / 2);
      cairo_rectangle(cr, x - half, ax.py(std::max(w, 0)), 2 * half, std::abs(ax.py(w) - ax.py(0)));
    }
    cairo_fill(cr);
  };
  bars(before, after ? Color{0.6, 0.6, 0.6, 0.8} : kBlue, 0.9);
  if (after) bars(*after, Color{kBlue.r, kBlue.g, kBlue.b, 0.85}, 0.5);
  ax.frame();
  ax.x_axis(last ? "input axon" : "", 10, last);
  ax.y_axis("weight", 4);
  ax.title("input weights of neuron " + std::to_string(neuron));
}

}  // namespace

void plot_weights(const Network& before, const Network* after, const std::filesystem::path& path, Size size,
                  const std::string& title) {
  if (after && (after->neurons != before.neurons || after->inputs != before.inputs)) {
    throw std::invalid_argument("the two networks differ in size (" + std::to_string(before.neurons) + "x" +
                                std::to_string(before.inputs) + " and " + std::to_string(after->neurons) + "x" +
                                std::to_string(after->inputs) + " neurons x inputs)");
  }
  const bool has_in = before.inputs > 0;
  const bool has_rec = before.neurons > 1 && (any_recurrent(before) || (after && any_recurrent(*after)));
  if (!has_in && !has_rec) throw std::invalid_argument("the network has no weights to plot");
  const bool profiles = has_in && before.neurons <= 4;

  double scale = 1;
  for (const Network* net : {&before, after}) {
    if (!net) continue;
    for (int8_t w : net->w_in) scale = std::max(scale, std::abs(double(w)));
    for (int8_t w : net->w_rec) scale = std::max(scale, std::abs(double(w)));
  }

  Canvas canvas(path, size.width, size.height);
  cairo_t* cr = canvas.cr();
  page_title(cr, title, size.width);
  Rect body = Rect{0, 0, double(size.width), double(size.height)}.inset(96, title.empty() ? 34 : 66, 28, 54);
  const bool need_bar = !profiles || has_rec;
  if (need_bar) body.w -= 70;
  std::vector<double> weights;
  if (has_in) weights.push_back(profiles ? 1.0 * before.neurons : 1.0);
  if (has_rec) weights.push_back(1.0);
  const std::vector<Rect> rows = split_rows(body, static_cast<int>(weights.size()), 70, weights);
  const int cols = after ? 2 : 1;
  size_t row = 0;
  if (has_in) {
    if (profiles) {
      const std::vector<Rect> sub = split_rows(rows[0], before.neurons, 40);
      for (int j = 0; j < before.neurons; ++j) profile(cr, sub[static_cast<size_t>(j)], before, after, j, j + 1 == before.neurons || has_rec);
      if (after) {
        draw_legend(cr, body.x + body.w, body.y - 30 + 0, {{Color{0.6, 0.6, 0.6}, "before"}, {kBlue, "after"}});
      }
    } else {
      const std::vector<Rect> c = split_cols(rows[0], cols, 40);
      heatmap(cr, c[0], before.w_in, before.inputs, before.neurons, scale,
              after ? "input weights, before" : "input weights", "input axon", true);
      if (after) heatmap(cr, c[1], after->w_in, before.inputs, before.neurons, scale, "input weights, after", "input axon", false);
    }
    ++row;
  }
  if (has_rec) {
    const std::vector<Rect> c = split_cols(rows[row], cols, 40);
    heatmap(cr, c[0], before.w_rec, before.neurons, before.neurons, scale,
            after ? "recurrent weights, before" : "recurrent weights", "presynaptic neuron", true);
    if (after) heatmap(cr, c[1], after->w_rec, before.neurons, before.neurons, scale, "recurrent weights, after", "presynaptic neuron", false);
  }
  if (need_bar) colorbar(cr, Rect{body.x + body.w + 22, body.y + 20, 16, std::min(240.0, body.h - 40)}, scale);
  canvas.save();
}

void plot_histogram(const Network& before, const Network* after, const std::filesystem::path& path, Size size,
                    const std::string& title) {
  // The plastic synapses are the ones learning changes; without any, show all non-zero weights.
  auto values = [](const Network& net, bool plastic_only) {
    std::vector<int> v;
    auto take = [&](const std::vector<int8_t>& w, const std::vector<uint8_t>& p) {
      for (size_t k = 0; k < w.size(); ++k) {
        if (plastic_only ? p[k] != 0 : w[k] != 0) v.push_back(w[k]);
      }
    };
    take(net.w_in, net.plastic_in);
    take(net.w_rec, net.plastic_rec);
    return v;
  };
  bool plastic = !values(before, true).empty();
  const std::vector<int> vb = values(before, plastic);
  const std::vector<int> va = after ? values(*after, plastic) : std::vector<int>{};
  if (vb.empty() && va.empty()) throw std::invalid_argument("the network has no weights to plot");

  int lo = before.weight_min(), hi = before.weight_max();
  if (plastic) {  // learning keeps plastic weights in [w_min, w_max]
    lo = after ? std::min(before.stdp.w_min, after->stdp.w_min) : before.stdp.w_min;
    hi = after ? std::max(before.stdp.w_max, after->stdp.w_max) : before.stdp.w_max;
  }
  // Bins of whole weight values, merged to at most 128 bars.
  const int span = hi - lo + 1;
  const int width = (span + 127) / 128;
  const size_t nbins = static_cast<size_t>((span + width - 1) / width);
  auto histogram = [&](const std::vector<int>& v) {
    std::vector<double> h(nbins, 0);
    for (int x : v) h[static_cast<size_t>((std::clamp(x, lo, hi) - lo) / width)] += 1;
    return h;
  };
  const std::vector<double> hb = histogram(vb), ha = histogram(va);
  double top = 1;
  for (double c : hb) top = std::max(top, c);
  for (double c : ha) top = std::max(top, c);
  auto mean = [](const std::vector<int>& v) {
    double s = 0;
    for (int x : v) s += x;
    return v.empty() ? 0.0 : s / double(v.size());
  };

  Canvas canvas(path, size.width, size.height);
  cairo_t* cr = canvas.cr();
  page_title(cr, title, size.width);
  const Rect body = Rect{0, 0, double(size.width), double(size.height)}.inset(90, title.empty() ? 34 : 66, 28, 54);
  Axes ax(cr, body, lo - 0.5, hi + 0.5, 0, top * 1.08);
  ax.grid(12, 5);
  auto bars = [&](const std::vector<double>& h, const Color& c) {
    set_color(cr, c);
    for (size_t b = 0; b < nbins; ++b) {
      if (h[b] == 0) continue;
      const double x0 = ax.px(lo + double(b) * width - 0.5), x1 = ax.px(lo + double(b + 1) * width - 0.5);
      cairo_rectangle(cr, x0 + 0.5, ax.py(h[b]), std::max(1.0, x1 - x0 - 1), ax.py(0) - ax.py(h[b]));
    }
    cairo_fill(cr);
  };
  const Color grey{0.45, 0.45, 0.45, 0.55}, blue{kBlue.r, kBlue.g, kBlue.b, 0.65};
  bars(hb, after ? grey : blue);
  if (after) bars(ha, blue);
  ax.frame();
  ax.x_axis("weight", 12);
  ax.y_axis(plastic ? "plastic synapses" : "synapses", 5);
  ax.title(std::string(plastic ? "plastic" : "non-zero") + " weights (" + std::to_string(vb.size()) + " synapses)");
  std::vector<std::pair<Color, std::string>> legend;
  legend.push_back({after ? grey : blue, std::string(after ? "before" : "weights") + ", mean " + fixed1(mean(vb))});
  if (after) legend.push_back({blue, "after, mean " + fixed1(mean(va))});
  draw_legend(cr, body.x + body.w - 8, body.y + 8, legend);
  canvas.save();
}

}  // namespace synfire::plot
