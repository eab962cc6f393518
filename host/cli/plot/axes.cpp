#include "axes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace synfire::plot {

namespace {
constexpr const char* kFont = "DejaVu Sans";
constexpr double kTickFont = 11.0;
constexpr double kLabelFont = 12.5;
}  // namespace

std::vector<Rect> split_rows(const Rect& r, int n, double gap, std::vector<double> weights) {
  if (weights.empty()) weights.assign(static_cast<size_t>(n), 1.0);
  double total = 0;
  for (double w : weights) total += w;
  const double usable = r.h - gap * (n - 1);
  std::vector<Rect> rows;
  double y = r.y;
  for (int k = 0; k < n; ++k) {
    const double h = usable * weights[static_cast<size_t>(k)] / total;
    rows.push_back({r.x, y, r.w, h});
    y += h + gap;
  }
  return rows;
}

std::vector<Rect> split_cols(const Rect& r, int n, double gap) {
  const double w = (r.w - gap * (n - 1)) / n;
  std::vector<Rect> cols;
  for (int k = 0; k < n; ++k) cols.push_back({r.x + k * (w + gap), r.y, w, r.h});
  return cols;
}

Color diverging(double t) {
  t = std::clamp(t, -1.0, 1.0);
  // White at 0 to a saturated blue (negative) or red (positive).
  const Color neg{0.129, 0.400, 0.674}, pos{0.698, 0.094, 0.168};
  const Color& end = t < 0 ? neg : pos;
  const double a = std::abs(t);
  return {1 + (end.r - 1) * a, 1 + (end.g - 1) * a, 1 + (end.b - 1) * a};
}

void draw_text(cairo_t* cr, double x, double y, const std::string& text, double size, Align h,
               Align v, bool bold, double angle) {
  cairo_save(cr);
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_text_extents_t ext;
  cairo_text_extents(cr, text.c_str(), &ext);
  cairo_font_extents_t fext;
  cairo_font_extents(cr, &fext);
  double dx = -ext.x_bearing;
  if (h == Align::kCenter) dx -= ext.width / 2;
  if (h == Align::kEnd) dx -= ext.width;
  // Vertical alignment on the font's ascent, so labels of one row line up.
  double dy = fext.ascent;
  if (v == Align::kCenter) dy = fext.ascent / 2 - fext.descent / 4;
  if (v == Align::kEnd) dy = 0;
  cairo_translate(cr, x, y);
  cairo_rotate(cr, angle);
  cairo_move_to(cr, dx, dy);
  cairo_show_text(cr, text.c_str());
  cairo_restore(cr);
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  std::vector<double> ticks;
  if (!(hi > lo) || target < 1) return ticks;
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  }
  return ticks;
}

namespace {

// Labels for a set of ticks, in one style for the whole axis: "39k, 39.1k"
// only if every tick is a multiple of 100 above 10000, else plain numbers.
std::vector<std::string> tick_labels(const std::vector<double>& ticks) {
  bool kilo = !ticks.empty();
  double top = 0;
  for (double t : ticks) top = std::max(top, std::abs(t));
  for (double t : ticks) kilo = kilo && std::fmod(std::abs(t), 100.0) == 0;
  kilo = kilo && top >= 1e4;
  std::vector<std::string> labels;
  for (double t : ticks) {
    char buf[32];
    if (t == 0) {
      std::snprintf(buf, sizeof buf, "0");
    } else if (kilo && top >= 1e7) {
      std::snprintf(buf, sizeof buf, "%gM", t / 1e6);
    } else if (kilo) {
      std::snprintf(buf, sizeof buf, "%gk", t / 1e3);
    } else {
      std::snprintf(buf, sizeof buf, "%g", t);
    }
    labels.emplace_back(buf);
  }
  return labels;
}

}  // namespace

Axes::Axes(cairo_t* cr, Rect area, double x0, double x1, double y0, double y1)
    : cr_(cr), area_(area), x0_(x0), x1_(x1 > x0 ? x1 : x0 + 1), y0_(y0), y1_(y1 > y0 ? y1 : y0 + 1) {}

void Axes::grid(int x_ticks, int y_ticks) const {
  cairo_save(cr_);
  set_color(cr_, palette::kGrid);
  cairo_set_line_width(cr_, 1.0);
  for (double t : nice_ticks(x0_, x1_, x_ticks)) {
    const double x = std::round(px(t)) + 0.5;
    cairo_move_to(cr_, x, area_.y);
    cairo_line_to(cr_, x, area_.y + area_.h);
  }
  for (double t : nice_ticks(y0_, y1_, y_ticks)) {
    const double y = std::round(py(t)) + 0.5;
    cairo_move_to(cr_, area_.x, y);
    cairo_line_to(cr_, area_.x + area_.w, y);
  }
  cairo_stroke(cr_);
  cairo_restore(cr_);
}

void Axes::frame() const {
  cairo_save(cr_);
  set_color(cr_, palette::kInk);
  cairo_set_line_width(cr_, 1.0);
  cairo_rectangle(cr_, std::round(area_.x) + 0.5, std::round(area_.y) + 0.5, std::round(area_.w),
                  std::round(area_.h));
  cairo_stroke(cr_);
  cairo_restore(cr_);
}

