/** `@scenechain/charity`: the descriptor and pure helpers; loads no contract API (the peer loads `./chaincode`). */
export { MAX_SOURCES } from './funds';
export { authorities } from './machines';
export { channels, disbursementStatuses, donationIdOf, donationStatuses, projectStatuses } from './records';
export { scenario } from './scenario';
