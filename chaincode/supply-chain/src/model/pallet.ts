import { defineRecordType, identifier, indexOn, isoInstant, mspId } from '@scenechain/scene-kit';
import { z } from 'zod';

/** Most batches one pallet holds: bounds the work of shipping or receiving it in one transaction. */
export const MAX_PALLET_CONTENTS = 200;

export const palletStatuses = ['ASSEMBLED', 'IN_TRANSIT', 'DISSOLVED'] as const;
export type PalletStatus = (typeof palletStatuses)[number];

/** A logistic unit (an SSCC) holding packed batches; shipping it moves every batch inside. */
export const palletSchema = z.strictObject({
  id: identifier,
  status: z.enum(palletStatuses),
  custodian: mspId,
  receiver: mspId.optional(),
  location: identifier,
  contents: z.array(identifier).max(MAX_PALLET_CONTENTS),
  assembledAt: isoInstant,
});
export type Pallet = z.output<typeof palletSchema>;

export const pallets = defineRecordType({
  name: 'Pallet',
  schema: palletSchema,
  key: ['id'],
  indexes: { byCustodian: indexOn<Pallet>('custodian', 'status') },
  eventDetails: (pallet) => ({
    custodian: pallet.custodian,
    location: pallet.location,
    batches: pallet.contents.length,
    ...(pallet.receiver ? { receiver: pallet.receiver } : {}),
  }),
});
