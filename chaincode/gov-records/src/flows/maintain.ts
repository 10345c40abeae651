import { identifier, isoInstant, msOf, sha256Hex, text, transitionFlow, ValidationError } from '@scenechain/scene-kit';
import { z } from 'zod';
import { recordLife } from '../lifecycle/record-lifecycle';
import { publicAttributes } from '../model/registry-record';
import { keepVersion } from './record-versions';

export const amend = transitionFlow(recordLife, 'amend', {
  description:
    'The issuing department amends a record: a new version with a new document; every old version stays readable.',
  request: z.strictObject({
    recordId: identifier,
    documentHash: sha256Hex,
    attributes: publicAttributes.optional(),
    validUntil: isoInstant.optional(),
    reason: text(500),
  }),
  change: (data, input) => {
    const validUntil = input.validUntil ?? data.validUntil;
    if (validUntil !== undefined && msOf(validUntil) <= msOf(data.validFrom)) {
      throw new ValidationError(`invalid request: validUntil: must be after validFrom (${data.validFrom})`);
    }
    const attributes = input.attributes ?? data.attributes;
    return { ...data, version: data.version + 1, documentHash: input.documentHash, attributes, validUntil };
  },
  details: (input) => ({ reason: input.reason }),
  after: (scene, amended, input) => keepVersion(scene, amended.data, input.reason),
});

export const suspend = transitionFlow(recordLife, 'suspend', {
  description: 'The issuing department suspends a record, with a reason.',
  request: z.strictObject({ recordId: identifier, reason: text(500) }),
  change: (data, input, scene) => ({ ...data, suspension: { reason: input.reason, at: scene.now.iso } }),
});

export const reinstate = transitionFlow(recordLife, 'reinstate', {
  description: 'The issuing department lifts a suspension.',
  request: z.strictObject({ recordId: identifier }),
  change: (data) => ({ ...data, suspension: undefined }),
});

export const revoke = transitionFlow(recordLife, 'revoke', {
  description: 'The issuing department revokes a record for good, with a reason.',
  request: z.strictObject({ recordId: identifier, reason: text(500) }),
  change: (data, input, scene) => ({ ...data, revocation: { reason: input.reason, at: scene.now.iso } }),
});
