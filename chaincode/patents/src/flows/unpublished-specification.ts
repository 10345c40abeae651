import {
  definePrivatePart,
  evaluateFlow,
  identifier,
  mayAct,
  NotFoundError,
  readableBy,
  requireRead,
  ValidationError,
  type PrivatePart,
  type Salted,
  type Scene,
  type TransientInput,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { patentLife } from '../lifecycle/patent-lifecycle';
import type { Patent } from '../model/patent';
import { applicantSide, examiners, PATENT_OFFICES } from '../parties';

/*
 * Unpublished specifications: sent at filing as transient data only, kept until publication in a collection of
 * the owner's org and the patent office (`specifications-<MSP ID>`, collections_config.json), and never in a
 * block: the application carries only its commitment. An agency filing for an owner puts the text in the
 * owner's collection, so the owner (the applicant in law) and the office hold it and the agency's peer does not.
 */

/** Orgs with a specification collection (shared with the office only), as collections_config.json declares. */
export const SPECIFICATION_HOLDERS = ['InnovatorMSP', 'ManufacturerMSP'];

/** The longest specification (characters), as published. */
export const MAX_SPECIFICATION_LENGTH = 200_000;
export const specificationText = z.string().min(1).max(MAX_SPECIFICATION_LENGTH);

const parts = new Map<string, PrivatePart<z.ZodObject<{ text: typeof specificationText }>>>(
  SPECIFICATION_HOLDERS.map((holder) => [
    holder,
    definePrivatePart({
      name: 'UnpublishedSpecification',
      field: 'specification',
      schema: z.strictObject({ text: specificationText }),
      collection: `specifications-${holder}`,
      memberOrgs: [holder, ...PATENT_OFFICES],
    }),
  ]),
);

/** The specification and its salt in the transient map; the app generates the salt when the user gives none. */
export const specificationTransient: TransientInput = { fields: ['specification', 'salt'], salts: ['salt'] };

/** A specification as kept: the text and the salt of its commitment. */
export type KeptSpecification = Salted<{ text: string }>;

function partOf(holder: string) {
  const part = parts.get(holder);
  if (!part) {
    throw new ValidationError(
      `invalid request: specification: ${holder} has no collection for unpublished specifications (orgs with one: ${SPECIFICATION_HOLDERS.join(', ')}); file the commitment only and reveal the text at publication`,
      [{ path: 'specification', message: `${holder} keeps no unpublished specifications` }],
    );
  }
  return part;
}

/** Refuses a filing for an owner without a collection before anything is written. */
export function requireHolder(holder: string): void {
  partOf(holder);
}

/** Keeps the text in the holder's collection (members: the holder and the office) under the application. */
export async function keepSpecification(scene: Scene, holder: string, applicationId: string, value: KeptSpecification) {
  await partOf(holder).put(scene, applicationId, value);
}

/** The text kept for an application, read on a member's peer (FORBIDDEN elsewhere). */
export async function keptSpecification(scene: Scene, patent: Patent): Promise<KeptSpecification> {
  if (patent.specificationHolder === undefined) {
    throw new NotFoundError(
      `${patent.id} was filed with its commitment only: no specification is kept for it on the ledger`,
    );
  }
  const value = await partOf(patent.specificationHolder).get(scene, patent.id);
  if (!value) throw new NotFoundError(`the unpublished specification of ${patent.id} is not kept (any more)`);
  return value;
}

/** Removes the kept text from the holder's and the office's private stores, past blocks included (Fabric's purge). */
export async function purgeSpecification(scene: Scene, patent: Patent): Promise<void> {
  if (patent.specificationHolder !== undefined) await partOf(patent.specificationHolder).purge(scene, patent.id);
}

const readers = readableBy(
  [...examiners, ...applicantSide],
  "the office's examiners and the applicant staff of the org keeping the specification, on their own peer",
);

export const getUnpublishedSpecification = evaluateFlow({
  description:
    'The specification of an unpublished application, for examination: read by the office’s examiners or the owner’s applicants on their own peer; other orgs hold no copy.',
  label: 'Read unpublished specification',
  request: z.strictObject({ applicationId: identifier }),
  readers,
  on: patentLife,
  run: async (scene, { applicationId }) => {
    const patent = (await patentLife.read(scene, applicationId)).data;
    const holder = patent.specificationHolder;
    const allowed = mayAct(scene.actor, examiners) || (holder !== undefined && scene.actor.mspId === holder);
    requireRead(scene.actor, allowed, `the unpublished specification of ${applicationId}`, readers);
    if (patent.publishedAt !== undefined) {
      throw new NotFoundError(`${applicationId} is published: its specification is public (getPublication)`);
    }
    const value = await keptSpecification(scene, patent);
    return { applicationId, specification: value.data.text, salt: value.salt, commitment: patent.commitment };
  },
});
