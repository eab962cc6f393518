# The models' parameter sets, from sim/configs.json (and, for a set named
# after a board, boards/boards.json): the one place they are written.
#
# synfire_sim_configs(<model> <out>) sets <out> to the rows of the sets that
# make <model> (core, link or board), each "name|N|M|weight bits|lanes|
# plastic per synapse (0/1)|weight RAM kind (syn_pkg::Wram*)|clock|baud|
# soft-bound STDP (0/1)|adaptation interval (0/1)|weight normalisation (0/1)|
# free runs (0/1)|axonal delays (0/1)".
# synfire_unpack_config(<row>) sets SYN_NAME, SYN_N, SYN_M, SYN_WB, SYN_S,
# SYN_PPS, SYN_WRAM, SYN_CLK, SYN_BAUD, SYN_SB, SYN_AI, SYN_WN, SYN_FR and
# SYN_DL in the caller's scope. synfire_build_package(<row> <baud> <out>)
# writes the board-level RTL's package for a set (syn_build_pkg.sv) and sets
# <out> to its path.
set(SYNFIRE_SIM_CONFIGS_JSON ${CMAKE_SOURCE_DIR}/sim/configs.json)
set(SYNFIRE_BOARDS_JSON ${CMAKE_SOURCE_DIR}/boards/boards.json)
set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${SYNFIRE_SIM_CONFIGS_JSON} ${SYNFIRE_BOARDS_JSON})

# The object of board <name> in boards.json, into <out>.
function(_synfire_board_json name out)
  file(READ ${SYNFIRE_BOARDS_JSON} _table)
  string(JSON _count LENGTH "${_table}" boards)
  math(EXPR _last "${_count} - 1")
  foreach(i RANGE ${_last})
    string(JSON _name GET "${_table}" boards ${i} name)
    if(_name STREQUAL name)
      string(JSON _row GET "${_table}" boards ${i})
      set(${out} "${_row}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "sim/configs.json names board '${name}', which boards/boards.json lacks")
endfunction()

function(synfire_sim_configs model out)
  file(READ ${SYNFIRE_SIM_CONFIGS_JSON} _doc)
  string(JSON _count LENGTH "${_doc}" configs)
  math(EXPR _last "${_count} - 1")
  set(_rows "")
  foreach(i RANGE ${_last})
    string(JSON _cfg GET "${_doc}" configs ${i})
    string(JSON _name GET "${_cfg}" name)
    string(JSON _nmodels LENGTH "${_cfg}" models)
    set(_wanted FALSE)
    math(EXPR _mlast "${_nmodels} - 1")
    foreach(k RANGE ${_mlast})
      string(JSON _m GET "${_cfg}" models ${k})
      if(_m STREQUAL model)
        set(_wanted TRUE)
      endif()
    endforeach()
    if(NOT _wanted)
      continue()
    endif()
    string(JSON _board ERROR_VARIABLE _no_board GET "${_cfg}" board)
    set(_src "${_cfg}")
    if(NOT _no_board)
      _synfire_board_json(${_board} _src)
    endif()
    foreach(f neurons inputs weight_bits syn_lanes plastic_granularity weight_ram core_clock_hz baud)
      string(JSON _${f} ERROR_VARIABLE _err GET "${_src}" ${f})
      if(_err)
        message(FATAL_ERROR "sim/configs.json: set '${_name}' has no ${f}")
      endif()
    endforeach()
    if(_plastic_granularity STREQUAL "synapse")
      set(_pps 1)
    elseif(_plastic_granularity STREQUAL "row")
      set(_pps 0)
    else()
      message(FATAL_ERROR "sim/configs.json: set '${_name}': plastic_granularity '${_plastic_granularity}'")
    endif()
    # Optional features (syn_core SoftBound, AdaptInterval, WeightNorm, AxonDelays,
    # WideTraces): false when absent.
    foreach(f soft_bound_stdp adapt_interval weight_norm delays wide_traces)
      string(JSON _${f} ERROR_VARIABLE _err GET "${_src}" ${f})
      if(_err OR NOT _${f})
        set(_${f} 0)
      else()
        set(_${f} 1)
      endif()
    endforeach()
    # Free runs (the link's paced steps): a board's row says; on by default.
    string(JSON _free_run ERROR_VARIABLE _err GET "${_src}" free_run)
    if(_err OR _free_run)
      set(_free_run 1)
    else()
      set(_free_run 0)
    endif()
    set(_kinds dual single ice40_spram)  # syn_pkg::WramDual, WramSingle, WramIce40
    list(FIND _kinds "${_weight_ram}" _wram)
    if(_wram LESS 0)
      message(FATAL_ERROR "sim/configs.json: set '${_name}': weight_ram '${_weight_ram}'")
    endif()
    list(APPEND _rows "${_name}|${_neurons}|${_inputs}|${_weight_bits}|${_syn_lanes}|${_pps}|${_wram}|${_core_clock_hz}|${_baud}|${_soft_bound_stdp}|${_adapt_interval}|${_weight_norm}|${_free_run}|${_delays}|${_wide_traces}")
  endforeach()
  set(${out} "${_rows}" PARENT_SCOPE)
endfunction()

macro(synfire_unpack_config row)
  string(REPLACE "|" ";" _syn_cfg "${row}")
  list(GET _syn_cfg 0 SYN_NAME)
  list(GET _syn_cfg 1 SYN_N)
  list(GET _syn_cfg 2 SYN_M)
  list(GET _syn_cfg 3 SYN_WB)
  list(GET _syn_cfg 4 SYN_S)
  list(GET _syn_cfg 5 SYN_PPS)
  list(GET _syn_cfg 6 SYN_WRAM)
  list(GET _syn_cfg 7 SYN_CLK)
  list(GET _syn_cfg 8 SYN_BAUD)
  list(GET _syn_cfg 9 SYN_SB)
  list(GET _syn_cfg 10 SYN_AI)
  list(GET _syn_cfg 11 SYN_WN)
  list(GET _syn_cfg 12 SYN_FR)
  list(GET _syn_cfg 13 SYN_DL)
  list(GET _syn_cfg 14 SYN_WT)
endmacro()

# The board-level RTL's parameters for the set of <row> as its package,
# written by tools/build-package, the one filler of its template
# rtl/board/syn_build_pkg.sv.in, into <binary dir>/<name>_<baud>/ at configure
# time, and its path into <out>. <baud> is the set's UART rate for a model
# with the UART (syn_board_top) or 0 for one without (syn_linked_core). The
# commit stays 0: a simulation model is not an image built from a commit.
function(synfire_build_package row baud out)
  synfire_unpack_config(${row})
  synfire_build_config(${SYN_NAME} _config)
  set(_pkg ${CMAKE_BINARY_DIR}/build_packages/${SYN_NAME}_${baud}/syn_build_pkg.sv)
  execute_process(
    COMMAND ${CMAKE_SOURCE_DIR}/tools/build-package ${_pkg}
            ClkHz=${SYN_CLK} Baud=${baud} NumNeurons=${SYN_N} NumInputs=${SYN_M}
            WeightBits=${SYN_WB} SynLanes=${SYN_S} PlasticPerSynapse=${SYN_PPS}
            WeightRam=${SYN_WRAM} SoftBound=${SYN_SB} AdaptInterval=${SYN_AI}
            WeightNorm=${SYN_WN} AxonDelays=${SYN_DL} WideTraces=${SYN_WT} FreeRun=${SYN_FR}
            BuildCommit=0 BuildFlags=0 BuildConfig=${_config}
    RESULT_VARIABLE _rc ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "syn_build_pkg for set '${SYN_NAME}': ${_err}")
  endif()
  set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
               ${CMAKE_SOURCE_DIR}/rtl/board/syn_build_pkg.sv.in ${CMAKE_SOURCE_DIR}/tools/build-package)
  set(${out} ${_pkg} PARENT_SCOPE)
