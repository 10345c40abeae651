import { defineRecordType, identifier, sha256Hex } from '@scenechain/scene-kit';
import { z } from 'zod';

/** One commitment, one application: refiling the same specification (or replaying a filing) is refused. */
export const commitmentClaimSchema = z.strictObject({ commitment: sha256Hex, applicationId: identifier });
export type CommitmentClaim = z.output<typeof commitmentClaimSchema>;

export const commitmentClaims = defineRecordType({
  name: 'CommitmentClaim',
  schema: commitmentClaimSchema,
  key: ['commitment'],
  events: false,
});
