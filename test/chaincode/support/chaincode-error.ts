import { expect } from 'chai';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { canonicalJson } from '../../../chaincode/scene-kit/src/canonical-json';
import type { ErrorCode } from '../../../chaincode/scene-kit/src/errors';
import { decodeChaincodeError, type ChaincodeErrorBody } from '../../../chaincode/scene-kit/src/wire-error';

/** A chaincode error as the gateway client reports it, and the text (message or endorser detail) it was in. */
export interface ReportedChaincodeError extends ChaincodeErrorBody {
  readonly reportedIn: string;
}

/** The chaincode error in what the gateway client threw (its message or the endorsers' details). */
export function chaincodeErrorOf(error: unknown): ReportedChaincodeError | undefined {
  if (!(error instanceof Error)) return undefined;
  const texts = [
    ...(error instanceof GatewayError ? error.details.map((detail) => detail.message) : []),
    error.message,
  ];
  for (const text of texts) {
    const decoded = decodeChaincodeError(text);
    if (decoded) return { ...decoded, reportedIn: text };
  }
  return undefined;
}

/**
 * Awaits a call that must fail with a chaincode error; returns the decoded error after checking that it
 * arrived as canonical JSON and that its facts agree with its message (see `expectFactsAgree`).
 */
export async function refusal(call: Promise<unknown>): Promise<ReportedChaincodeError> {
  let thrown: unknown;
  try {
    await call;
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) expect.fail('expected a chaincode error, but the call succeeded');
  const decoded = chaincodeErrorOf(thrown);
  if (!decoded) expect.fail(`expected a chaincode error, got an error without one: ${describe(thrown)}`);
  const { code, facts, message } = decoded;
  expect(decoded.reportedIn.endsWith(canonicalJson({ code, facts, message })), decoded.reportedIn).to.equal(true);
  expectFactsAgree(decoded);
  return decoded;
}

/**
 * Awaits a call that must fail with a chaincode error of the given code (and message matching `text` if given,
 * and exactly these facts if given); returns the error's message. Fails the test if the call succeeds or fails
 * otherwise.
 */
export async function refused(
  call: Promise<unknown>,
  code: ErrorCode,
  text?: RegExp | string,
  facts?: Readonly<Record<string, unknown>>,
): Promise<string> {
  const decoded = await refusal(call);
  expect(decoded.code, `${decoded.code}: ${decoded.message}`).to.equal(code);
  if (text instanceof RegExp) expect(decoded.message).to.match(text);
  else if (text !== undefined) expect(decoded.message).to.include(text);
  if (facts !== undefined) expect(decoded.facts).to.deep.equal(facts);
  return decoded.message;
}

/** The facts each code carries, and the message stating them (so every refusal checks both). */
export function expectFactsAgree({ code, facts, message }: ChaincodeErrorBody): void {
  const context = `${code} ${JSON.stringify(facts)}: ${message}`;
  switch (code) {
    case 'ILLEGAL_TRANSITION': {
      expect(Object.keys(facts).sort(), context).to.deep.equal([
        'allowedTransitions',
        'currentState',
        'id',
        'recordType',
      ]);
      const { recordType, id, currentState, allowedTransitions } = facts as {
        recordType: string;
        id: string;
        currentState: string;
        allowedTransitions: string[];
      };
      expect(allowedTransitions, context).to.be.an('array');
      const prefix = `${recordType} ${id} is ${currentState}; `;
      const suffix = `; transitions allowed from ${currentState}: ${allowedTransitions.join(', ') || 'none'}`;
      expect(message.slice(0, prefix.length), context).to.equal(prefix);
      expect(message.slice(-suffix.length), context).to.equal(suffix);
      break;
    }
    case 'NOT_FOUND':
      if (Object.keys(facts).length === 0) break;
      expect(Object.keys(facts).sort(), context).to.deep.equal(['id', 'recordType']);
      expect(message, context).to.equal(`${String(facts.recordType)} ${String(facts.id)} does not exist`);
      break;
    case 'ALREADY_EXISTS':
      if (Object.keys(facts).length === 0) break;
      if ('step' in facts) {
        // A once-only step already taken: which, by whom, when, each stated in the message too.
        expect(Object.keys(facts).sort(), context).to.deep.equal(['at', 'by', 'id', 'recordType', 'step']);
        for (const name of ['id', 'by', 'at']) expect(message, context).to.include(String(facts[name]));
      } else expect(Object.keys(facts).sort(), context).to.deep.equal(['id', 'recordType']);
      expect(message, context).to.include(String(facts.id));
      break;
    case 'LIMIT_EXCEEDED':
      expect(Object.keys(facts), context).to.deep.equal(['limit']);
      expect(facts.limit, context).to.be.a('number');
      expect(message, context).to.include(String(facts.limit));
      break;
    case 'INVALID_ARGUMENT':
    case 'UNKNOWN_TRANSACTION': {
      expect(Object.keys(facts), context).to.deep.equal(['issues']);
      const issues = facts.issues as { path: unknown; message: unknown }[];
      expect(issues, context).to.be.an('array');
      for (const issue of issues) expect(Object.keys(issue).sort(), context).to.deep.equal(['message', 'path']);
      break;
    }
    default:
      expect(facts, context).to.deep.equal({});
  }
}

function describe(error: unknown): string {
  if (error instanceof GatewayError) return `${error.message} [${error.details.map((d) => d.message).join(' | ')}]`;
  return error instanceof Error ? error.message : String(error);
}
