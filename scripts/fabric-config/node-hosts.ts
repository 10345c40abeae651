import { isIP } from 'node:net';
import { NetworkPlanError } from './ports';

/**
 * Where each org's nodes run in the native runtime. By default every node listens on the loopback address
 * of one machine; `network.sh --hosts FILE` gives an org (by MSP ID, the orderer org included) its own
 * address, so its nodes listen there and every other node, certificate, channel config and client reaches
 * them there. One line per org:
 *
 *   MSPID ADDRESS [LAUNCHER...]
 *
 * LAUNCHER is a command prefix network.sh starts the org's processes with (`ip netns exec org1` for a
 * network namespace); it is the scripts' business, the generator only reads the addresses. `#` starts a
 * comment. Orgs the file does not name stay on the loopback address.
 */
export const loopbackAddress = '127.0.0.1';

export interface OrgHost {
  readonly address: string;
  readonly launcher: readonly string[];
}

export function parseHostsFile(text: string, source = 'hosts file'): ReadonlyMap<string, OrgHost> {
  const hosts = new Map<string, OrgHost>();
  text.split('\n').forEach((raw, index) => {
    const words = raw.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    const where = `${source} line ${index + 1}`;
    const [mspId, address, ...launcher] = words;
    if (address === undefined) throw new NetworkPlanError(`${where}: expected 'MSPID ADDRESS [LAUNCHER...]'`);
    // Certificates name the address (SANs) and every node dials it: an IPv4 address, not a host name.
    if (isIP(address) !== 4) throw new NetworkPlanError(`${where}: '${address}' is not an IPv4 address`);
    if (hosts.has(mspId)) throw new NetworkPlanError(`${where}: ${mspId} is named twice`);
    hosts.set(mspId, { address, launcher });
  });
  return hosts;
}

/** The address of each org's nodes; refuses an MSP ID the topology does not have. */
export function orgAddresses(hosts: ReadonlyMap<string, OrgHost>, mspIds: readonly string[]): Map<string, string> {
  const unknown = [...hosts.keys()].filter((mspId) => !mspIds.includes(mspId));
  if (unknown.length > 0) {
    throw new NetworkPlanError(
      `--hosts names ${unknown.join(', ')}, which the topology does not have (its orgs: ${mspIds.join(', ')})`,
    );
  }
  return new Map(mspIds.map((mspId) => [mspId, hosts.get(mspId)?.address ?? loopbackAddress]));
}
