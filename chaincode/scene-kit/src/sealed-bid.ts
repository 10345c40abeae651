import { z } from 'zod';
import type { AccessRule } from './access';
import { ConflictError, ForbiddenError, LimitExceededError, NotFoundError, ValidationError } from './errors';
import { submitFlow, type EvaluateFlow, type SubmitFlow } from './flow';
import { lifecycle, type Lifecycle } from './lifecycle';
import { defineRecordType, type RecordType } from './record-type';
import type { Scene } from './scene';
import { defineSealedValue, type SealedValue } from './sealed-value';
import { defineStateMachine, type Guard } from './state-machine';
import { msOf } from './time';
import { timeRule } from './time-trust';
import { identifier, isoInstant, mspId, sha256Hex } from './validation/fields';

/** A tender is open for commitments until its commit deadline, for reveals until its reveal deadline. */
export const tenderStatuses = ['OPEN', 'AWARDED', 'NO_BIDS'] as const;
export type TenderStatus = (typeof tenderStatuses)[number];
export const bidStatuses = ['COMMITTED', 'REVEALED'] as const;
export type BidStatus = (typeof bidStatuses)[number];

/** Which bid wins: the highest figure (a fee, a royalty) or the lowest (a procurement price). */
export type WinningRule = 'highest' | 'lowest';

/** A tender as recorded: its owner, its public terms, its deadlines, and once awarded its winner. */
export interface Tender<T, B> {
  readonly id: string;
  readonly owner: string;
  readonly terms: T;
  readonly commitDeadline: string;
  readonly revealDeadline: string;
  readonly status: TenderStatus;
  readonly winner?: string;
  readonly winningBid?: B;
  readonly winningAmount?: number;
  /** Bidders that committed but never revealed: their bids count for nothing. */
  readonly forfeited?: readonly string[];
  readonly closedAt?: string;
}

/** A bid as recorded: until revealed, only the bidder's org, when it committed and the hash of bid and salt. */
export interface Bid<B> {
  readonly tenderId: string;
  readonly bidder: string;
  readonly bidHash: string;
  readonly committedAt: string;
  readonly status: BidStatus;
  readonly bid?: B;
  readonly amount?: number;
  readonly revealedAt?: string;
}

/** What a winner is picked from: revealed bids' figures, bidders and commit times. */
export interface RankedBid {
  readonly bidder: string;
  readonly amount: number;
  readonly committedAt: string;
}

/**
 * The winning bid: the best figure by the rule; a tie goes to the earlier commitment, then to the lower MSP ID
 * (deterministic on every peer). Undefined without bids.
 */
export function pickWinner<R extends RankedBid>(bids: readonly R[], rule: WinningRule): R | undefined {
  const better = (a: R, b: R) => {
    if (a.amount !== b.amount) return rule === 'highest' ? a.amount > b.amount : a.amount < b.amount;
    if (a.committedAt !== b.committedAt) return msOf(a.committedAt) < msOf(b.committedAt);
    return a.bidder < b.bidder;
  };
  return bids.reduce<R | undefined>((best, bid) => (best === undefined || better(bid, best) ? bid : best), undefined);
}

/** Where a tender is at a time: committing until the commit deadline, revealing until the reveal deadline. */
export type TenderPhase = 'commit' | 'reveal' | 'award';
export function tenderPhase(tender: Pick<Tender<unknown, unknown>, 'commitDeadline' | 'revealDeadline'>, ms: number) {
  if (ms < msOf(tender.commitDeadline)) return 'commit' as TenderPhase;
  if (ms < msOf(tender.revealDeadline)) return 'reveal' as TenderPhase;
  return 'award' as TenderPhase;
}

export interface SealedBidSpec<T extends z.ZodObject, B extends z.ZodObject> {
  /** Record type names: the tender (`LicenceTender`) and its bids (`LicenceBid`). */
  readonly tender: string;
  readonly bid: string;
  /** The tender's public terms (what is offered), set when it is opened. */
  readonly terms: T;
  /** A bid's content, sealed until revealed. */
  readonly bidSchema: B;
  /** The figure bids are compared by. */
  readonly amountOf: (bid: z.output<B>) => number;
  readonly winner: WinningRule;
  /** Who may open a tender (the owner of what is offered, checked further by `checkOpen`). */
  readonly openers: AccessRule;
  /** Who may bid, for its own org; the tender's owner may not. */
  readonly bidders: AccessRule;
  /** Most bids one tender takes (award reads them all in one transaction). Default 50. */
  readonly maxBids?: number;
  /** Checks the terms against the ledger when a tender opens (the opener owns the patent). */
  readonly checkOpen?: (scene: Scene, terms: z.output<T>, id: string) => Promise<void>;
  /** Records what the award gives the winner (a licence), in the award's transaction. */
  readonly onAward?: (scene: Scene, tender: Tender<z.output<T>, z.output<B>>, winner: string) => Promise<void>;
}

