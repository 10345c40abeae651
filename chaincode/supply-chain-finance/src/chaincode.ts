import { sceneContract } from '@scenechain/scene-kit/contract';
import { scenario } from './scenario';

/** What `fabric-chaincode-node start` loads (package.json `main`). */
export const contracts = [sceneContract(scenario)];
