import { defineRecordType, identifier, sha256Hex } from '@scenechain/scene-kit';
import { z } from 'zod';

/** Which record version a document digest belongs to: public verification starts here. */
export const documentClaimSchema = z.strictObject({
  documentHash: sha256Hex,
  recordId: identifier,
  version: z.int().positive(),
});
export type DocumentClaim = z.output<typeof documentClaimSchema>;

export const documentClaims = defineRecordType({
  name: 'DocumentClaim',
  schema: documentClaimSchema,
  key: ['documentHash'],
  events: false,
});
