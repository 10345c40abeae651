import './contract-api-quiet';
import { govRecords } from './gov-records';
import { patents } from './patents';
import type { ScenarioSpec } from './scenario';
import { supplyChain } from './supply-chain';

/** Every scenario the app knows; the app serves those whose chaincode the channel has. */
export const ALL_SCENARIOS: readonly ScenarioSpec[] = [supplyChain, patents, govRecords];
