import type { AppContext } from '../app-context';
import { AppError } from '../errors/app-error';
import { toAppError } from '../fabric/fabric-error';
import { ledgerOutcome } from '../fabric/ledger-status';
import type { ScenarioView } from '../scenarios/scenario-view';
import { parseResult } from './routes/submission';
import {
  combineVerifications,
  scenarioAnswer,
  scenarioFailure,
  type ScenarioVerification,
  type Verification,
} from './verification';

/** A verdict with the block of the transaction that anchored the digest, when the deciding register names it. */
export type LocatedVerification = Verification & { readonly anchoredInBlock?: number };

/** One scenario's answer; a failure (its chaincode down, a timeout) is its answer too, not the request's. */
async function ask(ctx: AppContext, scenario: ScenarioView, documentHash: string): Promise<ScenarioVerification> {
  try {
    const answer = await ctx.runner.evaluate(ctx.publicIdentityFor(scenario.chaincode), {
      chaincode: scenario.chaincode,
      transaction: scenario.verify!.transaction,
      args: [JSON.stringify({ documentHash })],
    });
    return scenarioAnswer(scenario, parseResult(answer));
  } catch (err) {
    const error = toAppError(err);
    ctx.logger.warn({ scenario: scenario.id, code: error.code }, `verify: ${error.message}`);
    return scenarioFailure(scenario, { code: error.code, message: error.message });
  }
}

/**
 * The block holding the anchoring transaction (qscc GetBlockByTxID, asked as the public reader): the block from
 * which the ledger has held the digest. Undefined when the ledger cannot say; the verdict stands without it.
 */
async function blockOf(ctx: AppContext, chaincode: string, txId: string): Promise<number | undefined> {
  try {
    const gateway = ctx.pool.gateway(ctx.publicIdentityFor(chaincode));
    return (await ledgerOutcome(gateway, ctx.directory.channel, txId))?.blockNumber;
  } catch (err) {
    ctx.logger.warn({ txId, code: toAppError(err).code }, 'verify: the anchoring block could not be read');
    return undefined;
  }
}

/**
 * Asks every scenario that verifies documents about a digest, at once (each evaluate is bounded by the gateway's
 * deadline, so a slow register delays, never blocks), combines their answers and, for a known digest, adds the
 * block of its anchoring transaction.
 */
export async function verifyInRegisters(ctx: AppContext, documentHash: string): Promise<LocatedVerification> {
  const verifiers = ctx.scenarios.filter((scenario) => scenario.verify);
  if (verifiers.length === 0)
    throw new AppError(404, 'ROUTE_NOT_FOUND', 'no scenario on this network verifies documents');
  const answers = await Promise.all(verifiers.map((s) => ask(ctx, s, documentHash)));
  const verification = combineVerifications(documentHash, answers);
  const { anchorTxId } = verification as { anchorTxId?: unknown };
  const deciding = verifiers.find((s) => s.id === verification.scenario);
  if (!deciding || typeof anchorTxId !== 'string') return verification;
  const block = await blockOf(ctx, deciding.chaincode, anchorTxId);
  return block === undefined ? verification : { ...verification, anchoredInBlock: block };
}
