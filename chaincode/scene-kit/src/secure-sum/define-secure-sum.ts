import { z } from 'zod';
import type { AccessRule } from '../access';
import { AlreadyExistsError, ConflictError, ForbiddenError, InternalError, ValidationError } from '../errors';
import { evaluateFlow, submitFlow } from '../flow';
import { channelMembers } from '../read-rule';
import type { Scene } from '../scene';
import { msOf } from '../time';
import { identifier, isoInstant, mspId, text } from '../validation/fields';
import {
  deliveryKey,
  getShare,
  mustReadRound,
  onlyOrgEndorses,
  partialKey,
  putShare,
  readJson,
  receivedKey,
  roundKey,
  sentKey,
  writeJson,
  type PartialSum,
  type SecureSumRound,
  type ShareDelivery,
} from './round';
import { averageOf, MAX_SECURE_SUM_VALUE, mod, SECURE_SUM_MODULUS, shareCommitment, sumMod } from './shares';

/** Fewest orgs in a round: with two, the total tells each org the other's value. */
export const MIN_SECURE_SUM_ORGS = 3;
export const MAX_SECURE_SUM_ORGS = 16;
/** Longest a round may stay open. */
export const MAX_SECURE_SUM_DAYS = 30;

export interface SecureSumSpec {
  /**
   * The orgs that may take part, when the scenario restricts them; by default any org on the channel (one whose
   * peer does not run the chaincode cannot endorse its own shares, so a round naming it fails at the deadline).
   */
  readonly orgs?: readonly string[];
  /** Who may act for a participating org (open a round, deliver its shares, publish its partial sum). */
  readonly by: AccessRule;
}

const decimal = (what: string) =>
  z.string().regex(/^(0|[1-9][0-9]{0,44})$/, `${what}: a non-negative integer in decimal digits`);

/** Every ordered pair of distinct orgs: the N(N-1) shares a complete round has delivered. */
const pairsOf = (orgs: readonly string[]) =>
  orgs.flatMap((from) => orgs.filter((to) => to !== from).map((to) => [from, to] as const));

function requireParticipant(round: SecureSumRound, org: string, role: string): void {
  if (!round.orgs.includes(org)) {
    throw new ForbiddenError(
      `${org} is not a participant of secure sum round ${round.id} (${round.orgs.join(', ')}); ${role}`,
    );
  }
}

function requireActsFor(scene: Scene, org: string, field: string): void {
  if (scene.actor.mspId !== org) {
    throw new ForbiddenError(`${field} must be the submitter's own org (${scene.actor.mspId}), not ${org}`);
  }
}

function requireOpen(scene: Scene, round: SecureSumRound, what: string): void {
  if (round.status !== 'OPEN')
    throw new ConflictError(`secure sum round ${round.id} is ${round.status}; ${what} is refused`);
  if (scene.now.ms > msOf(round.deadline)) {
    throw new ConflictError(
      `secure sum round ${round.id} closed for input at its deadline ${round.deadline} (transaction time ${scene.now.iso}); ${what} is refused`,
    );
  }
}

async function missingDeliveries(scene: Scene, round: SecureSumRound): Promise<string[]> {
  const missing: string[] = [];
  for (const [from, to] of pairsOf(round.orgs)) {
    if (!(await readJson<ShareDelivery>(scene, deliveryKey(round.id, from, to)))) missing.push(`share ${from} → ${to}`);
  }
  return missing;
}

async function partialsOf(scene: Scene, round: SecureSumRound): Promise<PartialSum[]> {
  const partials: PartialSum[] = [];
  for (const org of round.orgs) {
    const partial = await readJson<PartialSum>(scene, partialKey(round.id, org));
    if (!partial) throw new InternalError(`secure sum round ${round.id} has no partial sum entry for ${org}`);
    partials.push(partial);
  }
  return partials;
}

