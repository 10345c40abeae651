import type { AppContext } from '../app-context';
import type { Principal } from '../auth/principal';
import { AppError, forbidden, notFound } from '../errors/app-error';
import { toAppError } from '../fabric/fabric-error';
import { verifyInRegisters } from '../api/register-verification';

/** The record found to anchor a document, which the user may read. */
export interface AnchoringRecord {
  readonly scenario: string;
  readonly recordType: string;
  readonly recordId: string;
}

/**
 * Who may download an anchored document: a signed-in user who may read a record that anchors it. Every register
 * that knows the digest names its record; the user's own identity then asks that record's `get` transaction, so
 * the chaincode's read rule decides (a public register lets every member read; gov-records only the issuing
 * department, the subject's agents and consent holders). A digest no record anchors is not downloadable: the
 * store is for documents on record, not a file share.
 */
export async function anchoringRecordFor(
  ctx: AppContext,
  principal: Principal,
  documentHash: string,
): Promise<AnchoringRecord> {
  const { answers } = await verifyInRegisters(ctx, documentHash);
  const known = answers.flatMap((a) =>
    'answer' in a && a.answer.verdict !== 'UNKNOWN' && typeof a.answer.recordId === 'string'
      ? [{ scenarioId: a.scenario, recordId: a.answer.recordId }]
      : [],
  );
  if (known.length === 0)
    throw notFound('DOCUMENT_NOT_ANCHORED', `no record anchors document ${documentHash}, so it is not served`);
  const refusals: string[] = [];
  for (const { scenarioId, recordId } of known) {
    const scenario = ctx.scenarios.find((s) => s.id === scenarioId)!;
    const record = scenario.actions.find((a) => a.transaction === scenario.verify?.transaction)?.record;
    if (!record?.get) continue;
    try {
      await ctx.runner.evaluate(ctx.identities.identityOf(principal), {
        chaincode: scenario.chaincode,
        transaction: record.get,
        args: [JSON.stringify({ [record.keyField]: recordId })],
      });
      return { scenario: scenario.id, recordType: record.type, recordId };
    } catch (err) {
      const error = toAppError(err);
      if (error.code !== 'FORBIDDEN') throw error;
      refusals.push(`${scenario.title} ${record.type} ${recordId}`);
    }
  }
  if (refusals.length === 0)
    throw new AppError(404, 'DOCUMENT_NOT_ANCHORED', `no readable record anchors document ${documentHash}`);
  throw forbidden(`document ${documentHash} is anchored by ${refusals.join(', ')}, which you may not read`);
}
