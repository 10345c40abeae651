import {
  defineRecordType,
  ForbiddenError,
  identifier,
  indexOn,
  isoInstant,
  mspId,
  text,
  type Scene,
  type Stored,
} from '@scenechain/scene-kit';
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

/**
 * The product `productId`, which must belong to the submitting org: only a brand owner makes batches of it.
 * `action` completes the refusal, e.g. "commission it".
 */
export async function ownProduct(scene: Scene, productId: string, action: string): Promise<Stored<Product>> {
  const product = await products.mustGet(scene, { id: productId });
  if (product.data.owner !== scene.actor.mspId) {
    throw new ForbiddenError(
      `product ${product.data.id} belongs to ${product.data.owner}; ${scene.actor.mspId} may not ${action}`,
    );
  }
  return product;
}
