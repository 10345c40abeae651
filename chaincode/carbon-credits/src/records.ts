import {
  defineRecordType,
  identifier,
  indexOn,
  isoInstant,
  mspId,
  reasonNote,
  reasonText,
  sha256Hex,
  text,
} from '@scenechain/scene-kit';
import { z } from 'zod';

/** Sectors a verifier is accredited for and a project belongs to (the fields of an accreditation). */
export const sectors = ['ENERGY', 'MANUFACTURING', 'WASTE', 'FORESTRY'] as const;
export type Sector = (typeof sectors)[number];
export const projectStatuses = ['REGISTERED', 'VALIDATED', 'REJECTED'] as const;
export const reportStatuses = ['SUBMITTED', 'VERIFIED', 'REJECTED', 'ISSUED'] as const;
export const blockStatuses = ['HELD', 'SPLIT', 'RETIRED'] as const;

/** Whole tonnes of CO2e: one credit, one serial number, per tonne. */
export const tonnes = z
  .int()
  .positive()
  .max(1e9)
  .meta({ examples: [600] });
const count = z.int().min(0).max(1e10);
/** Short enough that a serial range `CN-<projectId>-<vintage>-<from>-<to>` stays an identifier (64). */
export const projectId = identifier.max(24);
export const vintage = z.string().regex(/^\d{4}$/, 'a year such as 2025');

/** The ecology bureau accredits an org (MSP ID) as a validation and verification body for some sectors. */
export const accreditation = z.strictObject({
  verifierId: mspId,
  name: text(200),
  sectors: z
    .array(z.enum(sectors))
    .min(1)
    .max(sectors.length)
    .refine((list) => new Set(list).size === list.length, 'each sector once'),
});
/** What an owner registers: the project and the digest of its design document (项目设计文件). */
export const registration = z.strictObject({
  projectId,
  name: text(200),
  sector: z.enum(sectors),
  methodology: text(100),
  location: text(200),
  designHash: sha256Hex,
});
const projectSchema = registration.extend({
  owner: mspId,
  status: z.enum(projectStatuses),
  registeredAt: isoInstant,
  validator: mspId.optional(),
  validationHash: sha256Hex.optional(),
  validatedAt: isoInstant.optional(),
  rejection: reasonNote.optional(),
});
export type Project = z.output<typeof projectSchema>;
export const projects = defineRecordType({
  name: 'Project',
  schema: projectSchema,
  key: ['projectId'],
  indexes: { byOwner: indexOn<Project>('owner', 'status') },
  eventDetails: (p) => ({ projectId: p.projectId, owner: p.owner, sector: p.sector }),
});

/** A monitoring report: the reductions an owner claims for a period within one calendar year (the vintage). */
export const monitoring = z.strictObject({
  reportId: identifier,
  projectId,
  periodStart: z.iso.date(),
  periodEnd: z.iso.date(),
  claimed: tonnes,
  reportHash: sha256Hex,
});
const reportSchema = monitoring.extend({
  owner: mspId,
  sector: z.enum(sectors),
  vintage,
  status: z.enum(reportStatuses),
  submittedAt: isoInstant,
  verifier: mspId.optional(),
  verified: tonnes.optional(),
  verificationHash: sha256Hex.optional(),
  verifiedAt: isoInstant.optional(),
  /** Credits issued against the verified reductions so far; never more than `verified`. */
  issued: count,
  rejection: reasonNote.optional(),
});
export type Report = z.output<typeof reportSchema>;
export const reports = defineRecordType({
  name: 'MonitoringReport',
  schema: reportSchema,
  key: ['reportId'],
  indexes: { byProject: indexOn<Report>('projectId', 'status') },
  eventDetails: (r) => ({ projectId: r.projectId, owner: r.owner, vintage: r.vintage }),
});

/** Credits with consecutive serial numbers `firstSerial`..`lastSerial` of a project and vintage, held by one org. */
const blockSchema = z.strictObject({
  blockId: identifier,
  projectId,
  vintage,
  firstSerial: count,
  lastSerial: count,
  quantity: tonnes,
  holder: mspId,
  status: z.enum(blockStatuses),
  reportId: identifier,
  issuedAt: isoInstant,
  /** The block this one was split from. */
  parent: identifier.optional(),
  retirement: z.strictObject({ beneficiary: text(200), reason: reasonText, at: isoInstant }).optional(),
});
export type Block = z.output<typeof blockSchema>;
export const blocks = defineRecordType({
  name: 'CreditBlock',
  schema: blockSchema,
  key: ['blockId'],
  indexes: { byHolder: indexOn<Block>('holder', 'status'), byProject: indexOn<Block>('projectId', 'vintage') },
  eventDetails: (b) => ({ projectId: b.projectId, vintage: b.vintage, holder: b.holder, quantity: b.quantity }),
});

/** The registry's running totals of a project's vintage; the next serial number is `issued + 1`. */
export const totals = defineRecordType({
  name: 'VintageTotal',
  schema: z.strictObject({ projectId, vintage, issued: count, retired: count }),
  key: ['projectId', 'vintage'],
  events: false,
});

/** The serial range's name: `CN-<projectId>-<vintage>-<from>-<to>`. */
export function serialRange(projectId: string, vintage: string, from: number, to: number): string {
  return `CN-${projectId}-${vintage}-${from}-${to}`;
}
