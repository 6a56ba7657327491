# ctest script (cmake -P): the console's binary links neither libcurl nor http-parser (issue 18). So that the check
# cannot pass vacuously, the binaries must exist and crosslogicd's ldd must show both libraries.
#   cmake -DCONSOLE=<crosslogic-console> -DDAEMON=<crosslogicd> -P console_links.cmake
foreach(var CONSOLE DAEMON)
  if(NOT EXISTS "${${var}}")
    message(FATAL_ERROR "${var} binary not found: '${${var}}' (build it first)")
  endif()
endforeach()
find_program(LDD ldd REQUIRED)

function(ldd_of binary out)
  execute_process(COMMAND ${LDD} ${binary} OUTPUT_VARIABLE text ERROR_VARIABLE error RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "ldd ${binary} failed (${rc}): ${error}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

ldd_of(${DAEMON} daemon)
ldd_of(${CONSOLE} console)
foreach(lib libcurl libhttp_parser)
  if(NOT daemon MATCHES "${lib}[^ ]*\\.so")
    message(FATAL_ERROR "ldd of crosslogicd shows no ${lib}: this check would not see it in the console either\n${daemon}")
  endif()
  if(console MATCHES "${lib}[^ ]*\\.so")
    message(FATAL_ERROR "crosslogic-console links ${lib}:\n${console}")
  endif()
endforeach()
message(STATUS "crosslogic-console links neither libcurl nor libhttp_parser; crosslogicd links both")
