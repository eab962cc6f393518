# Post-synthesis models of the whole board (UART, link, core and the
# firmware top): the netlist a bitstream is placed from, simulated.
# `tools/bitstream <board> --netlist` runs the build's own yosys synth_ice40
# script (same sources, parameters and options) and writes the netlist as
# Verilog; Verilator simulates it with yosys's iCE40 cell models
# (cells_sim.v: SB_LUT4, SB_CARRY, the flip-flops, SB_RAM40_4K, SB_SPRAM256KA,
# SB_MAC16) and ice40_pll_sim.v for the PLL, for SystemC, so the virtual
# board runs it: `synfire-board --config <set>_netlist`. A slow test checks
# it against the model (tests/link/test_board_netlist.cpp).
#
# synfire_add_board_netlist(<board>) is called from the board loop of
# sim/board/CMakeLists.txt with SYN_NAME, SYN_N, ... set, for a set of
# sim/configs.json that names its board and lists "board_netlist"; it adds
# the library synfire_vboard_<name>_netlist and its registry row.
# yosys's data directory is <prefix>/share/yosys next to <prefix>/bin/yosys
# (yosys-config, which would say so, is in the -dev package).
find_program(SYNFIRE_YOSYS yosys REQUIRED)
get_filename_component(_yosys_prefix ${SYNFIRE_YOSYS} DIRECTORY)
find_file(SYNFIRE_ICE40_CELLS cells_sim.v PATHS ${_yosys_prefix}/../share/yosys/ice40 NO_DEFAULT_PATH REQUIRED)
include(${CMAKE_SOURCE_DIR}/sim/core/netlist_flags.cmake)

macro(synfire_add_board_netlist board)
  set(_bn_name ${SYN_NAME}_netlist)
  set(_bn_dir ${CMAKE_CURRENT_BINARY_DIR}/netlist/${board})
  set(_bn_out ${_bn_dir}/synfire_netlist.v)
  set(_bn_cmd ${CMAKE_SOURCE_DIR}/tools/bitstream ${board} --netlist --out ${_bn_dir})
  file(GLOB _bn_firmware CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/firmware/*/*.sv)
  add_custom_command(
    OUTPUT ${_bn_out}
    COMMAND ${_bn_cmd}
    DEPENDS ${SYNFIRE_BOARD_RTL} ${_bn_firmware} ${SYNFIRE_BOARDS_JSON} ${CMAKE_SOURCE_DIR}/tools/bitstream
    COMMENT "yosys synth_ice40: netlist of board ${board} (log: ${_bn_dir}/yosys.log)"
    VERBATIM)
  # verilate() runs Verilator at configure time: the netlist must exist then.
  if(NOT EXISTS ${_bn_out})
    message(STATUS "yosys synth_ice40: netlist of board ${board}")
    execute_process(COMMAND ${_bn_cmd} RESULT_VARIABLE _bn_rc OUTPUT_QUIET)
    if(_bn_rc)
      message(FATAL_ERROR "tools/bitstream ${board} --netlist failed, see ${_bn_dir}/yosys.log")
    endif()
  endif()

  set(_bn_params_name ${SYN_NAME})
  set(SYN_CONFIG ${SYN_NAME})
  set(SYN_NAME ${_bn_name})
  set(SYN_BOARD ${board})
  set(SYN_PREFIX Vboard_netlist_${_bn_name})
  configure_file(board_netlist_adapter.cpp.in ${CMAKE_CURRENT_BINARY_DIR}/board_model_${_bn_name}.cpp @ONLY)
  add_library(synfire_vboard_${_bn_name} STATIC ${CMAKE_CURRENT_BINARY_DIR}/board_model_${_bn_name}.cpp)
  target_include_directories(synfire_vboard_${_bn_name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  # The cell library's ports default to their data-sheet values through a
  # macro Verilator cannot parse (`= 1'b1` in a port list); yosys connects
  # every port of every cell it writes, so the defaults are never needed.
  # Two modules are called SB_PLL40_PAD: ice40_pll_sim.v's comes first and
  # is kept. No FST tracing: its code would double the C++ to compile, and
  # a waveform of the gates says less than the source model's.
  verilate(synfire_vboard_${_bn_name} SYSTEMC
    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/ice40_pll_sim.v ${_bn_out} ${SYNFIRE_ICE40_CELLS}
    PREFIX ${SYN_PREFIX}
    TOP_MODULE ${SYN_TOP}
    VERILATOR_ARGS ${SYNFIRE_NETLIST_VERILATOR_ARGS} -Wno-MODDUP -DNO_ICE40_DEFAULT_ASSIGNMENTS)
  target_link_libraries(synfire_vboard_${_bn_name} PUBLIC PkgConfig::SYSTEMC)
  target_compile_definitions(synfire_vboard_${_bn_name} PUBLIC SC_CPLUSPLUS=201703L)
  string(APPEND _decls "std::unique_ptr<BoardModel> make_board_model_${_bn_name}();\n")
  string(APPEND _rows "    {\"${_bn_name}\", make_board_model_${_bn_name}},\n")
  list(APPEND _libs synfire_vboard_${_bn_name})
  set(SYN_NAME ${_bn_params_name})
endmacro()
