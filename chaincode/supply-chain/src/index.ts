import { SupplyChainContract } from './contract';

export { SupplyChainContract };
export { batchLifecycle } from './lifecycle/batch-lifecycle';
export { palletLifecycle } from './lifecycle/pallet-lifecycle';
export { recallLifecycle } from './lifecycle/recall-lifecycle';

/** What `fabric-chaincode-node start` loads. */
export const contracts = [SupplyChainContract];
