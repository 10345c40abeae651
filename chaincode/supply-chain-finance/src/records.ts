import { createHash } from 'node:crypto';
import {
  defineDocumentClaims,
  definePrivatePart,
  defineRecordType,
  documentNumber,
  identifier,
  indexOn,
  isoInstant,
  reasonNote,
  sha256Hex,
} from '@scenechain/scene-kit';
import { z } from 'zod';

/** The core enterprise (核心企业), debtor of the chain's receivables; its peer endorses every change. */
export const CORE_ENTERPRISES = ['InnovatorMSP'] as const;
/** Its suppliers: first tier (生产企业) and second tier (物流公司). */
export const SUPPLIERS = ['ManufacturerMSP', 'LogisticsMSP'] as const;
/** Banks that finance receivables: each sees the terms of only what it is asked to finance. */
export const BANKS = ['BankMSP', 'CityBankMSP'] as const;
/** The chain's parties: their peers hold the terms (collection `receivableTerms`). */
export const CHAIN = [...SUPPLIERS, ...CORE_ENTERPRISES];

/** An amount in fen (分), a whole number, up to 100 billion yuan. */
const fen = z.int().positive().max(1e13);

/** The terms: private to the chain's parties and the financing bank; the public record keeps a salted hash. */
export const terms = definePrivatePart({
  name: 'ReceivableTerms',
  field: 'terms',
  schema: z.strictObject({ amount: fen, invoiceNumber: documentNumber, contractNumber: documentNumber }),
  collection: 'receivableTerms',
  memberOrgs: CHAIN,
});

// prettier-ignore
export const receivableStatuses = ['ISSUED', 'CONFIRMED', 'FINANCING_REQUESTED', 'FINANCED', 'SPLIT', 'PAID', 'SETTLED', 'DEFAULTED'] as const;
export const issueRequest = z.strictObject({
  receivableId: identifier,
  debtor: z.enum(CORE_ENTERPRISES),
  dueDate: z.iso.date(),
  /** The invoice document's digest: one invoice backs one receivable (no second financing of it). */
  invoiceHash: sha256Hex,
  ...terms.fields,
});
const receivableSchema = z.strictObject({
  ...{ receivableId: identifier, debtor: z.enum(CORE_ENTERPRISES), dueDate: z.iso.date(), invoiceHash: sha256Hex },
  supplier: z.enum(SUPPLIERS),
  holder: z.enum(SUPPLIERS),
  status: z.enum(receivableStatuses),
  termsHash: sha256Hex,
  /** The receivable it was split from. */
  parentId: identifier.optional(),
  /** The bank asked to finance it, and when it did. */
  bank: z.enum(BANKS).optional(),
  issuedAt: isoInstant,
  confirmedAt: isoInstant.optional(),
  financedAt: isoInstant.optional(),
  paidAt: isoInstant.optional(),
  settledAt: isoInstant.optional(),
  ruling: reasonNote.optional(),
});
export type Receivable = z.output<typeof receivableSchema>;
export const receivables = defineRecordType({
  name: 'Receivable',
  schema: receivableSchema,
  key: ['receivableId'],
  indexes: { byHolder: indexOn<Receivable>('holder', 'status'), byDebtor: indexOn<Receivable>('debtor', 'status') },
  eventDetails: (r) => ({
    holder: r.holder,
    debtor: r.debtor,
    dueDate: r.dueDate,
    ...(r.bank ? { bank: r.bank } : {}),
  }),
});
/** Invoice digests, each claimed once: a bank checks here whether an invoice is already on record (financed?). */
export const invoices = defineDocumentClaims('Invoice');

/** A share of a split receivable: its new ID, holder and amount (transient: the amount is private). */
export const share = z.strictObject({ receivableId: identifier, holder: z.enum(SUPPLIERS), amount: fen });

/** A share's salt, derived from its parent's (secret) salt: the chaincode has no randomness; holders read it. */
export const shareSalt = (parentSalt: string, id: string): string =>
  createHash('sha256').update(`${parentSalt}:${id}`).digest('hex');
