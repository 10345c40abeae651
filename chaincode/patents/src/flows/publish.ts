import {
  defineRecordType,
  identifier,
  isoInstant,
  mayAct,
  plainStep,
  saltText,
  sha256Hex,
  submitFlow,
  ValidationError,
} from '@scenechain/scene-kit';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { patentLife } from '../lifecycle/patent-lifecycle';
import { examiners } from '../parties';
import { specificationCommitment } from './file';
import { keptSpecification, purgeSpecification, specificationText } from './unpublished-specification';

/**
 * A specification and the salt that proves it is the one filed. The publish request may omit both when the text
 * was filed with the application (the chaincode takes it from the private collection).
 */
const revealed = z.strictObject({ applicationId: identifier, specification: specificationText, salt: saltText });

/** The revealed specification of a published application, kept apart from the patent so lists stay small. */
export const publications = defineRecordType({
  name: 'Publication',
  schema: revealed.extend({ specificationHash: sha256Hex, publishedAt: isoInstant }),
  key: ['applicationId'],
  eventDetails: (publication) => ({ specificationHash: publication.specificationHash }),
});

export const publish = submitFlow({
  description:
    'Publishes an application, revealing its specification, which must match the filed commitment: the text kept since filing (then purged from the private stores) or, for an application filed with its commitment only, the text and salt given. Early at the applicant’s request, or by the office once 18 months have passed.',
  request: revealed.partial({ specification: true, salt: true }),
  on: patentLife,
  transition: 'publishOnRequest',
  orTransitions: ['publishWhenDue'],
  run: async (scene, input) => {
    const transition = mayAct(scene.actor, examiners) ? 'publishWhenDue' : 'publishOnRequest';
    const stored = await patentLife.read(scene, input.applicationId);
    // Who, state and guards first: the private copy is read only for a publication that may happen.
    await patentLife.check(scene, stored, transition);
    const kept =
      stored.data.specificationHolder === undefined ? undefined : await keptSpecification(scene, stored.data);
    const specification = input.specification ?? kept?.data.text;
    const salt = input.salt ?? kept?.salt;
    if (specification === undefined || salt === undefined) {
      const missing = specification === undefined ? 'specification' : 'salt';
      throw new ValidationError(
        `invalid request: ${missing}: ${input.applicationId} was filed with its commitment only; reveal its specification and salt`,
        [{ path: missing, message: 'required: no specification is kept for this application' }],
      );
    }
    const specificationHash = createHash('sha256').update(specification, 'utf8').digest('hex');
    const patent = await patentLife.advance(scene, stored, transition, (data) => {
      if (specificationCommitment(salt, specification) !== data.commitment) {
        throw new ValidationError(
          `invalid request: specification and salt do not match the commitment filed for ${data.id}`,
          [{ path: 'specification', message: 'does not match the commitment' }],
        );
      }
      return { ...data, publishedAt: scene.now.iso, specificationHash };
    });
    const publication = { applicationId: input.applicationId, specification, salt, specificationHash };
    await publications.create(
      scene,
      { ...publication, publishedAt: scene.now.iso },
      { step: plainStep(transition, 'SpecificationRevealed') },
    );
    // Public now: the private copies go, from current state and from the private write sets of past blocks.
    await purgeSpecification(scene, stored.data);
    return patent;
  },
});
