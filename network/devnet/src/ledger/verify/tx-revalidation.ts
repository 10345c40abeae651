import { common, peer } from '@hyperledger/fabric-protos';
import { txCommitOf } from '../../committer/committer';
import { checkEnvelope } from '../../committer/envelope-checks';
import { Invalid } from '../../committer/invalid-tx';
import { validateBlock, type ValidatedTx, type ValidationContext } from '../../committer/tx-validator';
import type { MembershipRegistry } from '../../identity';
import { decode } from '../../wire';
import { VALID, type TxCommit } from '../types';
import type { CheckedBlock } from './block-checks';
import { LedgerProblem } from './ledger-problem';

const Code = peer.TxValidationCode;

/** Codes only a chaincode definition decides (re-validation cannot recompute them; see recorded-definitions). */
const DEFINITION_CODES = new Set<number>([Code.ENDORSEMENT_POLICY_FAILURE, Code.INVALID_CHAINCODE]);
/** Outcomes the committer reaches only after the endorsement policy passed. */
const DECIDED_AFTER_POLICY = new Set<number>([
  Code.VALID,
  Code.DUPLICATE_TXID,
  Code.MVCC_READ_CONFLICT,
  Code.PHANTOM_READ_CONFLICT,
]);

export function codeName(code: number): string {
  const name = Object.entries(Code).find(([, value]) => value === code)?.[0];
  return name ? `${name} (${code})` : `code ${code}`;
}

/**
 * Re-validates a stored block's transactions with the committer's own validation against the replayed ledger
 * (structure, creator signature, transaction ID, duplicates, key-level policies, MVCC and phantom reads) and
 * checks the block's TRANSACTIONS_FILTER agrees. A code that only a chaincode definition decides is accepted as
 * recorded; those transactions are then left out of a second pass so that their writes do not count as earlier
 * writes of the block. Every transaction recorded VALID must also have a verifying creator signature and only
 * verifying endorsements. Returns what the replay commits.
 */
export async function revalidateBlock(checked: CheckedBlock, context: ValidationContext): Promise<TxCommit[]> {
  const number = checked.header.number;
  const recorded = checked.filter;
  let validated = await validateBlock(number, checked.envelopes, context);
  const excluded = new Set(
    validated.flatMap((tx, txNum) =>
      DEFINITION_CODES.has(recorded[txNum]) && DECIDED_AFTER_POLICY.has(tx.code) ? [txNum] : [],
    ),
  );
  if (excluded.size > 0) {
    const first = validated;
    const second = await validateBlock(
      number,
      checked.envelopes.map((envelope, txNum) => (excluded.has(txNum) ? new Uint8Array(0) : envelope)),
      context,
    );
    validated = second.map((tx, txNum): ValidatedTx => {
      if (!excluded.has(txNum)) return tx;
      const { txId, timestamp } = first[txNum];
      return { txId, timestamp, code: recorded[txNum], writes: [], metadataWrites: [] };
    });
  }
  return validated.map((tx, txNum): TxCommit => {
    if (recorded[txNum] === VALID)
      checkSignatures(number, txNum, tx.txId, checked.envelopes[txNum], context.membership);
    if (tx.code !== recorded[txNum]) {
      throw new LedgerProblem(
        `TRANSACTIONS_FILTER records ${codeName(recorded[txNum])} but re-validation finds ${codeName(tx.code)}`,
        number,
        txNum,
        tx.txId,
      );
    }
    return txCommitOf(tx, txNum);
  });
}

/** A VALID transaction's creator signature and every endorsement signature, with the reason when one fails. */
function checkSignatures(
  number: number,
  txNum: number,
  txId: string,
  envelopeBytes: Uint8Array,
  membership: MembershipRegistry,
): void {
  const problem = (detail: string) => new LedgerProblem(`recorded VALID, but ${detail}`, number, txNum, txId);
  let action: peer.ChaincodeEndorsedAction;
  try {
    action = checkEnvelope(decode(common.Envelope, envelopeBytes), membership).endorsedAction;
  } catch (err) {
    if (err instanceof Invalid) throw problem(`${codeName(err.code)}: ${err.message}`);
    throw problem(`the envelope does not decode: ${(err as Error).message}`);
  }
  const endorsements = action.getEndorsementsList();
  if (endorsements.length === 0) throw problem('it carries no endorsement');
  const responsePayload = action.getProposalResponsePayload_asU8();
  endorsements.forEach((endorsement, index) => {
    const endorser = endorsement.getEndorser_asU8();
    let identity;
    try {
      identity = membership.deserialize(endorser);
    } catch (err) {
      throw problem(`endorsement ${index} is not by a channel member: ${(err as Error).message}`);
    }
    if (!identity.verify(Buffer.concat([responsePayload, endorser]), endorsement.getSignature_asU8())) {
      throw problem(`the signature of endorsement ${index} (${identity.mspId}) does not verify`);
    }
  });
}
