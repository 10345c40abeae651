import { identifier, mayAct, plainStep, submitFlow, ValidationError } from '@scenechain/scene-kit';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { specificationCommitment } from '../commitment';
import { MAX_SPECIFICATION_LENGTH, publications } from '../model/publication';
import { examiners } from '../parties';
import { movePatent, patentOf } from './patent-step';

export const publish = submitFlow(
  'Publishes an application by revealing its specification and salt, which must match the filed commitment: early at the applicant’s request, or by the office once 18 months have passed.',
  z.strictObject({
    applicationId: identifier,
    specification: z.string().min(1).max(MAX_SPECIFICATION_LENGTH),
    salt: z.string().regex(/^[0-9a-f]{32,128}$/, '16 to 64 random bytes in lower-case hex'),
  }),
  async (scene, input) => {
    const current = await patentOf(scene, input.applicationId);
    const specificationHash = createHash('sha256').update(input.specification, 'utf8').digest('hex');
    const transition = mayAct(scene.actor, examiners) ? 'publishWhenDue' : 'publishOnRequest';
    const patent = await movePatent(scene, current, transition, (data) => {
      if (specificationCommitment(input.salt, input.specification) !== data.commitment) {
        throw new ValidationError(
          `invalid request: specification and salt do not match the commitment filed for ${data.id}`,
          [{ path: 'specification', message: 'does not match the commitment' }],
        );
      }
      return { ...data, publishedAt: scene.now.iso, specificationHash };
    });
    await publications.create(
      scene,
      {
        applicationId: input.applicationId,
        specification: input.specification,
        salt: input.salt,
        specificationHash,
        publishedAt: scene.now.iso,
      },
      { step: plainStep(transition, 'SpecificationRevealed') },
    );
    return patent;
  },
);
