import {
  anyone,
  evaluateFlow,
  ForbiddenError,
  identifier,
  mayAct,
  mspId,
  pageFields,
  readableBy,
  requireRead,
  type Page,
  type ReadRule,
  type Scene,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { consentLife, recordLife, transferLife } from '../machines';
import { actingSubject, registrars, subjects } from '../parties';
import { actsAsSubject, actsForGrantee, actsForIssuer, mayReadRecord } from './who-reads';
import {
  accessLogs,
  consents,
  consentStatuses,
  recordStatuses,
  recordTypes,
  recordVersions,
  registryRecords,
  subjectId,
  transfers,
  versionKey,
  type Transfer,
} from '../records';

/*
 * Who may read what. Records, their versions and history, transfers, consents and the access log are personal
 * data: no query answers them to any channel member. A consent holder reads a record only through the submitted
 * `accessRecord`, so every such read is on the ledger. Lists leave out the items the reader may not see (a page
 * may then hold fewer items than asked for; its bookmark still leads on).
 */
const recordReaders = readableBy(
  [...subjects, ...registrars],
  "the record's subject (certificate attribute subject) and registrars of the issuing department; a consent holder reads through accessRecord, which logs every read",
);
/** The register by type: the department's own work list. */
const departmentReaders = readableBy(registrars, 'records their own department issued');
/** `listMyRecords`: a subject's own records, found by the certificate's `subject` attribute. */
const ownRecordReaders = readableBy(subjects, 'their own records');
const transferReaders = readableBy(
  [...subjects, ...registrars],
  "the seller, the buyer and registrars of the record's issuing department",
);
const consentReaders = readableBy(anyone, "the consent's subject and members of the grantee org");
const accessLogReaders = readableBy(
  [...subjects, ...registrars],
  "the record's subject and registrars of the issuing department",
);

const mayReadConsent = (scene: Scene, consent: { subjectId: string; grantee: string }) =>
  actsAsSubject(scene, consent.subjectId) || actsForGrantee(scene, consent.grantee);

/** The submitter is the seller or the buyer of the transfer. */
const isParty = (scene: Scene, transfer: Transfer) =>
  actsAsSubject(scene, transfer.seller) || actsAsSubject(scene, transfer.buyer);

/** The page with only the items `mayRead` allows. */
function readablePart<T>(page: Page<T>, mayRead: (item: T) => boolean): Page<T> {
  return { items: page.items.filter(mayRead), bookmark: page.bookmark };
}

/** The record, once the submitter may read it (its subject or its issuing department); else FORBIDDEN naming `what`. */
async function readableRecord(scene: Scene, recordId: string, what: string, rule: ReadRule = recordReaders) {
  const record = await recordLife.read(scene, recordId);
  requireRead(scene.actor, mayReadRecord(scene, record.data), what, rule);
  return record;
}

const recordPage = z.strictObject({ recordId: identifier, ...pageFields });

/** A paginated part of one record (its versions, history, access log), to those who may read the record. */
function partOfRecord<O>(
  description: string,
  part: string,
  list: (scene: Scene, input: z.output<typeof recordPage>) => Promise<O>,
  readers = recordReaders,
) {
  return evaluateFlow({
    description,
    request: recordPage,
    on: recordLife,
    readers,
    run: async (scene, input) => {
      await readableRecord(scene, input.recordId, `${part} of ${input.recordId}`, readers);
      return list(scene, input);
    },
  });
}

/** Index values: the leading fields given, up to the first left out. */
function leading(...values: (string | undefined)[]): string[] {
  const end = values.indexOf(undefined);
  return (end < 0 ? values : values.slice(0, end)) as string[];
}

export const getRecord = evaluateFlow({
  description: 'A record, current version.',
  request: z.strictObject({ recordId: identifier }),
  on: recordLife,
  readers: recordReaders,
  run: (scene, input) => readableRecord(scene, input.recordId, `RegistryRecord ${input.recordId}`),
});

export const getRecordVersion = evaluateFlow({
  description: 'One version of a record, current or old (also to the subject that version names).',
  request: z.strictObject({ recordId: identifier, version: z.int().positive().max(999_999) }),
  on: recordLife,
  readers: recordReaders,
  run: async (scene, { recordId, version }) => {
    const record = await recordLife.read(scene, recordId);
    const kept = await recordVersions.mustGet(scene, { recordId, versionKey: versionKey(version) });
    const allowed = mayReadRecord(scene, record.data) || actsAsSubject(scene, kept.data.subjectId);
    requireRead(scene.actor, allowed, `version ${version} of RegistryRecord ${recordId}`, recordReaders);
    return kept;
  },
});

export const listRecordVersions = partOfRecord(
  'Every version of a record, oldest first.',
  'the versions',
  (scene, input) => recordVersions.listByKey(scene, [input.recordId], input),
);

export const getTransfer = evaluateFlow({
  description: 'A title transfer.',
  request: z.strictObject({ transferId: identifier }),
  on: transferLife,
  readers: transferReaders,
  run: async (scene, input) => {
    const transfer = await transferLife.read(scene, input.transferId);
    const record = await registryRecords.mustGet(scene, { id: transfer.data.recordId });
    const allowed = isParty(scene, transfer.data) || actsForIssuer(scene, record.data.issuer);
    requireRead(scene.actor, allowed, `Transfer ${input.transferId}`, transferReaders);
    return transfer;
  },
});

export const getConsent = evaluateFlow({
  description: 'A consent.',
  request: z.strictObject({ consentId: identifier }),
  on: consentLife,
  readers: consentReaders,
  run: async (scene, input) => {
    const consent = await consentLife.read(scene, input.consentId);
    requireRead(scene.actor, mayReadConsent(scene, consent.data), `Consent ${input.consentId}`, consentReaders);
    return consent;
  },
});

export const listRecordsBySubject = evaluateFlow({
  description:
    'Records held by a subject, optionally of one type: all of them to the subject, to a registrar those its department issued.',
  request: z.strictObject({ subjectId, type: z.enum(recordTypes).optional(), ...pageFields }),
  on: recordLife,
  readers: recordReaders,
  run: async (scene, input) => {
    const subject = actsAsSubject(scene, input.subjectId);
    const allowed = subject || mayAct(scene.actor, registrars);
    requireRead(scene.actor, allowed, `the records of ${input.subjectId}`, recordReaders);
    const page = await registryRecords.list(scene, 'bySubject', leading(input.subjectId, input.type), input);
    return subject ? page : readablePart(page, (record) => record.data.issuer === scene.actor.mspId);
  },
});

export const listMyRecords = evaluateFlow({
  description: "The records of the subject the caller's certificate names (attribute subject), optionally of one type.",
  request: z.strictObject({ type: z.enum(recordTypes).optional(), ...pageFields }),
  on: recordLife,
  readers: ownRecordReaders,
  run: async (scene, input) => {
    const subject = actingSubject(scene.identity.attribute);
    if (subject === null) {
      throw new ForbiddenError(`${scene.actor.mspId} user ${scene.actor.user}'s certificate names no subject`);
    }
    return registryRecords.list(scene, 'bySubject', leading(subject, input.type), input);
  },
});

export const listRecordsByType = evaluateFlow({
  description: "Records of one type, optionally in one state: those the caller's department issued.",
  request: z.strictObject({ type: z.enum(recordTypes), status: z.enum(recordStatuses).optional(), ...pageFields }),
  on: recordLife,
  readers: departmentReaders,
  run: async (scene, input) =>
    readablePart(
      await registryRecords.list(scene, 'byType', leading(input.type, input.status), input),
      (record) => record.data.issuer === scene.actor.mspId,
    ),
});

export const listTransfers = evaluateFlow({
  description:
    'Title transfers of one record: all of them to its subject and issuing department, else those naming the caller.',
  request: recordPage,
  on: recordLife,
  readers: transferReaders,
  run: async (scene, input) => {
    const record = await recordLife.read(scene, input.recordId);
    const page = await transfers.list(scene, 'byRecord', [input.recordId], input);
    return mayReadRecord(scene, record.data) ? page : readablePart(page, (transfer) => isParty(scene, transfer.data));
  },
});

export const listConsentsByRecord = evaluateFlow({
  description: 'Consents given on one record: all of them to its subject, else those given to the caller’s org.',
  request: recordPage,
  on: recordLife,
  readers: consentReaders,
  run: async (scene, input) =>
    readablePart(await consents.list(scene, 'byRecord', [input.recordId], input), (consent) =>
      mayReadConsent(scene, consent.data),
    ),
});

export const listConsentsByGrantee = evaluateFlow({
  description: 'Consents given to the caller’s own org (to its staff), optionally in one state.',
  request: z.strictObject({ grantee: mspId, status: z.enum(consentStatuses).optional(), ...pageFields }),
  on: consentLife,
  readers: consentReaders,
  run: async (scene, { grantee, status, ...page }) => {
    const allowed = actsForGrantee(scene, grantee);
    requireRead(scene.actor, allowed, `the consents given to ${grantee}`, consentReaders);
    return consents.list(scene, 'byGrantee', leading(grantee, status), page);
  },
});

export const listAccessLog = partOfRecord(
  'Every logged access to one record, in the order they happened.',
  'the access log',
  (scene, input) => accessLogs.listByKey(scene, [input.recordId], input),
  accessLogReaders,
);

export const recordHistory = partOfRecord(
  'Every change to a record, newest first, with transaction, time, actor and transition.',
  'the history',
  (scene, input) => registryRecords.history(scene, { id: input.recordId }, input),
);
