import { canonicalJson, parseLedgerJson } from '../canonical-json';
import { NotFoundError } from '../errors';
import { compositeKey } from '../keys';
import { implicitCollectionOf } from '../private-part';
import type { Scene } from '../scene';

/** A secure sum round's states: shares and partial sums come in while OPEN; then PUBLISHED or FAILED. */
export const secureSumStatuses = ['OPEN', 'PUBLISHED', 'FAILED'] as const;
export type SecureSumStatus = (typeof secureSumStatuses)[number];

/** The public record of a round: what is asked, of whom, until when, and at the end the total (never an input). */
export interface SecureSumRound {
  readonly id: string;
  readonly question: string;
  /** The participating orgs (MSP IDs), in the order given. */
  readonly orgs: readonly string[];
  /** The prime the shares are taken modulo, as a decimal string. */
  readonly modulus: string;
  /** Shares and partial sums are taken until then (transaction time); after it an incomplete round fails. */
  readonly deadline: string;
  readonly openedBy: string;
  readonly openedAt: string;
  readonly status: SecureSumStatus;
  readonly total?: string;
  readonly average?: string;
  readonly closedAt?: string;
  /** Why a FAILED round failed: the deliveries and partial sums missing at the deadline. */
  readonly missing?: readonly string[];
}

/** The public trace of one share: who delivered to whom, and the share's hash (never the share). */
export interface ShareDelivery {
  readonly roundId: string;
  readonly from: string;
  readonly to: string;
  readonly commitment: string;
  readonly txId: string;
  readonly at: string;
}

/** One org's partial sum: WAITING until the org publishes the sum of the shares it holds. */
export interface PartialSum {
  readonly roundId: string;
  readonly org: string;
  readonly status: 'WAITING' | 'PUBLISHED';
  readonly partialSum?: string;
  readonly txId?: string;
  readonly at?: string;
}

export const roundKey = (roundId: string) => compositeKey('SecureSumRound', [roundId]);
export const deliveryKey = (roundId: string, from: string, to: string) =>
  compositeKey('SecureSumDelivery', [roundId, from, to]);
export const partialKey = (roundId: string, org: string) => compositeKey('SecureSumPartial', [roundId, org]);
/** In the recipient's implicit collection: the share it received from `from`. */
export const receivedKey = (roundId: string, from: string) => compositeKey('SecureSumReceived', [roundId, from]);
/** In the sender's implicit collection: the share it sent to `to` (its own value is recovered from these). */
export const sentKey = (roundId: string, to: string) => compositeKey('SecureSumSent', [roundId, to]);

const encode = (value: unknown) => new TextEncoder().encode(canonicalJson(value));

export async function readJson<T>(scene: Scene, key: string): Promise<T | undefined> {
  const bytes = await scene.stub.getState(key);
  return bytes && bytes.length > 0 ? (parseLedgerJson(bytes) as T) : undefined;
}

export async function writeJson(scene: Scene, key: string, value: unknown): Promise<void> {
  await scene.stub.putState(key, encode(value));
}

export async function mustReadRound(scene: Scene, roundId: string): Promise<SecureSumRound> {
  const round = await readJson<SecureSumRound>(scene, roundKey(roundId));
  if (!round)
    throw new NotFoundError(`SecureSumRound ${roundId} does not exist`, { recordType: 'SecureSumRound', id: roundId });
  return round;
}

/**
 * Only `org`'s own peer may change the key from now on (Fabric's key-level endorsement): a partial sum is computed
 * from the org's implicit collection, which only its own peers hold, so no other peer could endorse it.
 */
export async function onlyOrgEndorses(scene: Scene, key: string, org: string): Promise<void> {
  // Loaded on use: the chaincode process has fabric-shim loaded already, and processes that only import the kit
  // (the app, tests) must not load fabric-shim's own copy of the protobuf classes next to theirs.
  const { KeyEndorsementPolicy } = await import('fabric-shim');
  const policy = new KeyEndorsementPolicy();
  policy.addOrgs('PEER', org);
  await scene.stub.setStateValidationParameter(key, policy.getPolicy());
}

/** Private share writes and reads: each in one org's implicit collection. */
export async function putShare(scene: Scene, org: string, key: string, share: bigint): Promise<void> {
  await scene.stub.putPrivateData(implicitCollectionOf(org), key, encode({ share: share.toString() }));
}

export async function getShare(scene: Scene, org: string, key: string): Promise<bigint | undefined> {
  const bytes = await scene.stub.getPrivateData(implicitCollectionOf(org), key);
  if (!bytes || bytes.length === 0) return undefined;
  return BigInt((parseLedgerJson(bytes) as { share: string }).share);
}