endfunction()

# BuildConfig of syn_build_pkg for a configuration, as hex digits: its name,
# up to 8 ASCII characters, first character in the low byte (INFO reports it).
function(synfire_build_config name out)
  string(SUBSTRING "${name}" 0 8 short)
  string(HEX "${short}" hex)
  set(le "")
  string(LENGTH "${hex}" n)
  while(n GREATER 0)
    math(EXPR n "${n} - 2")
    string(SUBSTRING "${hex}" ${n} 2 byte)
    string(APPEND le "${byte}")
  endwhile()
  if(le STREQUAL "")
    set(le "0")
  endif()
  set(${out} "${le}" PARENT_SCOPE)
endfunction()

# The board a set of sim/configs.json is named after ("board"), and that
# board's firmware top module, into <board_out> and <top_out> (a fatal error
# for a set without a board: only a board has a firmware top to synthesise).
function(synfire_config_board name board_out top_out)
  file(READ ${SYNFIRE_SIM_CONFIGS_JSON} _doc)
  string(JSON _count LENGTH "${_doc}" configs)
  math(EXPR _last "${_count} - 1")
  foreach(i RANGE ${_last})
    string(JSON _name GET "${_doc}" configs ${i} name)
    if(_name STREQUAL name)
      string(JSON _board ERROR_VARIABLE _no_board GET "${_doc}" configs ${i} board)
      if(_no_board)
        message(FATAL_ERROR "sim/configs.json: set '${name}' makes a board_netlist model but names no board")
      endif()
      _synfire_board_json(${_board} _row)
      string(JSON _top GET "${_row}" top_module)
      set(${board_out} ${_board} PARENT_SCOPE)
      set(${top_out} ${_top} PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "sim/configs.json has no set '${name}'")
endfunction()
