// The seed of every randomized test (tests/common).
#pragma once

#include <cstdint>

namespace synfire::test {

// $SYNFIRE_TEST_SEED if set (to replay a failure), else a fresh random one,
// or `fallback` for a test that keeps a fixed seed. Printed on stdout with
// `name`, so that any failure can be replayed.
uint64_t test_seed(const char* name);
uint64_t test_seed(const char* name, uint64_t fallback);

}  // namespace synfire::test
