/** `@scenechain/cold-chain`: the descriptor and pure helpers; loads no contract API (the peer loads `./chaincode`). */
export { authorities } from './machines';
export { judgeReadings } from './readings';
export { categoryStatuses, inspectionResults, readingsIdOf, shipmentStatuses } from './records';
export { scenario } from './scenario';
