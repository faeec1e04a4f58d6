# Applies a check's fix-its to a copy of INPUT with `clang-tidy-19 --fix`,
# compares the result with EXPECTED, and compiles it: a fix that does not
# build is no fix.
get_filename_component(name "${INPUT}" NAME)
set(work "${WORK_DIR}/${CHECK}")
file(REMOVE_RECURSE "${work}")
file(MAKE_DIRECTORY "${work}")
configure_file("${INPUT}" "${work}/${name}" COPYONLY)
execute_process(
  COMMAND "${CLANG_TIDY}" "-load=${PLUGIN}" "-checks=-*,${CHECK}" --fix --quiet
          "${work}/${name}" -- -std=c++20
  RESULT_VARIABLE tidy_status OUTPUT_VARIABLE tidy_out ERROR_VARIABLE tidy_err)
if(NOT tidy_status EQUAL 0)
  message(FATAL_ERROR "clang-tidy --fix failed (${tidy_status}):\n${tidy_out}\n${tidy_err}")
endif()
file(READ "${work}/${name}" fixed)
file(READ "${EXPECTED}" expected)
if(NOT fixed STREQUAL expected)
  message(FATAL_ERROR "fixed file differs from ${EXPECTED}:\n${fixed}")
endif()
execute_process(COMMAND "${CLANG}" -std=c++20 -fsyntax-only "${work}/${name}"
                RESULT_VARIABLE compile_status ERROR_VARIABLE compile_err)
if(NOT compile_status EQUAL 0)
  message(FATAL_ERROR "the fixed file does not compile:\n${compile_err}")
endif()
message(STATUS "${CHECK}: fix-its applied and the result compiles")
