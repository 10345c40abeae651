import { GovRecordsContract } from './contract';

export { GovRecordsContract };
export { consentLifecycle } from './lifecycle/consent-lifecycle';
export { recordLifecycle } from './lifecycle/record-lifecycle';
export { transferLifecycle } from './lifecycle/transfer-lifecycle';

/** What `fabric-chaincode-node start` loads. */
export const contracts = [GovRecordsContract];
