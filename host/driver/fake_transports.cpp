#include "fake_transports.hpp"

#include <algorithm>
#include <thread>

namespace synfire::link {

size_t NullTransport::read(std::span<uint8_t>, uint32_t timeout_ms) {
  // Nothing ever arrives: wait out the time like a silent port.
  std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
  return 0;
}

void FaultyTransport::damage(std::vector<uint8_t>& d) {
  std::bernoulli_distribution hit(p_);
  for (size_t i = 0; i < d.size(); ++i) {
    if (!hit(rng_)) continue;
    ++damaged;
    if (rng_() % 2) d[i] ^= static_cast<uint8_t>(1 + rng_() % 255);
    else d.erase(d.begin() + static_cast<long>(i));
  }
}

void FaultyTransport::write(std::span<const uint8_t> data, uint32_t timeout_ms) {
  std::vector<uint8_t> d(data.begin(), data.end());
  damage(d);
  inner_->write(d, timeout_ms);
}

size_t FaultyTransport::read(std::span<uint8_t> buf, uint32_t timeout_ms) {
  const size_t n = inner_->read(buf, timeout_ms);
  std::vector<uint8_t> d(buf.begin(), buf.begin() + static_cast<long>(n));
  damage(d);
  std::copy(d.begin(), d.end(), buf.begin());
  return d.size();
}

}  // namespace synfire::link
