import {
  compileSignaturePolicy,
  mspIdsSatisfiableBy,
  resolveEndorsementPolicy,
  signedBy,
  type EndorsementPolicy,
  type SignerIdentity,
  type SignerSetPredicate,
} from '../policy';
import type { CollectionSpec } from '../topology/collections';
import type { ChannelSpec } from '../topology/schema';
import type { PrivateDataChannel } from './private-data-channel';

/** Prefix of the per-org collections every Fabric 2.x channel has for every chaincode, without configuration. */
export const IMPLICIT_COLLECTION_PREFIX = '_implicit_org_';

/** Fabric's default `peer.gossip.pvtData.implicitCollectionDisseminationPolicy` for the peer's own org. */
const OWN_IMPLICIT_DISSEMINATION = { requiredPeerCount: 0, maxPeerCount: 1 } as const;

/** A collection of one chaincode, static or implicit, with everything simulation and validation ask of it. */
export interface Collection {
  readonly name: string;
  readonly implicit: boolean;
  /** MSP IDs whose peers the member policy admits: the orgs that hold the plaintext. */
  readonly memberOrgs: readonly string[];
  readonly blockToLive: number;
  readonly memberOnlyRead: boolean;
  readonly memberOnlyWrite: boolean;
  /** The policy that validates writes to this collection; undefined means the chaincode's own policy. */
  readonly endorsementPolicy?: EndorsementPolicy;
  /** Whether an identity (a client, a peer) satisfies the member orgs policy. */
  isMember(identity: SignerIdentity): boolean;
  /** requiredPeerCount and maxPeerCount as the endorsing peer of `localMspId` sees them. */
  dissemination(localMspId: string): { requiredPeerCount: number; maxPeerCount: number };
}

/**
 * The collections of one chaincode on one channel: the static ones of its collections file and the implicit
 * `_implicit_org_<MSPID>` collection of each channel org (member policy `'<MSPID>.member'`, no expiry, anyone may
 * read and write, endorsement by the org's own peers as its `Endorsement` policy says).
 */
export class ChaincodeCollections {
  readonly #collections = new Map<string, Collection>();

  constructor(
    readonly channel: PrivateDataChannel,
    readonly chaincodeName: string,
    spec: Pick<ChannelSpec, 'name' | 'orgs' | 'policies'>,
    statics: readonly CollectionSpec[],
  ) {
    for (const collection of statics) this.#collections.set(collection.name, staticCollection(collection, spec));
    for (const mspId of spec.orgs) {
      const name = `${IMPLICIT_COLLECTION_PREFIX}${mspId}`;
      this.#collections.set(name, implicitCollection(name, mspId, spec));
    }
    channel.register(this);
  }

  /** The collection, or undefined when the chaincode has no collection of that name. */
  get(name: string): Collection | undefined {
    return this.#collections.get(name);
  }

  names(): string[] {
    return [...this.#collections.keys()];
  }
}

function staticCollection(spec: CollectionSpec, channel: Pick<ChannelSpec, 'name' | 'orgs' | 'policies'>): Collection {
  const member = compileSignaturePolicy(spec.memberPolicy);
  return {
    name: spec.name,
    implicit: false,
    memberOrgs: mspIdsSatisfiableBy(spec.memberPolicy, 'peer'),
    blockToLive: spec.blockToLive,
    memberOnlyRead: spec.memberOnlyRead,
    memberOnlyWrite: spec.memberOnlyWrite,
    ...(spec.endorsementPolicy ? { endorsementPolicy: resolveEndorsementPolicy(spec.endorsementPolicy, channel) } : {}),
    isMember: (identity) => member([identity]),
    dissemination: () => ({ requiredPeerCount: spec.requiredPeerCount, maxPeerCount: spec.maxPeerCount }),
  };
}

function implicitCollection(
  name: string,
  mspId: string,
  channel: Pick<ChannelSpec, 'name' | 'orgs' | 'policies'>,
): Collection {
  const member: SignerSetPredicate = compileSignaturePolicy(signedBy(mspId, 'member'));
  return {
    name,
    implicit: true,
    memberOrgs: [mspId],
    blockToLive: 0,
    memberOnlyRead: false,
    memberOnlyWrite: false,
    // Fabric uses the org's /Channel/Application/<Org>/Endorsement policy: one of the org's peers.
    endorsementPolicy: resolveEndorsementPolicy({ signature: `OR('${mspId}.peer')` }, channel),
    isMember: (identity) => member([identity]),
    dissemination: (localMspId) =>
      localMspId === mspId ? { ...OWN_IMPLICIT_DISSEMINATION } : { requiredPeerCount: 0, maxPeerCount: 0 },
  };
}
