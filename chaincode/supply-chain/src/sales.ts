import {
  agreementRefusal,
  ConflictError,
  evaluateFlow,
  ForbiddenError,
  identifier,
  InsufficientQuantityError,
  matchesCommitment,
  NotFoundError,
  privateCommitment,
  quantity,
  readableBy,
  requireRead,
  submitFlow,
  transitionFlow,
  type Scene,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLife, saleLife } from './machines';
import { handlers, inspectors, LOGISTICS, SUPPLY_CHAIN_ORGS, traders } from './parties';
import type { Batch } from './records';
import { sealedSaleTerms as sealed, type Sale } from './sale-records';

/*
 * Sales with private terms. Seller and buyer each keep the same terms with the same salt in their own org's
 * private store (`keepSaleTerms`, endorsed by their own peer alone); the seller proposes, recording the hash
 * Fabric keeps of its copy; the buyer confirms, accepted only if its copy hashes alike. The goods then ship
 * under the sale (`shipBatch` with `saleId`) and the buyer's receipt delivers it. No other org's peer ever
 * receives the terms, and neither blocks nor the public state hold more than their salted hash.
 */

const saleId = identifier;
const buyer = z.enum(SUPPLY_CHAIN_ORGS, {
  error: `not an organisation of this supply chain; one of ${SUPPLY_CHAIN_ORGS.join(', ')}`,
});
const isParty = (sale: Sale, mspId: string) => mspId === sale.seller || mspId === sale.buyer;
/** Any role-holder may ask; the data decides (only the two parties). A non-party is told why it may not. */
const termsReaders = readableBy([...handlers, ...inspectors], "the sale's seller and buyer");

export const keepSaleTerms = sealed.sealFlow({
  description:
    "Seller or buyer keeps its copy of a sale's terms, with the salt both share, in its own org's private store; only its own peer receives them.",
  idField: 'saleId',
  orgField: 'party',
  hashField: 'termsHash',
  on: saleLife,
  by: traders,
  label: 'Keep own copy of sale terms',
  check: async (scene, id) => {
    const sale = await saleLife.records.get(scene, { id });
    if (sale && sale.data.status !== 'PROPOSED') {
      throw new ConflictError(`Sale ${id} is ${sale.data.status}: its terms are settled`);
    }
  },
});

export const proposeSale = submitFlow({
  description:
    'The custodian of a batch proposes selling (part of) it to a buyer on the terms it kept; the ledger records only their hash.',
  request: z.strictObject({ saleId, buyer, batchId: identifier, quantity }),
  on: saleLife,
  transition: 'propose',
  run: async (scene, input) => {
    const seller = scene.actor.mspId;
    if (input.buyer === seller) throw new ConflictError(`${seller} cannot sell to itself`);
    const { data: batch } = await batchLife.read(scene, input.batchId);
    if (batch.custodian !== seller) {
      throw new ForbiddenError(`Batch ${batch.id} is in the custody of ${batch.custodian}; only it may sell it`);
    }
    if (batch.status !== 'ACTIVE') throw new ConflictError(`Batch ${batch.id} is ${batch.status}; only ACTIVE sells`);
    if (input.quantity > batch.quantity) {
      throw new InsufficientQuantityError(
        `Batch ${batch.id} holds ${batch.quantity} ${batch.unit}; cannot sell ${input.quantity}`,
      );
    }
    const termsHash = await sealed.sealedHash(scene, seller, input.saleId);
    if (!termsHash) throw new ConflictError(`${seller} keeps no terms for Sale ${input.saleId}: keep them first`);
    return saleLife.create(scene, 'propose', {
      id: input.saleId,
      seller,
      buyer: input.buyer,
      batchId: batch.id,
      quantity: input.quantity,
      status: 'PROPOSED',
      termsHash,
      proposedAt: scene.now.iso,
    });
  },
});

export const confirmSale = submitFlow({
  description:
    "The buyer confirms a proposed sale: accepted only if the terms it kept hash the same as the seller's (same terms, same salt).",
  request: z.strictObject({ saleId }),
  on: saleLife,
  transition: 'confirm',
  run: async (scene, { saleId: id }) => {
    const { current } = await saleLife.check(scene, id, 'confirm');
    const { seller, buyer: counterparty, termsHash } = current.data;
    const refusal = agreementRefusal(
      `Sale ${id}`,
      { proposer: seller, counterparty },
      {
        recorded: termsHash,
        proposer: await sealed.sealedHash(scene, seller, id),
        counterparty: await sealed.sealedHash(scene, counterparty, id),
      },
    );
    if (refusal) throw refusal;
    return saleLife.advance(scene, current, 'confirm', (data) => ({ ...data, confirmedAt: scene.now.iso }));
  },
});

