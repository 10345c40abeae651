import { defineRecordType, identifier, indexOn, isoInstant, mspId, text } from '@scenechain/scene-kit';
import { z } from 'zod';

/** Units a quantity may be counted in; quantities are whole numbers of the unit. */
export const units = z.enum(['each', 'g', 'kg', 'ml', 'l']);

/** A trade item (EPCIS "what" at class level, e.g. a GTIN), registered by the enterprise that owns the brand. */
export const productSchema = z.strictObject({
  id: identifier,
  name: text(200),
  unit: units,
  /** The brand owner: only it commissions batches of the product. */
  owner: mspId,
  registeredAt: isoInstant,
});
export type Product = z.output<typeof productSchema>;

export const products = defineRecordType({
  name: 'Product',
  schema: productSchema,
  key: ['id'],
  indexes: { byOwner: indexOn<Product>('owner') },
  eventDetails: (product) => ({ owner: product.owner }),
});
