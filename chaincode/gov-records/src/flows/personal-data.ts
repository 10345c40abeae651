import {
  channelMembers,
  evaluateFlow,
  ForbiddenError,
  identifier,
  mayAct,
  matchesCommitment,
  mspId,
  NotFoundError,
  notBeforeRecorded,
  readableBy,
  requireRead,
  submitFlow,
  anyone,
  type Scene,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { consentLife, recordLife } from '../machines';
import { DEPARTMENTS, registrars, subjects } from '../parties';
import { accessLogs, personalData, type RegistryRecord } from '../records';
import { actsForGrantee, actsForIssuer, mayReadRecord } from './who-reads';

/*
 * The subject's personal data: kept in the subjectIdentities collection (the issuing department's and the
 * citizen-services org's peers) under the record's ID, committed to on the record by `personalDataHash`. It is
 * handed to a consent holder through that org's own implicit collection, and anyone shown it checks it against
 * the hash. It never appears in a request's arguments, an answer of a submitted transaction, an event or a block.
 */

const personalDataReaders = readableBy(
  [...subjects, ...registrars],
  "the record's subject and registrars of the issuing department, on a peer of the department or the citizen-services org",
);
const sharedReaders = readableBy(anyone, "staff of the consent's grantee org, on their own org's peer");

const recordRequest = z.strictObject({ recordId: identifier });

/** What a reader gets: the data, its salt, the record's hash and whether they match. */
function answer(record: RegistryRecord, value: { data: unknown; salt: string }) {
  const { personalDataHash } = record;
  return {
    recordId: record.id,
    personalData: value.data,
    salt: value.salt,
    personalDataHash: personalDataHash ?? null,
    matches: matchesCommitment(value, personalDataHash),
  };
}

const missing = (recordId: string, where: string) => new NotFoundError(`no personal data of ${recordId} ${where}`);

export const getPersonalData = evaluateFlow({
  description:
    "The subject's personal data on a record, with its salt, read on the department's or the citizen-services org's peer.",
  request: recordRequest,
  readers: personalDataReaders,
  on: recordLife,
  run: async (scene, { recordId }) => {
    const record = (await recordLife.read(scene, recordId)).data;
    requireRead(scene.actor, mayReadRecord(scene, record), `the personal data of ${recordId}`, personalDataReaders);
    // Only what the record commits to: none after a title transfer (the seller's was purged).
    if (record.personalDataHash === undefined) throw missing(recordId, 'is on record');
    const value = await personalData.get(scene, recordId);
    if (!value) throw missing(recordId, 'was recorded');
    return answer(record, value);
  },
});

/** A registrar hands over only what its own department issued (the machine's guard checked a subject). */
function requireSharer(scene: Scene, record: RegistryRecord): void {
  if (mayAct(scene.actor, registrars) && !actsForIssuer(scene, record.issuer)) {
    throw new ForbiddenError(
      `only registrars of ${record.issuer}, which issued ${record.id}, or its subject may share its personal data`,
    );
  }
}

export const sharePersonalData = submitFlow({
  description:
    "The issuing department or the subject hands the subject's personal data to the org a consent names, into that org's own private store; the data must match the record's hash.",
  request: z.strictObject({ recordId: identifier, consentId: identifier, grantee: mspId, ...personalData.fields }),
  transient: personalData.presented,
  // The grantee's peer must endorse the write into its implicit collection, and the department's peer the
  // chaincode's policy; both see the transient data (the department holds it anyway).
  endorsingOrgs: { orgs: DEPARTMENTS, fields: ['grantee'] },
  on: consentLife,
  transition: 'share',
  label: 'Share personal data',
  run: async (scene, input) => {
    const { current: consent, step } = await consentLife.check(scene, input.consentId, 'share');
    const { id, recordId, grantee, purpose } = consent.data;
    if (recordId !== input.recordId)
      throw new ForbiddenError(`Consent ${id} covers ${recordId}, not ${input.recordId}`);
    if (grantee !== input.grantee)
      throw new ForbiddenError(`Consent ${id} was given to ${grantee}, not ${input.grantee}`);
    const stored = await recordLife.read(scene, recordId);
    const record = stored.data;
    requireSharer(scene, record);
    // The sharer dates the hand-over: not before what the subject and the registry last recorded.
    notBeforeRecorded(scene, { [`Consent ${id}`]: consent, [`Record ${recordId}`]: stored });
    const value = personalData.valueOf(input)!;
    personalData.requireMatch(value, record.personalDataHash, `record ${recordId}`);
    await personalData.share(scene, recordId, value, grantee);
    const log = { recordId, accessId: scene.txId, consentId: id, accessor: scene.actor, purpose, at: scene.now.iso };
    await accessLogs.create(scene, log, { step, details: { sharedWith: grantee } });
    // The answer goes into the block: the hash, never the data.
    return { recordId, consentId: id, grantee, personalDataHash: record.personalDataHash };
  },
});

export const getSharedPersonalData = evaluateFlow({
  description:
    "A consent holder reads the personal data handed to its org under a consent, on its own peer, checked against the record's hash.",
  request: z.strictObject({ recordId: identifier, consentId: identifier }),
  readers: sharedReaders,
  on: consentLife,
  label: 'Read shared personal data',
  run: async (scene, { recordId, consentId }) => {
    const consent = (await consentLife.read(scene, consentId)).data;
    requireRead(scene.actor, actsForGrantee(scene, consent.grantee), `Consent ${consentId}`, sharedReaders);
    if (consent.recordId !== recordId)
      throw new ForbiddenError(`Consent ${consentId} covers ${consent.recordId}, not ${recordId}`);
    const value = await personalData.getShared(scene, recordId);
    if (!value) throw missing(recordId, `was handed to ${scene.actor.mspId}`);
    return { ...answer((await recordLife.read(scene, recordId)).data, value), consentId, status: consent.status };
  },
});

export const verifyPersonalData = evaluateFlow({
  description:
    "Checks personal data and its salt, shown by the subject or a holder, against the record's hash; answers whether they match.",
  request: z.strictObject({ recordId: identifier, ...personalData.fields }),
  transient: personalData.presented,
  readers: channelMembers,
  on: recordLife,
  label: 'Check personal data',
  run: async (scene, input) => {
    const record = (await recordLife.read(scene, input.recordId)).data;
    const matches = matchesCommitment(personalData.valueOf(input)!, record.personalDataHash);
    return { recordId: record.id, matches, personalDataHash: record.personalDataHash ?? null };
  },
});
