# Post-synthesis models of the core: yosys 0.23 synthesises rtl/ with one
# parameter set (generic `synth -flatten`, no vendor mapping) and Verilator
# simulates the netlist it writes. Yosys and Verilator read some
# SystemVerilog differently ('1 in a localparam initialiser: 1 for yosys, all
# ones for Verilator), so only a simulation of yosys's output shows what the
# synthesised hardware does.
#
# synfire_add_netlist_model() is a macro called from the configuration loop
# of CMakeLists.txt with SYN_NAME, SYN_N, ... set; it adds the library
# synfire_vcore_<name>_netlist and its row <name>_netlist to the registry.
find_program(SYNFIRE_YOSYS yosys REQUIRED)
include(${CMAKE_CURRENT_LIST_DIR}/netlist_flags.cmake)

macro(synfire_add_netlist_model)
  set(_nl_name ${SYN_NAME}_netlist)
  set(_nl_dir ${CMAKE_CURRENT_BINARY_DIR}/netlist)
  set(_nl_out ${_nl_dir}/${_nl_name}.v)
  set(_nl_script ${_nl_dir}/${_nl_name}.ys)
  string(REPLACE ";" " " _nl_rtl_words "${SYNFIRE_CORE_RTL}")
  # The SPRAM stays a black box for yosys (-lib); Verilator gets its
  # behavioural model next to the netlist. chparam before synth: yosys
  # elaborates the top once, with this configuration's parameters.
  file(WRITE ${_nl_script}.new
    "read_verilog -sv -lib ${_vendor}\n"
    "read_verilog -sv ${_nl_rtl_words}\n"
    "chparam -set NumNeurons ${SYN_N} -set NumInputs ${SYN_M} -set WeightBits ${SYN_WB}"
    " -set SynLanes ${SYN_S} -set PlasticPerSynapse ${SYN_PPS} -set WeightRam ${SYN_WRAM} syn_core\n"
    "synth -flatten -top syn_core\n"
    "rename -top syn_core\n"
    "write_verilog -noattr ${_nl_out}\n")
  # Only a changed script (new parameters or files) remakes the netlist.
  configure_file(${_nl_script}.new ${_nl_script} COPYONLY)
  add_custom_command(
    OUTPUT ${_nl_out}
    COMMAND ${SYNFIRE_YOSYS} -q -q -l ${_nl_dir}/${_nl_name}.log -s ${_nl_script}
    DEPENDS ${_nl_rtl} ${_vendor} ${_nl_script}
    COMMENT "yosys: netlist of the core, ${_nl_name} (log: ${_nl_dir}/${_nl_name}.log)"
    VERBATIM)

  # verilate() runs Verilator once at configure time, so the netlist must
  # exist then; afterwards the command above remakes it when rtl/ changes.
  if(NOT EXISTS ${_nl_out})
    message(STATUS "yosys: netlist of the core, ${_nl_name}")
    execute_process(
      COMMAND ${SYNFIRE_YOSYS} -q -q -l ${_nl_dir}/${_nl_name}.log -s ${_nl_script}
      RESULT_VARIABLE _nl_rc)
    if(_nl_rc)
      message(FATAL_ERROR "yosys failed on ${_nl_name}, see ${_nl_dir}/${_nl_name}.log")
    endif()
  endif()

  set(_nl_params_name ${SYN_NAME})
  set(SYN_NAME ${_nl_name})
  set(SYN_PREFIX Vsyn_core_${_nl_name})
  configure_file(core_model_adapter.cpp.in ${CMAKE_CURRENT_BINARY_DIR}/core_model_${_nl_name}.cpp @ONLY)
  add_library(synfire_vcore_${_nl_name} STATIC ${CMAKE_CURRENT_BINARY_DIR}/core_model_${_nl_name}.cpp)
  target_include_directories(synfire_vcore_${_nl_name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(synfire_vcore_${_nl_name} PRIVATE synfire_sim_common)
  # The flags (-fno-const-bit-op-tree above all) and why: netlist_flags.cmake.
  # rtl/lint.vlt, written for the source, does not apply to the netlist.
  verilate(synfire_vcore_${_nl_name}
    SOURCES ${_nl_out} ${_vendor}
    PREFIX ${SYN_PREFIX}
    TOP_MODULE syn_core
    TRACE_FST
    VERILATOR_ARGS ${SYNFIRE_NETLIST_VERILATOR_ARGS})
  string(APPEND _registry_decls
    "std::unique_ptr<CoreModel> make_core_model_${_nl_name}(VerilatedContext* ctx);\n")
  string(APPEND _registry_rows
    "    {\"${_nl_name}\", make_core_model_${_nl_name}},\n")
  list(APPEND _core_libs synfire_vcore_${_nl_name})
  set(SYN_NAME ${_nl_params_name})
endmacro()
