import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { findExample, loadTopology, startDevnet, type Devnet } from '@scenechain/devnet';
import { freePortOffset } from '../support/ports';

const run = promisify(execFile);
const TEST_NETWORK_PORTS = [7050, 7053, 9443, 7051, 7052, 9444, 9051, 9052, 9445, 7054, 8054, 9054];

/** Fabric CA's `fabric-ca-client` binary: `$FABRIC_BIN_DIR`, else PATH; none is in any registry here. */
function findBinary(name: string): string | undefined {
  for (const dir of [process.env.FABRIC_BIN_DIR, ...(process.env.PATH ?? '').split(path.delimiter)]) {
    if (!dir) continue;
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return path.join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The `fabric-ca-client` binary against an org's CA, as test-network's registerEnroll.sh drives it. */
describe("dev network: Fabric CA's fabric-ca-client binary", function () {
  this.timeout(180_000);
  const binary = findBinary('fabric-ca-client');
  let net: Devnet | undefined;
  let dataDir: string;

  async function caClient(...args: string[]): Promise<string> {
    const ca = net!.ca('Org1MSP');
    try {
      const { stdout, stderr } = await run(
        binary!,
        [...args, '--caname', ca.caName, '--tls.certfiles', ca.tlsCaCertPath!],
        { env: { PATH: process.env.PATH, FABRIC_CA_CLIENT_HOME: path.join(dataDir, 'ca-client') } },
      );
      return stdout + stderr;
    } catch (err) {
      const { stdout, stderr } = err as { stdout: string; stderr: string };
      throw new Error(stdout + stderr);
    }
  }

  before(async function () {
    if (!binary) {
      console.warn("      (skipped: no fabric-ca-client binary; set FABRIC_BIN_DIR or put Fabric CA's bin on PATH)");
      this.skip();
    }
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-ca-cli-'));
    net = await startDevnet({
      topology: loadTopology(findExample('test-network').topologyFile),
      dataDir,
      cryptoDir: path.join(dataDir, 'organizations'),
      portOffset: await freePortOffset(TEST_NETWORK_PORTS),
      launch: 'lazy',
    });
  });
  after(async () => {
    await net?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('enrols the registrar, registers a user with an attribute and enrols it into an MSP folder', async () => {
    const port = new URL(net!.ca('Org1MSP').url).port;
    await caClient('enroll', '-u', `https://admin:adminpw@localhost:${port}`);
    const registered = await caClient(
      'register',
      '--id.name',
      'user9',
      '--id.secret',
      'user9pw',
      '--id.type',
      'client',
      '--id.affiliation',
      'org1.department1',
      '--id.attrs',
      'role=inspector:ecert',
      '-u',
      `https://localhost:${port}`,
    );
    expect(registered).to.include('Password: user9pw');

    const msp = path.join(dataDir, 'user9', 'msp');
    await caClient('enroll', '-u', `https://user9:user9pw@localhost:${port}`, '-M', msp);
    const certificate = new X509Certificate(readFileSync(path.join(msp, 'signcerts', 'cert.pem')));
    expect(certificate.subject).to.include('CN=user9');
    expect(certificate.subject).to.include('OU=client');
    expect(readdirSync(path.join(msp, 'keystore'))).to.have.length(1);
    // Issued by the org's own CA: a member of Org1MSP.
    expect(certificate.checkIssued(new X509Certificate(readFileSync(net!.ca('Org1MSP').caCertPath)))).to.equal(true);
    const attrs = certificate.raw.toString('latin1');
    expect(attrs).to.include('"role":"inspector"');

    const wrong = await caClient('enroll', '-u', `https://user9:nope@localhost:${port}`, '-M', msp).then(
      () => 'enrolled',
      (err: Error) => err.message,
    );
    expect(wrong).to.include('Authentication failure');
  });
});
