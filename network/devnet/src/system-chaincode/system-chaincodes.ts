import type { ChannelRuntime, DeployedChaincode, NetworkView } from '../gateway/network-view';
import type { EndorsementPolicy } from '../policy';
import { cscc } from './cscc';
import { lifecycle } from './lifecycle';
import { qscc } from './qscc';
import { systemChaincodeRunner, type ChannelLessSystemChaincode, type SystemChaincode } from './system-chaincode';

const SYSTEM_CHAINCODES: ReadonlyMap<string, SystemChaincode> = new Map(
  [qscc, cscc, lifecycle].map((chaincode) => [chaincode.name, chaincode]),
);

/** The system chaincodes a channel-less proposal may call: they read the channel their arguments name. */
const CHANNEL_LESS: ReadonlyMap<string, ChannelLessSystemChaincode> = new Map(
  [qscc, cscc].map((chaincode) => [chaincode.name, chaincode]),
);

export function channelLessSystemChaincode(name: string): ChannelLessSystemChaincode | undefined {
  return CHANNEL_LESS.get(name);
}

/** System chaincodes answer queries; their results are never endorsed into transactions. */
const NEVER_ENDORSED: EndorsementPolicy = {
  evaluate: () => false,
  describe: () => 'system chaincode (evaluate only)',
  planEndorsers: () => undefined,
  principalsOrgs: () => [],
};

const resolved = new WeakMap<ChannelRuntime, Map<string, DeployedChaincode>>();

/**
 * A system chaincode (qscc, cscc, _lifecycle) as a chaincode of `channel`: every channel org's peer runs it, as
 * every Fabric peer has it built in. It is for evaluation only: no set of endorsers satisfies its policy.
 * Undefined for other names.
 */
export function systemChaincode(
  name: string,
  channel: ChannelRuntime,
  network: NetworkView,
): DeployedChaincode | undefined {
  const chaincode = SYSTEM_CHAINCODES.get(name);
  if (!chaincode) return undefined;
  let byName = resolved.get(channel);
  if (!byName) {
    byName = new Map();
    resolved.set(channel, byName);
  }
  let deployed = byName.get(name);
  if (deployed === undefined) {
    deployed = {
      name,
      version: '',
      policy: NEVER_ENDORSED,
      installedOn: channel.membership.mspIds,
      system: systemChaincodeRunner(chaincode, channel, network),
    };
    byName.set(name, deployed);
  }
  return deployed;
}
