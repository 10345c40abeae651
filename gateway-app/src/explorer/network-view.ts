import type { Gateway } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import type { NetworkDirectory } from '../fabric/network-directory';
import type { LedgerExplorer } from './ledger-explorer';
import type { PeerHealth, PeerHealthMonitor } from './peer-health';
import { signaturePolicyText } from './policy-text';
import { bytesOf, parseProto } from '../fabric/proto-read';

export interface ChaincodeDefinitionView {
  readonly name: string;
  readonly version: string;
  readonly sequence: number;
  readonly initRequired: boolean;
  /** The endorsement policy: a channel policy's name, or an explicit one in Fabric's notation. */
  readonly endorsementPolicy: string;
  readonly collections: number;
}

export interface NetworkSummary {
  readonly channel: string;
  readonly network: 'devnet' | 'fabric';
  readonly height: number;
  readonly currentBlockHash: string;
  readonly orgs: readonly { mspId: string; name: string; chaincodes: readonly string[] }[];
  readonly peers: readonly PeerHealth[];
  /** When the peers were last asked (their health is cached for a few seconds). */
  readonly peersCheckedAt: string;
  /** The highest ledger height a peer answered. */
  readonly highestPeerHeight: number;
  /** `lifecycle`: from `_lifecycle` QueryChaincodeDefinitions; `topology`: the app's own list (lifecycle refused). */
  readonly chaincodeSource: 'lifecycle' | 'topology';
  readonly chaincodes: readonly ChaincodeDefinitionView[];
  readonly lifecycleError?: string;
}

function policyName(parameter: Uint8Array): string {
  if (parameter.length === 0) return 'channel default';
  try {
    const policy = parseProto('application policy', parameter, peer.ApplicationPolicy);
    const signature = policy.getSignaturePolicy();
    return policy.getChannelConfigPolicyReference() || (signature ? signaturePolicyText(signature) : 'unknown');
  } catch {
    return 'unreadable';
  }
}

async function chaincodeDefinitions(gateway: Gateway, channel: string): Promise<ChaincodeDefinitionView[]> {
  const args = new peer.lifecycle.QueryChaincodeDefinitionsArgs().serializeBinary();
  const bytes = await gateway
    .getNetwork(channel)
    .getContract('_lifecycle')
    .evaluateTransaction('QueryChaincodeDefinitions', args);
  const result = parseProto('chaincode definitions', bytes, peer.lifecycle.QueryChaincodeDefinitionsResult);
  return result.getChaincodeDefinitionsList().map((d) => ({
    name: d.getName(),
    version: d.getVersion(),
    sequence: d.getSequence(),
    initRequired: d.getInitRequired(),
    endorsementPolicy: policyName(bytesOf(d.getValidationParameter())),
    collections: d.getCollections()?.getConfigList().length ?? 0,
  }));
}

/** The channel as the Operations Console shows it: height, orgs, their peers' health, chaincode definitions. */
export async function networkSummary(options: {
  gateway: Gateway;
  directory: NetworkDirectory;
  ledger: LedgerExplorer;
  peers: PeerHealthMonitor;
}): Promise<NetworkSummary> {
  const { gateway, directory, ledger } = options;
  const [info, health, definitions] = await Promise.all([
    ledger.chainInfo(gateway),
    options.peers.report(),
    chaincodeDefinitions(gateway, directory.channel).then(
      (found) => ({ found }),
      (err: Error) => ({ error: err.message }),
    ),
  ]);
  const topologyChaincodes = [...new Set(directory.orgs.flatMap((o) => o.chaincodes))].sort();
  return {
    channel: directory.channel,
    network: directory.kind,
    height: info.height,
    currentBlockHash: info.currentBlockHash,
    orgs: directory.orgs.map((o) => ({ mspId: o.mspId, name: o.name, chaincodes: o.chaincodes })),
    peers: health.peers,
    peersCheckedAt: health.checkedAt,
    highestPeerHeight: health.highest,
    ...('found' in definitions
      ? { chaincodeSource: 'lifecycle' as const, chaincodes: definitions.found }
      : {
          chaincodeSource: 'topology' as const,
          chaincodes: topologyChaincodes.map((name) => ({
            name,
            version: '',
            sequence: 0,
            initRequired: false,
            endorsementPolicy: '',
            collections: 0,
          })),
          lifecycleError: definitions.error,
        }),
  };
}
