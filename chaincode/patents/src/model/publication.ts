import { defineRecordType, identifier, isoInstant, sha256Hex } from '@scenechain/scene-kit';
import { z } from 'zod';

/** Longest specification text published on the ledger (characters). */
export const MAX_SPECIFICATION_LENGTH = 200_000;

/** The revealed specification of a published application, with the salt that proves it matches the filing. */
export const publicationSchema = z.strictObject({
  applicationId: identifier,
  specification: z.string().min(1).max(MAX_SPECIFICATION_LENGTH),
  salt: z.string().regex(/^[0-9a-f]{32,128}$/, '16 to 64 random bytes in lower-case hex'),
  specificationHash: sha256Hex,
  publishedAt: isoInstant,
});
export type Publication = z.output<typeof publicationSchema>;

export const publications = defineRecordType({
  name: 'Publication',
  schema: publicationSchema,
  key: ['applicationId'],
  eventDetails: (publication) => ({ specificationHash: publication.specificationHash }),
});
