# edigate_embed_text(TARGET INPUT FILE FUNCTION ns::name [INCLUDE header.hpp] [PIECE_BYTES N])
#
# Adds to TARGET a source, generated at build time by embed_text.cmake, that defines
# `std::string_view ns::name() noexcept` returning FILE's bytes. It is generated again whenever FILE
# (or the generator) changes. Call it in the directory that defines TARGET.
function(edigate_embed_text target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "INPUT;FUNCTION;INCLUDE;PIECE_BYTES" "")
  if(NOT arg_INPUT OR NOT arg_FUNCTION)
    message(FATAL_ERROR "edigate_embed_text(${target}): INPUT and FUNCTION are required")
  endif()
  set(script "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/embed_text.cmake")
  string(REPLACE "::" "_" stem "${arg_FUNCTION}")
  set(output "${CMAKE_CURRENT_BINARY_DIR}/embedded/${stem}.cpp")
  set(options)
  if(arg_INCLUDE)
    list(APPEND options "-DINCLUDE=${arg_INCLUDE}")
  endif()
  if(arg_PIECE_BYTES)
    list(APPEND options "-DPIECE_BYTES=${arg_PIECE_BYTES}")
  endif()
  add_custom_command(
    OUTPUT "${output}"
    COMMAND "${CMAKE_COMMAND}" "-DINPUT=${arg_INPUT}" "-DOUTPUT=${output}" "-DFUNCTION=${arg_FUNCTION}"
            ${options} -P "${script}"
    DEPENDS "${arg_INPUT}" "${script}"
    COMMENT "Embedding ${arg_INPUT} as ${arg_FUNCTION}()"
    VERBATIM)
  target_sources(${target} PRIVATE "${output}")
  # The pieces are adjacent literals, so the compiler joins them into one longer than the 65,536
  # characters the standard guarantees; GCC and Clang take any length, and Clang's -Wpedantic says so.
  set_source_files_properties("${output}" PROPERTIES COMPILE_OPTIONS "-Wno-overlength-strings")
endfunction()
