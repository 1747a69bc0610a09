# Writes the WSDL that tests/e2e/spyne_bank_service.py serves at ?wsdl into the build tree and
# adds its directory to DRAGOMAN_SCHEMA_DIRS, exactly as a user would add a schema directory.
set(DRAGOMAN_SPYNE_WSDL_DIR "${CMAKE_BINARY_DIR}/e2e-schemas/spyne")
execute_process(
  COMMAND "${DRAGOMAN_PYTHON3}" "${CMAKE_CURRENT_LIST_DIR}/spyne_bank_service.py"
          --write-wsdl "${DRAGOMAN_SPYNE_WSDL_DIR}"
  RESULT_VARIABLE spyne_result
  ERROR_VARIABLE spyne_error)
if(NOT spyne_result EQUAL 0)
  message(FATAL_ERROR "Cannot get the spyne test service's WSDL (run scripts/bootstrap.sh to "
                      "install python3-spyne): ${spyne_error}")
endif()
list(APPEND DRAGOMAN_SCHEMA_DIRS "${DRAGOMAN_SPYNE_WSDL_DIR}")
