/**
 * The contract entry, `@scenechain/scene-kit/contract`: the contract class built from a scenario. Only a
 * chaincode's `chaincode.ts` imports it; it loads fabric-contract-api (and with it fabric-shim).
 */
export { registerDefinedRecordTypes, sceneContract, SceneContext, SceneContract } from './scene-contract';
export type { SceneContractClass } from './scene-contract';
