import { evaluateFlow, identifier, mspId, pageFields } from '@scenechain/scene-kit';
import { z } from 'zod';
import { accessLogs } from '../model/access-log';
import { consents, consentStatuses } from '../model/consent';
import { recordVersions, versionKey } from '../model/record-version';
import { recordStatuses, recordTypes, registryRecords, subjectId } from '../model/registry-record';
import { transfers } from '../model/transfer';

export const getRecord = evaluateFlow(
  'A record, current version.',
  z.strictObject({ recordId: identifier }),
  (scene, input) => registryRecords.mustGet(scene, { id: input.recordId }),
);

export const getRecordVersion = evaluateFlow(
  'One version of a record, current or old.',
  z.strictObject({ recordId: identifier, version: z.int().positive().max(999_999) }),
  (scene, input) => recordVersions.mustGet(scene, { recordId: input.recordId, versionKey: versionKey(input.version) }),
);

export const listRecordVersions = evaluateFlow(
  'Every version of a record, oldest first.',
  z.strictObject({ recordId: identifier, ...pageFields }),
  (scene, input) => recordVersions.listByKey(scene, [input.recordId], input),
);

export const getTransfer = evaluateFlow(
  'A title transfer.',
  z.strictObject({ transferId: identifier }),
  (scene, input) => transfers.mustGet(scene, { id: input.transferId }),
);

export const getConsent = evaluateFlow('A consent.', z.strictObject({ consentId: identifier }), (scene, input) =>
  consents.mustGet(scene, { id: input.consentId }),
);

export const listRecordsBySubject = evaluateFlow(
  'Records held by a subject, optionally of one type.',
  z.strictObject({ subjectId, type: z.enum(recordTypes).optional(), ...pageFields }),
  (scene, input) =>
    registryRecords.list(scene, 'bySubject', input.type ? [input.subjectId, input.type] : [input.subjectId], input),
);

export const listRecordsByType = evaluateFlow(
  'Records of one type, optionally in one state.',
  z.strictObject({ type: z.enum(recordTypes), status: z.enum(recordStatuses).optional(), ...pageFields }),
  (scene, input) =>
    registryRecords.list(scene, 'byType', input.status ? [input.type, input.status] : [input.type], input),
);

export const listTransfers = evaluateFlow(
  'Title transfers of one record.',
  z.strictObject({ recordId: identifier, ...pageFields }),
  (scene, input) => transfers.list(scene, 'byRecord', [input.recordId], input),
);

export const listConsentsByRecord = evaluateFlow(
  'Consents given on one record.',
  z.strictObject({ recordId: identifier, ...pageFields }),
  (scene, input) => consents.list(scene, 'byRecord', [input.recordId], input),
);

export const listConsentsByGrantee = evaluateFlow(
  'Consents given to one org, optionally in one state.',
  z.strictObject({ grantee: mspId, status: z.enum(consentStatuses).optional(), ...pageFields }),
  (scene, input) =>
    consents.list(scene, 'byGrantee', input.status ? [input.grantee, input.status] : [input.grantee], input),
);

export const listAccessLog = evaluateFlow(
  'Every logged access to one record, in the order they happened.',
  z.strictObject({ recordId: identifier, ...pageFields }),
  (scene, input) => accessLogs.listByKey(scene, [input.recordId], input),
);

export const recordHistory = evaluateFlow(
  'Every change to a record, newest first, with transaction, time, actor and transition.',
  z.strictObject({ recordId: identifier, ...pageFields }),
  (scene, input) => registryRecords.history(scene, { id: input.recordId }, input),
);
