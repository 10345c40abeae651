import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { MAX_SECURE_SUM_VALUE, splitIntoShares } from '@scenechain/scene-kit';
import type { AppContext } from '../../app-context';
import { badRequest } from '../../errors/app-error';
import { toAppError } from '../../fabric/fabric-error';
import type { ScenarioView } from '../../scenarios/scenario-view';
import { principalOf } from '../access';
import { errorResponses } from '../openapi-components';
import { transactionOf } from '../private-input';
import { parseResult } from './submission';

const DIGITS = /^(0|[1-9][0-9]{0,24})$/;

interface RoundView {
  round: { id: string; orgs: string[]; modulus: string; status: string };
}

/**
 * "Contribute value V to round R" for a scenario with the kit's secure sum (`submitShare` and `getSecureSum`):
 * the signed-in user's own org's app splits V into one share per participant with node:crypto's randomness, here,
 * and delivers each other org's share as its own transaction (transient data, endorsed by both orgs' peers). The
 * org's own share is never sent: `publishPartialSum` recovers it from V and the shares sent.
 */
export function registerSecureSumRoutes(app: FastifyInstance, ctx: AppContext, scenario: ScenarioView): void {
  const submitShare = scenario.actions.find((action) => action.transaction === 'submitShare');
  const getSecureSum = scenario.actions.find((action) => action.transaction === 'getSecureSum');
  if (!submitShare || !getSecureSum) return;
  app.route({
    method: 'POST',
    url: `/api/${scenario.id}/secure-sums/:roundId/contributions`,
    config: { auth: 'user' },
    schema: {
      operationId: `${scenario.id}.contributeToSecureSum`,
      tags: [`${scenario.title}: secure sum`],
      summary: 'Contribute a value to a secure sum round',
      description:
        "Splits `value` into one random share per participating org (in this app, the user's own org's) and delivers every other org's share as a transaction of its own (transient data: never in a block); answers the transaction IDs. The org's own share stays here: publish the partial sum with the same value once every share is delivered.",
      security: [{ bearer: [] }],
      params: { type: 'object', required: ['roundId'], properties: { roundId: { type: 'string', maxLength: 64 } } },
      body: {
        type: 'object',
        required: ['value'],
        additionalProperties: false,
        properties: {
          value: { type: 'string', description: 'A non-negative integer (decimal digits), at most 10^24' },
        },
      },
      response: { ...errorResponses },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      const { roundId } = request.params as { roundId: string };
      const { value } = request.body as { value: string };
      if (!DIGITS.test(value) || BigInt(value) > MAX_SECURE_SUM_VALUE) {
        throw badRequest(
          'INVALID_ARGUMENT',
          `value: a non-negative integer in decimal digits, at most ${MAX_SECURE_SUM_VALUE}`,
        );
      }
      const identity = ctx.identities.identityOf(principal);
      const from = principal.mspId;
      try {
        const read = transactionOf(scenario.chaincode, getSecureSum.transaction, getSecureSum.flow, { roundId });
        const { round } = parseResult(await ctx.runner.evaluate(identity, read)) as RoundView;
        if (!round.orgs.includes(from)) {
          throw badRequest('INVALID_ARGUMENT', `${from} is not a participant of secure sum round ${roundId}`);
        }
        const shares = splitIntoShares(BigInt(value), round.orgs.length, BigInt(round.modulus), randomBytes);
        const deliveries: { to: string; transactionId: string }[] = [];
        for (const [i, to] of round.orgs.entries()) {
          if (to === from) continue;
          const input = { roundId, from, to, share: shares[i]!.toString() };
          const tx = transactionOf(scenario.chaincode, submitShare.transaction, submitShare.flow, input);
          const committed = await ctx.runner.submit(identity, tx);
          deliveries.push({ to, transactionId: committed.transactionId });
        }
        return reply.send({ roundId, org: from, deliveries });
      } catch (err) {
        throw toAppError(err);
      }
    },
  });
}
