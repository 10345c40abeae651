import { identifier, mayAct, plainStep, submitFlow, ValidationError } from '@scenechain/scene-kit';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { specificationCommitment } from '../commitment';
import { patentLife } from '../lifecycle/patent-lifecycle';
import { MAX_SPECIFICATION_LENGTH, publications } from '../model/publication';
import { examiners } from '../parties';

export const publish = submitFlow({
  description:
    'Publishes an application by revealing its specification and salt, which must match the filed commitment: early at the applicant’s request, or by the office once 18 months have passed.',
  request: z.strictObject({
    applicationId: identifier,
    specification: z.string().min(1).max(MAX_SPECIFICATION_LENGTH),
    salt: z.string().regex(/^[0-9a-f]{32,128}$/, '16 to 64 random bytes in lower-case hex'),
  }),
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
    const { applicationId, specification, salt } = input;
    const publication = { applicationId, specification, salt, specificationHash, publishedAt: scene.now.iso };
    await publications.create(scene, publication, { step: plainStep(transition, 'SpecificationRevealed') });
    return patent;
  },
});
