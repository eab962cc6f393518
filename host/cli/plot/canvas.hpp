// A cairo drawing surface that becomes a PNG or SVG file (by extension),
// written atomically: the file appears only when save() succeeds.
#pragma once

#include <cairo.h>

#include <filesystem>
#include <memory>

#include "atomic_output.hpp"

namespace synfire::plot {

enum class ImageFormat { kPng, kSvg };

// The format for a file name's extension; throws io::FileError otherwise.
ImageFormat image_format_for(const std::filesystem::path& path);

class Canvas {
 public:
  // Opens the output (fails early if it cannot be created) and a surface of
  // width x height pixels (points for SVG), cleared to white.
  Canvas(const std::filesystem::path& path, int width, int height);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  cairo_t* cr() const { return cr_; }
  int width() const { return width_; }
  int height() const { return height_; }
  // Finishes the image and renames it into place; throws io::FileError.
  void save();

 private:
  ImageFormat format_;
  io::AtomicOutput out_;
  int width_, height_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  bool write_failed_ = false;
  friend cairo_status_t write_chunk(void*, const unsigned char*, unsigned int);
};

}  // namespace synfire::plot
