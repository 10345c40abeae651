import {
  defineLifecycle,
  ForbiddenError,
  msOf,
  orgNamedIn,
  party,
  roleAuthorities,
  timeRule,
  ConflictError,
  type Guard,
} from '@scenechain/scene-kit';
import { BANKS, CORE_ENTERPRISES, receivables, receivableStatuses, SUPPLIERS, type Receivable } from './records';

/** Loan officers (信贷经理) count only from a bank; each company's finance staff (财务) speak for their own org. */
export const authorities = roleAuthorities({
  'loan-officer': { issuedBy: [...BANKS] },
  finance: { issuedBy: 'own-org' },
});
const finance = [party(undefined, ['finance'])];
const suppliers = [party([...SUPPLIERS], ['finance'])];
const debtors = [party([...CORE_ENTERPRISES], ['finance'])];
const loanOfficers = [party([...BANKS], ['loan-officer'])];

const debtor = orgNamedIn<Receivable>('debtor', 'its debtor');
const holder = orgNamedIn<Receivable>('holder', 'its holder');
const bankAsked = orgNamedIn<Receivable>('bank', 'the bank asked to finance it');
/** Whom the debtor owes: the bank once it financed the receivable, else the holder. */
export const creditorOf = (r: Receivable): string => (r.financedAt && r.bank ? r.bank : r.holder);
const creditor: Guard<Receivable> = ({ record, actor, id }) =>
  creditorOf(record) === actor.mspId
    ? undefined
    : new ForbiddenError(`${id}: only its creditor, ${creditorOf(record)}, may do this; ${actor.mspId} may not`);
const overdue = timeRule<Receivable>(
  {
    rule: 'default after the due date',
    benefits: 'the creditor',
    trusts: 'submitter',
    note: 'the creditor dates it, within the endorsers’ time window; the debtor may still pay until declared',
  },
  ({ record, now, id }) =>
    now.ms >= msOf(`${record.dueDate}T00:00:00Z`) + 86_400_000
      ? undefined
      : new ConflictError(`${id} is due on ${record.dueDate}: it may be declared in default only after that day`),
);

/**
 * ISSUED by its supplier, CONFIRMED by the debtor; then either split (SPLIT, its shares CONFIRMED), transferred,
 * or offered to one bank (FINANCING_REQUESTED), which finances it (FINANCED) or declines (back to CONFIRMED). The
 * debtor pays (PAID) and the creditor confirms receipt (SETTLED), or after the due date declares a DEFAULT.
 */
export const receivableLife = defineLifecycle(receivables, {
  states: receivableStatuses,
  transitions: {
    issue: { from: 'new', to: 'ISSUED', by: suppliers, event: 'ReceivableIssued' },
    confirm: { from: ['ISSUED'], to: 'CONFIRMED', by: debtors, guards: [debtor], event: 'ReceivableConfirmed' },
    transfer: { from: ['CONFIRMED'], by: finance, guards: [holder], event: 'ReceivableTransferred' },
    split: { from: ['CONFIRMED'], to: 'SPLIT', by: finance, guards: [holder], event: 'ReceivableSplit' },
    splitOff: { from: 'new', to: 'CONFIRMED', by: suppliers, event: 'ShareSplitOff' },
    requestFinancing: {
      ...{ from: ['CONFIRMED'], to: 'FINANCING_REQUESTED', by: finance, guards: [holder] },
      event: 'FinancingRequested',
    },
    finance: {
      from: ['FINANCING_REQUESTED'],
      to: 'FINANCED',
      by: loanOfficers,
      guards: [bankAsked],
      event: 'Financed',
    },
    decline: {
      ...{ from: ['FINANCING_REQUESTED'], to: 'CONFIRMED', by: loanOfficers, guards: [bankAsked] },
      event: 'FinancingDeclined',
    },
    pay: { from: ['CONFIRMED', 'FINANCED'], to: 'PAID', by: debtors, guards: [debtor], event: 'ReceivablePaid' },
    settle: { from: ['PAID'], to: 'SETTLED', by: [...finance, ...loanOfficers], guards: [creditor], event: 'Settled' },
    default: {
      ...{ from: ['CONFIRMED', 'FINANCED'], to: 'DEFAULTED', by: [...finance, ...loanOfficers] },
      ...{ guards: [creditor, overdue], event: 'DefaultDeclared' },
    },
  },
});
