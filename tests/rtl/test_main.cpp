// Catch2 main of test_rtl (tests tagged [rtl]; [slow] ones run in make test-slow).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
