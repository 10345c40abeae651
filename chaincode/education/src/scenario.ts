import {
  channelMembers as readers,
  claimDocuments,
  defineCredentials,
  defineDocumentClaims,
  defineOrgRegister,
  defineRecordType,
  defineScenario,
  defineStateMachine,
  documentFacts,
  getFlow,
  historyFlow,
  identifier,
  indexOn,
  isoInstant,
  lifecycle,
  listFlow,
  mspId,
  orgNamedIn,
  party,
  reasonNote,
  roleAuthorities,
  sha256Hex,
  statusListIndex,
  submitFlow,
  text,
  transitionFlow,
  verifyFlow,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { labels } from './labels';

/**
 * An accreditor counts only from the education ministry (MSP ID of network/topology.yaml); a registrar speaks for
 * its own university (`own-org`): which orgs are universities is the ministry's accreditation register, checked
 * when a diploma is issued or reinstated.
 */
export const MINISTRY = ['EducationMinistryMSP'];
export const authorities = roleAuthorities({ accreditor: { issuedBy: MINISTRY }, registrar: { issuedBy: 'own-org' } });
export const accreditors = [party(MINISTRY, ['accreditor'])];
export const registrars = [party(undefined, ['registrar'])];

/** The ministry's register of accredited universities (MSP ID and public name), public to every member. */
export const accreditationRegister = defineOrgRegister({
  entity: 'Accreditation',
  key: 'universityId',
  request: z.strictObject({ universityId: mspId, name: text(200) }),
  since: 'accreditedAt',
  by: accreditors,
  states: { inForce: 'ACCREDITED', suspended: 'SUSPENDED', ended: 'WITHDRAWN' },
  steps: {
    admit: {
      ...{ flow: 'accredit', transition: 'accredit', event: 'UniversityAccredited' },
      description: 'The education ministry accredits a university (its MSP ID), which may then confer diplomas.',
    },
    suspend: {
      ...{ transition: 'suspend', event: 'AccreditationSuspended' },
      description: 'The ministry suspends an accreditation, with a reason; no diplomas meanwhile.',
    },
    restore: {
      ...{ transition: 'restore', event: 'AccreditationRestored' },
      description: 'The ministry lifts the suspension of an accreditation.',
    },
    end: {
      ...{ transition: 'withdraw', event: 'AccreditationWithdrawn' },
      description: 'The ministry withdraws an accreditation for good, with a reason; earlier diplomas stay valid.',
    },
  },
  readers,
  view: {
    title: 'Accreditations',
    collection: 'accreditations',
    columns: ['universityId', 'name', 'reason'],
  },
  refusal: {
    ...{ may: 'confer diplomas', entry: 'accreditation', absent: 'it is not accredited' },
    authority: 'the education ministry accredits',
  },
});

export const degrees = ['CERTIFICATE', 'BACHELOR', 'MASTER', 'DOCTORATE'] as const;
export const diplomaStatuses = ['ISSUED', 'SUSPENDED', 'REVOKED'] as const;

/**
 * What a university confers. No names or national IDs: the holder by a pseudonymous ID (a keyed hash the
 * university computes), the diploma and its transcript by their SHA-256 digests; the documents stay off chain.
 */
export const conferral = z.strictObject({
  diplomaId: identifier,
  holderId: identifier,
  degree: z.enum(degrees),
  field: text(200),
  conferredOn: z.iso.date(),
  documentHash: sha256Hex,
  transcriptHash: sha256Hex,
});
/** The issue request: the conferral, and optionally the two documents' sizes and media types. */
const issueRequest = conferral.extend({ documentFacts });
const diplomaSchema = conferral.extend({
  university: mspId,
  status: z.enum(diplomaStatuses),
  issuedAt: isoInstant,
  suspension: reasonNote.optional(),
  revocation: reasonNote.optional(),
  /** The diploma's entry in its university's credential status lists (assigned at issue). */
  statusListIndex,
});
export type Diploma = z.output<typeof diplomaSchema>;

export const diplomas = defineRecordType({
  name: 'Diploma',
  schema: diplomaSchema,
  key: ['diplomaId'],
  indexes: { byUniversity: indexOn<Diploma>('university', 'status') },
  eventDetails: (diploma) => ({ university: diploma.university, degree: diploma.degree, field: diploma.field }),
});

/** Diploma and transcript digests, each claimed once: verification starts here. */
export const diplomaDocuments = defineDocumentClaims('DiplomaDocument');

/** Only the university that issued a diploma changes it. */
const own = orgNamedIn<Diploma>('university', 'its issuing university');

/** The issuing university is accredited now (the ministry's register on the ledger). */
const accredited = accreditationRegister.requireInForce<Diploma>('university');

/** Who changes an issued diploma: a registrar of the university that issued it. */
const issuer = { by: registrars, guards: [own] };

export const diplomaLife = lifecycle(
  diplomas,
  defineStateMachine({
    entity: 'Diploma',
    states: diplomaStatuses,
    transitions: {
      issue: { from: 'new', to: 'ISSUED', by: registrars, event: 'DiplomaIssued', checks: [accredited] },
      suspend: { ...issuer, from: ['ISSUED'], to: 'SUSPENDED', event: 'DiplomaSuspended' },
      reinstate: { ...issuer, from: ['SUSPENDED'], to: 'ISSUED', event: 'DiplomaReinstated', checks: [accredited] },
      revoke: { ...issuer, from: ['ISSUED', 'SUSPENDED'], to: 'REVOKED', event: 'DiplomaRevoked' },
    },
  }),
);

/**
 * Diplomas as W3C Verifiable Credentials signed by the university's own key (registered here by its registrar);
 * suspending, reinstating and revoking a diploma flip its entries in the university's status lists.
 */
export const diplomaCredentials = defineCredentials(diplomaLife, {
  type: 'DiplomaCredential',
  issuerField: 'university',
  holderField: 'holderId',
  subjectFields: ['diplomaId', 'degree', 'field', 'conferredOn', 'documentHash', 'transcriptHash'],
  validFrom: 'conferredOn',
  states: { revoked: 'REVOKED', suspended: 'SUSPENDED' },
  keyHolders: registrars,
});

/**
 * Education certificates, a public register (no personal data on chain, so every query is open to channel members);
 * an accredited university alone suspends, reinstates or revokes its diplomas; employers verify them by digest.
 */
export const scenario = defineScenario({
  id: 'education',
  contract: 'Education',
  title: 'Education certificates',
  summary: 'Accredited universities issue, suspend, reinstate and revoke diplomas; employers verify them by digest.',
  version: '1.0',
  authorities,
  labels,
  verify: { transaction: 'verifyDiploma' },
  credentials: diplomaCredentials.profile,
  records: [
    accreditationRegister.view,
    {
      type: diplomaLife,
      title: 'Diplomas',
      collection: 'diplomas',
      get: 'getDiploma',
      history: 'diplomaHistory',
      columns: ['university', 'degree', 'field', 'reason'],
    },
    diplomaCredentials.keysView,
  ],
  flows: {
    ...accreditationRegister.flows,
    issueDiploma: submitFlow({
      description: 'An accredited university issues a diploma; its digest and its transcript digest are anchored.',
      request: issueRequest,
      on: diplomaLife,
      transition: 'issue',
      run: async (scene, { documentFacts: facts, ...input }) => {
        const draft = {
          ...input,
          university: scene.actor.mspId,
          status: 'ISSUED' as const,
          issuedAt: scene.now.iso,
          statusListIndex: await diplomaCredentials.assign(scene),
        };
        const diploma = await diplomaLife.create(scene, 'issue', draft);
        const documents = { diploma: input.documentHash, transcript: input.transcriptHash };
        await claimDocuments(scene, diplomaDocuments, input.diplomaId, documents, { facts });
        return diploma;
      },
    }),
    suspendDiploma: transitionFlow(diplomaLife, 'suspend', {
      description: 'The issuing university suspends a diploma, with a reason (an inquiry, say).',
      reason: 'suspension',
      after: diplomaCredentials.follow,
    }),
    reinstateDiploma: transitionFlow(diplomaLife, 'reinstate', {
      description: 'The issuing university, while accredited, lifts the suspension of a diploma.',
      change: (data) => ({ ...data, suspension: undefined }),
      after: diplomaCredentials.follow,
    }),
    revokeDiploma: transitionFlow(diplomaLife, 'revoke', {
      description: 'The issuing university revokes a diploma for good, with a reason.',
      reason: 'revocation',
      after: diplomaCredentials.follow,
    }),
    getDiploma: getFlow(diplomaLife, { description: 'A diploma.', readers }),
    diplomaHistory: historyFlow(diplomaLife, { description: 'Changes to a diploma.', readers }),
    listDiplomasByUniversity: listFlow(diplomaLife, 'byUniversity', {
      description: 'Diplomas a university issued, optionally in one state.',
      readers,
      filters: { university: mspId, status: z.enum(diplomaStatuses).optional() },
    }),
    verifyDiploma: verifyFlow({
      description: 'Checks a diploma or transcript digest: VALID, SUSPENDED, REVOKED or UNKNOWN; never refuses.',
      claims: diplomaDocuments,
      on: diplomaLife,
      verdict: (diploma) => ({
        verdict: diploma.status === 'ISSUED' ? 'VALID' : diploma.status,
        type: diploma.degree,
        issuer: diploma.university,
        validFrom: diploma.conferredOn,
      }),
    }),
    ...diplomaCredentials.flows,
  },
});
