import { PatentsContract } from './contract';

export { PatentsContract };
export { specificationCommitment } from './commitment';
export { patentLifecycle } from './lifecycle/patent-lifecycle';
export { pledgeLifecycle } from './lifecycle/pledge-lifecycle';

/** What `fabric-chaincode-node start` loads. */
export const contracts = [PatentsContract];