void Axes::x_axis(const std::string& label, int ticks, bool numbers) const {
  cairo_save(cr_);
  set_color(cr_, palette::kInk);
  cairo_set_line_width(cr_, 1.0);
  const double base = area_.y + area_.h;
  const std::vector<double> at = nice_ticks(x0_, x1_, ticks);
  const std::vector<std::string> labels = tick_labels(at);
  for (size_t k = 0; k < at.size(); ++k) {
    const double x = std::round(px(at[k])) + 0.5;
    cairo_move_to(cr_, x, base);
    cairo_line_to(cr_, x, base + 4);
    cairo_stroke(cr_);
    if (numbers) draw_text(cr_, x, base + 6, labels[k], kTickFont, Align::kCenter, Align::kStart);
  }
  if (!label.empty()) {
    draw_text(cr_, area_.x + area_.w / 2, base + (numbers ? 22 : 8), label, kLabelFont, Align::kCenter,
              Align::kStart);
  }
  cairo_restore(cr_);
}

void Axes::y_axis(const std::string& label, int ticks) const {
  cairo_save(cr_);
  set_color(cr_, palette::kInk);
  cairo_set_line_width(cr_, 1.0);
  double widest = 0;
  const std::vector<double> at = nice_ticks(y0_, y1_, ticks);
  const std::vector<std::string> labels = tick_labels(at);
  for (size_t k = 0; k < at.size(); ++k) {
    const double y = std::round(py(at[k])) + 0.5;
    cairo_move_to(cr_, area_.x - 4, y);
    cairo_line_to(cr_, area_.x, y);
    cairo_stroke(cr_);
    draw_text(cr_, area_.x - 6, y, labels[k], kTickFont, Align::kEnd, Align::kCenter);
    widest = std::max(widest, 6.5 * static_cast<double>(labels[k].size()));
  }
  if (!label.empty()) {
    draw_text(cr_, area_.x - widest - 14, area_.y + area_.h / 2, label, kLabelFont, Align::kCenter,
              Align::kEnd, false, -M_PI / 2);
  }
  cairo_restore(cr_);
}

void Axes::y_rows(const std::string& label, uint32_t rows) const {
  cairo_save(cr_);
  set_color(cr_, palette::kInk);
  cairo_set_line_width(cr_, 1.0);
  // Label every k-th row at its centre, k chosen so that labels do not collide.
  const double row_h = area_.h / rows;
  uint32_t every = 1;
  while (row_h * every < 14) every = every == 1 ? 2 : every == 2 ? 5 : every * 2;
  double widest = 0;
  for (uint32_t r = 0; r < rows; r += every) {
    const double y = py(r + 0.5);
    cairo_move_to(cr_, area_.x - 4, y);
    cairo_line_to(cr_, area_.x, y);
    cairo_stroke(cr_);
    const std::string s = std::to_string(r);
    draw_text(cr_, area_.x - 6, y, s, kTickFont, Align::kEnd, Align::kCenter);
    widest = std::max(widest, 6.5 * static_cast<double>(s.size()));
  }
  if (!label.empty()) {
    draw_text(cr_, area_.x - widest - 14, area_.y + area_.h / 2, label, kLabelFont, Align::kCenter,
              Align::kEnd, false, -M_PI / 2);
  }
  cairo_restore(cr_);
}

void Axes::title(const std::string& text) const {
  cairo_save(cr_);
  set_color(cr_, palette::kInk);
  draw_text(cr_, area_.x, area_.y - 8, text, 13.5, Align::kStart, Align::kEnd, true);
  cairo_restore(cr_);
}

void Axes::clip() const {
  cairo_rectangle(cr_, area_.x, area_.y, area_.w, area_.h);
  cairo_clip(cr_);
}

void draw_legend_row(cairo_t* cr, double x, double y, const std::vector<std::pair<Color, std::string>>& items) {
  cairo_save(cr);
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, kTickFont);
  const double sw = 14, gap = 6, spacing = 18;
  double total = 0;
  std::vector<double> widths;
  for (const auto& item : items) {
    cairo_text_extents_t ext;
    cairo_text_extents(cr, item.second.c_str(), &ext);
    widths.push_back(ext.x_advance);
    total += sw + gap + ext.x_advance;
  }
  total += spacing * static_cast<double>(items.size() - 1);
  double cx = x - total;
  for (size_t k = 0; k < items.size(); ++k) {
    set_color(cr, items[k].first);
    cairo_rectangle(cr, cx, y - 5.5, sw, 11);
    cairo_fill(cr);
    set_color(cr, palette::kInk);
    draw_text(cr, cx + sw + gap, y, items[k].second, kTickFont, Align::kStart, Align::kCenter);
    cx += sw + gap + widths[k] + spacing;
  }
  cairo_restore(cr);
}

void draw_legend(cairo_t* cr, double x, double y, const std::vector<std::pair<Color, std::string>>& items) {
  cairo_save(cr);
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, kTickFont);
  double widest = 0;
  for (const auto& item : items) {
    cairo_text_extents_t ext;
    cairo_text_extents(cr, item.second.c_str(), &ext);
    widest = std::max(widest, ext.x_advance);
  }
  const double row = 17, pad = 6, sw = 14;
  const double w = pad * 3 + sw + widest, h = pad * 2 + row * static_cast<double>(items.size()) - 3;
  cairo_rectangle(cr, x - w, y, w, h);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.88);
  cairo_fill_preserve(cr);
  set_color(cr, palette::kGrid);
  cairo_set_line_width(cr, 1);
  cairo_stroke(cr);
  double ry = y + pad;
  for (const auto& [color, text] : items) {
    set_color(cr, color);
    cairo_rectangle(cr, x - w + pad, ry + 1, sw, 11);
    cairo_fill(cr);
    set_color(cr, palette::kInk);
    draw_text(cr, x - w + pad * 2 + sw, ry + 6.5, text, kTickFont, Align::kStart, Align::kCenter);
    ry += row;
  }
  cairo_restore(cr);
}

}  // namespace synfire::plot
