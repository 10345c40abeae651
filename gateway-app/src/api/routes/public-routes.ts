import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { jsonSchemaOf, parseWith } from '../body-schema';
import { errorResponses } from '../openapi-components';
import { verifyInRegisters } from '../register-verification';

const verifyRequest = z.strictObject({
  documentHash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest as 64 lower-case hex digits'),
});
const qrQuery = z.object({ text: z.string().min(1).max(500) });

/** Pages anyone may use without signing in: document verification and QR codes of digests. */
export function registerPublicRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/public/verify', {
    config: { auth: 'public' },
    schema: {
      tags: ['Public'],
      summary: 'Verify a document by its SHA-256 digest against every register',
      description:
        'Asks every scenario that verifies documents, at once. Answers a verdict (VALID, UNKNOWN, SUPERSEDED, ' +
        'SUSPENDED, REVOKED, NOT_YET_VALID, EXPIRED) for any digest: VALID when any register holds it as valid, ' +
        'with the deciding `scenario` and its record; UNKNOWN only when every register answered and none knows it. ' +
        '`answers` lists each scenario’s answer or error. For a known digest, `anchoredBy`, `anchoredAt`, ' +
        '`anchorTxId` and `anchoredInBlock` tell who anchored it, when and in which block. No sign-in.',
      body: jsonSchemaOf(verifyRequest),
      response: { 400: errorResponses[400], 503: errorResponses[503] },
    },
    handler: async (request) => {
      const { documentHash } = parseWith(verifyRequest, request.body);
      return verifyInRegisters(ctx, documentHash);
    },
  });

  app.get('/api/public/qr', {
    config: { auth: 'public' },
    schema: {
      tags: ['Public'],
      summary: 'A QR code (SVG) of a short text, such as a document digest',
      querystring: jsonSchemaOf(qrQuery),
    },
    handler: async (request, reply) => {
      const { text } = parseWith(qrQuery, request.query);
      const svg = await QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(svg);
    },
  });
}
