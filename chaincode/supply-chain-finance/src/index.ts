/** `@scenechain/supply-chain-finance`: the descriptor; loads no contract API (the peer loads `./chaincode`). */
export { authorities, creditorOf } from './machines';
export { BANKS, CORE_ENTERPRISES, receivableStatuses, shareSalt, SUPPLIERS } from './records';
export { scenario } from './scenario';
