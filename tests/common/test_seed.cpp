#include "test_seed.hpp"

#include <cstdlib>
#include <iostream>
#include <random>

namespace synfire::test {

uint64_t test_seed(const char* name) {
  uint64_t seed = (uint64_t{std::random_device{}()} << 32) | std::random_device{}();
  return test_seed(name, seed);
}

uint64_t test_seed(const char* name, uint64_t fallback) {
  uint64_t seed = fallback;
  if (const char* env = std::getenv("SYNFIRE_TEST_SEED"); env && *env) seed = std::strtoull(env, nullptr, 0);
  std::cout << name << ": seed " << seed << " (set SYNFIRE_TEST_SEED=" << seed << " to replay)" << std::endl;
  return seed;
}

}  // namespace synfire::test
