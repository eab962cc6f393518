// Catch2's main, once for every test program (tests/common). Tests are
// tagged by what they test ([rtl], [link], [cli], ...); [slow] ones run in
// make test-slow.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
