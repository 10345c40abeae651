import { defineRecordType, identifier, indexOn, isoInstant } from '@scenechain/scene-kit';
import { z } from 'zod';

/**
 * Most provenance links going out of one item (parts split off, transformations it fed, pallets it was packed
 * on). A recall reads all of an item's outgoing links in one transaction, so their number stays bounded:
 * recording one more is refused with LIMIT_EXCEEDED.
 */
export const MAX_DOWNSTREAM_LINKS = 500;

/**
 * One provenance edge: `from` went into `to`. Transformations and splits link batch to batch; packing links a
 * batch to its pallet and is kept after unpacking, so traces see past aggregations too. Downstream is a range
 * scan on the key (`from` first), upstream a range scan on the `byTarget` index.
 */
export const linkSchema = z.strictObject({
  from: identifier,
  to: identifier,
  fromKind: z.enum(['batch', 'pallet']),
  toKind: z.enum(['batch', 'pallet']),
  kind: z.enum(['transform', 'split', 'aggregate']),
  /** Quantity of `from` that went into `to` (0 for aggregation: the batch keeps its quantity). */
  quantity: z.int().min(0),
  /** Transformation ID, parent batch ID (split) or pallet ID (aggregate). */
  eventId: identifier,
  at: isoInstant,
});
export type Link = z.output<typeof linkSchema>;

export const links = defineRecordType({
  name: 'Link',
  schema: linkSchema,
  key: ['from', 'to'],
  indexes: { byTarget: indexOn<Link>('to') },
  events: false,
});
