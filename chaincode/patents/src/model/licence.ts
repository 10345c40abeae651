import { defineRecordType, identifier, indexOn, isoInstant, mspId, text, type RecordOf } from '@scenechain/scene-kit';
import { z } from 'zod';

/** An ISO 3166-1 alpha-2 country code, or `WORLD`. */
export const territory = z.string().regex(/^([A-Z]{2}|WORLD)$/, 'an ISO 3166 country code such as DE, or WORLD');

/**
 * Most licences one patent records: `recordLicence` checks a new licence against every earlier one in a single
 * transaction, so the set it reads must stay bounded.
 */
export const MAX_LICENCES_PER_PATENT = 200;

/** What a licence grants: who may use the invention, exclusively or not, where and for how long. */
export const licenceTerms = z.strictObject({
  applicationId: identifier,
  licensee: mspId,
  licenseeName: text(200),
  kind: z.enum(['EXCLUSIVE', 'NON_EXCLUSIVE']),
  territories: z.array(territory).min(1).max(50),
  startsAt: isoInstant,
  endsAt: isoInstant,
});

/** A recorded licence. */
export const licences = defineRecordType({
  name: 'Licence',
  schema: licenceTerms.extend({ id: identifier, recordedAt: isoInstant }),
  key: ['applicationId', 'id'],
  indexes: { byLicensee: indexOn('licensee') },
  eventDetails: (licence) => ({ applicationId: licence.applicationId, licensee: licence.licensee, kind: licence.kind }),
});
export type Licence = RecordOf<typeof licences>;
