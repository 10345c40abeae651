import { status as Code } from '@grpc/grpc-js';
import type { Identity } from '../identity';
import type { ChannelRuntime } from './network-view';
import { rpcError } from './rpc-error';

/**
 * Checks a signed gateway request (commit status, chaincode events) against the channel's Readers: the
 * identity must be a channel member's and its signature over the request bytes must verify.
 */
export function authoriseSignedRequest(
  channel: ChannelRuntime,
  identityBytes: Uint8Array,
  signed: Uint8Array,
  signature: Uint8Array,
): Identity {
  let identity: Identity;
  try {
    identity = channel.membership.deserialize(identityBytes);
  } catch (err) {
    throw rpcError(Code.PERMISSION_DENIED, `failed deserializing signed data identity: ${(err as Error).message}`);
  }
  if (!identity.verify(signed, signature)) {
    throw rpcError(
      Code.PERMISSION_DENIED,
      `implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the 'Readers' sub-policies to be satisfied`,
    );
  }
  return identity;
}
