/**
 * `@scenechain/supply-chain`: the scenario descriptor and the parties other packages use. Loads no contract API;
 * the chaincode process loads `./chaincode` (package.json `main`).
 */
export * from './parties';
export { batchLifecycle, palletLifecycle, recallLifecycle } from './machines';
export type { Batch } from './records';
export { scenario } from './scenario';
