import { type Gateway, GatewayError } from '@hyperledger/fabric-gateway';
import { common, peer } from '@hyperledger/fabric-protos';

/** How the ledger settled a transaction: its validation code and block. */
export interface LedgerOutcome {
  readonly validationCode: number;
  readonly blockNumber: number;
}

/** qscc's wording (Fabric's and the dev network's) for a transaction ID the peer's ledger does not hold. */
const NOT_ON_LEDGER = /no such transaction ID/;

/**
 * Asks the gateway peer's ledger, through the qscc system chaincode, how a transaction settled: answers
 * undefined when the ledger has no transaction with that ID (never ordered, or not yet committed).
 */
export async function ledgerOutcome(
  gateway: Gateway,
  channel: string,
  transactionId: string,
): Promise<LedgerOutcome | undefined> {
  const qscc = gateway.getNetwork(channel).getContract('qscc');
  let processed: Uint8Array;
  try {
    processed = await qscc.evaluateTransaction('GetTransactionByID', channel, transactionId);
  } catch (err) {
    if (
      err instanceof GatewayError &&
      [err.message, ...err.details.map((d) => d.message)].some((m) => NOT_ON_LEDGER.test(m))
    )
      return undefined;
    throw err;
  }
  const validationCode = peer.ProcessedTransaction.deserializeBinary(processed).getValidationcode();
  const block = common.Block.deserializeBinary(
    await qscc.evaluateTransaction('GetBlockByTxID', channel, transactionId),
  );
  return { validationCode, blockNumber: block.getHeader()!.getNumber() };
}

/**
 * Submits a transaction kept signed (its bytes as `Transaction.getBytes()` gave them) and waits for its commit.
 * Fabric commits a transaction ID at most once: should the first submission be ordered after all, one of the
 * two is marked DUPLICATE_TXID and the commit status reports the one that counted.
 */
export async function resubmit(gateway: Gateway, envelope: Uint8Array): Promise<LedgerOutcome> {
  const submitted = await gateway.newTransaction(envelope).submit();
  const status = await submitted.getStatus();
  return { validationCode: status.code, blockNumber: Number(status.blockNumber) };
}
