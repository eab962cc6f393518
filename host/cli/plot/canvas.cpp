#include "canvas.hpp"

#include <cairo-svg.h>

#include "io_error.hpp"

namespace synfire::plot {

ImageFormat image_format_for(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".png") return ImageFormat::kPng;
  if (ext == ".svg") return ImageFormat::kSvg;
  throw io::FileError(path.string() + ": unknown image type \"" + ext + "\" (use .png or .svg)");
}

// cairo's stream callback: appends to the atomic output.
cairo_status_t write_chunk(void* closure, const unsigned char* data, unsigned int length) {
  auto* canvas = static_cast<Canvas*>(closure);
  try {
    canvas->out_.write(std::span<const unsigned char>(data, length));
    return CAIRO_STATUS_SUCCESS;
  } catch (const io::FileError&) {
    canvas->write_failed_ = true;
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

Canvas::Canvas(const std::filesystem::path& path, int width, int height)
    : format_(image_format_for(path)), out_(path), width_(width), height_(height) {
  if (format_ == ImageFormat::kPng) {
    surface_ = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  } else {
    surface_ = cairo_svg_surface_create_for_stream(write_chunk, this, width, height);
  }
  cr_ = cairo_create(surface_);
  cairo_set_source_rgb(cr_, 1, 1, 1);
  cairo_paint(cr_);
}

Canvas::~Canvas() {
  if (cr_) cairo_destroy(cr_);
  if (surface_) cairo_surface_destroy(surface_);
}

void Canvas::save() {
  cairo_status_t status = cairo_status(cr_);
  cairo_destroy(cr_);
  cr_ = nullptr;
  if (status == CAIRO_STATUS_SUCCESS) {
    if (format_ == ImageFormat::kPng) {
      status = cairo_surface_write_to_png_stream(surface_, write_chunk, this);
    } else {
      cairo_surface_finish(surface_);  // the SVG is streamed out here
      status = cairo_surface_status(surface_);
    }
  }
  cairo_surface_destroy(surface_);
  surface_ = nullptr;
  if (status != CAIRO_STATUS_SUCCESS) {
    throw io::FileError(out_.path().string() + ": " +
                        (write_failed_ ? "write failed" : std::string("cairo: ") + cairo_status_to_string(status)));
  }
  out_.commit();
}

}  // namespace synfire::plot
