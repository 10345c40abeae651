import {
  channelMembers as readers,
  claimDocuments,
  ConflictError,
  defineScenario,
  evaluateFlow,
  identifier,
  listFlow,
  matchesCommitment,
  NotFoundError,
  party,
  readableBy,
  recordReads,
  requireDistinct,
  requireRead,
  submitFlow,
  transitionFlow,
  verifyFlow,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { labels } from './labels';
import { authorities, receivableLife as life } from './machines';
import {
  BANKS,
  CHAIN,
  CORE_ENTERPRISES,
  invoices,
  issueRequest,
  receivableStatuses,
  share,
  shareSalt,
  SUPPLIERS,
  terms,
  type Receivable,
} from './records';

const key = { receivableId: identifier };
const status = z.enum(receivableStatuses).optional();
const receivableReads = recordReads(life, {
  ...{ get: 'A receivable’s public record (no amount).', history: 'Changes to a receivable.', readers },
  ...{ title: 'Receivables', collection: 'receivables' },
  columns: ['holder', 'debtor', 'dueDate', 'bank', 'reason'],
});
const termsReaders = readableBy(
  [party(CHAIN, ['finance']), party([...BANKS], ['loan-officer'])],
  'the receivable’s supplier, holder and debtor, and the bank asked to finance it',
);

/**
 * Supply chain finance (供应链金融): a supplier's receivable against the core enterprise, confirmed by the debtor,
 * split and transferred down the chain, financed by one bank at a time and never twice, paid and settled or
 * declared in default. Amounts stay private: the chain's peers hold them, the bank asked receives them in its own
 * store, the public record keeps a salted hash, the states and the invoice's digest.
 */
export const scenario = defineScenario({
  id: 'supply-chain-finance',
  contract: 'SupplyChainFinance',
  title: 'Supply chain finance',
  summary: 'Confirmed receivables on a core enterprise, split along the chain, financed by one bank; amounts private.',
  version: '1.0',
  authorities,
  labels,
  verify: { transaction: 'verifyInvoice' },
  records: [receivableReads.view],
  flows: {
    issueReceivable: submitFlow({
      description: 'A supplier records what the core enterprise owes it, against an invoice; the terms stay private.',
      request: issueRequest,
      transient: terms.transient,
      on: life,
      transition: 'issue',
      run: async (scene, input) => {
        const { receivableId, debtor, dueDate, invoiceHash } = input;
        const supplier = scene.actor.mspId as Receivable['supplier']; // the machine let only suppliers issue
        const termsHash = await terms.put(scene, input.receivableId, terms.valueOf(input)!);
        const draft = { receivableId, debtor, dueDate, invoiceHash, supplier, holder: supplier, termsHash };
        const issued = await life.create(scene, 'issue', { ...draft, status: 'ISSUED', issuedAt: scene.now.iso });
        await claimDocuments(scene, invoices, input.receivableId, { invoice: input.invoiceHash });
        return issued;
      },
    }),
    confirmReceivable: transitionFlow(life, 'confirm', {
      description: 'The debtor’s finance confirms the receivable (确权): it owes the amount on the due date.',
      change: (data, _input, scene) => ({ ...data, confirmedAt: scene.now.iso }),
    }),
    transferReceivable: transitionFlow(life, 'transfer', {
      description: 'The holder transfers a confirmed receivable to its own supplier, which becomes its holder.',
      request: z.strictObject({ ...key, to: z.enum(SUPPLIERS) }),
      change: (data, { to }) => ({ ...data, holder: to }),
      details: ({ to }) => ({ to }),
    }),
    splitReceivable: submitFlow({
      description: 'The holder splits a confirmed receivable into shares adding up to it, each with its holder.',
      request: z.strictObject({ ...key, shares: z.array(share).min(2).max(10) }),
      transient: { fields: ['shares'], salts: [] },
      on: life,
      transition: 'split',
      run: async (scene, { receivableId, shares }) => {
        const { current } = await life.check(scene, receivableId, 'split');
        const parent = await terms.get(scene, receivableId);
        if (!parent) throw new NotFoundError(`no terms of ${receivableId} on this peer`);
        const total = shares.reduce((sum, s) => sum + s.amount, 0);
        if (total !== parent.data.amount) {
          throw new ConflictError(`the shares add up to ${total} fen; ${receivableId} is for ${parent.data.amount}`);
        }
        const ids = shares.map((s) => s.receivableId);
        requireDistinct(ids, 'shares.receivableId');
        // A share is owed as its parent was (debtor, due date, invoice, confirmation), to its own holder.
        const { debtor, dueDate, invoiceHash, supplier, confirmedAt } = current.data;
        for (const { receivableId: id, holder, amount } of shares) {
          const value = { data: { ...parent.data, amount }, salt: shareSalt(parent.salt, id) };
          const termsHash = await terms.put(scene, id, value);
          const child = { receivableId: id, debtor, dueDate, invoiceHash, supplier, holder, termsHash, confirmedAt };
          const at = scene.now.iso;
          await life.create(scene, 'splitOff', { ...child, parentId: receivableId, status: 'CONFIRMED', issuedAt: at });
        }
        return life.advance(scene, current, 'split', (data) => data, { shares: shares.length });
      },
    }),
    requestFinancing: submitFlow({
      description: 'The holder asks one bank to finance a confirmed receivable, handing it the terms privately.',
      request: z.strictObject({ ...key, bank: z.enum(BANKS), ...terms.fields }),
      transient: terms.presented,
      endorsingOrgs: { orgs: CORE_ENTERPRISES, fields: ['bank'] },
      on: life,
      transition: 'requestFinancing',
      run: (scene, input) => {
        const handOver = async (data: Receivable) => {
          const value = terms.valueOf(input)!;
          terms.requireMatch(value, data.termsHash, `receivable ${input.receivableId}`);
          await terms.share(scene, input.receivableId, value, input.bank);
          return { ...data, bank: input.bank };
        };
        return life.advance(scene, input.receivableId, 'requestFinancing', handOver, { bank: input.bank });
      },
    }),
    financeReceivable: transitionFlow(life, 'finance', {
      description: 'The bank asked finances the receivable: the debtor now owes the bank.',
      change: (data, _input, scene) => ({ ...data, financedAt: scene.now.iso }),
    }),
    declineFinancing: transitionFlow(life, 'decline', {
      description: 'The bank asked declines, with a reason: the holder may ask another bank.',
      reason: 'ruling',
      change: (data) => ({ ...data, bank: undefined }),
    }),
    payReceivable: transitionFlow(life, 'pay', {
      description: 'The debtor’s finance records paying the receivable to its creditor.',
      change: (data, _input, scene) => ({ ...data, paidAt: scene.now.iso }),
    }),
    confirmSettlement: transitionFlow(life, 'settle', {
      description: 'The creditor (the financing bank, else the holder) confirms the payment arrived.',
      change: (data, _input, scene) => ({ ...data, settledAt: scene.now.iso }),
    }),
    declareDefault: transitionFlow(life, 'default', {
      description: 'After the due date, the creditor declares the unpaid receivable in default, with a reason.',
      reason: 'ruling',
    }),
    ...receivableReads.flows,
    listReceivablesByHolder: listFlow(life, 'byHolder', {
      description: 'Receivables a supplier holds, optionally in one state.',
      readers,
      filters: { holder: z.enum(SUPPLIERS), status },
    }),
    listReceivablesByDebtor: listFlow(life, 'byDebtor', {
      description: 'Receivables owed by a core enterprise, optionally in one state.',
      readers,
      filters: { debtor: z.enum(CORE_ENTERPRISES), status },
    }),
    getTerms: evaluateFlow({
      description: 'A receivable’s private terms with their salt, read on a chain party’s or the bank’s own peer.',
      request: z.strictObject(key),
      readers: termsReaders,
      on: life,
      run: async (scene, { receivableId }) => {
        const { data } = await life.read(scene, receivableId);
        const { mspId } = scene.actor;
        const bank = data.bank === mspId;
        const party = bank || [data.supplier, data.holder, data.debtor].some((org) => org === mspId);
        requireRead(scene.actor, party, `the terms of ${receivableId}`, termsReaders);
        const value = bank ? await terms.getShared(scene, receivableId) : await terms.get(scene, receivableId);
        if (!value) throw new NotFoundError(`no terms of ${receivableId} on this peer`);
        const { termsHash } = data;
        const matches = matchesCommitment(value, termsHash);
        return { receivableId, terms: value.data, salt: value.salt, termsHash, matches };
      },
    }),
    verifyInvoice: verifyFlow({
      description: 'Checks an invoice’s digest: VALID (confirmed, unfinanced), another state, or UNKNOWN; no amount.',
      claims: invoices,
      on: life,
      verdict: (r) => ({
        ...{ verdict: r.status === 'CONFIRMED' ? 'VALID' : r.status, type: 'RECEIVABLE' },
        ...{ issuer: r.supplier, validUntil: r.dueDate },
      }),
    }),
  },
});
