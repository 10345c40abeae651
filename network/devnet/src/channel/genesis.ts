import { readFileSync } from 'node:fs';
import type { common } from '@hyperledger/fabric-protos';
import { buildGenesisBlock } from '../block/genesis-block';
import type { OrgMsp } from '../block/config/msp-value';
import { orgLayout, type SigningIdentity } from '../identity';
import type { ChannelSpec, Topology } from '../topology/schema';

/**
 * Block 0 of a dev network channel: the channel configuration built from the topology and the orgs' CA
 * certificates, signed by the orderer, so that block parsers and tools see what a real channel starts with.
 */
export function createGenesisBlock(
  topology: Topology,
  cryptoDir: string,
  channel: ChannelSpec,
  ordererIdentity: SigningIdentity,
  host: string,
): common.Block {
  const orgMsp = (mspId: string): OrgMsp => {
    const layout = orgLayout(topology, cryptoDir, mspId);
    return {
      mspId,
      rootCertPem: readFileSync(layout.ca.certPath, 'utf8'),
      tlsRootCertPem: readFileSync(layout.tlsCa.certPath, 'utf8'),
    };
  };
  return buildGenesisBlock({
    channelName: channel.name,
    timestamp: new Date(),
    signer: ordererIdentity,
    orgs: channel.orgs.map(orgMsp),
    ordererOrg: orgMsp(topology.ordererOrg.mspId),
    ordererAddresses: topology.ordererOrg.orderers.map((orderer) => `${host}:${orderer.port}`),
    batch: {
      maxMessageCount: topology.ordering.maxMessageCount,
      absoluteMaxBytes: topology.ordering.absoluteMaxBytes,
      preferredMaxBytes: topology.ordering.preferredMaxBytes,
      batchTimeoutMs: topology.ordering.batchTimeout,
    },
    applicationPolicies: channel.policies,
  });
}
