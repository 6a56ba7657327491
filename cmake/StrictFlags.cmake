# One INTERFACE target carries the project's strict compile flags; every target links it.
add_library(crosslogic_strict INTERFACE)
target_compile_definitions(crosslogic_strict INTERFACE
  QT_NO_CONTEXTLESS_CONNECT
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_USE_QSTRINGBUILDER
  QT_NO_URL_CAST_FROM_STRING
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT)
target_compile_options(crosslogic_strict INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Wcast-align
  -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough)
if(CROSSLOGIC_WERROR)
  target_compile_options(crosslogic_strict INTERFACE -Werror)
endif()
if(CROSSLOGIC_SANITIZE)
  # -O1 -g1 (line tables only) after the build type's -O2 -g: reports keep file:line stacks, and a translation unit
  # compiles in about half the time (nodeagentroutes.cpp: 42.5 s -> 20.3 s of CPU with ASan + UBSan), which is what
  # lets CI build the suite twice.
  target_compile_options(crosslogic_strict INTERFACE -O1 -g1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(crosslogic_strict INTERFACE -fsanitize=address,undefined)
endif()
