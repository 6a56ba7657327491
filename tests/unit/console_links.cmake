# ctest script (cmake -P): the console's binary links neither libcurl nor http-parser (issue 18). So that the check
# cannot pass vacuously, the binaries must exist and a control must show each library: crosslogicd for http-parser,
# and, since no program of ours links libcurl any more (the daemon's one upstream path is its own), curl(1).
#   cmake -DCONSOLE=<crosslogic-console> -DDAEMON=<crosslogicd> -P console_links.cmake
foreach(var CONSOLE DAEMON)
  if(NOT EXISTS "${${var}}")
    message(FATAL_ERROR "${var} binary not found: '${${var}}' (build it first)")
  endif()
endforeach()
find_program(LDD ldd REQUIRED)
find_program(CURL_PROGRAM curl REQUIRED)

function(ldd_of binary out)
  execute_process(COMMAND ${LDD} ${binary} OUTPUT_VARIABLE text ERROR_VARIABLE error RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "ldd ${binary} failed (${rc}): ${error}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

ldd_of(${DAEMON} daemon)
ldd_of(${CURL_PROGRAM} curl)
ldd_of(${CONSOLE} console)
set(control_libhttp_parser "${daemon}")
set(control_libcurl "${curl}")
foreach(lib libcurl libhttp_parser)
  if(NOT control_${lib} MATCHES "${lib}[^ ]*\\.so")
    message(FATAL_ERROR "the control's ldd shows no ${lib}: this check would not see it in the console either\n${control_${lib}}")
  endif()
  if(console MATCHES "${lib}[^ ]*\\.so")
    message(FATAL_ERROR "crosslogic-console links ${lib}:\n${console}")
  endif()
endforeach()
message(STATUS "crosslogic-console links neither libcurl nor libhttp_parser (controls: crosslogicd links libhttp_parser, curl(1) libcurl)")
