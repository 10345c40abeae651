import type { Topology } from '../topology/schema';
import { checkAttributes, readAttributes, sameAttributes, type Attributes } from './attributes';
import { IdentityError } from './identity-error';
import { readIdentityFiles, type IdentityFiles } from './identity-files';
import { nodeLayout, orgLayout, type OrgLayout } from './layout';
import { ensureFabricCaCertFile, writeNodeOnce } from './msp-folders';
import { loadOrgCas, type OrgCas } from './org-cas';
import * as x509 from './peculiar-x509';

export interface AddUserOptions {
  /** The user's NodeOU role; `client` unless said otherwise. */
  readonly ou?: 'client' | 'admin';
}

/**
 * Issues a user `<name>@<domain>` under the org's existing CA, with Fabric CA attributes in its enrollment
 * certificate. Returns the existing user when it already has the same role and attributes; throws
 * IdentityError when it exists with others, or when the org's crypto material has not been generated.
 */
export async function addUser(
  topology: Topology,
  cryptoDir: string,
  mspId: string,
  name: string,
  attrs: Attributes,
  options: AddUserOptions = {},
): Promise<IdentityFiles> {
  const org = orgLayout(topology, cryptoDir, mspId);
  return ensureUser(org, await loadOrgCas(org), name, attrs, options.ou ?? 'client');
}

/** Creates the user unless it exists, then checks that the one on disk is the one asked for. */
export async function ensureUser(
  org: OrgLayout,
  cas: OrgCas,
  name: string,
  attrs: Attributes,
  ou: 'client' | 'admin',
): Promise<IdentityFiles> {
  checkAttributes(attrs);
  const node = nodeLayout(org, 'user', name);
  const isNew = await writeNodeOnce(org, node, cas, { nodeOu: ou, attrs });
  const files = readIdentityFiles(org.mspId, node);
  if (isNew) return files;
  const cert = new x509.X509Certificate(files.certPem);
  const existingOus = cert.subjectName.getField('OU');
  if (existingOus.length !== 1 || existingOus[0] !== ou) {
    throw new IdentityError(`user ${node.commonName} exists with OU ${existingOus.join(',') || '(none)'}, not ${ou}`);
  }
  const existingAttrs = readAttributes(cert);
  if (!sameAttributes(existingAttrs, attrs)) {
    throw new IdentityError(
      `user ${node.commonName} exists with attributes ${JSON.stringify(existingAttrs)}, not ${JSON.stringify(attrs)}`,
    );
  }
  ensureFabricCaCertFile(node, files.certPem);
  return files;
}
