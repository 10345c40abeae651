import type { Topology } from '../topology/schema';
import { startOrgCa, type OrgCa, type OrgCaOptions } from './org-ca';

export interface NetworkCasOptions extends Omit<OrgCaOptions, 'topology' | 'mspId' | 'port'> {
  /** The port to listen on for a CA the topology puts on `configured` (tests pick free ports instead). */
  readonly port: (configured: number) => Promise<number>;
}

/** Starts the Fabric CA of every org whose topology entry has `ca` (orderer org first); all or none. */
export async function startNetworkCas(topology: Topology, options: NetworkCasOptions): Promise<OrgCa[]> {
  const wanted = [topology.ordererOrg, ...topology.orgs].flatMap((org) =>
    org.ca ? [{ mspId: org.mspId, port: org.ca.port }] : [],
  );
  const started: OrgCa[] = [];
  try {
    for (const { mspId, port } of wanted) {
      started.push(await startOrgCa({ ...options, topology, mspId, port: await options.port(port) }));
    }
  } catch (err) {
    await Promise.all(started.map((ca) => ca.stop()));
    throw err;
  }
  return started;
}
