# Fuzzing the credential verification path (tests/fuzz/credential_fuzz.cpp; docs/testing.md).
# Included from tests/credential/CMakeLists.txt.
#
# Always built (any compiler): passeur_credential_fuzz_replay runs the committed corpus
# tests/fuzz/corpus/credential (seeds and minimised crashers) through the fuzz target; the ctest
# credential_fuzz_replay (label fuzz) runs in the release and the ASan + UBSan builds alike.
add_executable(passeur_credential_fuzz_replay
  ${CMAKE_SOURCE_DIR}/tests/fuzz/credential_fuzz.cpp
  ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_replay_main.cpp)
target_link_libraries(passeur_credential_fuzz_replay PRIVATE passeur_credential passeur_warnings)
add_test(NAME credential_fuzz_replay
  COMMAND passeur_credential_fuzz_replay --max-seconds=20 ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/credential)
set_tests_properties(credential_fuzz_replay PROPERTIES LABELS fuzz TIMEOUT 600)

# PASSEUR_BUILD_FUZZ=ON (clang only) adds the libFuzzer binary passeur_credential_fuzz:
# core and credential instrumented for coverage (-fsanitize=fuzzer-no-link) and AddressSanitizer.
#   cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
#     -DPASSEUR_BUILD_FUZZ=ON -DPASSEUR_BUILD_BENCH=OFF
#   ninja -C build/fuzz passeur_credential_fuzz
option(PASSEUR_BUILD_FUZZ "Build the libFuzzer targets (clang: -fsanitize=fuzzer,address)" OFF)
if(PASSEUR_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PASSEUR_BUILD_FUZZ needs clang (-DCMAKE_CXX_COMPILER=clang++-14)")
  endif()
  # The warning set is tuned for GCC 12 (the build of record): clang's -Wconversion also means
  # -Wsign-conversion, and -Wno-restrict is unknown to it. Warnings stay warnings in this build.
  target_compile_options(passeur_warnings INTERFACE -Wno-unknown-warning-option -Wno-sign-conversion
    -Wno-error)
  foreach(target passeur_core passeur_credential)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address -fno-omit-frame-pointer)
  endforeach()
  add_executable(passeur_credential_fuzz ${CMAKE_SOURCE_DIR}/tests/fuzz/credential_fuzz.cpp)
  target_compile_options(passeur_credential_fuzz PRIVATE -fsanitize=fuzzer,address -fno-omit-frame-pointer)
  target_link_options(passeur_credential_fuzz PRIVATE -fsanitize=fuzzer,address)
  target_link_libraries(passeur_credential_fuzz PRIVATE passeur_credential passeur_warnings)
endif()
