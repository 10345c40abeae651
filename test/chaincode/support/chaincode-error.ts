import { expect } from 'chai';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { parseChaincodeError, type ErrorCode } from '../../../chaincode/scene-kit/src/errors';

/** The code and text of a chaincode error as the gateway client reports it (message or endorser details). */
export function chaincodeErrorOf(error: unknown): { code: ErrorCode; text: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const texts = [
    error.message,
    ...(error instanceof GatewayError ? error.details.map((detail) => detail.message) : []),
  ];
  for (const text of texts) {
    const parsed = parseChaincodeError(text);
    if (parsed) return parsed;
  }
  return undefined;
}

/**
 * Awaits a call that must fail with a chaincode error of the given code (and text matching `text` if given);
 * returns the error's text. Fails the test if the call succeeds or fails otherwise.
 */
export async function refused(call: Promise<unknown>, code: ErrorCode, text?: RegExp | string): Promise<string> {
  let thrown: unknown;
  try {
    await call;
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) expect.fail(`expected ${code}, but the call succeeded`);
  const parsed = chaincodeErrorOf(thrown);
  if (!parsed) expect.fail(`expected ${code}, got an error without a chaincode code: ${describe(thrown)}`);
  expect(parsed.code, `${parsed.code}: ${parsed.text}`).to.equal(code);
  if (text instanceof RegExp) expect(parsed.text).to.match(text);
  else if (text !== undefined) expect(parsed.text).to.include(text);
  return parsed.text;
}

function describe(error: unknown): string {
  if (error instanceof GatewayError) return `${error.message} [${error.details.map((d) => d.message).join(' | ')}]`;
  return error instanceof Error ? error.message : String(error);
}
