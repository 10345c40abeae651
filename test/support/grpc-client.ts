import * as grpc from '@grpc/grpc-js';
import type { Devnet } from '@scenechain/devnet';

/**
 * A bare gRPC client to an org's peer of a dev network, for tests that send hand-made or malformed messages
 * below the fabric-gateway client. The one place tests choose the transport credentials of raw calls.
 */
export function rawPeerClient(net: Devnet, mspId: string): grpc.Client {
  return new grpc.Client(net.endpoint(mspId), grpc.credentials.createInsecure());
}

/** One unary call with raw request bytes; resolves with the error (undefined on success) and the answer bytes. */
export function rawUnaryCall(
  client: grpc.Client,
  path: string,
  body: Uint8Array,
): Promise<{ error?: grpc.ServiceError; response?: Buffer }> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      (value: Buffer) => value,
      (value: Buffer) => value,
      Buffer.from(body),
      (error, response) => resolve({ error: error ?? undefined, response }),
    );
  });
}
