import {
  addMonths,
  ConflictError,
  documentNumber,
  identifier,
  notBeforeRecorded,
  submitFlow,
  transitionFlow,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { patentLife } from '../lifecycle/patent-lifecycle';

export const payAnnualFee = submitFlow({
  description: 'Pays the annual fee for the next patent year (up to the end of the grace period); a year is paid once.',
  request: z.strictObject({ applicationId: identifier, year: z.int().min(2).max(20), paymentRef: documentNumber }),
  on: patentLife,
  transition: 'payAnnualFee',
  run: async (scene, input) => {
    const current = await patentLife.read(scene, input.applicationId);
    // The owner dates its own payment (see feePayable): not before the patent's last recorded change.
    notBeforeRecorded(scene, { [`Patent ${current.data.id}`]: current });
    const pay = (data: typeof current.data) => {
      const due = data.feeYearsPaid + 1;
      if (input.year !== due) {
        throw new ConflictError(
          `${data.id}: fees are paid through year ${data.feeYearsPaid}; year ${due} is due next, not ${input.year}`,
        );
      }
      return { ...data, feeYearsPaid: input.year, feesPaidUntil: addMonths(data.feesPaidUntil!, 12) };
    };
    return patentLife.advance(scene, current, 'payAnnualFee', pay, { year: input.year, paymentRef: input.paymentRef });
  },
});

export const lapse = transitionFlow(patentLife, 'lapse', {
  description: 'The office records that a patent lapsed: its fees stayed unpaid past the grace period.',
});

export const expire = transitionFlow(patentLife, 'expire', {
  description: 'The office records the end of a patent’s 20-year term.',
});

export const withdraw = transitionFlow(patentLife, 'withdraw', {
  description: 'The applicant withdraws a pending application.',
});
