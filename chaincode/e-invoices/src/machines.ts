import {
  ConflictError,
  defineStateMachine,
  ForbiddenError,
  lifecycle,
  orgNamedIn,
  party,
  roleAuthorities,
  type Check,
  type Guard,
  type Scene,
} from '@scenechain/scene-kit';
import { invoices, invoiceStatuses, issuers, issuerStatuses, type Invoice, type Issuer } from './records';

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

export const issuerLife = lifecycle(
  issuers,
  defineStateMachine({
    entity: 'Issuer',
    states: issuerStatuses,
    transitions: {
      authorise: { from: 'new', to: 'AUTHORISED', by: taxOfficers, event: 'IssuerAuthorised' },
      suspend: { from: ['AUTHORISED'], to: 'SUSPENDED', by: taxOfficers, event: 'IssuerSuspended' },
      reinstate: { from: ['SUSPENDED'], to: 'AUTHORISED', by: taxOfficers, event: 'IssuerReinstated' },
      revoke: { from: ['AUTHORISED', 'SUSPENDED'], to: 'REVOKED', by: taxOfficers, event: 'IssuerRevoked' },
    },
  }),
);

/** The org's issuer record when the bureau's authorisation is in force now, else the refusal saying why. */
export async function authorisedIssuer(scene: Scene, org: string): Promise<Issuer | ForbiddenError> {
  const found = (await issuers.get(scene, { issuerId: org }))?.data;
  if (found?.status === 'AUTHORISED') return found;
  const why = found ? `its authorisation is ${found.status} (${found.ruling?.reason})` : 'it is not authorised';
  return new ForbiddenError(`${org} may not issue invoices: ${why}; the tax bureau authorises issuers`);
}
const authorised: Check<Invoice> = async ({ scene, record }) => {
  const issuer = await authorisedIssuer(scene, record.issuer);
  return issuer instanceof ForbiddenError ? issuer : undefined;
};

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
export const invoiceLife = lifecycle(
  invoices,
  defineStateMachine({
    entity: 'Invoice',
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
  }),
);
