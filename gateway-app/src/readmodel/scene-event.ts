import { z } from 'zod';

/** The scene kit's chaincode event payload (`scenechain.events/1`): every state change of one transaction. */
export const sceneEventPayload = z.object({
  schema: z.literal('scenechain.events/1'),
  events: z.array(
    z.object({
      name: z.string(),
      recordType: z.string(),
      id: z.string(),
      revision: z.number(),
      action: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      actor: z.object({ mspId: z.string(), user: z.string(), role: z.string().nullable() }),
      txId: z.string(),
      timestamp: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
});

export type SceneEventPayload = z.infer<typeof sceneEventPayload>;
export type SceneEventEntry = SceneEventPayload['events'][number];
