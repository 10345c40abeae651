import type { FastifyInstance, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { mspId, statusPurposes } from '@scenechain/scene-kit';
import type { AppContext } from '../../app-context';
import { conflict, notFound } from '../../errors/app-error';
import { credentialOf, statusListPath } from '../../credentials/credential-document';
import {
  credentialScenario,
  ledgerStatusList,
  registeredKey,
  type CredentialScenario,
} from '../../credentials/credential-ledger';
import { verifyCredential } from '../../credentials/credential-verifier';
import type { SigningKey } from '../../credentials/issuer-keystore';
import { statusListCredentialOf } from '../../credentials/status-list-credential';
import { signCredential, VC_JWT_MEDIA_TYPE } from '../../credentials/vc-jose';
import { principalOf } from '../access';
import { jsonSchemaOf, parseWith } from '../body-schema';
import { errorResponses } from '../openapi-components';
import { idempotencyHeaders, parseResult, submitFor, withIdempotency } from './submission';

const verifyRequest = z.strictObject({
  credential: z
    .string()
    .min(1)
    .max(20_000)
    .meta({ description: 'The credential as a compact JWS (application/vc+jwt)' }),
});
const statusListParams = z.strictObject({
  scenario: z.string(),
  issuer: mspId,
  purpose: z.enum(statusPurposes),
  list: z.string().regex(/^(0|[1-9]\d{0,5})$/, 'a list number'),
});

/** The app's public origin as the client reached it: status list URLs in credentials point there. */
const originOf = (request: FastifyRequest): string => `${request.protocol}://${request.host}`;

/** The org's signing key the app holds, if the ledger has it registered to that org and active. */
async function activeKey(ctx: AppContext, scenario: CredentialScenario, org: string): Promise<SigningKey | undefined> {
  const key = await ctx.credentialKeys.find(org);
  const registered = key && (await registeredKey(ctx, scenario, key.keyId));
  return registered?.issuer === org && registered.status === 'ACTIVE' ? key : undefined;
}

/** A QR code of the credential itself, as a data URL (the UI's images come from 'self' or data:). */
async function qrOf(jws: string): Promise<string | null> {
  try {
    const svg = await QRCode.toString(jws, { type: 'svg', margin: 1, errorCorrectionLevel: 'L' });
    return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  } catch {
    return null; // longer than a QR code holds: the credential is still answered
  }
}

/** Issuing a scenario's records as credentials, and registering the issuer's key. */
function registerIssuingRoutes(app: FastifyInstance, ctx: AppContext, scenario: CredentialScenario): void {
  const { profile } = scenario;
  const record = scenario.records.find((r) => r.type === profile.record && r.get);
  if (record) {
    app.get(`/api/${scenario.id}/${record.collection}/:${record.keyField}/credential`, {
      config: { auth: 'user' },
      schema: {
        tags: [`${scenario.title}: credentials`],
        summary: `The ${profile.record} as a W3C Verifiable Credential (${profile.type}), signed by its issuer`,
        description:
          `Reads the ${profile.record} as the signed-in user (its read rule applies) and answers it as a VC 2.0 ` +
          `credential secured with JOSE (ES256, \`typ: vc+jwt\`), signed with the issuing org's key registered on ` +
          'the ledger, with revocation and suspension entries in the issuer’s Bitstring Status Lists: ' +
          '`{ credential (compact JWS), mediaType, document (the credential JSON), qr (data URL or null) }`. ' +
          '409 ISSUER_KEY_NOT_REGISTERED until the issuer registered its key; 409 CREDENTIAL_UNAVAILABLE for a ' +
          'record issued before credentials existed.',
        security: [{ bearer: [] }],
        response: { ...errorResponses },
      },
      handler: async (request) => {
        const principal = principalOf(request);
        const key = String((request.params as Record<string, string>)[record.keyField]);
        const answer = await ctx.runner.evaluate(ctx.identities.identityOf(principal), {
          chaincode: scenario.chaincode,
          transaction: record.get!,
          args: [JSON.stringify({ [record.keyField]: key })],
        });
        const { data } = parseResult(answer) as { data: Record<string, unknown> };
        if (typeof data.statusListIndex !== 'number') {
          throw conflict(
            'CREDENTIAL_UNAVAILABLE',
            `${key} was issued before credentials existed: it has no status entry`,
          );
        }
        const issuer = String(data[profile.issuerField]);
        const signing =
          (await activeKey(ctx, scenario, issuer)) ??
          conflictNoKey(
            `${issuer} has no active credential key in this app: a registrar of ${issuer} registers one with POST /api/${scenario.id}/credentials/issuer-key`,
          );
        const document = credentialOf({
          scenario: scenario.id,
          profile,
          recordId: key,
          data,
          issuerDid: signing.did,
          origin: originOf(request),
        });
        const credential = await signCredential(document, signing);
        return { credential, mediaType: VC_JWT_MEDIA_TYPE, document, qr: await qrOf(credential) };
      },
    });
  }

  app.post(`/api/${scenario.id}/credentials/issuer-key`, {
    config: { auth: 'user' },
    schema: {
      tags: [`${scenario.title}: credentials`],
      summary: 'Register the key this app signs your org’s credentials with, on the ledger',
      description:
        'Makes the P-256 key of the signed-in user’s org (kept in the app’s data folder) if there is none and ' +
        'submits `registerIssuerKey` with its public JWK as the user: the chaincode accepts it only from a ' +
        'registrar of that org, and a key only once (409 ALREADY_EXISTS naming who registered it).',
      security: [{ bearer: [] }],
      headers: idempotencyHeaders,
      response: { ...errorResponses },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      const signing = await ctx.credentialKeys.ensure(principal.mspId);
      const tx = {
        chaincode: scenario.chaincode,
        transaction: 'registerIssuerKey',
        args: [JSON.stringify({ issuer: principal.mspId, publicKeyJwk: signing.publicJwk })],
      };
      return withIdempotency(ctx, request, reply, principal, (entryId) =>
        submitFor(ctx, request, principal, scenario.id, tx, entryId),
      );
    },
  });
}

function conflictNoKey(message: string): never {
  throw conflict('ISSUER_KEY_NOT_REGISTERED', message);
}

/**
 * W3C Verifiable Credentials of the scenarios whose descriptors declare `credentials`: issuing (signed-in
 * users who may read the record), the issuers' status lists built from the ledger, and verification (public).
 */
export function registerCredentialRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const scenario of ctx.scenarios) {
    const issuing = credentialScenario(ctx, scenario.id);
    if (issuing) registerIssuingRoutes(app, ctx, issuing);
  }

  app.get('/api/public/credentials/:scenario/status-lists/:issuer/:purpose/:list', {
    config: { auth: 'public' },
    schema: {
      tags: ['Public'],
      summary: 'An issuer’s Bitstring Status List credential, built from the ledger (application/vc+jwt)',
      description:
        'The issuer’s revocation or suspension list as the ledger holds it, as a BitstringStatusListCredential ' +
        '(`encodedList`: GZIP, base64url, multibase `u`; 131072 entries) signed with the issuer’s registered key. ' +
        'The header `Ledger-Bitstring-SHA256` is the SHA-256 of the uncompressed bitstring anchored on the ' +
        'ledger (`getStatusList`), which the decoded list must hash to. No sign-in.',
      response: { 400: errorResponses[400], 404: errorResponses[404] },
    },
    handler: async (request, reply) => {
      const params = parseWith(statusListParams, request.params);
      const scenario =
        credentialScenario(ctx, params.scenario) ??
        notFoundThrow('ROUTE_NOT_FOUND', `no register here issues credentials as ${params.scenario}`);
      const signing =
        (await activeKey(ctx, scenario, params.issuer)) ??
        notFoundThrow(
          'CREDENTIAL_UNAVAILABLE',
          `this app holds no registered key of ${params.issuer} to sign its list`,
        );
      const list = Number(params.list);
      const anchored = await ledgerStatusList(ctx, scenario, params.issuer, params.purpose, list);
      const url = `${originOf(request)}${statusListPath(scenario.id, params.issuer, params.purpose, list)}`;
      const document = statusListCredentialOf({
        url,
        issuerDid: signing.did,
        issuer: params.issuer,
        purpose: params.purpose,
        setIndices: anchored.setIndices,
        updatedAt: anchored.updatedAt,
      });
      return reply
        .type(VC_JWT_MEDIA_TYPE)
        .header('cache-control', 'no-store')
        .header('ledger-bitstring-sha256', anchored.bitstringSha256)
        .send(await signCredential(document, signing));
    },
  });

  app.post('/api/public/verify-credential', {
    config: { auth: 'public' },
    schema: {
      tags: ['Public'],
      summary: 'Verify a W3C Verifiable Credential (VC-JWT) against the ledger: signature, issuer key, status',
      description:
        'Checks the JWS (ES256, `typ: vc+jwt`, a did:jwk key), that the key is registered ACTIVE on the ledger by ' +
        'the org that issued the record (its document digest) and owns the status lists named, and the ' +
        'revocation and suspension entries as anchored. Answers `{ valid, verdict, message, ... }` for any ' +
        'credential: VALID, REVOKED, SUSPENDED, SUPERSEDED, EXPIRED, NOT_YET_VALID, or a refusal (MALFORMED, ' +
        'UNSUPPORTED, BAD_SIGNATURE, ISSUER_KEY_UNKNOWN, ISSUER_KEY_RETIRED, ISSUER_MISMATCH, STATUS_MISMATCH, ' +
        'RECORD_UNKNOWN). No sign-in.',
      body: jsonSchemaOf(verifyRequest),
      response: { 400: errorResponses[400] },
    },
    handler: async (request) => verifyCredential(ctx, parseWith(verifyRequest, request.body).credential),
  });
}

function notFoundThrow(code: 'ROUTE_NOT_FOUND' | 'CREDENTIAL_UNAVAILABLE', message: string): never {
  throw notFound(code, message);
}
