import * as grpc from '@grpc/grpc-js';
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

/**
 * A bare gRPC client to one of the network's orderers (the first by default): TLS with the orderer org's TLS CA and
 * the orderer's host name (and `mspId`'s User1 client certificate under mutual TLS), or plaintext.
 */
export function rawOrdererClient(net: Devnet, index = 0, mspId = 'Org1MSP'): grpc.Client {
  const orderer = net.orderers[index];
  if (!orderer) throw new Error(`the network has no orderer ${index}`);
  return peerGrpcClient(orderer, { tlsClient: tlsClientOf(net, mspId) });
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

export interface RawStreamOutcome {
  /** The status the call ended with. */
  status: grpc.StatusObject;
  /** The raw messages received before it ended. */
  messages: Buffer[];
}

/** One server-streaming call with raw request bytes; resolves once the call ends, with its status. */
export function rawServerStreamCall(client: grpc.Client, path: string, body: Uint8Array): Promise<RawStreamOutcome> {
  const call = client.makeServerStreamRequest(
    path,
    (value: Buffer) => value,
    (value: Buffer) => value,
    Buffer.from(body),
  );
  return outcomeOf(call);
}

/**
 * One bidirectional call: writes each raw message in turn, half-closes unless `keepOpen`, and resolves once the
 * server ends the call, with its status.
 */
export async function rawBidiCall(
  client: grpc.Client,
  path: string,
  messages: readonly Uint8Array[],
  keepOpen = false,
): Promise<RawStreamOutcome> {
  const { responses, status } = await rawDuplexCall(client, path, messages, { keepOpen });
  return { status, messages: responses };
}

function outcomeOf(call: grpc.ClientReadableStream<Buffer> | grpc.ClientDuplexStream<Buffer, Buffer>) {
  return new Promise<RawStreamOutcome>((resolve) => {
    const messages: Buffer[] = [];
    call.on('data', (message: Buffer) => messages.push(message));
    call.on('error', () => undefined); // the status event carries it
    call.on('status', (status: grpc.StatusObject) => resolve({ status, messages }));
  });
}

/** What a raw streaming call brought back: every response message, the final status and the trailers. */
export interface RawStreamResult {
  responses: Buffer[];
  status: grpc.StatusObject;
}

/**
 * One bidirectional streaming call with raw request and response bytes. `requests` are written in order; the
 * client then half-closes unless `keepOpen` is set. `onResponse` may send more requests or cancel the call (it gets
 * the call and the responses so far). Resolves once the server has ended the stream.
 */
export function rawDuplexCall(
  client: grpc.Client,
  path: string,
  requests: readonly Uint8Array[],
  options: {
    keepOpen?: boolean;
    onResponse?: (call: grpc.ClientDuplexStream<Buffer, Buffer>, responses: readonly Buffer[]) => void;
  } = {},
): Promise<RawStreamResult> {
  return new Promise((resolve) => {
    const call = client.makeBidiStreamRequest(
      path,
      (value: Buffer) => value,
      (value: Buffer) => value,
    );
    const responses: Buffer[] = [];
    call.on('data', (response: Buffer) => {
      responses.push(response);
      options.onResponse?.(call, responses);
    });
    // Errors arrive as the status too; listening keeps them from being thrown.
    call.on('error', () => undefined);
    // After an OK status the last messages may still be queued: wait for the end of the responses too.
    let ended = false;
    let okStatus: grpc.StatusObject | undefined;
    call.on('end', () => {
      ended = true;
      if (okStatus) resolve({ responses, status: okStatus });
    });
    call.on('status', (status: grpc.StatusObject) => {
      if (status.code !== grpc.status.OK || ended) resolve({ responses, status });
      else okStatus = status;
    });
    for (const request of requests) call.write(Buffer.from(request));
    if (!options.keepOpen) call.end();
  });
}
