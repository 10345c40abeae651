import { mayAct, type Scene } from '@scenechain/scene-kit';
import { actingSubject, registrars } from '../parties';

/* Who the submitter is with regard to a record or consent: the checks the queries' `only` rules describe. */

/** The submitter acts as `subjectId` (by a `subject` attribute that counts: see parties.ts). */
export const actsAsSubject = (scene: Scene, subjectId: string) => actingSubject(scene.identity.attribute) === subjectId;

/** The submitter is a registrar of the department that issued the record. */
export const actsForIssuer = (scene: Scene, issuer: string) =>
  mayAct(scene.actor, registrars) && scene.actor.mspId === issuer;

/** Staff of the grantee org: a member of it not acting as a subject (a citizen of the same org is not the grantee). */
export const actsForGrantee = (scene: Scene, grantee: string) =>
  scene.actor.mspId === grantee && actingSubject(scene.identity.attribute) === null;

export const mayReadRecord = (scene: Scene, record: { subjectId: string; issuer: string }) =>
  actsAsSubject(scene, record.subjectId) || actsForIssuer(scene, record.issuer);
