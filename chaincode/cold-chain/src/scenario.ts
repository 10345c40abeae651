import {
  channelMembers as readers,
  claimDocuments,
  defineScenario,
  identifier,
  listFlow,
  mspId,
  plainStep,
  recordReads,
  sha256Hex,
  submitFlow,
  transitionFlow,
  ValidationError,
  verifyFlow,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { labels } from './labels';
import { loadBatches } from './loads';
import { authorities, categoryLife, shipmentLife } from './machines';
import { judgeReadings } from './readings';
import {
  categoryStatuses,
  consignment,
  inspectionResults,
  limitsRequest,
  readingBatches,
  readingsFiles,
  readingsIdOf,
  readingsRequest,
  shipments,
  shipmentStatuses,
  type Category,
  type Shipment,
} from './records';

const shipmentKey = z.strictObject({ shipmentId: identifier });
const categoryReads = recordReads(categoryLife, {
  ...{ get: 'A category’s temperature limits.', history: 'Revisions of a category’s limits.', readers },
  ...{ title: 'Temperature limits', collection: 'categories', columns: ['categoryId', 'minC', 'maxC'] },
});
const shipmentReads = recordReads(shipmentLife, {
  ...{ get: 'A shipment with its limits and readings so far.', history: 'Changes to a shipment.', readers },
  ...{ title: 'Shipments', collection: 'shipments', columns: ['carrier', 'consignee', 'readingsId', 'maxC', 'reason'] },
});
const limitsOf = (input: z.output<typeof limitsRequest>, now: string): Category => {
  if (input.minC >= input.maxC)
    throw new ValidationError(`invalid limits: minC ${input.minC} is not below maxC ${input.maxC}`);
  return { ...input, status: 'IN_FORCE', setAt: now };
};

/**
 * Cold chain food safety (冷链食品安全): the market regulator sets temperature limits per product category; the
 * holder of supply-chain batches consigns them to a carrier, whose logger readings are anchored in batches (a
 * summary on chain, the file's digest, the file off chain); the chaincode holds a shipment whose readings leave
 * its limits beyond the tolerance, and only a regulator inspector releases it after a passed inspection or
 * condemns it. Everything is readable by channel members: traceability is the point, and nothing is personal.
 */
export const scenario = defineScenario({
  id: 'cold-chain',
  contract: 'ColdChain',
  title: 'Cold chain food safety',
  summary: 'Logger readings anchored per shipment; excursions quarantine goods until an inspector releases them.',
  version: '1.0',
  authorities,
  labels,
  verify: { transaction: 'verifyReadings' },
  records: [
    categoryReads.view,
    shipmentReads.view,
    { type: readingBatches, title: 'Readings', collection: 'readings', keyField: 'readingsId', columns: [] },
  ],
  flows: {
    setLimits: submitFlow({
      description: 'The regulator sets a product category’s temperature limits and tolerance (minutes out of range).',
      request: limitsRequest,
      on: categoryLife,
      transition: 'define',
      run: (scene, input) => categoryLife.create(scene, 'define', limitsOf(input, scene.now.iso)),
    }),
    reviseLimits: transitionFlow(categoryLife, 'revise', {
      description: 'The regulator revises a category’s limits; shipments already consigned keep theirs.',
      request: limitsRequest,
      change: (_data, input, scene) => limitsOf(input, scene.now.iso),
    }),
    consignShipment: submitFlow({
      description: 'The holder of supply-chain batches consigns them to a carrier and consignee under a category.',
      request: consignment,
      on: shipmentLife,
      transition: 'consign',
      run: async (scene, input) => {
        const { minC, maxC, toleranceMinutes } = (await categoryLife.read(scene, input.categoryId)).data;
        const shipment = await shipmentLife.create(scene, 'consign', {
          ...{ ...input, shipper: scene.actor.mspId, status: 'CONSIGNED', consignedAt: scene.now.iso },
          ...{ limits: { minC, maxC, toleranceMinutes }, readings: 0, minutesOutOfRange: 0 },
        });
        await loadBatches(scene, input.shipmentId, input.batchIds);
        return shipment;
      },
    }),
    pickUpShipment: transitionFlow(shipmentLife, 'pickUp', {
      description: 'The named carrier picks the goods up and names the temperature logger travelling with them.',
      request: shipmentKey.extend({ loggerId: identifier }),
      change: (data, { loggerId }, scene) => ({ ...data, loggerId, pickedUpAt: scene.now.iso }),
      details: ({ loggerId }) => ({ loggerId }),
    }),
    anchorReadings: submitFlow({
      description: 'The carrier anchors a batch of logger readings (summary and file digest); an excursion holds it.',
      request: readingsRequest,
      on: shipmentLife,
      transition: 'log',
      orTransitions: ['excursion'],
      run: async (scene, input) => {
        const { current } = await shipmentLife.check(scene, input.shipmentId, 'log');
        const { outside, minutesOutOfRange, excursion } = judgeReadings(current.data, input, scene.now);
        const readingsId = readingsIdOf(input.shipmentId, current.data.readings + 1);
        const hold = excursion && current.data.status !== 'QUARANTINED';
        const { minC, maxC, toleranceMinutes } = current.data.limits;
        // In symbols and numbers, not words: the UI shows it to Chinese users as it stands.
        const reason = `${readingsId}: ${input.minC}…${input.maxC} °C ∉ ${minC}…${maxC} °C, ${minutesOutOfRange} min > ${toleranceMinutes} min`;
        const logged = (s: Shipment) => ({
          ...{ ...s, readings: s.readings + 1, readingsUntil: input.to, minutesOutOfRange },
          lowestC: Math.min(s.lowestC ?? input.minC, input.minC),
          highestC: Math.max(s.highestC ?? input.maxC, input.maxC),
          ...(hold ? { hold: { reason, at: scene.now.iso }, inspection: undefined } : {}),
        });
        const details = { readingsId, minC: input.minC, maxC: input.maxC, outside, ...(excursion ? { reason } : {}) };
        const moved = await shipmentLife.advance(scene, current, hold ? 'excursion' : 'log', logged, details);
        const readings = { ...input, readingsId, carrier: scene.actor.mspId, excursion, anchoredAt: scene.now.iso };
        await readingBatches.create(scene, readings, { step: plainStep('anchor', 'ReadingsAnchored') });
        await claimDocuments(scene, readingsFiles, readingsId, { readings: input.readingsHash });
        return moved;
      },
    }),
    deliverShipment: transitionFlow(shipmentLife, 'deliver', {
      description: 'The carrier hands the goods over at the destination; refused while they are quarantined.',
      change: (data, _input, scene) => ({ ...data, deliveredAt: scene.now.iso }),
    }),
    acceptShipment: transitionFlow(shipmentLife, 'accept', {
      description: 'The consignee accepts delivered goods; refused while they are quarantined.',
      change: (data, _input, scene) => ({ ...data, acceptedAt: scene.now.iso }),
    }),
    quarantineShipment: transitionFlow(shipmentLife, 'quarantine', {
      description: 'A regulator inspector holds a shipment for inspection (a spot check, a complaint), with a reason.',
      reason: 'hold',
      change: (data) => ({ ...data, inspection: undefined }),
    }),
    inspectShipment: transitionFlow(shipmentLife, 'inspect', {
      description: 'A regulator inspector records the inspection of a held shipment: result and report digest.',
      request: shipmentKey.extend({ result: z.enum(inspectionResults), reportHash: sha256Hex }),
      change: (data, { result, reportHash }, scene) => ({
        ...data,
        inspection: { result, reportHash, inspector: scene.actor.user, at: scene.now.iso },
      }),
      details: ({ result, reportHash }) => ({ result, reportHash }),
    }),
    releaseShipment: submitFlow({
      description: 'A regulator inspector releases a held shipment after a passed inspection, back where it was.',
      request: shipmentKey,
      on: shipmentLife,
      transition: 'resume',
      orTransitions: ['release'],
      run: async (scene, { shipmentId }) => {
        const held = await shipments.mustGet(scene, { shipmentId });
        return shipmentLife.advance(scene, held, held.data.deliveredAt ? 'release' : 'resume');
      },
    }),
    condemnShipment: transitionFlow(shipmentLife, 'condemn', {
      description: 'A regulator inspector condemns a held shipment after a failed inspection (销毁), with a reason.',
      reason: 'condemnation',
    }),
    ...categoryReads.flows,
    listCategories: listFlow(categoryLife, 'byStatus', {
      description: 'Product categories and their limits.',
      readers,
      filters: { status: z.enum(categoryStatuses) },
    }),
    ...shipmentReads.flows,
    listShipments: listFlow(shipmentLife, 'byStatus', {
      description: 'Shipments in one state, e.g. every QUARANTINED one awaiting inspection.',
      readers,
      filters: { status: z.enum(shipmentStatuses) },
    }),
    listShipmentsByCarrier: listFlow(shipmentLife, 'byCarrier', {
      description: 'Shipments a carrier carries, optionally in one state.',
      readers,
      filters: { carrier: mspId, status: z.enum(shipmentStatuses).optional() },
    }),
    listReadings: listFlow(readingBatches, 'byShipment', {
      description: 'A shipment’s reading batches in the order anchored.',
      readers,
      filters: { shipmentId: identifier },
    }),
    verifyReadings: verifyFlow({
      description:
        'Checks a logger readings file’s digest: VALID with its shipment’s batch, or UNKNOWN; never refuses.',
      claims: readingsFiles,
      on: readingBatches,
      verdict: (r) => ({ verdict: 'VALID', type: 'COLD_CHAIN_READINGS', issuer: r.carrier, validFrom: r.from }),
    }),
  },
});
