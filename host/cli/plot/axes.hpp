// Small drawing helpers on top of cairo: rectangles, colours, text, and
// linear axes with "nice" ticks. Everything a synfire plot needs, nothing more.
#pragma once

#include <cairo.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace synfire::plot {

struct Rect {
  double x = 0, y = 0, w = 0, h = 0;
  // The rectangle with margins removed.
  Rect inset(double left, double top, double right, double bottom) const {
    return {x + left, y + top, w - left - right, h - top - bottom};
  }
};

// Splits a rectangle into `n` rows (top to bottom) with `gap` between them;
// `weights` (optional) gives their relative heights.
std::vector<Rect> split_rows(const Rect& r, int n, double gap, std::vector<double> weights = {});
std::vector<Rect> split_cols(const Rect& r, int n, double gap);

struct Color {
  double r, g, b, a = 1.0;
};
inline void set_color(cairo_t* cr, const Color& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

// The palette of every plot (colour-blind safe, after Okabe and Ito).
namespace palette {
inline constexpr Color kInk{0.15, 0.15, 0.15};
inline constexpr Color kGrid{0.88, 0.88, 0.88};
inline constexpr Color kMuted{0.55, 0.55, 0.55};
inline constexpr Color kBlue{0.0, 0.447, 0.698};
inline constexpr Color kOrange{0.902, 0.624, 0.0};
inline constexpr Color kVermillion{0.835, 0.369, 0.0};
inline constexpr Color kGreen{0.0, 0.62, 0.451};
inline constexpr Color kPurple{0.8, 0.475, 0.655};
inline constexpr Color kSky{0.337, 0.706, 0.914};
}  // namespace palette

// A colour for a value in [-1, 1] on a blue-white-red diverging scale.
Color diverging(double t);

enum class Align { kStart, kCenter, kEnd };

// Draws text with its anchor at (x, y); `angle` in radians (-pi/2: reads upward).
void draw_text(cairo_t* cr, double x, double y, const std::string& text, double size, Align h,
               Align v, bool bold = false, double angle = 0.0);

// Up to `target`-ish round tick values (1, 2, 5 x 10^k steps) inside [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int target);

// A rectangle on the page mapped linearly to data ranges.
class Axes {
 public:
  Axes(cairo_t* cr, Rect area, double x0, double x1, double y0, double y1);

  double px(double x) const { return area_.x + (x - x0_) / (x1_ - x0_) * area_.w; }
  double py(double y) const { return area_.y + area_.h - (y - y0_) / (y1_ - y0_) * area_.h; }
  const Rect& area() const { return area_; }

  // Grid lines at the ticks, then the frame. Call before drawing data.
  void grid(int x_ticks = 8, int y_ticks = 5) const;
  // Tick labels and axis titles; call after drawing data.
  void x_axis(const std::string& label, int ticks = 8, bool numbers = true) const;
  void y_axis(const std::string& label, int ticks = 5) const;
  // Integer rows [0, rows) labelled at their centres (neurons, axons).
  void y_rows(const std::string& label, uint32_t rows) const;
  void title(const std::string& text) const;
  void frame() const;
  // Restricts drawing to the plot area until unclip().
  void clip() const;
  void unclip() const { cairo_reset_clip(cr_); }

 private:
  cairo_t* cr_;
  Rect area_;
  double x0_, x1_, y0_, y1_;
};

// A legend on one line, ending at x, vertically centred on y.
void draw_legend_row(cairo_t* cr, double x, double y, const std::vector<std::pair<Color, std::string>>& items);

// A legend of coloured swatches, one row per entry, anchored top-right at (x, y).
void draw_legend(cairo_t* cr, double x, double y, const std::vector<std::pair<Color, std::string>>& items);

}  // namespace synfire::plot
