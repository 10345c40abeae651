import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CertificateAuthority } from './certificate-authority';
import { createDirOnce } from './create-once';
import { IdentityError } from './identity-error';
import type { CaLayout, OrgLayout } from './layout';

/** An org's two CAs, as cryptogen creates them: one for MSP identities, one for TLS. */
export interface OrgCas {
  readonly signing: CertificateAuthority;
  readonly tls: CertificateAuthority;
}

/** Opens the org's CAs, creating whichever does not exist yet; an existing CA is never replaced. */
export async function openOrgCas(org: OrgLayout): Promise<OrgCas> {
  const [signing, tls] = await Promise.all([openCa(org.ca, org), openCa(org.tlsCa, org)]);
  return { signing, tls };
}

/** Opens the org's existing CAs; throws when the org's crypto material has not been generated. */
export async function loadOrgCas(org: OrgLayout): Promise<OrgCas> {
  // Both are read at once, but a missing signing CA is reported first whichever read fails sooner.
  const [signing, tls] = await Promise.allSettled([loadCa(org.ca, org.mspId), loadCa(org.tlsCa, org.mspId)]);
  if (signing.status === 'rejected') throw signing.reason;
  if (tls.status === 'rejected') throw tls.reason;
  return { signing: signing.value, tls: tls.value };
}

async function openCa(layout: CaLayout, org: OrgLayout): Promise<CertificateAuthority> {
  let created: CertificateAuthority | undefined;
  const isNew = await createDirOnce(layout.dir, async (tmpDir) => {
    const { ca, keyPem } = CertificateAuthority.create(layout.commonName, org.domain);
    await writeFile(path.join(tmpDir, 'priv_sk'), keyPem, { mode: 0o600 });
    await writeFile(path.join(tmpDir, layout.certFile), ca.certPem);
    created = ca;
  });
  // An existing folder (or one a concurrent run created first) holds the CA to use.
  return isNew && created ? created : loadCa(layout, org.mspId);
}

async function loadCa(layout: CaLayout, mspId: string): Promise<CertificateAuthority> {
  let certPem: string;
  let keyPem: string;
  try {
    [certPem, keyPem] = await Promise.all([readFile(layout.certPath, 'utf8'), readFile(layout.keyPath, 'utf8')]);
  } catch (err) {
    throw new IdentityError(`no CA ${layout.commonName} for ${mspId} in ${layout.dir}: ${(err as Error).message}`);
  }
  return CertificateAuthority.fromPem(certPem, keyPem);
}
