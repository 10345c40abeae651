import {
  defineRecordType,
  defineSealedValue,
  identifier,
  indexOn,
  isoInstant,
  mspId,
  sha256Hex,
  text,
} from '@scenechain/scene-kit';
import { z } from 'zod';

/** An amount of money in the currency's minor unit (fen, cents): whole numbers, so sums stay exact. */
const minorUnits = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Incoterms 2020: who carries the goods, the risk and the costs up to which place. */
export const incoterms = ['EXW', 'FCA', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP', 'FAS', 'FOB', 'CFR', 'CIF'] as const;

/**
 * The commercial terms of a sale (销售条款), known only to seller and buyer. The total is the price agreed for
 * the whole quantity (discounts included), so it is not derived from the unit price.
 */
export const saleTerms = z.strictObject({
  contractNumber: text(64),
  unitPrice: minorUnits,
  totalPrice: minorUnits,
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as CNY'),
  paymentTerms: text(200),
  incoterm: z.enum(incoterms),
  deliveryPlace: text(100),
});

/**
 * Each party's copy of the terms, with the salt both share, in its own org's implicit collection: sealing it
 * is endorsed by that org's peer alone, so no other org's peer ever receives the terms. Implicit collections,
 * not a static one, because every seller/buyer pair differs and a static collection's members are fixed.
 */
export const sealedSaleTerms = defineSealedValue({ name: 'SaleTerms', field: 'terms', schema: saleTerms });

export const saleStatuses = ['PROPOSED', 'CONFIRMED', 'WITHDRAWN', 'SHIPPED', 'DELIVERED'] as const;
export type SaleStatus = (typeof saleStatuses)[number];

/**
 * A sale of (part of) one batch from its custodian to a buyer, as the public ledger shows it: who, what and how
 * much, and only the salted hash of the terms (`sha256` of the canonical JSON of `{ data, salt }`).
 */
const saleSchema = z.strictObject({
  id: identifier,
  seller: mspId,
  buyer: mspId,
  /** The batch sold from; a part split off it when shipped carries the sale too. */
  batchId: identifier,
  quantity: z.int().positive(),
  status: z.enum(saleStatuses),
  /** The seller's terms hash, recorded when proposed; the buyer's copy hashed alike when confirmed. */
  termsHash: sha256Hex,
  proposedAt: isoInstant,
  confirmedAt: isoInstant.optional(),
  /** The batch that left the seller under this sale (the batch itself, or the part split off it). */
  shippedBatchId: identifier.optional(),
  shippedAt: isoInstant.optional(),
  deliveredAt: isoInstant.optional(),
});
export type Sale = z.output<typeof saleSchema>;
export const sales = defineRecordType({
  name: 'Sale',
  schema: saleSchema,
  key: ['id'],
  indexes: { bySeller: indexOn<Sale>('seller', 'status'), byBuyer: indexOn<Sale>('buyer', 'status') },
  eventDetails: (sale) => ({ seller: sale.seller, buyer: sale.buyer, batchId: sale.batchId, quantity: sale.quantity }),
});
