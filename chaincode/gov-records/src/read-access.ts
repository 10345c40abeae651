import { anyone, mayAct, readableBy, requireRead, type Page, type ReadRule, type Scene } from '@scenechain/scene-kit';
import { recordLife } from './lifecycle/record-lifecycle';
import { actingSubject } from './lifecycle/subject-guards';
import { registrars, subjects } from './parties';

/**
 * Who may read what. Records, their versions and history, transfers, consents and the access log are personal
 * data: no query answers them to any channel member. A consent holder reads a record only through the submitted
 * `accessRecord`, so every such read is on the ledger. Lists leave out the items the reader may not see (a page
 * may then hold fewer items than asked for; its bookmark still leads on).
 */
export const recordReaders = readableBy(
  [...subjects, ...registrars],
  "the record's subject (certificate attribute subject) and registrars of the issuing department; a consent holder reads through accessRecord, which logs every read",
);

/** The register by type: the department's own work list. */
export const departmentReaders = readableBy(registrars, 'records their own department issued');

/** `listMyRecords`: a subject's own records, found by the certificate's `subject` attribute. */
export const ownRecordReaders = readableBy(subjects, 'their own records');

export const transferReaders = readableBy(
  [...subjects, ...registrars],
  "the seller, the buyer and registrars of the record's issuing department",
);

export const consentReaders = readableBy(anyone, "the consent's subject and members of the grantee org");

export const accessLogReaders = readableBy(
  [...subjects, ...registrars],
  "the record's subject and registrars of the issuing department",
);

/** The submitter acts as `subjectId` (by a `subject` attribute that counts: see parties.ts). */
export function actsAsSubject(scene: Scene, subjectId: string): boolean {
  return actingSubject(scene.identity.attribute) === subjectId;
}

/** The submitter is a registrar (of its own org). */
export function actsAsRegistrar(scene: Scene): boolean {
  return mayAct(scene.actor, registrars);
}

/** The submitter is a registrar of the department that issued the record. */
export function actsForIssuer(scene: Scene, issuer: string): boolean {
  return actsAsRegistrar(scene) && scene.actor.mspId === issuer;
}

export function mayReadRecord(scene: Scene, record: { subjectId: string; issuer: string }): boolean {
  return actsAsSubject(scene, record.subjectId) || actsForIssuer(scene, record.issuer);
}

export function mayReadConsent(scene: Scene, consent: { subjectId: string; grantee: string }): boolean {
  return actsAsSubject(scene, consent.subjectId) || actsForGrantee(scene, consent.grantee);
}

/** Staff of the grantee org: a member of it not acting as a subject (a citizen of the same org is not the grantee). */
export function actsForGrantee(scene: Scene, grantee: string): boolean {
  return scene.actor.mspId === grantee && actingSubject(scene.identity.attribute) === null;
}

/** The page with only the items `mayRead` allows. */
export function readablePart<T>(page: Page<T>, mayRead: (item: T) => boolean): Page<T> {
  return { items: page.items.filter(mayRead), bookmark: page.bookmark };
}

/** The record, once the submitter may read it (its subject or its issuing department); else FORBIDDEN naming `what`. */
export async function readableRecord(scene: Scene, recordId: string, what: string, rule: ReadRule = recordReaders) {
  const record = await recordLife.read(scene, recordId);
  requireRead(scene.actor, mayReadRecord(scene, record.data), what, rule);
  return record;
}
