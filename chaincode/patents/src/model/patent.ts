import {
  defineRecordType,
  identifier,
  indexOn,
  isoInstant,
  mspId,
  sha256Hex,
  text,
  type RecordOf,
} from '@scenechain/scene-kit';
import { z } from 'zod';

export const patentStatuses = [
  'FILED',
  'FORMALITIES_PASSED',
  'PUBLISHED',
  'UNDER_EXAMINATION',
  'IN_FORCE',
  'REJECTED',
  'UNDER_REEXAMINATION',
  'LAPSED',
  'EXPIRED',
  'REVOKED',
  'WITHDRAWN',
] as const;
export type PatentStatus = (typeof patentStatuses)[number];

/** An IPC symbol such as `G06F 16/27`: section, class, subclass, main group / subgroup. */
export const ipcSymbol = z.string().regex(/^[A-H]\d{2}[A-Z] \d{1,4}\/\d{2,6}$/, 'an IPC symbol such as G06F 16/27');

/** The IPC subclass of a symbol (`G06F 16/27` → `G06F`), the level lists by class use. */
export function ipcSubclass(symbol: string): string {
  return symbol.slice(0, 4);
}

const decision = z.strictObject({
  outcome: z.enum(['GRANTED', 'REJECTED', 'REVOKED']),
  at: isoInstant,
  examiner: z.string().min(1).max(256),
  reason: text(2000).optional(),
});

/**
 * An application and, once granted, the patent. The specification is represented by its commitment until
 * publication reveals it (kept in a Publication record, so lists stay small).
 */
export const patents = defineRecordType({
  name: 'Patent',
  schema: z.strictObject({
    id: identifier,
    title: text(300),
    applicantName: text(200),
    /** The org that owns the application or patent (and may act on it through its applicant role). */
    owner: mspId,
    /** A patent agency that filed for the owner and may act for it. */
    agent: mspId.optional(),
    ipcClasses: z.array(ipcSymbol).min(1).max(20),
    commitment: sha256Hex,
    /**
     * The org whose specification collection (shared with the office only) keeps the text until publication;
     * absent when the application was filed with its commitment only.
     */
    specificationHolder: mspId.optional(),
    status: z.enum(patentStatuses),
    /** Filing date, which is the priority date: the filing transaction's timestamp. */
    filedAt: isoInstant,
    publishedAt: isoInstant.optional(),
    specificationHash: sha256Hex.optional(),
    examinationRequestedAt: isoInstant.optional(),
    decision: decision.optional(),
    grantedAt: isoInstant.optional(),
    /** Annual fees paid through this patent year (year 1 starts at grant and is covered by the grant fee). */
    feeYearsPaid: z.int().min(0),
    /** End of the last paid year; the patent lapses when this plus the grace period passes unpaid. */
    feesPaidUntil: isoInstant.optional(),
    /** Filing date + 20 years. */
    expiresAt: isoInstant,
    /** What the pending or last re-examination concerns. */
    reexaminationOf: z.enum(['REJECTION', 'GRANT']).optional(),
    reexaminations: z.int().min(0),
    /** The active pledge, if the patent secures a loan. */
    pledge: z.strictObject({ pledgeId: identifier, bank: mspId }).optional(),
  }),
  key: ['id'],
  indexes: {
    byOwner: indexOn('owner', 'status'),
    byStatus: indexOn('status'),
    byIpcClass: (patent) => [...new Set(patent.ipcClasses.map(ipcSubclass))].map((subclass) => [subclass]),
  },
  // The title lets lists and pickers name an application, not only number it (it is public from filing).
  eventDetails: (patent) => ({
    title: patent.title,
    owner: patent.owner,
    ...(patent.agent ? { agent: patent.agent } : {}),
  }),
});
export type Patent = RecordOf<typeof patents>;
