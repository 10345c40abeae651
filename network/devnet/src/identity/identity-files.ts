import { readFileSync } from 'node:fs';
import type { Topology } from '../topology/schema';
import { IdentityError } from './identity-error';
import { nodeLayout, orgLayout, type NodeLayout } from './layout';

/** An identity's MSP folder, certificate and private key, as fabric-gateway clients and Fabric tools use them. */
export interface IdentityFiles {
  readonly mspId: string;
  /** The short name: `Admin`, `User1`, `inspector1`, `peer0`, `orderer`. */
  readonly name: string;
  readonly mspDir: string;
  readonly certPath: string;
  readonly keyPath: string;
  readonly certPem: string;
  /** PKCS#8 PEM private key. */
  readonly keyPem: string;
  /** `tls/ca.crt`: the org's TLS CA certificate. */
  readonly tlsCaCertPath: string;
  /** `tls/client.crt` (users) or `tls/server.crt` (peers, orderers) and its key: for mutual TLS. */
  readonly tlsCertPath: string;
  readonly tlsKeyPath: string;
}

/** Reads the files of an existing node; throws IdentityError when they are missing. */
export function readIdentityFiles(mspId: string, node: NodeLayout): IdentityFiles {
  try {
    return {
      mspId,
      name: node.name,
      mspDir: node.mspDir,
      certPath: node.certPath,
      keyPath: node.keyPath,
      certPem: readFileSync(node.certPath, 'utf8'),
      keyPem: readFileSync(node.keyPath, 'utf8'),
      tlsCaCertPath: node.tlsCaCertPath,
      tlsCertPath: node.tlsCertPath,
      tlsKeyPath: node.tlsKeyPath,
    };
  } catch (err) {
    throw new IdentityError(`no ${node.kind} ${node.commonName} of ${mspId}: ${(err as Error).message}`);
  }
}

/** A user's files: `users/<name>@<domain>` (`Admin`, `User1` or a topology user). */
export function userIdentityFiles(topology: Topology, cryptoDir: string, mspId: string, name: string): IdentityFiles {
  return readIdentityFiles(mspId, nodeLayout(orgLayout(topology, cryptoDir, mspId), 'user', name));
}

/** A peer's files: `peers/<peerName>.<domain>`. */
export function peerIdentityFiles(
  topology: Topology,
  cryptoDir: string,
  mspId: string,
  peerName: string,
): IdentityFiles {
  return readIdentityFiles(mspId, nodeLayout(orgLayout(topology, cryptoDir, mspId), 'peer', peerName));
}

/** An orderer's files: `orderers/<ordererName>.<domain>` of the orderer org. */
export function ordererIdentityFiles(topology: Topology, cryptoDir: string, ordererName: string): IdentityFiles {
  const { mspId } = topology.ordererOrg;
  return readIdentityFiles(mspId, nodeLayout(orgLayout(topology, cryptoDir, mspId), 'orderer', ordererName));
}