type TenderOf<T extends z.ZodObject, B extends z.ZodObject> = Tender<z.output<T>, z.output<B>>;

/** Everything `defineSealedBid` gives a scenario: its records, its lifecycle and its flows (name them freely). */
export interface SealedBid<T extends z.ZodObject, B extends z.ZodObject> {
  readonly tenders: RecordType<TenderOf<T, B> & { id: string }, 'id'>;
  readonly bids: RecordType<Bid<z.output<B>> & { tenderId: string; bidder: string }, 'tenderId' | 'bidder'>;
  readonly tenderLife: Lifecycle<TenderStatus, string, TenderOf<T, B>, 'id'>;
  readonly sealed: SealedValue<B>;
  readonly flows: {
    readonly open: SubmitFlow;
    readonly seal: SubmitFlow;
    readonly commit: SubmitFlow;
    readonly reveal: SubmitFlow;
    readonly award: SubmitFlow;
    readonly getOwnBid: EvaluateFlow;
  };
}

/**
 * A sealed-bid tender (commit-reveal): the owner opens it with public terms and two deadlines. Before the commit
 * deadline each bidder seals its bid and a salt in its own org's implicit collection (`seal`: only its own peer
 * endorses and receives it) and then commits (`commit`): the ledger records the hash Fabric keeps of the sealed
 * value, never the bid. Between the deadlines each bidder reveals bid and salt (`reveal`), refused unless they
 * hash to the commitment, and refused twice. After the reveal deadline anyone taking part awards: the best
 * revealed figure wins (ties: earliest commitment), bids never revealed forfeit.
 */
