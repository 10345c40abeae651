import { z } from 'zod';
import type { AccessRule } from '../access';
import { AlreadyExistsError } from '../errors';
import { submitFlow } from '../flow';
import { lifecycle } from '../lifecycle';
import { orgNamedIn } from '../org-guard';
import { getFlow, listFlow } from '../query-flows';
import { channelMembers } from '../read-rule';
import { defineRecordType, indexOn } from '../record-type';
import { defineStateMachine } from '../state-machine';
import { transitionFlow } from '../transition-flow';
import { isoInstant, mspId, reasonNote } from '../validation/fields';
import { didJwkOf, jwkThumbprint, jwkThumbprintText, p256PublicJwk, requireCurvePoint } from './jwk';

export const issuerKeyStatuses = ['ACTIVE', 'RETIRED'] as const;

const issuerKeySchema = z.strictObject({
  keyId: jwkThumbprintText,
  issuer: mspId,
  publicKeyJwk: p256PublicJwk,
  /** The key as a DID (`did:jwk`): the `issuer` of every credential it signs. */
  did: z.string().max(300),
  status: z.enum(issuerKeyStatuses),
  registeredAt: isoInstant,
  retirement: reasonNote.optional(),
});
export type IssuerKey = z.output<typeof issuerKeySchema>;

/**
 * The keys orgs sign credentials with, on the ledger: an org registers its own public key (never another's: the
 * guard), a key is registered once (a second org claiming the same key is refused), and an org retires its own
 * key when it is lost. Verifiers trust a credential's key only if it is here, ACTIVE, and of the record's issuer.
 */
export function defineIssuerKeys(by: AccessRule) {
  const records = defineRecordType({
    name: 'IssuerKey',
    schema: issuerKeySchema,
    key: ['keyId'],
    indexes: { byIssuer: indexOn<IssuerKey>('issuer', 'status') },
    eventDetails: (key) => ({ issuer: key.issuer }),
  });
  const own = orgNamedIn<IssuerKey>('issuer', 'the org whose key it is');
  const life = lifecycle(
    records,
    defineStateMachine({
      entity: 'IssuerKey',
      states: issuerKeyStatuses,
      transitions: {
        register: { from: 'new', to: 'ACTIVE', by, guards: [own], event: 'IssuerKeyRegistered' },
        retire: { from: ['ACTIVE'], to: 'RETIRED', by, guards: [own], event: 'IssuerKeyRetired' },
      },
    }),
  );
  const flows = {
    registerIssuerKey: submitFlow({
      description:
        'An org registers the public key (P-256 JWK) it signs verifiable credentials with; only for itself, and a key only once.',
      request: z.strictObject({ issuer: mspId, publicKeyJwk: p256PublicJwk }),
      on: life,
      transition: 'register',
      run: async (scene, { issuer, publicKeyJwk }) => {
        requireCurvePoint(publicKeyJwk);
        const keyId = jwkThumbprint(publicKeyJwk);
        const taken = await records.get(scene, { keyId });
        if (taken) {
          throw new AlreadyExistsError(`key ${keyId} is already registered, by ${taken.data.issuer}`, {
            recordType: 'IssuerKey',
            id: keyId,
          });
        }
        const draft = { keyId, issuer, publicKeyJwk, did: didJwkOf(publicKeyJwk), registeredAt: scene.now.iso };
        return life.create(scene, 'register', { ...draft, status: 'ACTIVE' });
      },
    }),
    retireIssuerKey: transitionFlow(life, 'retire', {
      description:
        'An org retires one of its keys (lost or replaced), with a reason: credentials it signed no longer verify.',
      reason: 'retirement',
    }),
    getIssuerKey: getFlow(life, {
      description: 'A registered issuer key, by its JWK thumbprint.',
      readers: channelMembers,
    }),
    listIssuerKeys: listFlow(life, 'byIssuer', {
      description: 'The keys an org registered, optionally in one state.',
      readers: channelMembers,
      filters: { issuer: mspId, status: z.enum(issuerKeyStatuses).optional() },
    }),
  };
  const view = {
    type: life,
    title: 'Issuer keys',
    collection: 'issuer-keys',
    get: 'getIssuerKey',
    columns: ['issuer'],
  };
  return { records, life, flows, view };
}
