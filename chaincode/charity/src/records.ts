import {
  defineDocumentClaims,
  defineRecordType,
  documentNumber,
  identifier,
  indexOn,
  isoInstant,
  mspId,
  reasonNote,
  sha256Hex,
  text,
} from '@scenechain/scene-kit';
import { z } from 'zod';

/** An amount in fen (分), a whole number: every peer's arithmetic agrees. Up to 100 billion yuan. */
export const fen = z
  .int()
  .nonnegative()
  .max(1e13)
  .meta({ examples: [500000] });
const positiveFen = fen.min(1);

/** 统一社会信用代码: 18 digits or capital letters. */
const creditCode = z.string().regex(/^[0-9A-Z]{18}$/, 'a unified social credit code: 18 digits or capital letters');

/** The civil affairs bureau registers (登记认定) an org, by its MSP ID, as a charity. */
export const registration = z.strictObject({ charityId: mspId, name: text(200), creditCode });

export const projectStatuses = ['PENDING', 'OPEN', 'REJECTED', 'CLOSED'] as const;
/** A fundraising project a charity files (慈善募捐方案); short IDs leave room for its donations' IDs. */
export const projectRequest = z.strictObject({
  projectId: identifier.max(48),
  title: text(200),
  purpose: text(1000),
  goal: positiveFen,
});
const projectSchema = projectRequest.extend({
  charity: mspId,
  status: z.enum(projectStatuses),
  appliedAt: isoInstant,
  /** 募捐备案编号 given by the civil affairs bureau on approval. */
  filing: z.strictObject({ filingNumber: documentNumber, at: isoInstant }).optional(),
  ruling: reasonNote.optional(),
  /** Totals: the money received, the money paid out; their difference is what may still be disbursed. */
  donated: fen,
  disbursed: fen,
  donations: z.int().nonnegative(),
  disbursements: z.int().nonnegative(),
  /** FIFO cursor: the sequence number of the oldest donation not yet fully disbursed. */
  nextToUse: z.int().positive(),
  /** The final report's digest (结项报告), when closed. */
  report: z.strictObject({ reportHash: sha256Hex, at: isoInstant }).optional(),
});
export type Project = z.output<typeof projectSchema>;
export const projects = defineRecordType({
  name: 'Project',
  schema: projectSchema,
  key: ['projectId'],
  indexes: { byCharity: indexOn<Project>('charity', 'status'), byStatus: indexOn<Project>('status') },
  eventDetails: (p) => ({ charity: p.charity, projectId: p.projectId }),
});

export const channels = ['BANK_TRANSFER', 'ONLINE_PLATFORM', 'WECHAT_PAY', 'ALIPAY', 'CASH'] as const;
export const donationStatuses = ['RECEIVED', 'PARTLY_USED', 'USED'] as const;
/**
 * A donation as the charity records it. No donor identity on chain: `donor` is only the name the donor chose to
 * publish (absent: anonymous); the charity keeps who gave, with contact details, in its own books.
 */
export const donationRequest = z.strictObject({
  projectId: identifier.max(48),
  amount: positiveFen,
  channel: z.enum(channels),
  receiptNumber: documentNumber,
  donor: text(100).optional(),
});
const donationSchema = donationRequest.extend({
  donationId: identifier,
  charity: mspId,
  seq: z.int().positive(),
  status: z.enum(donationStatuses),
  receivedAt: isoInstant,
  /** How much of it has been disbursed so far. */
  used: fen,
});
export type Donation = z.output<typeof donationSchema>;
export const donations = defineRecordType({
  name: 'Donation',
  schema: donationSchema,
  key: ['donationId'],
  indexes: { byProject: indexOn<Donation>('projectId') },
  eventDetails: (d) => ({ projectId: d.projectId, channel: d.channel }),
});

/** `P-1.000042`: sequence numbers padded so a project's donations list in the order they came. */
export function donationIdOf(projectId: string, seq: number): string {
  return `${projectId}.${String(seq).padStart(6, '0')}`;
}

export const disbursementStatuses = ['DISBURSED', 'CONFIRMED'] as const;
/** A payment to a beneficiary, with the digest of its voucher (拨付凭证 / 受益人收据). */
export const disbursementRequest = z.strictObject({
  projectId: identifier.max(48),
  disbursementId: identifier,
  beneficiary: text(200),
  /** The beneficiary's org when it is a member of the network: it confirms receipt. */
  beneficiaryOrg: mspId.optional(),
  amount: positiveFen,
  purpose: text(500),
  voucherHash: sha256Hex,
});
const source = z.strictObject({ donationId: identifier, amount: positiveFen });
const disbursementSchema = disbursementRequest.extend({
  charity: mspId,
  status: z.enum(disbursementStatuses),
  disbursedAt: isoInstant,
  /** The donations it was paid from, oldest first (FIFO), and how much of each. */
  sources: z.array(source).min(1),
  confirmedAt: isoInstant.optional(),
});
export type Disbursement = z.output<typeof disbursementSchema>;
export const disbursements = defineRecordType({
  name: 'Disbursement',
  schema: disbursementSchema,
  key: ['disbursementId'],
  indexes: { byProject: indexOn<Disbursement>('projectId') },
  eventDetails: (d) => ({ projectId: d.projectId, beneficiary: d.beneficiary }),
});

/** One donation's share of one disbursement: the trace from a donor's yuan to its use. */
const allocationSchema = z.strictObject({
  donationId: identifier,
  disbursementId: identifier,
  projectId: identifier,
  amount: positiveFen,
  beneficiary: text(200),
  at: isoInstant,
});
export const allocations = defineRecordType({
  name: 'Allocation',
  schema: allocationSchema,
  key: ['donationId', 'disbursementId'],
  events: false,
});

/** Voucher digests, each claimed once: anyone verifies a voucher here. */
export const vouchers = defineDocumentClaims('DisbursementVoucher');