/**
 * Secure sum by additive secret sharing, as a kit component a scenario adds to its flows. Each org's app splits
 * its private value into N shares mod a prime (`splitIntoShares`, with the org's own randomness), delivers share
 * i to org i as transient data into that org's implicit collection (endorsed by both orgs' peers, so only they
 * see it), and, once every share of the round is delivered, publishes the sum of the shares it holds (endorsed by
 * its own peer alone: a key-level policy set when the round opens). The sum of the partial sums is the total.
 * The ledger holds who delivered to whom, a hash per share and the partial sums, each uniformly random alone.
 *
 * Dropout rule: shares and partial sums are taken until the round's deadline. A partial sum is accepted only
 * once all N(N-1) shares are delivered, so a round where an org drops out before delivering publishes nothing
 * derived from anyone's value; after the deadline `closeSecureSum` fails such a round (naming what is missing),
 * and a new round without the dropout may be opened.
 */
export function defineSecureSum(spec: SecureSumSpec) {
  const { by } = spec;
  const openRequest = z.strictObject({
    roundId: identifier,
    question: text(200),
    orgs: z.array(mspId).min(MIN_SECURE_SUM_ORGS).max(MAX_SECURE_SUM_ORGS),
    deadline: isoInstant,
  });

  const openSecureSum = submitFlow({
    description: `Opens a secure sum round: a question, its participating orgs (${MIN_SECURE_SUM_ORGS} to ${MAX_SECURE_SUM_ORGS}) and a deadline for shares and partial sums; by a participant.`,
    request: openRequest,
    by,
    label: 'Open secure sum',
    run: async (scene, input) => {
      if (new Set(input.orgs).size !== input.orgs.length) {
        throw new ValidationError('invalid request: orgs: each org is named once', [
          { path: 'orgs', message: 'duplicate org' },
        ]);
      }
      const outside = spec.orgs ? input.orgs.filter((org) => !spec.orgs!.includes(org)) : [];
      if (outside.length) {
        throw new ForbiddenError(
          `${outside.join(', ')} cannot take part: only ${spec.orgs!.join(', ')} take part in secure sums here`,
        );
      }
      if (!input.orgs.includes(scene.actor.mspId)) {
        throw new ForbiddenError(
          `only a participating org opens a round; ${scene.actor.mspId} is not among ${input.orgs.join(', ')}`,
        );
      }
      const deadline = msOf(input.deadline);
      if (deadline <= scene.now.ms || deadline > scene.now.ms + MAX_SECURE_SUM_DAYS * 86_400_000) {
        throw new ValidationError(
          `invalid request: deadline: ${input.deadline} must be after the transaction time ${scene.now.iso} and within ${MAX_SECURE_SUM_DAYS} days`,
          [{ path: 'deadline', message: 'out of range' }],
        );
      }
      if (await readJson(scene, roundKey(input.roundId))) {
        throw new AlreadyExistsError(`secure sum round ${input.roundId} already exists`, {
          recordType: 'SecureSumRound',
          id: input.roundId,
        });
      }
      const round: SecureSumRound = {
        id: input.roundId,
        question: input.question,
        orgs: input.orgs,
        modulus: SECURE_SUM_MODULUS.toString(),
        deadline: input.deadline,
        openedBy: scene.actor.mspId,
        openedAt: scene.now.iso,
        status: 'OPEN',
      };
      await writeJson(scene, roundKey(round.id), round);
      for (const org of round.orgs) {
        const key = partialKey(round.id, org);
        await writeJson(scene, key, { roundId: round.id, org, status: 'WAITING' } satisfies PartialSum);
        await onlyOrgEndorses(scene, key, org);
      }
      return round;
    },
  });

  const submitShare = submitFlow({
    description:
      "Delivers one share of the submitter's org's private value to another participant, into that org's private store; the ledger keeps only who delivered to whom and the share's hash.",
    request: z.strictObject({ roundId: identifier, from: mspId, to: mspId, share: decimal('share') }),
    transient: { fields: ['share'], salts: [] },
    // The recipient's peer must endorse the write into its implicit collection, the sender's peer keeps its copy.
    endorsingOrgs: { fields: ['from', 'to'] },
    by,
    label: 'Deliver share',
    run: async (scene, input) => {
      const round = await mustReadRound(scene, input.roundId);
      requireActsFor(scene, input.from, 'from');
      requireParticipant(round, input.from, 'only participants deliver shares');
      requireParticipant(round, input.to, 'shares go only to participants');
      if (input.from === input.to) {
        throw new ValidationError(
          'invalid request: to: an org keeps its own share; it delivers to the other participants',
          [{ path: 'to', message: 'same as from' }],
        );
      }
      requireOpen(scene, round, `a share from ${input.from} to ${input.to}`);
      const share = BigInt(input.share);
      if (share >= BigInt(round.modulus)) {
        throw new ValidationError(`invalid request: share: must be below the round's modulus ${round.modulus}`, [
          { path: 'share', message: 'not below the modulus' },
        ]);
      }
      const commitment = shareCommitment(round.id, input.from, input.to, share);
      const key = deliveryKey(round.id, input.from, input.to);
      const earlier = await readJson<ShareDelivery>(scene, key);
      if (earlier) {
        if (earlier.commitment === commitment) {
          const id = `${round.id}/${input.from}/${input.to}`;
          throw new AlreadyExistsError(
            `share ${id}: ${input.from} already delivered its share to ${input.to} at ${earlier.at} (transaction ${earlier.txId}); a replay is refused`,
            { recordType: 'SecureSumShare', id },
            { step: 'submitShare', by: input.from, at: earlier.at },
          );
        }
        throw new ConflictError(
          `${input.from} already delivered a different share to ${input.to} in round ${round.id} (hash ${earlier.commitment}); a share cannot be changed`,
        );
      }
      await putShare(scene, input.to, receivedKey(round.id, input.from), share);
      await putShare(scene, input.from, sentKey(round.id, input.to), share);
      const delivery: ShareDelivery = {
        roundId: round.id,
        from: input.from,
        to: input.to,
        commitment,
        txId: scene.txId,
        at: scene.now.iso,
      };
      await writeJson(scene, key, delivery);
      return delivery;
    },
  });

  const publishPartialSum = submitFlow({
    description:
      "Publishes the sum of the shares the submitter's org holds (its own share, recovered from its value and the shares it sent, plus those it received), once every share of the round is delivered; read on the org's own peer.",
    request: z.strictObject({ roundId: identifier, org: mspId, value: decimal('value') }),
    transient: { fields: ['value'], salts: [] },
    // Only the org's own peer holds its implicit collection: it alone endorses (the partial's key-level policy).
    endorsingOrgs: { fields: ['org'] },
    by,
    label: 'Publish partial sum',
    run: async (scene, input) => {
      const round = await mustReadRound(scene, input.roundId);
      requireActsFor(scene, input.org, 'org');
      requireParticipant(round, input.org, 'only participants publish partial sums');
      requireOpen(scene, round, `the partial sum of ${input.org}`);
      if (scene.stub.getMspID() !== input.org) {
        throw new ForbiddenError(
          `the partial sum of ${input.org} is computed on its own peer, not on ${scene.stub.getMspID()}'s`,
        );
      }
      const value = BigInt(input.value);
      if (value > MAX_SECURE_SUM_VALUE) {
        throw new ValidationError(`invalid request: value: at most ${MAX_SECURE_SUM_VALUE}`, [
          { path: 'value', message: 'too large' },
        ]);
      }
      const key = partialKey(round.id, input.org);
      const current = await readJson<PartialSum>(scene, key);
      if (current?.status === 'PUBLISHED') {
        const id = `${round.id}/${input.org}`;
        throw new AlreadyExistsError(
          `partial sum ${id}: ${input.org} already published its partial sum at ${current.at}`,
          { recordType: 'SecureSumPartial', id },
          { step: 'publishPartialSum', by: input.org, at: current.at! },
        );
      }
      const missing = await missingDeliveries(scene, round);
      if (missing.length) {
        throw new ConflictError(
          `round ${round.id} is still waiting for ${missing.length} share(s) (${missing.join(', ')}); partial sums are published only once every share is delivered`,
        );
      }
      const p = BigInt(round.modulus);
      const others = round.orgs.filter((org) => org !== input.org);
      const sent: bigint[] = [];
      const received: bigint[] = [];
      for (const other of others) {
        const out = await getShare(scene, input.org, sentKey(round.id, other));
        const got = await getShare(scene, input.org, receivedKey(round.id, other));
        if (out === undefined || got === undefined) {
          throw new ConflictError(`this peer holds no share exchanged with ${other} in round ${round.id}`);
        }
        const delivery = (await readJson<ShareDelivery>(scene, deliveryKey(round.id, other, input.org)))!;
        if (shareCommitment(round.id, other, input.org, got) !== delivery.commitment) {
          throw new ConflictError(
            `the share from ${other} held for round ${round.id} does not match its hash on the ledger (${delivery.commitment}): a wrong share`,
          );
        }
        sent.push(out);
        received.push(got);
      }
      const own = mod(value - sumMod(sent, p), p);
      const partialSum = sumMod([own, ...received], p).toString();
      const partial: PartialSum = {
        roundId: round.id,
        org: input.org,
        status: 'PUBLISHED',
        partialSum,
        txId: scene.txId,
        at: scene.now.iso,
      };
      await writeJson(scene, key, partial);
      return partial;
    },
  });

  const closeSecureSum = submitFlow({
    description:
      'Combines the partial sums into the total (and average) once all are published; after the deadline, fails a round still missing shares or partial sums.',
    request: z.strictObject({ roundId: identifier }),
    by,
    label: 'Close secure sum',
    run: async (scene, input) => {
      const round = await mustReadRound(scene, input.roundId);
      requireParticipant(round, scene.actor.mspId, 'only participants close a round');
      if (round.status !== 'OPEN') throw new ConflictError(`secure sum round ${round.id} is already ${round.status}`);
      const partials = await partialsOf(scene, round);
      const waiting = partials
        .filter((partial) => partial.status !== 'PUBLISHED')
        .map((partial) => `partial sum of ${partial.org}`);
      let closed: SecureSumRound;
      if (waiting.length === 0) {
        const total = sumMod(
          partials.map((partial) => BigInt(partial.partialSum!)),
          BigInt(round.modulus),
        );
        if (total > MAX_SECURE_SUM_VALUE * BigInt(round.orgs.length)) {
          // Only a wrong value or partial sum gives a total beyond what the inputs' bounds allow.
          closed = {
            ...round,
            status: 'FAILED',
            closedAt: scene.now.iso,
            missing: ['a consistent total (a partial sum is wrong)'],
          };
        } else {
          closed = {
            ...round,
            status: 'PUBLISHED',
            closedAt: scene.now.iso,
            total: total.toString(),
            average: averageOf(total, round.orgs.length),
          };
        }
      } else if (scene.now.ms > msOf(round.deadline)) {
        const missing = [...(await missingDeliveries(scene, round)), ...waiting];
        closed = { ...round, status: 'FAILED', closedAt: scene.now.iso, missing };
      } else {
        throw new ConflictError(
          `secure sum round ${round.id} is still waiting for ${waiting.join(', ')} until ${round.deadline}`,
        );
      }
      await writeJson(scene, roundKey(round.id), closed);
      return closed;
    },
  });

  const getSecureSum = evaluateFlow({
    description:
      'A secure sum round: its question, orgs, state, who delivered shares to whom, the partial sums and the total.',
    request: z.strictObject({ roundId: identifier }),
    readers: channelMembers,
    label: 'Secure sum round',
    run: async (scene, input) => {
      const round = await mustReadRound(scene, input.roundId);
      const deliveries: ShareDelivery[] = [];
      for (const [from, to] of pairsOf(round.orgs)) {
        const delivery = await readJson<ShareDelivery>(scene, deliveryKey(round.id, from, to));
        if (delivery) deliveries.push(delivery);
      }
      return { round, deliveries, partials: await partialsOf(scene, round) };
    },
  });

  return { openSecureSum, submitShare, publishPartialSum, closeSecureSum, getSecureSum };
}
