/**
 * The scenario tables import the chaincode packages' flows for their request schemas; loading those packages
 * makes fabric-contract-api log every record declaration at info level. Its loggers take their level from
 * CORE_CHAINCODE_LOGGING_LEVEL once, when its modules load, so the variable is lowered only while this module
 * loads fabric-contract-api and is then restored (the dev network's chaincode processes inherit this
 * process's environment). Import this module before anything that loads a chaincode package.
 */
const previous = process.env.CORE_CHAINCODE_LOGGING_LEVEL;
process.env.CORE_CHAINCODE_LOGGING_LEVEL = 'ERROR';
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('fabric-contract-api');
if (previous === undefined) delete process.env.CORE_CHAINCODE_LOGGING_LEVEL;
else process.env.CORE_CHAINCODE_LOGGING_LEVEL = previous;

export {};
