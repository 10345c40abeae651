import { ConflictError, identifier, mspId, sha256Hex, submitFlow, text } from '@scenechain/scene-kit';
import { z } from 'zod';
import { patentLife } from '../lifecycle/patent-lifecycle';

export const assign = submitFlow({
  description:
    'Records an assignment of the application or patent to a new owner (refused while it is pledged). The agent is dropped: the new owner appoints its own.',
  request: z.strictObject({
    applicationId: identifier,
    newOwner: mspId,
    newOwnerName: text(200),
    deedHash: sha256Hex.optional(),
  }),
  on: patentLife,
  transition: 'assign',
  run: async (scene, input) => {
    const current = await patentLife.read(scene, input.applicationId);
    return patentLife.advance(
      scene,
      current,
      'assign',
      (data) => {
        if (data.owner === input.newOwner) throw new ConflictError(`${data.id} is already owned by ${input.newOwner}`);
        return { ...data, owner: input.newOwner, applicantName: input.newOwnerName, agent: undefined };
      },
      { previousOwner: current.data.owner, ...(input.deedHash ? { deedHash: input.deedHash } : {}) },
    );
  },
});
