import {
  anyone,
  channelMembers,
  claimDocuments,
  documentFacts,
  ConflictError,
  defineScenario,
  evaluateFlow,
  ForbiddenError,
  identifier,
  InsufficientQuantityError,
  onceOnly,
  orgListFlow,
  readableBy,
  recordReads,
  reasonText,
  submitFlow,
  transitionFlow,
  verifyFlow,
  type Actor,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { checkAmounts } from './amounts';
import { labels } from './labels';
import { authorities, invoiceLife, issuerRegister, TAX_BUREAU } from './machines';
import {
  invoiceDocument,
  invoiceDocuments,
  invoiceIdOf,
  invoices,
  invoiceStatuses,
  issueRequest,
  type Invoice,
} from './records';

/** Invoices carry business amounts: only their issuer, their buyer and the tax bureau read them. */
const invoiceReaders = readableBy(anyone, 'its issuer, its buyer and the tax bureau');
const mayRead = (actor: Actor, ...orgs: string[]) => [...TAX_BUREAU, ...orgs].includes(actor.mspId);
const invoiceKey = z.strictObject({ invoiceId: identifier });

const invoiceReads = recordReads<Invoice>(invoiceLife, {
  get: 'An invoice, with its amounts: for its issuer, its buyer and the tax bureau.',
  history: 'Changes to an invoice, newest first: for its issuer, its buyer and the tax bureau.',
  ...{ readers: invoiceReaders, mayRead: (actor, { issuer, buyer }) => mayRead(actor, issuer, buyer) },
  ...{ title: 'Invoices', collection: 'invoices', columns: ['issuer', 'buyer', 'kind', 'type', 'reason'] },
  readModel: { readers: [{ orgs: TAX_BUREAU }] },
  ownList: { transaction: 'listInvoicesByBuyer', orgField: 'buyer' },
});

/** A company's invoices, as issuer or as buyer: for the company itself and the tax bureau. */
const invoicesOf = (field: 'issuer' | 'buyer', index: 'byIssuer' | 'byBuyer', description: string) =>
  orgListFlow(invoiceLife, index, {
    ...{ description, field, status: z.enum(invoiceStatuses), what: 'the invoices' },
    ...{ readers: readableBy(anyone, `the ${field} itself and the tax bureau`), mayRead },
  });

/** An invoice is reimbursed once, by one company, network-wide. */
const reimbursedOnce = onceOnly(invoices, {
  step: 'reimburse',
  taken: ({ reimbursement: done }) => done && { by: done.company, at: done.at },
  says: ({ invoiceId }, { by, at }) =>
    `invoice ${invoiceId} was already reimbursed by ${by} at ${at}; an invoice is reimbursed once, by one company`,
});

/** VALID for a blue invoice still open (partial red-letter invoices aside) and for a red-letter invoice. */
function verdictOf(invoice: Invoice): string {
  return invoice.status === 'REIMBURSED' || invoice.status === 'REVERSED' ? invoice.status : 'VALID';
}

/** A red-letter invoice: the issuer's new document reversing part or all of `invoiceId`, with a reason. */
const redLetterRequest = invoiceDocument.extend({ invoiceId: identifier, reason: reasonText, documentFacts });

/**
 * Electronic invoices (电子发票): the tax bureau authorises issuers; an authorised issuer issues invoices to buyers
 * and delivers them; the buyer's finance reimburses an invoice once across the network; the issuer reverses an
 * invoice not yet reimbursed by red-letter invoices; anyone verifies an invoice by its file or by code and number.
 */
export const scenario = defineScenario({
  id: 'e-invoices',
  contract: 'EInvoices',
  title: 'Electronic invoices',
  summary: 'Authorised issuers invoice buyers; reimbursed once across companies, reversed by red-letter invoices.',
  version: '1.0',
  authorities,
  labels,
  verify: { transaction: 'verifyInvoice' },
  records: [issuerRegister.view, invoiceReads.view],
  flows: {
    ...issuerRegister.flows,
    issueInvoice: submitFlow({
      description: 'An authorised issuer issues an invoice to a buyer; its figures are checked, its file digest kept.',
      request: issueRequest.extend({ documentFacts }),
      on: invoiceLife,
      transition: 'issue',
      run: async (scene, { documentFacts: facts, ...input }) => {
        checkAmounts(input, 1);
        const issuer = await issuerRegister.inForce(scene, scene.actor.mspId);
        if (issuer instanceof ForbiddenError) throw issuer;
        const invoiceId = invoiceIdOf(input.invoiceCode, input.invoiceNumber);
        const invoice = await invoiceLife.create(scene, 'issue', {
          ...input,
          ...{ invoiceId, kind: 'BLUE', status: 'ISSUED', issuedAt: scene.now.iso, reversedTotal: 0 },
          ...{ issuer: issuer.issuerId, issuerTaxId: issuer.taxId, issuerName: issuer.name },
        });
        await claimDocuments(scene, invoiceDocuments, invoiceId, { invoice: input.documentHash }, { facts });
        return invoice;
      },
    }),
    deliverInvoice: transitionFlow(invoiceLife, 'deliver', {
      description: 'The issuer delivers an invoice to its buyer, who may then reimburse it.',
      change: (data, _input, scene) => ({ ...data, deliveredAt: scene.now.iso }),
    }),
    reimburseInvoice: submitFlow({
      description:
        "The buyer's finance reimburses a delivered invoice (net of red-letter invoices), once network-wide.",
      request: invoiceKey.extend({ claimId: identifier }),
      on: invoiceLife,
      transition: 'reimburse',
      run: async (scene, { invoiceId, claimId }) => {
        const invoice = await reimbursedOnce(scene, { invoiceId });
        const change = (data: Invoice) => {
          const amount = data.total + data.reversedTotal;
          return { ...data, reimbursement: { company: scene.actor.mspId, claimId, amount, at: scene.now.iso } };
        };
        return invoiceLife.advance(scene, invoice, 'reimburse', change, { claimId });
      },
    }),
    issueRedLetter: submitFlow({
      description:
        'The issuer reverses all or part of an invoice not yet reimbursed by a red-letter invoice (红字发票).',
      request: redLetterRequest,
      on: invoiceLife,
      transition: 'reverse',
      orTransitions: ['reversePart'],
      run: async (scene, { invoiceId, reason, documentFacts: facts, ...document }) => {
        checkAmounts(document, -1);
        // who, state, guards and checks first: the figures of an invoice one may not reverse are not looked at
        const { current: original } = await invoiceLife.check(scene, invoiceId, 'reversePart');
        const { total, reversedTotal, lines, type, buyer, buyerTaxId, buyerName } = original.data;
        const rates = new Set(lines.map((l) => l.taxRate));
        const foreign = document.lines.find((l) => !rates.has(l.taxRate));
        if (foreign) throw new ConflictError(`${invoiceId} has no line at ${foreign.taxRate}% to reverse`);
        const left = total + reversedTotal;
        if (-document.total > left) {
          throw new InsufficientQuantityError(
            `red-letter total ${document.total} fen exceeds what is left of ${invoiceId}: ${left} fen of ${total}`,
          );
        }
        const redId = invoiceIdOf(document.invoiceCode, document.invoiceNumber);
        const step = left + document.total === 0 ? 'reverse' : 'reversePart';
        const reversed = (data: Invoice) => ({ ...data, reversedTotal: data.reversedTotal + document.total });
        await invoiceLife.advance(scene, original, step, reversed, { redInvoice: redId, reason });
        const { issuer, issuerTaxId, issuerName } = original.data;
        const red = await invoiceLife.create(scene, 'issueRed', {
          ...{ ...document, invoiceId: redId, kind: 'RED', status: 'ISSUED', issuedAt: scene.now.iso },
          ...{ reversedTotal: 0, type, buyer, buyerTaxId, buyerName, original: invoiceId, reason },
          ...{ issuer, issuerTaxId, issuerName },
        });
        await claimDocuments(scene, invoiceDocuments, redId, { redLetterInvoice: document.documentHash }, { facts });
        return red;
      },
    }),
    ...invoiceReads.flows,
    listInvoicesByIssuer: invoicesOf('issuer', 'byIssuer', 'Invoices a company issued, optionally in one state.'),
    listInvoicesByBuyer: invoicesOf('buyer', 'byBuyer', 'Invoices a company received, optionally in one state.'),
    verifyInvoice: verifyFlow({
      description: "Checks an invoice file's digest: VALID, REIMBURSED, REVERSED or UNKNOWN; never refuses.",
      claims: invoiceDocuments,
      on: invoiceLife,
      verdict: (invoice) => ({
        verdict: verdictOf(invoice),
        type: invoice.kind === 'RED' ? 'RED_LETTER' : invoice.type,
        issuer: invoice.issuer,
        validFrom: invoice.issuedAt,
      }),
    }),
    checkInvoice: evaluateFlow({
      description: 'Checks an invoice by code, number and 价税合计 (all three must match); UNKNOWN otherwise.',
      on: invoiceLife,
      readers: channelMembers,
      request: invoiceDocument.pick({ invoiceCode: true, invoiceNumber: true, total: true }),
      run: async (scene, { invoiceCode, invoiceNumber, total }) => {
        const invoiceId = invoiceIdOf(invoiceCode, invoiceNumber);
        const found = (await invoices.get(scene, { invoiceId }))?.data;
        if (!found || found.total !== total) return { valid: false, verdict: 'UNKNOWN', invoiceId };
        const { issuer, issuerName, buyerName, kind, type, status, issuedAt, reversedTotal, documentHash } = found;
        const verdict = verdictOf(found);
        const facts = { issuer, issuerName, buyerName, kind, type, status, issuedAt, total, reversedTotal };
        return { valid: verdict === 'VALID', verdict, invoiceId, ...facts, documentHash };
      },
    }),
  },
});
