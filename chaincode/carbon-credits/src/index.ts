/** `@scenechain/carbon-credits`: the descriptor and pure helpers; loads no contract API (the peer loads `./chaincode`). */
export { authorities } from './machines';
export { blockStatuses, projectStatuses, reportStatuses, sectors, serialRange } from './records';
export { scenario } from './scenario';
