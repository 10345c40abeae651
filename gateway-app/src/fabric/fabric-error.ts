import { status as GrpcStatus } from '@grpc/grpc-js';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { decodeChaincodeError, type ErrorCode } from '@scenechain/scene-kit';
import { AppError } from '../errors/app-error';
import type { ApiErrorCode } from '../errors/error-codes';

/** HTTP status for each of the scene kit's chaincode error codes. */
const STATUS_OF_CHAINCODE_CODE: Readonly<Record<ErrorCode, number>> = {
  INVALID_ARGUMENT: 400,
  UNKNOWN_TRANSACTION: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  ILLEGAL_TRANSITION: 409,
  INSUFFICIENT_QUANTITY: 409,
  LIMIT_EXCEEDED: 409,
  CONFLICT: 409,
  FORBIDDEN: 403,
  INTERNAL: 500,
};

const validationCodeNames = new Map<number, string>(
  Object.entries(peer.TxValidationCode).map(([name, code]) => [code, name]),
);

/** `MVCC_READ_CONFLICT` for 11, and so on. */
export function validationCodeName(code: number): string {
  return validationCodeNames.get(code) ?? `CODE_${code}`;
}

/** A transaction that was ordered but did not commit as valid. */
export class CommitFailure extends Error {
  constructor(
    readonly transactionId: string,
    readonly validationCode: number,
    readonly blockNumber: number,
    readonly attempts: number,
  ) {
    super(`transaction ${transactionId} was not committed: ${validationCodeName(validationCode)}`);
    this.name = 'CommitFailure';
  }
}

/** The validation codes a new attempt may overcome, with the API error code each answers with when none did. */
const RETRYABLE_CODE_NAMES: ReadonlyMap<number, ApiErrorCode> = new Map<number, ApiErrorCode>([
  [peer.TxValidationCode.MVCC_READ_CONFLICT, 'MVCC_READ_CONFLICT'],
  [peer.TxValidationCode.PHANTOM_READ_CONFLICT, 'PHANTOM_READ_CONFLICT'],
]);

export const RETRYABLE_VALIDATION_CODES: ReadonlySet<number> = new Set(RETRYABLE_CODE_NAMES.keys());

/** How retries and errors name an endorsement refused because the orgs' responses differed. */
export const ENDORSEMENT_MISMATCH = 'ENDORSEMENT_MISMATCH';

/**
 * Whether Fabric's gateway refused an endorsement because an org's response differed from the first one
 * ("ProposalResponsePayloads do not match"): with deterministic chaincode, a block committed between the orgs'
 * simulations, so endorsing again (a new transaction) resolves it as it does an MVCC conflict.
 */
export function isEndorsementMismatch(thrown: unknown): boolean {
  return (
    thrown instanceof GatewayError &&
    thrown.details.length > 0 &&
    thrown.details.every((detail) => detail.message === 'ProposalResponsePayloads do not match')
  );
}

/** Fabric 3's time-window filter (and the dev network's): the peer's clock and the proposal's differ too much. */
const TIME_WINDOW_REFUSAL = /^request unauthorized due to incorrect timestamp /;

/**
 * Turns whatever a fabric-gateway call threw into an AppError that carries the chaincode's own code, message and
 * facts (decoded from the error details, where the gateway puts each endorser's answer) rather than the
 * gateway's generic "failed to endorse transaction", and the validation code of a failed commit.
 */
export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof AppError) return thrown;
  if (thrown instanceof CommitFailure) {
    const name = validationCodeName(thrown.validationCode);
    const facts = {
      transactionId: thrown.transactionId,
      validationCode: name,
      blockNumber: thrown.blockNumber,
      attempts: thrown.attempts,
    };
    const retryable = RETRYABLE_CODE_NAMES.get(thrown.validationCode);
    if (retryable) {
      return new AppError(
        409,
        retryable,
        `the transaction kept conflicting with concurrent updates (${thrown.attempts} attempts); try again`,
        facts,
      );
    }
    return new AppError(502, 'COMMIT_FAILED', thrown.message, facts);
  }
  if (thrown instanceof GatewayError) {
    const transactionId = (thrown as GatewayError & { transactionId?: string }).transactionId;
    if (isEndorsementMismatch(thrown)) {
      return new AppError(
        409,
        ENDORSEMENT_MISMATCH,
        'the endorsing organisations saw different states (a concurrent update committed meanwhile); try again',
        transactionId ? { transactionId } : {},
      );
    }
    if (thrown.details.length > 0 && thrown.details.every((detail) => TIME_WINDOW_REFUSAL.test(detail.message))) {
      // The proposal carries this server's clock: no retry helps until an operator synchronises it.
      return new AppError(
        503,
        'CLOCK_SKEW',
        `the network's peers refuse this server's time (${thrown.details[0].message}); synchronise the app server's clock`,
        transactionId ? { transactionId } : {},
      );
    }
    const texts = [...thrown.details.map((detail) => detail.message), thrown.message];
    for (const text of texts) {
      const decoded = decodeChaincodeError(text);
      if (decoded)
        return new AppError(STATUS_OF_CHAINCODE_CODE[decoded.code], decoded.code, decoded.message, {
          ...(transactionId ? { transactionId } : {}),
          facts: decoded.facts,
        });
    }
    const details = thrown.details.map((d) => ({ mspId: d.mspId, address: d.address, message: d.message }));
    const facts = { ...(transactionId ? { transactionId } : {}), ...(details.length ? { endorsers: details } : {}) };
    const detailText = details.length ? `: ${details.map((d) => `${d.mspId}: ${d.message}`).join('; ')}` : '';
    switch (thrown.code) {
      case GrpcStatus.UNAVAILABLE:
        return new AppError(
          503,
          'NETWORK_UNAVAILABLE',
          `the Fabric peer cannot be reached: ${thrown.cause?.details ?? thrown.message}`,
          facts,
        );
      case GrpcStatus.DEADLINE_EXCEEDED:
        return new AppError(
          504,
          'NETWORK_TIMEOUT',
          `the Fabric network did not answer in time: ${thrown.message}`,
          facts,
        );
      case GrpcStatus.PERMISSION_DENIED:
        return new AppError(
          403,
          'FORBIDDEN',
          `the network refused the identity${detailText || `: ${thrown.message}`}`,
          facts,
        );
      case GrpcStatus.ABORTED:
        return new AppError(
          502,
          'ENDORSEMENT_FAILED',
          `endorsement failed${detailText || `: ${thrown.message}`}`,
          facts,
        );
      default:
        return new AppError(502, 'GATEWAY_ERROR', `${thrown.message}${detailText}`, facts);
    }
  }
  return new AppError(500, 'INTERNAL', thrown instanceof Error ? thrown.message : String(thrown));
}
