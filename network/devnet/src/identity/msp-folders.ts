import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Attributes } from './attributes';
import { createDirOnce, writeFileOnce } from './create-once';
import type { NodeLayout, OrgLayout } from './layout';
import { nodeOuConfigYaml, type NodeOU } from './node-ou';
import type { OrgCas } from './org-cas';

/**
 * Writes whatever is missing of the org's verifying MSP (the folder a channel configuration is built from):
 * admincerts/ (empty: NodeOUs tell admins apart), cacerts/, tlscacerts/ and config.yaml.
 */
export async function writeOrgMsp(org: OrgLayout, cas: OrgCas): Promise<void> {
  await mkdir(path.join(org.mspDir, 'admincerts'), { recursive: true });
  await Promise.all([
    writeFileOnce(path.join(org.mspDir, 'cacerts', org.ca.certFile), cas.signing.certPem),
    writeFileOnce(path.join(org.mspDir, 'tlscacerts', org.tlsCa.certFile), cas.tls.certPem),
    writeFileOnce(path.join(org.mspDir, 'config.yaml'), nodeOuConfigYaml(`cacerts/${org.ca.certFile}`)),
  ]);
}

export interface NodeRequest {
  readonly nodeOu: NodeOU;
  /** Subject alternative names of the TLS certificate (servers). */
  readonly tlsNames?: readonly string[];
  readonly attrs?: Attributes;
}

/**
 * Creates a node's local MSP and TLS folders unless the node already exists (then nothing changes):
 * msp/{admincerts,cacerts,keystore/priv_sk,signcerts/<cn>-cert.pem,tlscacerts,config.yaml} (users also
 * signcerts/cert.pem) and tls/{ca.crt,server|client.crt,server|client.key}. Returns whether it created them.
 */
export function writeNodeOnce(org: OrgLayout, node: NodeLayout, cas: OrgCas, request: NodeRequest): Promise<boolean> {
  return createDirOnce(node.dir, (tmpDir) => {
    const identity = cas.signing.issue({
      commonName: node.commonName,
      purpose: 'identity',
      nodeOu: request.nodeOu,
      attrs: request.attrs,
    });
    const tls = cas.tls.issue({ commonName: node.commonName, purpose: 'tls', subjectAltNames: request.tlsNames });
    // Paths inside the temporary folder mirror the node's final layout. Synchronous writes: a topology's few
    // hundred small files cost far less than as many thread-pool round trips.
    const at = (file: string): string => path.join(tmpDir, path.relative(node.dir, file));
    const mspDir = at(node.mspDir);
    for (const sub of ['admincerts', 'cacerts', 'keystore', 'signcerts', 'tlscacerts']) {
      mkdirSync(path.join(mspDir, sub), { recursive: true });
    }
    mkdirSync(at(node.tlsDir));
    writeFileSync(at(node.certPath), identity.certPem);
    // Users also get the file name Fabric CA's enroll writes, which applications for the test network read.
    if (node.kind === 'user') writeFileSync(at(fabricCaCertPath(node)), identity.certPem);
    writeFileSync(at(node.keyPath), identity.keyPem, { mode: 0o600 });
    writeFileSync(path.join(mspDir, 'cacerts', org.ca.certFile), cas.signing.certPem);
    writeFileSync(path.join(mspDir, 'tlscacerts', org.tlsCa.certFile), cas.tls.certPem);
    writeFileSync(path.join(mspDir, 'config.yaml'), nodeOuConfigYaml(`cacerts/${org.ca.certFile}`));
    writeFileSync(at(node.tlsCaCertPath), cas.tls.certPem);
    writeFileSync(at(node.tlsCertPath), tls.certPem);
    writeFileSync(at(node.tlsKeyPath), tls.keyPem, { mode: 0o600 });
  });
}

/** `msp/signcerts/cert.pem`: where Fabric CA's enroll puts the certificate cryptogen names `<cn>-cert.pem`. */
export function fabricCaCertPath(node: NodeLayout): string {
  return path.join(path.dirname(node.certPath), 'cert.pem');
}

/** Adds signcerts/cert.pem to a user made before users had it, so older data folders serve such apps too. */
export function ensureFabricCaCertFile(node: NodeLayout, certPem: string): void {
  if (!existsSync(fabricCaCertPath(node))) writeFileSync(fabricCaCertPath(node), certPem);
}
