import { findOrg } from '../topology/load';
import type { Topology } from '../topology/schema';
import { ensureUser } from './add-user';
import { allOrgLayouts, nodeLayout, type OrgLayout } from './layout';
import { writeNodeOnce, writeOrgMsp } from './msp-folders';
import { openOrgCas } from './org-cas';

/**
 * Generates the topology's crypto material in cryptogen's layout under `cryptoDir`: for every org its
 * signing and TLS CAs, verifying MSP, peers (or orderers), `Admin` and, for peer orgs, `User1` and the
 * topology's users with their attributes. Creates only what is missing: existing CAs and nodes are kept,
 * so a second run changes nothing. Throws IdentityError when an existing user's role or attributes no
 * longer match the topology.
 */
export async function generateCrypto(topology: Topology, cryptoDir: string): Promise<void> {
  await Promise.all(allOrgLayouts(topology, cryptoDir).map((org) => generateOrg(topology, org)));
}

async function generateOrg(topology: Topology, org: OrgLayout): Promise<void> {
  const cas = await openOrgCas(org);
  const spec = findOrg(topology, org.mspId); // undefined for the orderer org
  const servers = spec
    ? spec.peers.map((peer) => nodeLayout(org, 'peer', peer.name))
    : topology.ordererOrg.orderers.map((orderer) => nodeLayout(org, 'orderer', orderer.name));
  // cryptogen's orderer orgs have only Admin (Users.Count defaults to 0); the test network's peer orgs add User1.
  const users = spec ? [{ name: 'User1', attrs: {} }, ...spec.users] : [];
  await Promise.all([
    writeOrgMsp(org, cas),
    ...servers.map((node) =>
      writeNodeOnce(org, node, cas, {
        nodeOu: node.kind === 'orderer' ? 'orderer' : 'peer',
        tlsNames: [node.commonName, node.name, 'localhost', '127.0.0.1'],
      }),
    ),
    ensureUser(org, cas, 'Admin', {}, 'admin'),
    ...users.map((user) => ensureUser(org, cas, user.name, user.attrs, 'client')),
  ]);
}
