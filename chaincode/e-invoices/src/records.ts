import {
  defineDocumentClaims,
  defineRecordType,
  identifier,
  indexOn,
  isoInstant,
  mspId,
  reasonText,
  sha256Hex,
  text,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { taxRates } from './amounts';

/** 纳税人识别号 (a unified social credit code has 18 characters; older ones 15 to 20). */
export const taxId = z
  .string()
  .regex(/^[0-9A-Z]{15,20}$/, 'a taxpayer identification number: 15 to 20 digits or capital letters')
  .meta({ examples: ['91310000MA1FL5LX3K'] });

/** The tax bureau authorises an org (its MSP ID) to issue invoices under its taxpayer ID and registered name. */
export const authorisation = z.strictObject({ issuerId: mspId, taxId, name: text(200) });

export const invoiceTypes = ['VAT_SPECIAL', 'VAT_GENERAL'] as const;
export const invoiceKinds = ['BLUE', 'RED'] as const;
export const invoiceStatuses = ['ISSUED', 'DELIVERED', 'REIMBURSED', 'REVERSED'] as const;

/** An amount in fen (分): integers keep every node's arithmetic identical. */
const fen = z
  .int()
  .min(-1e13)
  .max(1e13)
  .meta({ examples: [100000] });
const line = z.strictObject({
  item: text(100),
  quantity: z.int().positive().max(1e9).optional(),
  amount: fen,
  taxRate: z.literal(taxRates),
  tax: fen,
});

/** What an invoice document states: 发票代码 (12 digits) and 发票号码 (8), lines, totals, and its file's digest. */
export const invoiceDocument = z.strictObject({
  invoiceCode: z.string().regex(/^\d{12}$/, '12 digits'),
  invoiceNumber: z.string().regex(/^\d{8}$/, '8 digits'),
  lines: z.array(line).min(1).max(100),
  totalAmount: fen,
  totalTax: fen,
  total: fen,
  documentHash: sha256Hex,
});
/** An invoice to a buyer, named by its org (MSP ID) and taxpayer ID. */
export const issueRequest = invoiceDocument.extend({
  type: z.enum(invoiceTypes),
  buyer: mspId,
  buyerTaxId: taxId,
  buyerName: text(200),
});

const invoiceSchema = issueRequest.extend({
  /** `<invoiceCode>-<invoiceNumber>`: the key that makes an invoice, and its reimbursement, one of a kind. */
  invoiceId: identifier,
  kind: z.enum(invoiceKinds),
  status: z.enum(invoiceStatuses),
  issuer: mspId,
  issuerTaxId: taxId,
  issuerName: text(200),
  issuedAt: isoInstant,
  /** A red-letter invoice: the invoice it reverses, and why. */
  original: identifier.optional(),
  reason: reasonText.optional(),
  /** A blue invoice: the sum of its red-letter invoices' totals (0 or negative). */
  reversedTotal: fen,
  deliveredAt: isoInstant.optional(),
  reimbursement: z.strictObject({ company: mspId, claimId: identifier, amount: fen, at: isoInstant }).optional(),
});
export type Invoice = z.output<typeof invoiceSchema>;

export const invoices = defineRecordType({
  name: 'Invoice',
  schema: invoiceSchema,
  key: ['invoiceId'],
  indexes: { byIssuer: indexOn<Invoice>('issuer', 'status'), byBuyer: indexOn<Invoice>('buyer', 'status') },
  // amounts stay out of events, which every channel member receives
  eventDetails: (i) => ({ issuer: i.issuer, buyer: i.buyer, kind: i.kind, type: i.type }),
});

/** Invoice file digests, each claimed once: verification by file starts here. */
export const invoiceDocuments = defineDocumentClaims('InvoiceDocument');

export function invoiceIdOf(invoiceCode: string, invoiceNumber: string): string {
  return `${invoiceCode}-${invoiceNumber}`;
}
