import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseSignaturePolicy, resolveEndorsementPolicy, type PolicyNode } from '../policy';
import type { ChannelSpec, EndorsementPolicySpec } from './schema';

/**
 * One static private data collection as Fabric's `collections_config.json` defines it (the file `peer lifecycle
 * chaincode approveformyorg --collections-config` reads), checked as Fabric's `_lifecycle` checks it.
 */
export interface CollectionSpec {
  readonly name: string;
  /** The member orgs policy, as written (an OR of principals). */
  readonly policy: string;
  readonly memberPolicy: PolicyNode;
  readonly requiredPeerCount: number;
  readonly maxPeerCount: number;
  /** Blocks the private data lives after the block that wrote it; 0 keeps it for ever. */
  readonly blockToLive: number;
  readonly memberOnlyRead: boolean;
  readonly memberOnlyWrite: boolean;
  /** The collection's own endorsement policy; absent means the chaincode's policy applies. */
  readonly endorsementPolicy?: EndorsementPolicySpec;
}

/** Fabric's `_lifecycle` rule for collection names. */
const COLLECTION_NAME = /^[A-Za-z0-9-]+([A-Za-z0-9_-]+)*$/;

/** The JSON shape, with the peer CLI's defaults: requiredPeerCount 0, maxPeerCount 1. */
const collectionJson = z.strictObject({
  name: z.string(),
  policy: z.string(),
  requiredPeerCount: z
    .number()
    .int()
    .min(-(2 ** 31))
    .max(2 ** 31 - 1)
    .default(0),
  maxPeerCount: z
    .number()
    .int()
    .min(-(2 ** 31))
    .max(2 ** 31 - 1)
    .default(1),
  blockToLive: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  memberOnlyRead: z.boolean().default(false),
  memberOnlyWrite: z.boolean().default(false),
  endorsementPolicy: z
    .strictObject({ signaturePolicy: z.string().optional(), channelConfigPolicy: z.string().optional() })
    .optional(),
});

export class CollectionConfigError extends Error {
  override readonly name = 'CollectionConfigError';
}

/**
 * Reads and checks a chaincode's collections file: every problem is reported with the file, the chaincode and
 * the channel, in Fabric's words where Fabric has them.
 */
export function loadCollectionsConfig(
  file: string,
  channel: Pick<ChannelSpec, 'name' | 'orgs' | 'policies'>,
  chaincodeName: string,
): CollectionSpec[] {
  const where = `collections config ${file} of chaincode ${chaincodeName} on channel ${channel.name}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new CollectionConfigError(`cannot read ${where}: ${reason}`);
  }
  try {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new CollectionConfigError(`not valid JSON: ${(err as Error).message}`);
    }
    return parseCollectionsConfig(raw, channel);
  } catch (err) {
    throw new CollectionConfigError(`invalid ${where}:\n  ${(err as Error).message.replace(/\n/g, '\n  ')}`);
  }
}

/** Checks an already-parsed collections array (the content of a collections_config.json). */
export function parseCollectionsConfig(
  raw: unknown,
  channel: Pick<ChannelSpec, 'name' | 'orgs' | 'policies'>,
): CollectionSpec[] {
  const parsed = z.array(collectionJson).safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new CollectionConfigError(issues.join('\n'));
  }
  const names = new Set<string>();
  return parsed.data.map((entry): CollectionSpec => {
    const { name } = entry;
    if (!COLLECTION_NAME.test(name)) {
      throw new CollectionConfigError(
        `invalid collection name '${name}'. Names can only consist of alphanumerics, '_', and '-' and cannot begin with '_'`,
      );
    }
    if (names.has(name)) {
      throw new CollectionConfigError(`collection-name: ${name} -- found duplicate in collection configuration`);
    }
    names.add(name);
    if (entry.maxPeerCount < entry.requiredPeerCount) {
      throw new CollectionConfigError(
        `collection-name: ${name} -- maximum peer count (${entry.maxPeerCount}) cannot be less than the required peer count (${entry.requiredPeerCount})`,
      );
    }
    if (entry.requiredPeerCount < 0) {
      throw new CollectionConfigError(
        `collection-name: ${name} -- requiredPeerCount (${entry.requiredPeerCount}) cannot be less than zero`,
      );
    }
    const memberPolicy = memberOrgsPolicy(name, entry.policy, channel);
    const endorsementPolicy = collectionEndorsementPolicy(name, entry.endorsementPolicy, channel);
    return {
      name,
      policy: entry.policy,
      memberPolicy,
      requiredPeerCount: entry.requiredPeerCount,
      maxPeerCount: entry.maxPeerCount,
      blockToLive: entry.blockToLive,
      memberOnlyRead: entry.memberOnlyRead,
      memberOnlyWrite: entry.memberOnlyWrite,
      ...(endorsementPolicy ? { endorsementPolicy } : {}),
    };
  });
}

function memberOrgsPolicy(name: string, text: string, channel: Pick<ChannelSpec, 'orgs'>): PolicyNode {
  let node: PolicyNode;
  try {
    node = parseSignaturePolicy(text);
  } catch (err) {
    throw new CollectionConfigError(`invalid policy ${text}: ${(err as Error).message}`);
  }
  // Only an OR of members makes sense for who holds the data; Fabric refuses anything else.
  const checkOr = (current: PolicyNode): void => {
    if (current.kind !== 'outOf') return;
    if (current.n !== 1) {
      throw new CollectionConfigError(
        `collection-name: ${name} -- error in member org policy: signature policy is not an OR concatenation, NOutOf ${current.n}`,
      );
    }
    current.rules.forEach(checkOr);
  };
  checkOr(node);
  const visit = (current: PolicyNode): void => {
    if (current.kind === 'outOf') return current.rules.forEach(visit);
    if (!channel.orgs.includes(current.mspId)) {
      throw new CollectionConfigError(
        `collection-name: ${name} -- collection member '${current.mspId}' is not part of the channel`,
      );
    }
  };
  visit(node);
  return node;
}

function collectionEndorsementPolicy(
  name: string,
  spec: { signaturePolicy?: string; channelConfigPolicy?: string } | undefined,
  channel: Pick<ChannelSpec, 'name' | 'orgs' | 'policies'>,
): EndorsementPolicySpec | undefined {
  const signature = spec?.signaturePolicy ?? '';
  const channelConfigPolicy = spec?.channelConfigPolicy ?? '';
  if (signature === '' && channelConfigPolicy === '') return undefined;
  const shown = `{signaturePolicy: ${JSON.stringify(signature)}, channelConfigPolicy: ${JSON.stringify(channelConfigPolicy)}}`;
  if (signature !== '' && channelConfigPolicy !== '') {
    throw new CollectionConfigError(
      `collection-name: ${name} -- invalid endorsement policy ${shown}: cannot specify both "--signature-policy" and "--channel-config-policy"`,
    );
  }
  const policy: EndorsementPolicySpec = signature !== '' ? { signature } : { channelConfigPolicy };
  try {
    resolveEndorsementPolicy(policy, channel);
  } catch (err) {
    throw new CollectionConfigError(
      `collection-name: ${name} -- invalid endorsement policy ${shown}: ${(err as Error).message}`,
    );
  }
  return policy;
}
