import { ccaasSourceDir } from './ccaas-sources';
import type { NetworkPlan } from './network-plan';

/**
 * The network plan as bash arrays (`network-plan.env`), so scripts/network.sh never parses YAML. Arrays
 * are parallel and indexed: PEER_HOSTS[i] belongs with PEER_PORTS[i]. Plain indexed arrays only, which
 * bash 3.2 (macOS) understands too.
 */
function quote(value: string | number | boolean): string {
  return `'${String(value).replace(/'/g, `'\\''`)}'`;
}

function scalar(name: string, value: string | number): string {
  return `${name}=${quote(value)}`;
}

function array(name: string, values: ReadonlyArray<string | number | boolean>): string {
  return `${name}=(${values.map(quote).join(' ')})`;
}

export function renderPlanEnv(plan: NetworkPlan, header: string): string {
  const { ordererOrg } = plan;
  const peers = plan.orgs.flatMap((org, orgIndex) => org.peers.map((peer) => ({ peer, orgIndex })));
  const chaincodes = plan.channels.flatMap((channel) =>
    channel.chaincodes.map((chaincode) => ({ channel: channel.name, chaincode })),
  );
  const lines = [
    '# shellcheck shell=bash disable=SC2034',
    scalar('NETWORK_NAME', plan.name),
    scalar('ORDERER_ORG_NAME', ordererOrg.name),
    scalar('ORDERER_MSP', ordererOrg.mspId),
    scalar('ORDERER_DOMAIN', ordererOrg.domain),
    scalar('ORDERER_CA_HOST', ordererOrg.ca.host),
    scalar('ORDERER_CA_NAME', ordererOrg.ca.caName),
    scalar('ORDERER_CA_PORT', ordererOrg.ca.port),
    array(
      'ORDERER_NAMES',
      ordererOrg.orderers.map((o) => o.name),
    ),
    array(
      'ORDERER_HOSTS',
      ordererOrg.orderers.map((o) => o.host),
    ),
    array(
      'ORDERER_PORTS',
      ordererOrg.orderers.map((o) => o.port),
    ),
    array(
      'ORDERER_ADMIN_PORTS',
      ordererOrg.orderers.map((o) => o.adminPort),
    ),
    array(
      'ORDERER_OPERATIONS_PORTS',
      ordererOrg.orderers.map((o) => o.operationsPort),
    ),
    array(
      'ORG_NAMES',
      plan.orgs.map((org) => org.name),
    ),
    array(
      'ORG_MSPS',
      plan.orgs.map((org) => org.mspId),
    ),
    array(
      'ORG_DOMAINS',
      plan.orgs.map((org) => org.domain),
    ),
    array(
      'ORG_CA_HOSTS',
      plan.orgs.map((org) => org.ca.host),
    ),
    array(
      'ORG_CA_NAMES',
      plan.orgs.map((org) => org.ca.caName),
    ),
    array(
      'ORG_CA_PORTS',
      plan.orgs.map((org) => org.ca.port),
    ),
    // Users with attributes, for Fabric CA registration: "name|attr=value,attr=value name2|..."
    array(
      'ORG_USERS',
      plan.orgs.map((org) =>
        org.users
          .map(
            (user) =>
              `${user.name}|${Object.entries(user.attrs)
                .map(([k, v]) => `${k}=${v}`)
                .join(',')}`,
          )
          .join(' '),
      ),
    ),
    array(
      'ORG_ANCHOR_HOSTS',
      plan.orgs.map((org) => org.anchorPeer.host),
    ),
    array(
      'ORG_ANCHOR_PORTS',
      plan.orgs.map((org) => org.anchorPeer.port),
    ),
    array(
      'PEER_ORG_INDEXES',
      peers.map(({ orgIndex }) => orgIndex),
    ),
    array(
      'PEER_NAMES',
      peers.map(({ peer }) => peer.name),
    ),
    array(
      'PEER_HOSTS',
      peers.map(({ peer }) => peer.host),
    ),
    array(
      'PEER_PORTS',
      peers.map(({ peer }) => peer.port),
    ),
    array(
      'PEER_CHAINCODE_PORTS',
      peers.map(({ peer }) => peer.chaincodePort),
    ),
    array(
      'PEER_OPERATIONS_PORTS',
      peers.map(({ peer }) => peer.operationsPort),
    ),
    array(
      'PEER_COUCHDB_HOSTS',
      peers.map(({ peer }) => peer.couchdbHost),
    ),
    array(
      'PEER_COUCHDB_PORTS',
      peers.map(({ peer }) => peer.couchdbPort),
    ),
    array(
      'CHANNEL_NAMES',
      plan.channels.map((channel) => channel.name),
    ),
    array(
      'CHANNEL_PROFILES',
      plan.channels.map((channel) => channel.profile),
    ),
    array(
      'CHANNEL_ORGS',
      plan.channels.map((channel) => channel.orgs.join(' ')),
    ),
    array(
      'CC_NAMES',
      chaincodes.map(({ chaincode }) => chaincode.name),
    ),
    array(
      'CC_CHANNELS',
      chaincodes.map(({ channel }) => channel),
    ),
    array(
      'CC_VERSIONS',
      chaincodes.map(({ chaincode }) => chaincode.version),
    ),
    array(
      'CC_SEQUENCES',
      chaincodes.map(({ chaincode }) => chaincode.sequence),
    ),
    array(
      'CC_LABELS',
      chaincodes.map(({ chaincode }) => chaincode.label),
    ),
    array(
      'CC_PATHS',
      chaincodes.map(({ chaincode }) => chaincode.path),
    ),
    array(
      'CC_INSTALLED_ON',
      chaincodes.map(({ chaincode }) => chaincode.installedOn.join(' ')),
    ),
    array(
      'CC_POLICY_FLAGS',
      chaincodes.map(({ chaincode }) =>
        'signature' in chaincode.endorsementPolicy ? '--signature-policy' : '--channel-config-policy',
      ),
    ),
    array(
      'CC_POLICIES',
      chaincodes.map(({ chaincode }) =>
        'signature' in chaincode.endorsementPolicy
          ? chaincode.endorsementPolicy.signature
          : chaincode.endorsementPolicy.channelConfigPolicy,
      ),
    ),
    array(
      'CC_COLLECTIONS',
      chaincodes.map(({ chaincode }) => chaincode.collectionsConfig ?? ''),
    ),
    array(
      'CC_INIT_REQUIRED',
      chaincodes.map(({ chaincode }) => chaincode.initRequired),
    ),
    array(
      'CCAAS_CHAINCODES',
      plan.ccaas.map((server) => server.chaincode),
    ),
    array(
      'CCAAS_LABELS',
      plan.ccaas.map((server) => server.label),
    ),
    array(
      'CCAAS_PATHS',
      plan.ccaas.map((server) => server.path),
    ),
    array(
      'CCAAS_MSPS',
      plan.ccaas.map((server) => server.mspId),
    ),
    array(
      'CCAAS_HOSTS',
      plan.ccaas.map((server) => server.host),
    ),
    array(
      'CCAAS_PORTS',
      plan.ccaas.map((server) => server.port),
    ),
    array(
      'CCAAS_PACKAGE_ID_VARS',
      plan.ccaas.map((server) => server.packageIdVariable),
    ),
    array(
      'CCAAS_DOCKER_SOURCES',
      plan.ccaas.map((server) => ccaasSourceDir('docker', server)),
    ),
    array(
      'CCAAS_NATIVE_SOURCES',
      plan.ccaas.map((server) => ccaasSourceDir('native', server)),
    ),
    array(
      'PORT_KEYS',
      plan.ports.map((claim) => claim.key),
    ),
    array(
      'PORT_NUMBERS',
      plan.ports.map((claim) => claim.port),
    ),
    array(
      'PORT_OWNERS',
      plan.ports.map((claim) => claim.owner),
    ),
  ];
  return `${header}${lines.join('\n')}\n`;
}
