// Transports for tests: one that talks to nothing, and a decorator that
// damages bytes in both directions (seeded, so a failure can be repeated).
#pragma once

#include <memory>
#include <random>
#include <string>

#include "transport.hpp"

namespace synfire::link {

// Swallows everything, never answers: a port with no board behind it.
class NullTransport final : public Transport {
 public:
  explicit NullTransport(std::string name = "nothing") : name_(std::move(name)) {}
  void write(std::span<const uint8_t> data, uint32_t) override { written += data.size(); }
  size_t read(std::span<uint8_t>, uint32_t timeout_ms) override;
  void discard_input() override {}
  std::string name() const override { return name_; }
  uint64_t written = 0;

 private:
  std::string name_;
};

// Passes bytes through `inner`, corrupting or dropping each one with
// probability p (half each), in both directions. `damaged` counts them.
class FaultyTransport final : public Transport {
 public:
  FaultyTransport(std::unique_ptr<Transport> inner, unsigned seed, double p)
      : inner_(std::move(inner)), rng_(seed), p_(p) {}
  void write(std::span<const uint8_t> data, uint32_t timeout_ms) override;
  size_t read(std::span<uint8_t> buf, uint32_t timeout_ms) override;
  void discard_input() override { inner_->discard_input(); }
  std::string name() const override { return "faulty " + inner_->name(); }
  uint64_t damaged = 0;

 private:
  void damage(std::vector<uint8_t>& d);
  std::unique_ptr<Transport> inner_;
  std::mt19937 rng_;
  double p_;
};

}  // namespace synfire::link
