import { badRequest } from '../errors/app-error';
import type { PlannedStep } from './capture-plan';
import { uomOf } from './epcis-vocabulary';
import type { Evaluate } from './ledger-events';

/**
 * What the app checks on the ledger before writing anything: each new batch's unit is its product's, and a
 * quantity given for a batch that moves is all of it (a part would split the lot into a new batch, which EPCIS
 * cannot name). A batch made earlier in the same document counts with the quantity it was made with.
 */
export async function checkAgainstLedger(steps: PlannedStep[], evaluate: Evaluate): Promise<void> {
  const units = new Map<string, string>();
  const planned = new Map<string, number>();
  const held = async (batchId: string) => {
    if (!planned.has(batchId)) {
      const batch = (await evaluate('getBatch', { batchId })) as { data: { quantity: number } };
      planned.set(batchId, batch.data.quantity);
    }
    return planned.get(batchId)!;
  };
  for (const step of steps) {
    for (const check of step.checks) {
      if (check.kind === 'unit') {
        if (!units.has(check.productId)) {
          const product = (await evaluate('getProduct', { productId: check.productId })) as { data: { unit: string } };
          units.set(check.productId, product.data.unit);
        }
        const unit = units.get(check.productId)!;
        const { serialised } = check;
        if (serialised && unit !== 'each') {
          throw badRequest(
            'UNSUPPORTED_EPCIS_FEATURE',
            `event ${step.eventIndex}: ${check.where}: serialised items of ${check.productId}, which is counted in ${unit}, not each`,
          );
        }
        if (!serialised && uomOf(unit) !== check.uom) {
          throw badRequest(
            'INVALID_EPCIS_DOCUMENT',
            `event ${step.eventIndex}: ${check.where}: uom ${check.uom ?? '(none)'}, but ${check.productId} is counted in ${unit} (${uomOf(unit) ?? 'no uom'})`,
          );
        }
      } else {
        const holding = await held(check.batchId);
        if (holding !== check.quantity) {
          throw badRequest(
            'UNSUPPORTED_EPCIS_FEATURE',
            `event ${step.eventIndex}: ${check.where}: quantity ${check.quantity} of a batch holding ${holding}: part of a lot (the ledger would split it into a new batch)`,
          );
        }
      }
    }
    for (const [batchId, quantity] of madeBy(step)) planned.set(batchId, quantity);
    if (step.transaction === 'transform') {
      for (const input of step.request.inputs as { batchId: string; quantity: number }[]) {
        planned.set(input.batchId, (await held(input.batchId)) - input.quantity);
      }
    }
  }
}

/** The batches a step makes, with their quantities. */
function madeBy(step: PlannedStep): [string, number][] {
  const { request } = step;
  const made =
    step.transaction === 'commission'
      ? [request]
      : step.transaction === 'commissionMany'
        ? (request.batches as Record<string, unknown>[])
        : step.transaction === 'transform'
          ? (request.outputs as Record<string, unknown>[])
          : [];
  return made.map((batch) => [String(batch.batchId), Number(batch.quantity)]);
}
