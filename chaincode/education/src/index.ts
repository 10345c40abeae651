/** `@scenechain/education`: the descriptor; loads no contract API (the chaincode process loads `./chaincode`). */
export { authorities, degrees, diplomaStatuses, scenario } from './scenario';
