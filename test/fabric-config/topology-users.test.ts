import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { readAttributes } from '../../network/devnet/src/identity/attributes';
import { nodeLayout, orgLayout } from '../../network/devnet/src/identity/layout';
import { openOrgCas } from '../../network/devnet/src/identity/org-cas';
import * as x509 from '../../network/devnet/src/identity/peculiar-x509';
import { issueTopologyUsers } from '../../scripts/fabric-config/topology-users';
import { repoTopology } from './repo-topology';

describe('topology users for a cryptogen network (issue-users)', () => {
  const topology = repoTopology();
  let workDir: string;

  beforeEach(async () => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'topology-users-'));
    // The org CAs in cryptogen's layout (ca/priv_sk, ca/ca.<domain>-cert.pem), as `cryptogen generate` leaves them.
    for (const org of topology.orgs) await openOrgCas(orgLayout(topology, path.join(workDir, 'crypto'), org.mspId));
  });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  /** The org and the user with the most attributes, read from the topology rather than assumed. */
  function richestUser() {
    const users = topology.orgs.flatMap((org) => org.users.map((user) => ({ org, user })));
    return users.sort((a, b) => Object.keys(b.user.attrs).length - Object.keys(a.user.attrs).length)[0];
  }

  it('issues every topology user under its org CA, with its attributes and the client NodeOU', async () => {
    const issued = await issueTopologyUsers(topology, workDir);
    expect(issued).to.have.length(topology.orgs.flatMap((org) => org.users).length);
    const { org: spec, user } = richestUser();
    const org = orgLayout(topology, path.join(workDir, 'crypto'), spec.mspId);
    const files = nodeLayout(org, 'user', user.name);
    const certPem = readFileSync(files.certPath, 'utf8');
    const cert = new X509Certificate(certPem);
    expect(cert.verify(new X509Certificate(readFileSync(org.ca.certPath)).publicKey)).to.equal(true);
    expect(cert.subject).to.contain('OU=client');
    expect(Object.keys(user.attrs).length).to.be.greaterThan(0);
    expect(readAttributes(new x509.X509Certificate(certPem))).to.deep.equal(user.attrs);
    expect(readFileSync(files.keyPath, 'utf8')).to.contain('PRIVATE KEY');
  });

  it('keeps existing users on a re-run and refuses one whose attributes changed', async () => {
    await issueTopologyUsers(topology, workDir);
    const { org: spec, user } = richestUser();
    const certPath = nodeLayout(
      orgLayout(topology, path.join(workDir, 'crypto'), spec.mspId),
      'user',
      user.name,
    ).certPath;
    const before = readFileSync(certPath, 'utf8');
    await issueTopologyUsers(topology, workDir);
    expect(readFileSync(certPath, 'utf8')).to.equal(before);
    const changed = structuredClone(topology);
    changed.orgs.find((org) => org.mspId === spec.mspId)!.users.find((u) => u.name === user.name)!.attrs = {
      role: 'someone-else',
    };
    let error: unknown;
    await issueTopologyUsers(changed, workDir).catch((err: unknown) => (error = err));
    expect(String(error)).to.contain(`${user.name}@${spec.domain} exists with attributes`);
  });
});
