/**
 * The scenario tables import the chaincode packages' flows for their request schemas; loading those packages
 * makes fabric-contract-api log every record declaration at info level. Its loggers read their level from
 * CORE_CHAINCODE_LOGGING_LEVEL when created, so it is lowered while the packages load and then restored (the
 * dev network's chaincode processes inherit this process's environment).
 */
const previous = process.env.CORE_CHAINCODE_LOGGING_LEVEL;
process.env.CORE_CHAINCODE_LOGGING_LEVEL = 'ERROR';

export function restoreChaincodeLogLevel(): void {
  if (previous === undefined) delete process.env.CORE_CHAINCODE_LOGGING_LEVEL;
  else process.env.CORE_CHAINCODE_LOGGING_LEVEL = previous;
}
