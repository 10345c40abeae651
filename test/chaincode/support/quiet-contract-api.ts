// fabric-contract-api logs every decorator it runs at info level when first loaded. Tests that load chaincode
// modules in-process import this module first, so the peer's usual level applies unless one is set.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'WARNING';
