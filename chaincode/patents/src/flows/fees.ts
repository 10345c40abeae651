import { addMonths, ConflictError, identifier, notBeforeRecorded, submitFlow } from '@scenechain/scene-kit';
import { z } from 'zod';
import { movePatent, patentOf } from './patent-step';

export const payAnnualFee = submitFlow(
  'Pays the annual fee for the next patent year (up to the end of the grace period); a year is paid once.',
  z.strictObject({ applicationId: identifier, year: z.int().min(2).max(20), paymentRef: identifier }),
  async (scene, input) => {
    const current = await patentOf(scene, input.applicationId);
    // The owner dates its own payment (see feePayable): not before the patent's last recorded change.
    notBeforeRecorded(scene, { [`Patent ${current.data.id}`]: current });
    return movePatent(
      scene,
      current,
      'payAnnualFee',
      (data) => {
        const due = data.feeYearsPaid + 1;
        if (input.year !== due) {
          throw new ConflictError(
            `${data.id}: fees are paid through year ${data.feeYearsPaid}; year ${due} is due next, not ${input.year}`,
          );
        }
        return { ...data, feeYearsPaid: input.year, feesPaidUntil: addMonths(data.feesPaidUntil!, 12) };
      },
      { year: input.year, paymentRef: input.paymentRef },
    );
  },
);

export const lapse = submitFlow(
  'The office records that a patent lapsed: its fees stayed unpaid past the grace period.',
  z.strictObject({ applicationId: identifier }),
  async (scene, input) => movePatent(scene, await patentOf(scene, input.applicationId), 'lapse'),
);

export const expire = submitFlow(
  'The office records the end of a patent’s 20-year term.',
  z.strictObject({ applicationId: identifier }),
  async (scene, input) => movePatent(scene, await patentOf(scene, input.applicationId), 'expire'),
);

export const withdraw = submitFlow(
  'The applicant withdraws a pending application.',
  z.strictObject({ applicationId: identifier }),
  async (scene, input) => movePatent(scene, await patentOf(scene, input.applicationId), 'withdraw'),
);
