import { z } from 'zod';
import { evaluateFlow, type EvaluateFlow } from '../flow';
import { channelMembers } from '../read-rule';
import { defineRecordType, type Stored } from '../record-type';
import type { Scene } from '../scene';
import { plainStep } from '../state-machine';
import { isoInstant, mspId, sha256Hex } from '../validation/fields';
import {
  bitstringOf,
  bitstringSha256,
  STATUS_LIST_SIZE,
  statusPurposes,
  statusSlot,
  type StatusPurpose,
} from './bitstring';

const listNumber = z.string().regex(/^(0|[1-9]\d{0,5})$/, 'a status list number: 0, 1, 2, ...');

const statusListSchema = z.strictObject({
  issuer: mspId,
  purpose: z.enum(statusPurposes),
  list: listNumber,
  /** The entries set, ascending: sparse, since few credentials are ever revoked or suspended. */
  setIndices: z.array(
    z
      .int()
      .min(0)
      .max(STATUS_LIST_SIZE - 1),
  ),
  bitstringSha256: sha256Hex,
  updatedAt: isoInstant,
});
export type StatusList = z.output<typeof statusListSchema>;

/** A list nobody changed yet: every entry clear. */
const EMPTY_SHA256 = bitstringSha256(bitstringOf([]));

/** The state a credential's entries follow: its record's status decides both bits. */
export interface CredentialState {
  readonly revoked: boolean;
  readonly suspended: boolean;
}

/**
 * An issuer's Bitstring Status Lists on the ledger, one per purpose and list number, and the counter handing out
 * status slots. The bits change only with the record they stand for (same transaction), so the lists the app
 * publishes can be checked against the ledger by their SHA-256.
 */
export function defineStatusLists() {
  const lists = defineRecordType({
    name: 'StatusList',
    schema: statusListSchema,
    key: ['issuer', 'purpose', 'list'],
    events: false,
  });
  const counters = defineRecordType({
    name: 'StatusSlotCounter',
    schema: z.strictObject({ issuer: mspId, next: z.int().min(0) }),
    key: ['issuer'],
    events: false,
  });

  /** The issuer's next status slot, deterministic: slots are handed out in order of the issuer's issues. */
  async function assign(scene: Scene, issuer: string): Promise<number> {
    const counter = await counters.get(scene, { issuer });
    const step = { step: plainStep('assignStatusSlot', 'StatusSlotAssigned') };
    if (!counter) {
      await counters.create(scene, { issuer, next: 1 }, step);
      return 0;
    }
    await counters.update(scene, counter, { issuer, next: counter.data.next + 1 }, step);
    return counter.data.next;
  }

  async function setEntry(scene: Scene, issuer: string, purpose: StatusPurpose, slot: number, on: boolean) {
    const { list, index } = statusSlot(slot);
    const key = { issuer, purpose, list: String(list) };
    const current: Stored<StatusList> | undefined = await lists.get(scene, key);
    const set = current?.data.setIndices ?? [];
    if (set.includes(index) === on) return;
    const setIndices = on ? [...set, index].sort((a, b) => a - b) : set.filter((entry) => entry !== index);
    const next = {
      ...key,
      setIndices,
      bitstringSha256: bitstringSha256(bitstringOf(setIndices)),
      updatedAt: scene.now.iso,
    };
    const step = { step: plainStep(on ? 'setStatusEntry' : 'clearStatusEntry', 'StatusEntryChanged') };
    await (current ? lists.update(scene, current, next, step) : lists.create(scene, next, step));
  }

  /** Sets or clears the slot's entries in the revocation and suspension lists to match the record's state. */
  async function follow(scene: Scene, issuer: string, slot: number, state: CredentialState): Promise<void> {
    await setEntry(scene, issuer, 'revocation', slot, state.revoked);
    await setEntry(scene, issuer, 'suspension', slot, state.suspended);
  }

  const getStatusList: EvaluateFlow = evaluateFlow({
    description:
      'An issuer’s status list for one purpose (revocation or suspension): the entries set and the SHA-256 of the bitstring, public to members.',
    request: z.strictObject({ issuer: mspId, purpose: z.enum(statusPurposes), list: listNumber }),
    readers: channelMembers,
    run: async (scene, request) => {
      const found = await lists.get(scene, request);
      const state = found?.data ?? { ...request, setIndices: [], bitstringSha256: EMPTY_SHA256 };
      return { ...state, size: STATUS_LIST_SIZE };
    },
  });

  return { lists, counters, assign, follow, getStatusList };
}
