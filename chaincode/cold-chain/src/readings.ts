import { ConflictError, msOf, ValidationError, type Instant } from '@scenechain/scene-kit';
import type { z } from 'zod';
import type { readingsRequest, Shipment } from './records';

type Batch = z.output<typeof readingsRequest>;

/**
 * What one batch of readings means for a shipment, decided from its summary alone, so every peer agrees: it is
 * outside the limits when its lowest or highest reading is, and an excursion when the shipment's minutes out of
 * range then exceed the category's tolerance. Refuses a summary that contradicts itself or the shipment.
 */
export function judgeReadings(shipment: Shipment, batch: Batch, now: Instant) {
  const { limits } = shipment;
  const [from, to] = [msOf(batch.from), msOf(batch.to)];
  const span = (to - from) / 60000;
  const outside = batch.minC < limits.minC || batch.maxC > limits.maxC;
  const invalid = (why: string) => new ValidationError(`invalid readings for ${shipment.shipmentId}: ${why}`);
  if (batch.minC > batch.maxC) throw invalid(`minC ${batch.minC} is above maxC ${batch.maxC}`);
  if (!(span > 0)) throw invalid(`from ${batch.from} is not before to ${batch.to}`);
  if (batch.minutesOutOfRange > span) throw invalid(`${batch.minutesOutOfRange} minutes out of range in ${span}`);
  if (outside !== batch.minutesOutOfRange > 0) {
    throw invalid(
      `readings from ${batch.minC} to ${batch.maxC} °C are ${outside ? 'outside' : 'within'} ${limits.minC}…${limits.maxC} °C, yet ${batch.minutesOutOfRange} minutes are out of range`,
    );
  }
  if (batch.loggerId !== shipment.loggerId) {
    throw new ConflictError(`${shipment.shipmentId} is logged by ${shipment.loggerId}, not ${batch.loggerId}`);
  }
  if (shipment.readingsUntil && from < msOf(shipment.readingsUntil)) {
    throw new ConflictError(`readings from ${batch.from} overlap those anchored up to ${shipment.readingsUntil}`);
  }
  if (to > now.ms) throw new ConflictError(`readings up to ${batch.to} are later than now, ${now.iso}`);
  const minutesOutOfRange = shipment.minutesOutOfRange + batch.minutesOutOfRange;
  return { outside, minutesOutOfRange, excursion: outside && minutesOutOfRange > limits.toleranceMinutes };
}
