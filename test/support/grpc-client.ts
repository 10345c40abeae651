import type * as grpc from '@grpc/grpc-js';
import { peerGrpcClient, type Devnet } from '@scenechain/devnet';
import { tlsClientOf } from './fabric-client';

/**
 * A bare gRPC client to an org's peer of a dev network, for tests that send hand-made or malformed messages
 * below the fabric-gateway client. The one place tests choose the transport credentials of raw calls: TLS
 * with the org's TLS CA and the peer's host name (and User1's client certificate under mutual TLS), or
 * plaintext when the network serves plaintext.
 */
export function rawPeerClient(net: Devnet, mspId: string): grpc.Client {
  return peerGrpcClient(net.org(mspId), { tlsClient: tlsClientOf(net, mspId) });
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
