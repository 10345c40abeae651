import {
  ConflictError,
  channelMembers,
  defineLifecycle,
  defineOrgRegister,
  ForbiddenError,
  orgNamedIn,
  party,
  roleAuthorities,
  type Guard,
} from '@scenechain/scene-kit';
import { authorisation, invoices, invoiceStatuses, type Invoice } from './records';

/**
 * A tax officer counts only from the tax bureau (MSP ID of network/topology.yaml); invoicers (开票员) and finance
 * staff speak for their own company (`own-org`): which companies may issue is the bureau's register on the ledger.
 */
export const TAX_BUREAU = ['TaxBureauMSP'];
export const authorities = roleAuthorities({
  'tax-officer': { issuedBy: TAX_BUREAU },
  invoicer: { issuedBy: 'own-org' },
  finance: { issuedBy: 'own-org' },
});
export const taxOfficers = [party(TAX_BUREAU, ['tax-officer'])];
export const invoicers = [party(undefined, ['invoicer'])];
export const accountants = [party(undefined, ['finance'])];

/** The tax bureau's register of who may issue invoices (开票资格), public to every member. */
export const issuerRegister = defineOrgRegister({
  entity: 'Issuer',
  key: 'issuerId',
  request: authorisation,
  since: 'authorisedAt',
  by: taxOfficers,
  states: { inForce: 'AUTHORISED', suspended: 'SUSPENDED', ended: 'REVOKED' },
  steps: {
    admit: {
      ...{ transition: 'authorise', event: 'IssuerAuthorised' },
      description: 'The tax bureau authorises a company (its MSP ID) to issue invoices under its taxpayer ID.',
    },
    suspend: {
      ...{ transition: 'suspend', event: 'IssuerSuspended' },
      description: 'The tax bureau suspends an issuer, with a reason: no invoices, blue or red, meanwhile.',
    },
    restore: {
      ...{ transition: 'reinstate', event: 'IssuerReinstated' },
      description: 'The tax bureau lifts the suspension of an issuer.',
    },
    end: {
      ...{ transition: 'revoke', event: 'IssuerRevoked' },
      description: 'The tax bureau revokes an issuer for good, with a reason; its invoices stay as they are.',
    },
  },
  readers: channelMembers,
  view: { title: 'Issuers', collection: 'issuers', columns: ['issuerId', 'taxId', 'name', 'reason'] },
  eventDetails: (issuer) => ({ issuerId: issuer.issuerId, taxId: issuer.taxId, name: issuer.name }),
  refusal: {
    ...{ may: 'issue invoices', entry: 'authorisation', absent: 'it is not authorised' },
    authority: 'the tax bureau authorises issuers',
  },
});
const authorised = issuerRegister.requireInForce<Invoice>('issuer');

const own = orgNamedIn<Invoice>('issuer', 'its issuer');
const buyerOnly: Guard<Invoice> = ({ record, actor, id }) =>
  record.buyer === actor.mspId
    ? undefined
    : new ForbiddenError(`${id}: only its buyer, ${record.buyer}, may reimburse it; ${actor.mspId} may not`);
const blueOnly: Guard<Invoice> = ({ record, id }) =>
  record.kind === 'BLUE'
    ? undefined
    : new ConflictError(
        `${id} is a red-letter invoice (reversing ${record.original}): it is neither reimbursed nor reversed`,
      );
const notToSelf: Guard<Invoice> = ({ record }) =>
  record.buyer === record.issuer ? new ConflictError(`${record.issuer} may not invoice itself`) : undefined;

const issue = { from: 'new', to: 'ISSUED', by: invoicers, guards: [notToSelf], checks: [authorised] } as const;
const reversal = {
  by: invoicers,
  from: ['ISSUED', 'DELIVERED'],
  guards: [own, blueOnly],
  checks: [authorised],
} as const;

/**
 * An invoice is ISSUED, DELIVERED to its buyer, then REIMBURSED once by the buyer's finance, or REVERSED in full
 * by red-letter invoices of its issuer before that; a partial red-letter invoice leaves its state as it is.
 */
export const invoiceLife = defineLifecycle(invoices, {
  states: invoiceStatuses,
  transitions: {
    issue: { ...issue, event: 'InvoiceIssued' },
    issueRed: { ...issue, event: 'RedLetterInvoiceIssued' },
    deliver: { from: ['ISSUED'], to: 'DELIVERED', by: invoicers, guards: [own], event: 'InvoiceDelivered' },
    reimburse: {
      from: ['DELIVERED'],
      to: 'REIMBURSED',
      by: accountants,
      guards: [blueOnly, buyerOnly],
      event: 'InvoiceReimbursed',
    },
    reverse: { ...reversal, to: 'REVERSED', event: 'InvoiceReversed' },
    reversePart: { ...reversal, event: 'InvoicePartlyReversed' },
  },
});
