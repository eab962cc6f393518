// A Transport that counts the bytes passing through another one (for
// benchmarks and diagnostics: line efficiency, bytes per spike).
#pragma once

#include <memory>

#include "transport.hpp"

namespace synfire::link {

class CountingTransport final : public Transport {
 public:
  explicit CountingTransport(std::unique_ptr<Transport> inner) : inner_(std::move(inner)) {}
  void write(std::span<const uint8_t> data, uint32_t timeout_ms) override {
    inner_->write(data, timeout_ms);
    written += data.size();
  }
  size_t read(std::span<uint8_t> buf, uint32_t timeout_ms) override {
    const size_t n = inner_->read(buf, timeout_ms);
    received += n;
    return n;
  }
  void discard_input() override { inner_->discard_input(); }
  std::string name() const override { return inner_->name(); }

  uint64_t written = 0;   // bytes the host sent
  uint64_t received = 0;  // bytes the host received

 private:
  std::unique_ptr<Transport> inner_;
};

}  // namespace synfire::link
