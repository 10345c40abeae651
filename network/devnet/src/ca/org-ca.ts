import { X509Certificate } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadOrgCas, orgLayout } from '../identity';
import type { Topology } from '../topology/schema';
import { BOOTSTRAP_AFFILIATIONS, bootstrapIdentities, caNameFor } from './ca-config';
import type { CaContext } from './ca-context';
import { CaServer } from './ca-server';
import { CaStore } from './ca-store';
import { crlPem } from './crl';

export interface OrgCaOptions {
  readonly topology: Topology;
  readonly cryptoDir: string;
  readonly dataDir: string;
  readonly mspId: string;
  readonly host: string;
  readonly port: number;
  /** HTTPS with a certificate from the org's TLS CA (default), or plain HTTP. */
  readonly tls: boolean;
  readonly clock: () => number;
  /** Called once the org's MSP folder holds a new CRL, so that channels re-read it. */
  readonly onRevocation: () => void;
  readonly onError?: (err: unknown) => void;
}

/** A running Fabric CA of one org. */
export interface OrgCa {
  readonly mspId: string;
  /** ca.name, e.g. `ca-org1`: what clients give as caName. */
  readonly caName: string;
  /** `https://127.0.0.1:7054` */
  readonly url: string;
  /** The org's TLS CA certificate, which the CA's HTTPS certificate chains to (absent without TLS). */
  readonly tlsCaCertPath?: string;
  /** The org's signing CA certificate: the CA chain enrollments answer with. */
  readonly caCertPath: string;
  stop(): Promise<void>;
}

/**
 * Starts an org's Fabric CA: it signs with the org's CA (so that what it issues is a member of the org's MSP),
 * keeps its registry in `<dataDir>/ca/<domain>/`, and on revocation writes its CRL into the org's verifying
 * MSP (`msp/crls/crl.pem`, as an MSP's RevocationList) so that the network refuses revoked certificates.
 */
export async function startOrgCa(options: OrgCaOptions): Promise<OrgCa> {
  const org = orgLayout(options.topology, options.cryptoDir, options.mspId);
  const cas = await loadOrgCas(org);
  const store = await CaStore.open(
    path.join(options.dataDir, 'ca', org.domain, 'fabric-ca-server.json'),
    BOOTSTRAP_AFFILIATIONS,
    bootstrapIdentities(),
  );
  const crlFile = path.join(org.mspDir, 'crls', 'crl.pem');
  let publishing: Promise<void> = Promise.resolve();
  const context: CaContext = {
    name: caNameFor(org.kind, org.domain),
    store,
    signer: cas.signing,
    certPem: cas.signing.certPem,
    cert: new X509Certificate(cas.signing.certPem),
    now: options.clock,
    publishRevocations() {
      // One at a time, each with the CRL as it is when its turn comes; written beside the folder and renamed
      // in, so that a reload never reads half a CRL.
      const next = publishing.then(async () => {
        const tmp = path.join(org.mspDir, `.crl.pem.tmp-${process.pid}`);
        await mkdir(path.dirname(crlFile), { recursive: true });
        await writeFile(tmp, crlPem(context));
        await rename(tmp, crlFile);
        options.onRevocation();
      });
      publishing = next.catch(() => undefined);
      return next;
    },
  };
  const host = options.host;
  const tls = options.tls
    ? cas.tls.issue({
        commonName: `ca.${org.domain}`,
        purpose: 'tls',
        subjectAltNames: [`ca.${org.domain}`, 'localhost', host],
      })
    : undefined;
  const server = new CaServer(context, {
    host,
    port: options.port,
    tls: tls && { certPem: tls.certPem, keyPem: tls.keyPem },
    onError: options.onError,
  });
  await server.start();
  return {
    mspId: org.mspId,
    caName: context.name,
    url: server.url,
    caCertPath: org.ca.certPath,
    ...(options.tls && { tlsCaCertPath: org.tlsCa.certPath }),
    stop: () => server.stop(),
  };
}
