# Post-synthesis models of the whole board top (UART, link, core): yosys
# 0.23 synthesises rtl/ with one parameter set (generic `synth -flatten`, no
# vendor mapping, as sim/core/netlist.cmake does for the core) and Verilator
# simulates the netlist for SystemC, so the virtual board can run it:
# `synfire-board --config <name>_netlist`. A slow test checks that it equals
# the model (tests/host/test_board_netlist.cpp).
#
# synfire_add_board_netlist() is a macro called from the board loop of
# CMakeLists.txt with SYN_NAME, SYN_N, ... and SYN_BUILD_CONFIG set; it adds
# the library synfire_vboard_<name>_netlist and its registry row.
find_program(SYNFIRE_YOSYS yosys REQUIRED)
include(${CMAKE_SOURCE_DIR}/sim/core/netlist_flags.cmake)

macro(synfire_add_board_netlist)
  set(_bn_name ${SYN_NAME}_netlist)
  set(_bn_dir ${CMAKE_CURRENT_BINARY_DIR}/netlist)
  set(_bn_out ${_bn_dir}/${_bn_name}.v)
  set(_bn_script ${_bn_dir}/${_bn_name}.ys)
  set(_bn_vlt ${_bn_dir}/${_bn_name}.vlt)
  set(_bn_rtl ${_pkgs} ${_rtl})
  string(REPLACE ";" " " _bn_rtl_words "${_bn_rtl}")
  # `idle` (no frame queued, executing or being sent) lets the virtual board
  # skip idle time: keep the wire through synthesis, make it readable.
  file(WRITE ${_bn_script}.new
    "read_verilog -sv -lib ${CMAKE_SOURCE_DIR}/sim/core/SB_SPRAM256KA.sv\n"
    "read_verilog -sv ${_bn_rtl_words}\n"
    "chparam -set ClkHz ${SYN_CLK} -set Baud ${SYN_BAUD} -set Neurons ${SYN_N} -set Inputs ${SYN_M}"
    " -set WeightBits ${SYN_WB} -set SynLanes ${SYN_S} -set PlasticPerSynapse ${SYN_PPS}"
    " -set WeightRam ${SYN_WRAM} -set BuildConfig ${SYN_BUILD_CONFIG} syn_board_top\n"
    "hierarchy -top syn_board_top\n"
    "setattr -set keep 1 syn_board_top/w:idle\n"
    "synth -flatten -top syn_board_top\n"
    "rename -top syn_board_top\n"
    "write_verilog -noattr ${_bn_out}\n")
  configure_file(${_bn_script}.new ${_bn_script} COPYONLY)
  file(WRITE ${_bn_vlt} "`verilator_config\npublic_flat_rd -module \"syn_board_top\" -var \"idle\"\n")
  add_custom_command(
    OUTPUT ${_bn_out}
    COMMAND ${SYNFIRE_YOSYS} -q -q -l ${_bn_dir}/${_bn_name}.log -s ${_bn_script}
    DEPENDS ${_bn_rtl} ${CMAKE_SOURCE_DIR}/sim/core/SB_SPRAM256KA.sv ${_bn_script}
    COMMENT "yosys: netlist of the board top, ${_bn_name} (log: ${_bn_dir}/${_bn_name}.log)"
    VERBATIM)
  # verilate() runs Verilator at configure time: the netlist must exist then.
  if(NOT EXISTS ${_bn_out})
    message(STATUS "yosys: netlist of the board top, ${_bn_name}")
    execute_process(
      COMMAND ${SYNFIRE_YOSYS} -q -q -l ${_bn_dir}/${_bn_name}.log -s ${_bn_script}
      RESULT_VARIABLE _bn_rc)
    if(_bn_rc)
      message(FATAL_ERROR "yosys failed on ${_bn_name}, see ${_bn_dir}/${_bn_name}.log")
    endif()
  endif()

  set(_bn_params_name ${SYN_NAME})
  set(SYN_NAME ${_bn_name})
  set(SYN_PREFIX Vsyn_board_top_${_bn_name})
  configure_file(board_model_adapter.cpp.in ${CMAKE_CURRENT_BINARY_DIR}/board_model_${_bn_name}.cpp @ONLY)
  add_library(synfire_vboard_${_bn_name} STATIC ${CMAKE_CURRENT_BINARY_DIR}/board_model_${_bn_name}.cpp)
  target_include_directories(synfire_vboard_${_bn_name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  verilate(synfire_vboard_${_bn_name} SYSTEMC
    SOURCES ${_bn_out} ${CMAKE_SOURCE_DIR}/sim/core/SB_SPRAM256KA.sv ${_bn_vlt}
    PREFIX ${SYN_PREFIX}
    TOP_MODULE syn_board_top
    TRACE_FST
    VERILATOR_ARGS ${SYNFIRE_NETLIST_VERILATOR_ARGS})
  target_link_libraries(synfire_vboard_${_bn_name} PUBLIC PkgConfig::SYSTEMC)
  target_compile_definitions(synfire_vboard_${_bn_name} PUBLIC SC_CPLUSPLUS=201703L)
  string(APPEND _decls "std::unique_ptr<BoardModel> make_board_model_${_bn_name}();\n")
  string(APPEND _rows "    {\"${_bn_name}\", make_board_model_${_bn_name}},\n")
  list(APPEND _libs synfire_vboard_${_bn_name})
  set(SYN_NAME ${_bn_params_name})
endmacro()
