// Catch2 main of test_ram (syn_ram alone, tagged [ram]).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
