import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { connect, signers, type Gateway } from '@hyperledger/fabric-gateway';
import type { ConnectionSettings, IdentityFiles } from '../../../scripts/fabric-config/connection-settings';

export interface RealGateway {
  readonly gateway: Gateway;
  close(): void;
}

/** A gateway to an org's first peer as `identity` (default the org's User1), from connection.json alone. */
export function connectToOrg(settings: ConnectionSettings, mspId: string, identity?: IdentityFiles): RealGateway {
  const org = settings.orgs[mspId];
  const peer = org.peers[0];
  const client = new grpc.Client(peer.endpoint, grpc.credentials.createSsl(readFileSync(peer.tlsCACertPath)), {
    'grpc.ssl_target_name_override': peer.hostOverride,
  });
  const user = identity ?? org.user;
  const gateway = connect({
    client,
    identity: { mspId, credentials: readFileSync(user.certPath) },
    signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(user.keyPath))),
  });
  return {
    gateway,
    close() {
      gateway.close();
      client.close();
    },
  };
}
