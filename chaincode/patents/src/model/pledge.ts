import { defineRecordType, identifier, indexOn, isoInstant, mspId, type RecordOf } from '@scenechain/scene-kit';
import { z } from 'zod';

export const pledgeStatuses = ['REQUESTED', 'ACTIVE', 'RELEASED', 'DECLINED'] as const;

/** What the owner offers a bank: the secured amount in minor units of the currency (cents). */
export const pledgeTerms = z.strictObject({
  bank: mspId,
  amount: z.int().positive().max(Number.MAX_SAFE_INTEGER),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code'),
});

/** A pledge of a patent or application as security for a loan, requested by the owner, recorded by the bank. */
export const pledges = defineRecordType({
  name: 'Pledge',
  schema: pledgeTerms.extend({
    id: identifier,
    applicationId: identifier,
    owner: mspId,
    status: z.enum(pledgeStatuses),
    requestedAt: isoInstant,
    recordedAt: isoInstant.optional(),
    releasedAt: isoInstant.optional(),
  }),
  key: ['id'],
  indexes: { byBank: indexOn('bank', 'status'), byApplication: indexOn('applicationId') },
  eventDetails: (pledge) => ({ applicationId: pledge.applicationId, bank: pledge.bank, owner: pledge.owner }),
});
export type Pledge = RecordOf<typeof pledges>;
