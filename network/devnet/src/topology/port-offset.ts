import { TopologyError, type LoadedTopology } from './load';

/**
 * The topology with every port it names (orderer, admin, peer, chaincode, operations and CA ports) shifted by
 * `offset`, as `scripts/network.sh --port-offset` shifts a real network's. Throws TopologyError, naming the
 * node, when a port would leave 1-65535.
 */
export function shiftPorts(topology: LoadedTopology, offset: number): LoadedTopology {
  if (!Number.isInteger(offset)) throw new TopologyError(`port offset must be an integer, got ${offset}`);
  if (offset === 0) return topology;
  const problems: string[] = [];
  const shift = <T extends number | undefined>(port: T, owner: string): T => {
    if (port === undefined) return port;
    const moved = port + offset;
    if (moved < 1 || moved > 65535) problems.push(`${owner}: port ${port} + offset ${offset} = ${moved}`);
    return moved as T;
  };
  const { ordererOrg } = topology;
  const shifted: LoadedTopology = {
    ...topology,
    ordererOrg: {
      ...ordererOrg,
      orderers: ordererOrg.orderers.map((orderer) => {
        const owner = `${orderer.name}.${ordererOrg.domain}`;
        return {
          ...orderer,
          port: shift(orderer.port, owner),
          adminPort: shift(orderer.adminPort, `${owner} (admin)`),
          operationsPort: shift(orderer.operationsPort, `${owner} (operations)`),
        };
      }),
      ...(ordererOrg.ca && { ca: { port: shift(ordererOrg.ca.port, `ca.${ordererOrg.domain}`) } }),
    },
    orgs: topology.orgs.map((org) => ({
      ...org,
      peers: org.peers.map((peer) => {
        const owner = `${peer.name}.${org.domain}`;
        return {
          ...peer,
          port: shift(peer.port, owner),
          chaincodePort: shift(peer.chaincodePort, `${owner} (chaincode)`),
          operationsPort: shift(peer.operationsPort, `${owner} (operations)`),
        };
      }),
      ...(org.ca && { ca: { port: shift(org.ca.port, `ca.${org.domain}`) } }),
    })),
  };
  if (problems.length > 0) {
    throw new TopologyError(`port offset ${offset} moves ports outside 1-65535:\n  ${problems.join('\n  ')}`);
  }
  return shifted;
}

/** Parses a port offset as given on the command line or in DEVNET_PORT_OFFSET: an integer, possibly negative. */
export function parsePortOffset(text: string, source: string): number {
  if (!/^[+-]?\d+$/.test(text.trim())) throw new TopologyError(`${source} must be an integer, got '${text}'`);
  return Number.parseInt(text.trim(), 10);
}