export const withdrawSale = transitionFlow(saleLife, 'withdraw', {
  description: 'Seller or buyer withdraws a sale the buyer has not confirmed (e.g. the terms differ).',
});

export const getOwnSaleTerms = evaluateFlow({
  description:
    "Seller or buyer reads the terms and salt its org kept, on its own peer, and whether they match the sale's recorded hash.",
  request: z.strictObject({ saleId }),
  readers: termsReaders,
  on: saleLife,
  label: 'Read own copy of sale terms',
  run: async (scene, { saleId: id }) => {
    const { data: sale } = await saleLife.read(scene, id);
    requireRead(scene.actor, isParty(sale, scene.actor.mspId), `the terms of Sale ${id}`, termsReaders);
    const value = await sealed.readOwn(scene, id);
    if (!value) throw new NotFoundError(`${scene.actor.mspId} keeps no terms for Sale ${id}`);
    const termsHash = privateCommitment(value);
    return { saleId: id, terms: value.data, salt: value.salt, termsHash, matches: termsHash === sale.termsHash };
  },
});

export const verifySaleTerms = evaluateFlow({
  description:
    "Checks terms and salt a party showed against the sale's recorded hash, on the caller's own peer; answers whether they match.",
  request: z.strictObject({ saleId, ...sealed.fields }),
  transient: sealed.presented,
  readers: readableBy([...handlers, ...inspectors]),
  on: saleLife,
  label: 'Check sale terms',
  run: async (scene, input) => {
    const { data: sale } = await saleLife.read(scene, input.saleId);
    return {
      saleId: sale.id,
      matches: matchesCommitment(sealed.valueOf(input), sale.termsHash),
      termsHash: sale.termsHash,
    };
  },
});

/** Whether a batch is the one a sale is of, or a part split off it. */
const ofSale = (batch: Batch, sale: Sale) =>
  batch.id === sale.batchId || (batch.origin.kind === 'split' && batch.origin.eventId === sale.batchId);

/**
 * The seller ships goods under a confirmed sale: the batch sold (or a part split off it), exactly the quantity
 * sold, to the buyer or to a logistics provider carrying them on.
 */
export async function shipUnderSale(
  scene: Scene,
  id: string,
  shipment: { batch: Batch; quantity: number; receiver: string; shippedBatchId: string },
): Promise<void> {
  await saleLife.advance(scene, id, 'ship', (sale) => {
    const { batch } = shipment;
    if (!ofSale(batch, sale)) throw new ConflictError(`Sale ${id} is of Batch ${sale.batchId}, not ${batch.id}`);
    if (shipment.quantity !== sale.quantity) {
      throw new ConflictError(`Sale ${id} is of ${sale.quantity} ${batch.unit}; this shipment is ${shipment.quantity}`);
    }
    const carrier = (LOGISTICS as readonly string[]).includes(shipment.receiver);
    if (shipment.receiver !== sale.buyer && !carrier) {
      throw new ConflictError(
        `Sale ${id} ships to its buyer, ${sale.buyer}, or a logistics provider (${LOGISTICS.join(', ')}), not ${shipment.receiver}`,
      );
    }
    return { ...sale, shippedBatchId: shipment.shippedBatchId, shippedAt: scene.now.iso };
  });
}

/**
 * The seller took back the shipment that carried a sale: the sale is CONFIRMED again and the batch no longer
 * under it. A later holder (a carrier) taking back its own onward shipment leaves the sale as it is.
 */
export async function saleShipmentTakenBack(scene: Scene, batch: Batch): Promise<Batch> {
  if (!batch.saleId) return batch;
  const sale = await saleLife.records.get(scene, { id: batch.saleId });
  if (sale?.data.status !== 'SHIPPED' || sale.data.shippedBatchId !== batch.id) return batch;
  if (sale.data.seller !== scene.actor.mspId) return batch;
  await saleLife.advance(scene, sale, 'cancelShipment', (data) => ({
    ...data,
    shippedBatchId: undefined,
    shippedAt: undefined,
  }));
  return { ...batch, saleId: undefined };
}

/** The buyer received goods sold to it (from the seller or a carrier): the sale is delivered. */
export async function deliveredUnderSale(scene: Scene, batch: Batch): Promise<void> {
  if (!batch.saleId) return;
  const sale = await saleLife.records.get(scene, { id: batch.saleId });
  if (sale?.data.status !== 'SHIPPED' || sale.data.buyer !== scene.actor.mspId) return;
  await saleLife.advance(scene, sale, 'deliver', (data) => ({ ...data, deliveredAt: scene.now.iso }));
}