export function defineSealedBid<T extends z.ZodObject, B extends z.ZodObject>(
  spec: SealedBidSpec<T, B>,
): SealedBid<T, B> {
  const maxBids = spec.maxBids ?? 50;
  const tenderSchema = z.strictObject({
    id: identifier,
    owner: mspId,
    terms: spec.terms,
    commitDeadline: isoInstant,
    revealDeadline: isoInstant,
    status: z.enum(tenderStatuses),
    winner: mspId.optional(),
    winningBid: spec.bidSchema.optional(),
    winningAmount: z.number().optional(),
    forfeited: z.array(mspId).optional(),
    closedAt: isoInstant.optional(),
  }) as unknown as z.ZodType<TenderOf<T, B>>;
  const tenders = defineRecordType({
    name: spec.tender,
    schema: tenderSchema,
    key: ['id'],
    eventDetails: (tender) => ({ owner: tender.owner, ...(tender.winner ? { winner: tender.winner } : {}) }),
  });
  const bidRecord = z.strictObject({
    tenderId: identifier,
    bidder: mspId,
    bidHash: sha256Hex,
    committedAt: isoInstant,
    status: z.enum(bidStatuses),
    bid: spec.bidSchema.optional(),
    amount: z.number().optional(),
    revealedAt: isoInstant.optional(),
  }) as unknown as z.ZodType<Bid<z.output<B>>>;
  const bids = defineRecordType({
    name: spec.bid,
    schema: bidRecord,
    key: ['tenderId', 'bidder'],
    eventDetails: (bid) => ({ tenderId: bid.tenderId, bidder: bid.bidder }),
  });
  const sealed = defineSealedValue({ name: `Sealed${spec.bid}`, field: 'bid', schema: spec.bidSchema });

  type Guarded = Guard<TenderOf<T, B>>;
  const inPhase = (phase: TenderPhase, what: string): Guarded =>
    timeRule(
      {
        rule: `${what} (${phase} phase)`,
        benefits: 'a bidder acting late',
        trusts: 'submitter',
        note: "the endorsers' time window bounds the submitter's clock",
      },
      ({ record, now, id }) => {
        const at = tenderPhase(record, now.ms);
        if (at === phase) return undefined;
        const window =
          phase === 'commit'
            ? `before ${record.commitDeadline}`
            : phase === 'reveal'
              ? `from ${record.commitDeadline} until ${record.revealDeadline}`
              : `from ${record.revealDeadline}`;
        return new ConflictError(`${id ?? spec.tender}: ${what} only ${window}; it is now ${now.iso}`);
      },
    );
  const notOwner: Guarded = ({ record, actor, id }) =>
    record.owner === actor.mspId
      ? new ForbiddenError(`${id ?? spec.tender}: its owner, ${record.owner}, may not bid on it`)
      : undefined;
  const machine = defineStateMachine({
    entity: spec.tender,
    states: tenderStatuses,
    transitions: {
      open: { from: 'new', to: 'OPEN', by: spec.openers, event: `${spec.tender}Opened` },
      sealBid: {
        from: ['OPEN'],
        by: spec.bidders,
        event: `${spec.bid}Sealed`,
        guards: [notOwner, inPhase('commit', 'bids are sealed')],
      },
      commitBid: {
        from: ['OPEN'],
        by: spec.bidders,
        event: `${spec.bid}Committed`,
        guards: [notOwner, inPhase('commit', 'bids are committed')],
      },
      revealBid: {
        from: ['OPEN'],
        by: spec.bidders,
        event: `${spec.bid}Revealed`,
        guards: [notOwner, inPhase('reveal', 'bids are revealed')],
      },
      award: {
        from: ['OPEN'],
        to: 'AWARDED',
        by: [...spec.openers, ...spec.bidders],
        event: `${spec.tender}Awarded`,
        guards: [inPhase('award', 'the tender is awarded')],
      },
      closeWithoutBids: {
        from: ['OPEN'],
        to: 'NO_BIDS',
        by: [...spec.openers, ...spec.bidders],
        event: `${spec.tender}Closed`,
        guards: [inPhase('award', 'the tender is closed')],
      },
    },
  });
  const tenderLife = lifecycle(tenders, machine, 'tenderId');

  /** A bidder acts for its own org only: the org whose implicit collection holds its bid. */
  const ownOrg = (scene: Scene, bidder: string) => {
    if (bidder !== scene.actor.mspId) {
      throw new ForbiddenError(`${scene.actor.mspId} bids for itself only, not for ${bidder}`);
    }
  };
  const tenderId = identifier;

  const open = submitFlow({
    description: `Opens a sealed-bid ${spec.tender}: public terms, a commit deadline and a later reveal deadline.`,
    request: z.strictObject({
      tenderId,
      terms: spec.terms,
      commitDeadline: isoInstant,
      revealDeadline: isoInstant,
    }),
    on: tenderLife,
    transition: 'open',
    run: async (scene, input) => {
      if (msOf(input.commitDeadline) <= scene.now.ms) {
        throw new ValidationError(`invalid request: commitDeadline: must be after now (${scene.now.iso})`, [
          { path: 'commitDeadline', message: 'must be in the future' },
        ]);
      }
      if (msOf(input.revealDeadline) <= msOf(input.commitDeadline)) {
        throw new ValidationError('invalid request: revealDeadline: must be after commitDeadline', [
          { path: 'revealDeadline', message: 'must be after commitDeadline' },
        ]);
      }
      const terms = (input as Record<string, unknown>).terms as z.output<T>;
      await spec.checkOpen?.(scene, terms, input.tenderId);
      const draft = {
        id: input.tenderId,
        owner: scene.actor.mspId,
        terms,
        commitDeadline: input.commitDeadline,
        revealDeadline: input.revealDeadline,
        status: 'OPEN',
      } as TenderOf<T, B>;
      return tenderLife.create(scene, 'open', draft);
    },
  });

  const seal = sealed.sealFlow({
    description:
      "A bidder keeps its bid and a salt in its own org's private store; only its own peer receives them. Commit afterwards.",
    idField: 'tenderId',
    orgField: 'bidder',
    hashField: 'bidHash',
    on: tenderLife,
    transition: 'sealBid',
    check: async (scene, id) => void (await tenderLife.check(scene, id, 'sealBid')),
  });

  const commit = submitFlow({
    description: 'A bidder commits the bid it sealed: the ledger records only its hash, before the commit deadline.',
    request: z.strictObject({ tenderId, bidder: mspId }),
    on: tenderLife,
    transition: 'commitBid',
    run: async (scene, { tenderId: id, bidder }) => {
      ownOrg(scene, bidder);
      const { step } = await tenderLife.check(scene, id, 'commitBid');
      const bidHash = await sealed.sealedHash(scene, bidder, id);
      if (!bidHash) {
        throw new ConflictError(`${bidder} has sealed no bid for ${spec.tender} ${id}: seal it first, then commit`);
      }
      const committed = await bids.scanByKey(scene, [id], { max: maxBids });
      if (committed.length >= maxBids) {
        throw new LimitExceededError(`${spec.tender} ${id} takes at most ${maxBids} bids`, maxBids);
      }
      const bid: Bid<z.output<B>> = { tenderId: id, bidder, bidHash, committedAt: scene.now.iso, status: 'COMMITTED' };
      return bids.create(scene, bid, { step });
    },
  });

  const reveal = submitFlow({
    description:
      'A bidder reveals its bid and salt after the commit deadline, before the reveal deadline; refused unless they match its commitment.',
    request: z.strictObject({ tenderId, bidder: mspId, ...sealed.fields }),
    transient: sealed.presented,
    on: tenderLife,
    transition: 'revealBid',
    run: async (scene, input) => {
      ownOrg(scene, input.bidder);
      const { step } = await tenderLife.check(scene, input.tenderId, 'revealBid');
      const current = await bids.get(scene, { tenderId: input.tenderId, bidder: input.bidder });
      if (!current) {
        throw new NotFoundError(`${input.bidder} committed no bid for ${spec.tender} ${input.tenderId}`);
      }
      if (current.data.status === 'REVEALED') {
        throw new ConflictError(
          `${input.bidder} already revealed its bid for ${spec.tender} ${input.tenderId} at ${current.data.revealedAt}`,
        );
      }
      const value = sealed.valueOf(input);
      sealed.requireMatch(value, current.data.bidHash, `${input.bidder}'s bid on ${spec.tender} ${input.tenderId}`);
      const revealed = {
        ...current.data,
        status: 'REVEALED' as const,
        bid: value.data,
        amount: spec.amountOf(value.data),
        revealedAt: scene.now.iso,
      };
      return bids.update(scene, current, revealed, { step });
    },
  });

  const award = submitFlow({
    description:
      'After the reveal deadline: the best revealed bid wins (ties: the earlier commitment); bids never revealed forfeit.',
    request: z.strictObject({ tenderId }),
    on: tenderLife,
    transition: 'award',
    orTransitions: ['closeWithoutBids'],
    run: async (scene, { tenderId: id }) => {
      const current = await tenderLife.read(scene, id);
      const all = (await bids.scanByKey(scene, [id], { max: maxBids })).map((stored) => stored.data);
      const revealed = all.filter((b) => b.status === 'REVEALED' && b.amount !== undefined) as (Bid<z.output<B>> & {
        amount: number;
      })[];
      const forfeited = all.filter((b) => b.status !== 'REVEALED').map((b) => b.bidder);
      const best = pickWinner(revealed, spec.winner);
      const closedAt = scene.now.iso;
      if (!best) {
        return tenderLife.advance(scene, current, 'closeWithoutBids', (data) => ({ ...data, forfeited, closedAt }));
      }
      const awarded = await tenderLife.advance(scene, current, 'award', (data) => ({
        ...data,
        winner: best.bidder,
        winningBid: best.bid,
        winningAmount: best.amount,
        forfeited,
        closedAt,
      }));
      await spec.onAward?.(scene, awarded.data, best.bidder);
      return awarded;
    },
  });

  const getOwnBid = sealed.readOwnFlow({
    description: "A bidder reads back the bid and salt it sealed, from its own org's private store, on its own peer.",
    idField: 'tenderId',
    hashField: 'bidHash',
    on: tenderLife,
    readers: spec.bidders,
    label: 'Read own sealed bid',
  });

  return {
    tenders: tenders as SealedBid<T, B>['tenders'],
    bids: bids as SealedBid<T, B>['bids'],
    tenderLife: tenderLife as unknown as SealedBid<T, B>['tenderLife'],
    sealed,
    flows: { open, seal, commit, reveal, award, getOwnBid },
  };
}
