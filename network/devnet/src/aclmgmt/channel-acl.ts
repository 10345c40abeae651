import { channelConfig } from '../channel/channel-config';
import type { ChannelRuntime } from '../gateway/network-view';
import type { SignerIdentity } from '../policy';

const CHANNEL_READERS = '/Channel/Application/Readers';
const CHANNEL_WRITERS = '/Channel/Application/Writers';

/**
 * The channel resources of Fabric's default ACL provider (core/aclmgmt) that the dev network serves, with the
 * channel policy each one needs when the channel configuration names no ACL of its own.
 */
const DEFAULT_CHANNEL_ACLS: ReadonlyMap<string, string> = new Map([
  ['peer/Propose', CHANNEL_WRITERS],
  ['qscc/GetChainInfo', CHANNEL_READERS],
  ['qscc/GetBlockByNumber', CHANNEL_READERS],
  ['qscc/GetBlockByHash', CHANNEL_READERS],
  ['qscc/GetTransactionByID', CHANNEL_READERS],
  ['qscc/GetBlockByTxID', CHANNEL_READERS],
  ['cscc/GetConfigBlock', CHANNEL_READERS],
  ['cscc/GetChannelConfig', CHANNEL_READERS],
  ['_lifecycle/CommitChaincodeDefinition', CHANNEL_WRITERS],
  ['_lifecycle/QueryChaincodeDefinition', CHANNEL_WRITERS],
  ['_lifecycle/QueryChaincodeDefinitions', CHANNEL_WRITERS],
  ['_lifecycle/CheckCommitReadiness', CHANNEL_WRITERS],
  ['event/Block', CHANNEL_READERS],
  ['event/FilteredBlock', CHANNEL_READERS],
]);

/** Fabric's protoutil.SignedData: who claims to have signed what. */
export interface SignedData {
  readonly data: Uint8Array;
  /** Serialized msp.SerializedIdentity. */
  readonly identity: Uint8Array;
  readonly signature: Uint8Array;
}

/** A refused ACL check; `message` is the text Fabric's ACL provider gives. */
export class AccessDenied extends Error {
  override readonly name = 'AccessDenied';
}

/**
 * Checks a channel resource (`qscc/GetChainInfo`, `event/Block`, ...) for the signers of `signedData`, as Fabric's
 * default ACL provider does: the identities the channel's MSPs accept and whose signatures verify must satisfy
 * the resource's channel policy in the channel's newest configuration. Throws AccessDenied with Fabric's message.
 */
export async function checkChannelAcl(
  resource: string,
  channel: ChannelRuntime,
  signedData: readonly SignedData[],
): Promise<void> {
  const policyPath = DEFAULT_CHANNEL_ACLS.get(resource);
  if (!policyPath) throw new AccessDenied(`Unmapped policy for ${resource}`);
  const { policies } = await channelConfig(channel.ledger);
  const reason = policies.evaluate(policyPath, validSigners(channel, signedData));
  if (reason === undefined) return;
  throw new AccessDenied(
    `Failed evaluating policy on signed data during check policy on channel [${channel.name}] with policy [${policyPath}]: [${reason}]`,
  );
}

/**
 * Evaluates a channel policy (`/Channel/Application/Writers`, ...) for the signers of `signedData` in the channel's
 * newest configuration: undefined when satisfied, else the policy's reason.
 */
export async function evaluateChannelPolicy(
  policyPath: string,
  channel: ChannelRuntime,
  signedData: readonly SignedData[],
): Promise<string | undefined> {
  const { policies } = await channelConfig(channel.ledger);
  return policies.evaluate(policyPath, validSigners(channel, signedData));
}

/** Fabric's SignatureSetToValidIdentities: identities that deserialize and whose signature verifies, others dropped. */
export function validSigners(channel: ChannelRuntime, signedData: readonly SignedData[]): SignerIdentity[] {
  const signers: SignerIdentity[] = [];
  for (const item of signedData) {
    try {
      const identity = channel.membership.deserialize(item.identity);
      if (identity.verify(item.data, item.signature)) {
        signers.push({ mspId: identity.mspId, role: identity.role, id: identity.id });
      }
    } catch {
      // An identity the channel does not accept signs nothing, as in Fabric.
    }
  }
  return signers;
}
