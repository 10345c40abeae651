import { addMonths, ConflictError, ForbiddenError, msOf, timeRule, type Guard } from '@scenechain/scene-kit';
import type { Patent } from '../model/patent';

/** Term of a patent from filing: 20 years. */
export const expiryOf = (filedAt: string) => addMonths(filedAt, 20 * 12);

/** The end of the 6-month grace period after the paid year, or why there is none. */
function graceEnd(record: Patent): string | ConflictError {
  return record.feesPaidUntil
    ? addMonths(record.feesPaidUntil, 6)
    : new ConflictError(`${record.id} has no fee schedule`);
}

/** Only the owner, or the agency recorded as its agent, acts on an application or patent. */
export const ownerOrAgent: Guard<Patent> = ({ record, actor }) =>
  actor.mspId === record.owner || actor.mspId === record.agent
    ? undefined
    : new ForbiddenError(
        `${actor.mspId} is neither the owner (${record.owner}) nor the agent${record.agent ? ` (${record.agent})` : ''} of ${record.id}`,
      );

/** Against a rejection only the applicant may ask for re-examination; against a grant, anyone may. */
export const ownerOrAgentAgainstRejection: Guard<Patent> = (input) =>
  input.record.status === 'REJECTED' ? ownerOrAgent(input) : undefined;

/** The office publishes on its own only once 18 months have passed since filing. */
export const publicationDue: Guard<Patent> = timeRule(
  {
    rule: 'publication due (18 months after filing)',
    benefits: 'the office and the public (an earlier publication)',
    trusts: 'authority',
    note: 'only examiners fire it, on the office’s clock; the applicant may publish earlier on request',
  },
  ({ record, now }) => {
    const due = addMonths(record.filedAt, 18);
    if (now.ms < msOf(due))
      return new ConflictError(`${record.id} may be published without a request only from ${due}`);
  },
);

/** A patent lapses only when its paid year and the grace period after it have both passed. */
export const feesOverdue: Guard<Patent> = timeRule(
  {
    rule: 'fees overdue (lapse)',
    benefits: 'the office and third parties (an earlier lapse)',
    trusts: 'authority',
    note: 'only examiners declare a lapse, on the office’s clock; once recorded, no payment can undo it',
  },
  ({ record, now }) => {
    const end = graceEnd(record);
    if (typeof end !== 'string') return end;
    if (now.ms <= msOf(end)) {
      return new ConflictError(
        `fees of ${record.id} are paid until ${record.feesPaidUntil}; the grace period ends ${end}`,
      );
    }
  },
);

/** A fee may be paid until the grace period after the paid year ends, and never for years past the term. */
export const feePayable: Guard<Patent> = timeRule(
  {
    rule: 'fee payable (until the grace period ends)',
    benefits: 'the owner (a late payment)',
    trusts: 'submitter',
    note: 'bounded by the endorsers’ time window and by the patent’s last recorded change; the office’s lapse is the firm end',
  },
  ({ record, now }) => {
    const end = graceEnd(record);
    if (typeof end !== 'string') return end;
    if (now.ms > msOf(end)) return new ConflictError(`the grace period for the fees of ${record.id} ended ${end}`);
    if (msOf(record.feesPaidUntil!) >= msOf(record.expiresAt)) {
      return new ConflictError(`fees of ${record.id} are paid to the end of its term (${record.expiresAt})`);
    }
  },
);

/** A patent expires at the end of its term, not before. */
export const termEnded: Guard<Patent> = timeRule(
  {
    rule: 'term end (20 years after filing)',
    benefits: 'the public (an earlier end)',
    trusts: 'authority',
    note: 'only examiners record the expiry, on the office’s clock',
  },
  ({ record, now }) =>
    now.ms < msOf(record.expiresAt)
      ? new ConflictError(`${record.id} is in force until ${record.expiresAt}`)
      : undefined,
);

/** Each application may be re-examined twice at most. */
export const reexaminationAvailable: Guard<Patent> = ({ record }) =>
  record.reexaminations < 2
    ? undefined
    : new ConflictError(`${record.id} has been re-examined ${record.reexaminations} times; no more`);

/** A pledged patent changes hands only after the bank releases the pledge. */
export const notPledged: Guard<Patent> = ({ record }) =>
  record.pledge
    ? new ConflictError(
        `${record.id} is pledged to ${record.pledge.bank} (${record.pledge.pledgeId}); it must be released first`,
      )
    : undefined;
