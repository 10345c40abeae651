import {
  defineRecordType,
  identifier,
  isoInstant,
  mayAct,
  plainStep,
  sha256Hex,
  submitFlow,
  ValidationError,
} from '@scenechain/scene-kit';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { patentLife } from '../lifecycle/patent-lifecycle';
import { examiners } from '../parties';
import { specificationCommitment } from './file';

/** A specification and the salt that proves it is the one filed: 16 to 64 random bytes in hex. */
const revealed = z.strictObject({
  applicationId: identifier,
  specification: z.string().min(1).max(200_000),
  salt: z.string().regex(/^[0-9a-f]{32,128}$/, '16 to 64 random bytes in lower-case hex'),
});

/** The revealed specification of a published application, kept apart from the patent so lists stay small. */
export const publications = defineRecordType({
  name: 'Publication',
  schema: revealed.extend({ specificationHash: sha256Hex, publishedAt: isoInstant }),
  key: ['applicationId'],
  eventDetails: (publication) => ({ specificationHash: publication.specificationHash }),
});

export const publish = submitFlow({
  description:
    'Publishes an application by revealing its specification and salt, which must match the filed commitment: early at the applicant’s request, or by the office once 18 months have passed.',
  request: revealed,
  on: patentLife,
  transition: 'publishOnRequest',
  orTransitions: ['publishWhenDue'],
  run: async (scene, input) => {
    const specificationHash = createHash('sha256').update(input.specification, 'utf8').digest('hex');
    const transition = mayAct(scene.actor, examiners) ? 'publishWhenDue' : 'publishOnRequest';
    const patent = await patentLife.advance(scene, input.applicationId, transition, (data) => {
      if (specificationCommitment(input.salt, input.specification) !== data.commitment) {
        throw new ValidationError(
          `invalid request: specification and salt do not match the commitment filed for ${data.id}`,
          [{ path: 'specification', message: 'does not match the commitment' }],
        );
      }
      return { ...data, publishedAt: scene.now.iso, specificationHash };
    });
    const publication = { ...input, specificationHash, publishedAt: scene.now.iso };
    await publications.create(scene, publication, { step: plainStep(transition, 'SpecificationRevealed') });
    return patent;
  },
});
