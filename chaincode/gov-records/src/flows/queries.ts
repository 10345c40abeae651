import { evaluateFlow, ForbiddenError, identifier, mspId, pageFields, requireRead } from '@scenechain/scene-kit';
import { z } from 'zod';
import { actingSubject } from '../lifecycle/subject-guards';
import { consentLife } from '../lifecycle/consent-lifecycle';
import { recordLife } from '../lifecycle/record-lifecycle';
import { transferLife } from '../lifecycle/transfer-lifecycle';
import { accessLogs } from '../model/access-log';
import { consents, consentStatuses } from '../model/consent';
import { recordVersions, versionKey } from '../model/record-version';
import { recordStatuses, recordTypes, registryRecords, subjectId } from '../model/registry-record';
import { transfers, type Transfer } from '../model/transfer';
import {
  accessLogReaders,
  actsAsRegistrar,
  actsAsSubject,
  actsForGrantee,
  actsForIssuer,
  consentReaders,
  departmentReaders,
  mayReadConsent,
  mayReadRecord,
  ownRecordReaders,
  readablePart,
  readableRecord,
  recordReaders,
  transferReaders,
} from '../read-access';

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
  run: async (scene, input) => {
    const record = await recordLife.read(scene, input.recordId);
    const version = await recordVersions.mustGet(scene, {
      recordId: input.recordId,
      versionKey: versionKey(input.version),
    });
    const allowed = mayReadRecord(scene, record.data) || actsAsSubject(scene, version.data.subjectId);
    requireRead(scene.actor, allowed, `version ${input.version} of RegistryRecord ${input.recordId}`, recordReaders);
    return version;
  },
});

export const listRecordVersions = evaluateFlow({
  description: 'Every version of a record, oldest first.',
  request: z.strictObject({ recordId: identifier, ...pageFields }),
  on: recordLife,
  readers: recordReaders,
  run: async (scene, input) => {
    await readableRecord(scene, input.recordId, `the versions of ${input.recordId}`);
    return recordVersions.listByKey(scene, [input.recordId], input);
  },
});

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
    requireRead(scene.actor, subject || actsAsRegistrar(scene), `the records of ${input.subjectId}`, recordReaders);
    const page = await registryRecords.list(
      scene,
      'bySubject',
      input.type ? [input.subjectId, input.type] : [input.subjectId],
      input,
    );
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
    return registryRecords.list(scene, 'bySubject', input.type ? [subject, input.type] : [subject], input);
  },
});

export const listRecordsByType = evaluateFlow({
  description: "Records of one type, optionally in one state: those the caller's department issued.",
  request: z.strictObject({ type: z.enum(recordTypes), status: z.enum(recordStatuses).optional(), ...pageFields }),
  on: recordLife,
  readers: departmentReaders,
  run: async (scene, input) =>
    readablePart(
      await registryRecords.list(scene, 'byType', input.status ? [input.type, input.status] : [input.type], input),
      (record) => record.data.issuer === scene.actor.mspId,
    ),
});

export const listTransfers = evaluateFlow({
  description:
    'Title transfers of one record: all of them to its subject and issuing department, else those naming the caller.',
  request: z.strictObject({ recordId: identifier, ...pageFields }),
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
  request: z.strictObject({ recordId: identifier, ...pageFields }),
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
  run: async (scene, input) => {
    requireRead(
      scene.actor,
      actsForGrantee(scene, input.grantee),
      `the consents given to ${input.grantee}`,
      consentReaders,
    );
    return consents.list(scene, 'byGrantee', input.status ? [input.grantee, input.status] : [input.grantee], input);
  },
});

export const listAccessLog = evaluateFlow({
  description: 'Every logged access to one record, in the order they happened.',
  request: z.strictObject({ recordId: identifier, ...pageFields }),
  on: recordLife,
  readers: accessLogReaders,
  run: async (scene, input) => {
    await readableRecord(scene, input.recordId, `the access log of ${input.recordId}`, accessLogReaders);
    return accessLogs.listByKey(scene, [input.recordId], input);
  },
});

export const recordHistory = evaluateFlow({
  description: 'Every change to a record, newest first, with transaction, time, actor and transition.',
  request: z.strictObject({ recordId: identifier, ...pageFields }),
  on: recordLife,
  readers: recordReaders,
  run: async (scene, input) => {
    await readableRecord(scene, input.recordId, `the history of ${input.recordId}`);
    return registryRecords.history(scene, { id: input.recordId }, input);
  },
});

/** The submitter is the seller or the buyer of the transfer. */
function isParty(scene: Parameters<typeof actsAsSubject>[0], transfer: Transfer): boolean {
  return actsAsSubject(scene, transfer.seller) || actsAsSubject(scene, transfer.buyer);
}
