import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { AppError } from '../../errors/app-error';
import { toAppError } from '../../fabric/fabric-error';
import type { ScenarioView } from '../../scenarios/scenario-view';
import { jsonSchemaOf, parseWith } from '../body-schema';
import { errorResponses } from '../openapi-components';
import { combineVerifications, scenarioAnswer, scenarioFailure, type ScenarioVerification } from '../verification';
import { parseResult } from './submission';

const verifyRequest = z.strictObject({
  documentHash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest as 64 lower-case hex digits'),
});
const qrQuery = z.object({ text: z.string().min(1).max(500) });

/** Pages anyone may use without signing in: document verification and QR codes of digests. */
export function registerPublicRoutes(app: FastifyInstance, ctx: AppContext): void {
  const verifiers = ctx.scenarios.filter((scenario) => scenario.verify);

  /** One scenario's answer; a failure (its chaincode down, a timeout) is its answer too, not the request's. */
  const ask = async (
    scenario: ScenarioView,
    transaction: string,
    input: z.output<typeof verifyRequest>,
  ): Promise<ScenarioVerification> => {
    try {
      const answer = await ctx.runner.evaluate(ctx.publicIdentityFor(scenario.chaincode), {
        chaincode: scenario.chaincode,
        transaction,
        args: [JSON.stringify(input)],
      });
      return scenarioAnswer(scenario, parseResult(answer));
    } catch (err) {
      const error = toAppError(err);
      ctx.logger.warn({ scenario: scenario.id, code: error.code }, `verify: ${error.message}`);
      return scenarioFailure(scenario, { code: error.code, message: error.message });
    }
  };

  app.post('/api/public/verify', {
    config: { auth: 'public' },
    schema: {
      tags: ['Public'],
      summary: 'Verify a document by its SHA-256 digest against every register',
      description:
        'Asks every scenario that verifies documents, at once. Answers a verdict (VALID, UNKNOWN, SUPERSEDED, ' +
        'SUSPENDED, REVOKED, NOT_YET_VALID, EXPIRED) for any digest: VALID when any register holds it as valid, ' +
        'with the deciding `scenario` and its record; UNKNOWN only when every register answered and none knows it. ' +
        '`answers` lists each scenario’s answer or error. No sign-in.',
      body: jsonSchemaOf(verifyRequest),
      response: { 400: errorResponses[400], 503: errorResponses[503] },
    },
    handler: async (request) => {
      const input = parseWith(verifyRequest, request.body);
      if (verifiers.length === 0)
        throw new AppError(404, 'ROUTE_NOT_FOUND', 'no scenario on this network verifies documents');
      // Each evaluate is bounded by the gateway's evaluate deadline, so one slow register delays, never blocks.
      const answers = await Promise.all(verifiers.map((s) => ask(s, s.verify!.transaction, input)));
      return combineVerifications(input.documentHash, answers);
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
