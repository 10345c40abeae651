import type { peer } from '@hyperledger/fabric-protos';
import type { PeerEndpoint } from './network-view';
import { detail } from './endorser-outcome';
import type { ErrorDetailSpec } from './rpc-error';

/** Fabric's gateway message for an endorser whose response differs from the first one collected. */
export const PAYLOAD_MISMATCH = 'ProposalResponsePayloads do not match';

interface Layout {
  /** Orgs still to endorse for this layout to be complete. */
  readonly required: Set<string>;
  readonly endorsements: Map<string, peer.Endorsement>;
}

/**
 * Fabric's gateway endorsement plan (internal/pkg/gateway/endorsement.go), with each org as a group of its
 * peers: layouts are alternative sets of orgs that satisfy the policy, tried in order; every endorsement
 * counts towards all layouts that need its org; a failed org is retried on its next peer, and with none left
 * every layout that needs it is dropped; the first response payload is the reference every later one must
 * equal. The plan completes when one layout has all its endorsements.
 */
export class EndorsementPlan {
  readonly errorDetails: ErrorDetailSpec[] = [];
  #layouts: Array<Layout | undefined>;
  #next = 0;
  #responsePayload: Uint8Array | undefined;
  #completed: Layout | undefined;
  readonly #peers: Map<string, PeerEndpoint[]>;
  readonly #order: readonly string[];

  constructor(layouts: readonly (readonly string[])[], peers: ReadonlyMap<string, readonly PeerEndpoint[]>) {
    this.#order = [...peers.keys()];
    this.#layouts = layouts.map((orgs) => ({ required: new Set(orgs), endorsements: new Map() }));
    this.#peers = new Map([...peers].map(([mspId, endpoints]) => [mspId, [...endpoints]]));
  }

  get completed(): boolean {
    return this.#completed !== undefined;
  }

  /** The agreed ProposalResponsePayload bytes (set by the first successful endorsement). */
  get responsePayload(): Uint8Array | undefined {
    return this.#responsePayload;
  }

  /** The completed layout's endorsements, in plan order (the gateway's org first). */
  endorsements(): peer.Endorsement[] {
    const done = this.#completed;
    if (!done) return [];
    return this.#order.flatMap((mspId) => {
      const endorsement = done.endorsements.get(mspId);
      return endorsement ? [endorsement] : [];
    });
  }

  /** The peers to ask next: one for each org the next viable layout still needs; empty when none is left. */
  endorsers(): PeerEndpoint[] {
    while (this.#next < this.#layouts.length) {
      const layout = this.#layouts[this.#next];
      if (layout && [...layout.required].every((mspId) => (this.#peers.get(mspId)?.length ?? 0) > 0)) {
        return [...layout.required].map((mspId) => this.#peers.get(mspId)!.shift()!);
      }
      this.#layouts[this.#next++] = undefined; // not enough peers left for it
    }
    return [];
  }

  /**
   * Records a successful endorsement; false (with an error detail) when its payload differs from the first
   * one, in which case the endorsement counts for nothing.
   */
  processEndorsement(endpoint: PeerEndpoint, response: peer.ProposalResponse): boolean {
    const payload = response.getPayload_asU8();
    const peers = this.#peers.get(endpoint.mspId);
    if (peers)
      this.#peers.set(
        endpoint.mspId,
        peers.filter((candidate) => candidate !== endpoint),
      );
    if (!this.#responsePayload) {
      this.#responsePayload = payload;
    } else if (Buffer.compare(this.#responsePayload, payload) !== 0) {
      this.errorDetails.push(detail(endpoint, PAYLOAD_MISMATCH));
      return false;
    }
    const endorsement = response.getEndorsement();
    for (let i = this.#next; i < this.#layouts.length && !this.#completed; i++) {
      const layout = this.#layouts[i];
      if (!layout?.required.delete(endpoint.mspId) || !endorsement) continue;
      layout.endorsements.set(endpoint.mspId, endorsement);
      if (layout.required.size === 0) this.#completed = layout;
    }
    return true;
  }

  /** After a failure: the org's next peer to retry on, or undefined, dropping every layout that needs the org. */
  nextPeerInGroup(endpoint: PeerEndpoint): PeerEndpoint | undefined {
    const next = this.#peers.get(endpoint.mspId)?.shift();
    if (next) return next;
    for (let i = this.#next; i < this.#layouts.length; i++) {
      if (this.#layouts[i]?.required.has(endpoint.mspId)) this.#layouts[i] = undefined;
    }
    return undefined;
  }

  addError(error: ErrorDetailSpec): void {
    this.errorDetails.push(error);
  }
}
