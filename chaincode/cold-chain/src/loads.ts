import { ConflictError, defineRecordType, identifier, plainStep, type Scene } from '@scenechain/scene-kit';
import { z } from 'zod';
import { shipments } from './records';

/** The shipment a supply-chain batch last went on: goods travel on one shipment at a time. */
const loads = defineRecordType({
  name: 'Load',
  schema: z.strictObject({ batchId: identifier, shipmentId: identifier }),
  key: ['batchId'],
  events: false, // the shipment's ShipmentConsigned reports it
});
/** A shipment in one of these states no longer holds its batches. */
const FINISHED = ['ACCEPTED', 'CONDEMNED'];

/** Puts a new shipment's batches on it; CONFLICT for a batch still on an unfinished shipment. */
export async function loadBatches(scene: Scene, shipmentId: string, batchIds: readonly string[]): Promise<void> {
  const step = plainStep('load', 'BatchLoaded');
  for (const batchId of batchIds) {
    const load = await loads.get(scene, { batchId });
    if (!load) {
      await loads.create(scene, { batchId, shipmentId }, { step });
      continue;
    }
    const on = load.data.shipmentId;
    const status = (await shipments.get(scene, { shipmentId: on }))?.data.status;
    if (status && !FINISHED.includes(status))
      throw new ConflictError(`batch ${batchId} is already on shipment ${on}, ${status}`);
    await loads.update(scene, load, { batchId, shipmentId }, { step });
  }
}
