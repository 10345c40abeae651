import { createPrivateKey, sign } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import {
  connect,
  hash,
  type ConnectOptions,
  type Gateway,
  type Identity,
  type Signer,
} from '@hyperledger/fabric-gateway';
import { toLowS } from '../identity/ecdsa-signature';

export interface ClientIdentityFiles {
  mspId: string;
  certPem: string;
  keyPem: string;
}

/**
 * A fabric-gateway signer on node:crypto: about ten times cheaper than the pure-JS signer, and low-S as
 * Fabric requires. It is paired with `hash.none` so it receives the message and hashes it itself.
 */
export function nodeCryptoSigner(keyPem: string): Signer {
  const key = createPrivateKey(keyPem);
  return async (message: Uint8Array) => toLowS(sign('sha256', message, key));
}

export interface GatewayConnection {
  gateway: Gateway;
  client: grpc.Client;
  close(): void;
}

/**
 * Connects the real @hyperledger/fabric-gateway client to a peer endpoint (a dev network org's, or a real
 * peer's) as the given identity, with Fabric's usual per-stage deadlines unless overridden.
 */
export function connectGateway(
  endpoint: string,
  identity: ClientIdentityFiles,
  options: Partial<
    Pick<ConnectOptions, 'evaluateOptions' | 'endorseOptions' | 'submitOptions' | 'commitStatusOptions'>
  > = {},
): GatewayConnection {
  const client = new grpc.Client(endpoint, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': 100 * 1024 * 1024,
    'grpc.max_send_message_length': 100 * 1024 * 1024,
  });
  const gatewayIdentity: Identity = { mspId: identity.mspId, credentials: Buffer.from(identity.certPem) };
  const gateway = connect({
    client,
    identity: gatewayIdentity,
    signer: nodeCryptoSigner(identity.keyPem),
    hash: hash.none,
    evaluateOptions: () => ({ deadline: Date.now() + 30_000 }),
    endorseOptions: () => ({ deadline: Date.now() + 60_000 }),
    submitOptions: () => ({ deadline: Date.now() + 30_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + 120_000 }),
    ...options,
  });
  return {
    gateway,
    client,
    close() {
      gateway.close();
      client.close();
    },
  };
}
