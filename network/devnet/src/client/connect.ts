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
 * Where a peer is and how to trust it: a dev network's `OrgEndpoint` is one, and so is a real peer described
 * as in fabric-samples (its org's TLS CA and host name). Without `tlsRootCertPem` the connection is plaintext.
 */
export interface PeerTarget {
  /** host:port */
  endpoint: string;
  /** PEM of the TLS CA that issued the peer's certificate. */
  tlsRootCertPem?: string;
  /** Name to verify the peer's certificate against (`grpc.ssl_target_name_override`), e.g. peer0.org1.example.com. */
  hostAlias?: string;
}

/** A client TLS certificate and key (a user's `tls/client.crt` and `client.key`) for peers that require one. */
export interface TlsClientCertificate {
  certPem: string;
  keyPem: string;
}

export interface PeerClientOptions {
  tlsClient?: TlsClientCertificate;
  /** Extra gRPC channel options. */
  channelOptions?: grpc.ChannelOptions;
}

/** A gRPC client to a peer: TLS with its CA (mutual with `tlsClient`) or, for a plain endpoint, plaintext. */
export function peerGrpcClient(peer: string | PeerTarget, options: PeerClientOptions = {}): grpc.Client {
  const target = typeof peer === 'string' ? { endpoint: peer } : peer;
  const channelOptions: grpc.ChannelOptions = {
    'grpc.max_receive_message_length': 100 * 1024 * 1024,
    'grpc.max_send_message_length': 100 * 1024 * 1024,
    ...options.channelOptions,
  };
  if (target.tlsRootCertPem === undefined) {
    if (options.tlsClient)
      throw new Error(`a TLS client certificate needs TLS: no TLS CA given for ${target.endpoint}`);
    return new grpc.Client(target.endpoint, grpc.credentials.createInsecure(), channelOptions);
  }
  const credentials = grpc.credentials.createSsl(
    Buffer.from(target.tlsRootCertPem),
    options.tlsClient && Buffer.from(options.tlsClient.keyPem),
    options.tlsClient && Buffer.from(options.tlsClient.certPem),
  );
  if (target.hostAlias) channelOptions['grpc.ssl_target_name_override'] = target.hostAlias;
  return new grpc.Client(target.endpoint, credentials, channelOptions);
}

export type ConnectGatewayOptions = Partial<
  Pick<ConnectOptions, 'evaluateOptions' | 'endorseOptions' | 'submitOptions' | 'commitStatusOptions'>
> & { tlsClient?: TlsClientCertificate };

/**
 * Connects the real @hyperledger/fabric-gateway client to a peer (a dev network org's `OrgEndpoint`, or a real
 * peer's address, TLS CA and host name; a bare `host:port` is plaintext) as the given identity, with Fabric's
 * usual per-stage deadlines unless overridden.
 */
export function connectGateway(
  peer: string | PeerTarget,
  identity: ClientIdentityFiles,
  options: ConnectGatewayOptions = {},
): GatewayConnection {
  const { tlsClient, ...connectOptions } = options;
  const client = peerGrpcClient(peer, { tlsClient });
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
    ...connectOptions,
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
