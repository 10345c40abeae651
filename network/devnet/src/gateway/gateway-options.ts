import type { NetworkView } from './network-view';

export interface GatewayOptions {
  /** The org whose peer hosts this gateway: its endorser is preferred, as in Fabric. */
  mspId: string;
  network: NetworkView;
  /** Upper bound on waiting for a commit when the client set no deadline. */
  commitTimeoutMs: number;
}
