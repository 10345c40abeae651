/** `@scenechain/judicial-evidence`: the descriptor and pure helpers; loads no contract API (the peer loads `./chaincode`). */
export { authorities } from './machines';
export { accessBases, capacities, caseStatuses, evidenceKinds, evidenceStatuses, grantStatuses } from './records';
export { ACCESS_WINDOW_MINUTES, scenario } from './scenario';
