import {
  advance,
  identifier,
  isoInstant,
  msOf,
  sha256Hex,
  submitFlow,
  text,
  ValidationError,
  type Scene,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { recordLifecycle } from '../lifecycle/record-lifecycle';
import { publicAttributes, registryRecords } from '../model/registry-record';
import { keepVersion } from './record-versions';

const recordOf = (scene: Scene, recordId: string) => registryRecords.mustGet(scene, { id: recordId });

export const amend = submitFlow(
  'The issuing department amends a record: a new version with a new document; every old version stays readable.',
  z.strictObject({
    recordId: identifier,
    documentHash: sha256Hex,
    attributes: publicAttributes.optional(),
    validUntil: isoInstant.optional(),
    reason: text(500),
  }),
  async (scene, input) => {
    const amended = await advance(
      scene,
      registryRecords,
      recordLifecycle,
      await recordOf(scene, input.recordId),
      'amend',
      (data) => {
        const validUntil = input.validUntil ?? data.validUntil;
        if (validUntil !== undefined && msOf(validUntil) <= msOf(data.validFrom)) {
          throw new ValidationError(`invalid request: validUntil: must be after validFrom (${data.validFrom})`);
        }
        return {
          ...data,
          version: data.version + 1,
          documentHash: input.documentHash,
          attributes: input.attributes ?? data.attributes,
          validUntil,
        };
      },
      { reason: input.reason },
    );
    await keepVersion(scene, amended.data, input.reason);
    return amended;
  },
);

export const suspend = submitFlow(
  'The issuing department suspends a record, with a reason.',
  z.strictObject({ recordId: identifier, reason: text(500) }),
  async (scene, input) =>
    advance(scene, registryRecords, recordLifecycle, await recordOf(scene, input.recordId), 'suspend', (data) => ({
      ...data,
      suspension: { reason: input.reason, at: scene.now.iso },
    })),
);

export const reinstate = submitFlow(
  'The issuing department lifts a suspension.',
  z.strictObject({ recordId: identifier }),
  async (scene, input) =>
    advance(scene, registryRecords, recordLifecycle, await recordOf(scene, input.recordId), 'reinstate', (data) => ({
      ...data,
      suspension: undefined,
    })),
);

export const revoke = submitFlow(
  'The issuing department revokes a record for good, with a reason.',
  z.strictObject({ recordId: identifier, reason: text(500) }),
  async (scene, input) =>
    advance(scene, registryRecords, recordLifecycle, await recordOf(scene, input.recordId), 'revoke', (data) => ({
      ...data,
      revocation: { reason: input.reason, at: scene.now.iso },
    })),
);
