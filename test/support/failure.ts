import { GatewayError } from '@hyperledger/fabric-gateway';

/** Awaits a call that must fail and returns its error; fails the test if it succeeds. */
export async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GatewayError) return err;
    if (err instanceof Error) return Object.assign(err, { code: -1, details: [] }) as unknown as GatewayError;
    throw err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
