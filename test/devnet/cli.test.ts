import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { connectGateway } from '@scenechain/devnet';
import { TEST_TOPOLOGY } from '../support/devnet';
import { DEVNET_CLI as CLI, startDevnetCli } from '../support/devnet-cli';
import { freePortOffset } from '../support/ports';

/** User1's certificate and key from an org's cryptogen folder. */
function userIdentity(orgDir: string, mspId: string) {
  const msp = path.join(orgDir, 'users', `User1@${path.basename(orgDir)}`, 'msp');
  return {
    mspId,
    certPem: readFileSync(path.join(msp, 'signcerts', 'cert.pem'), 'utf8'),
    keyPem: readFileSync(path.join(msp, 'keystore', 'priv_sk'), 'utf8'),
  };
}
const run = promisify(execFile);

describe('dev network CLI', function () {
  this.timeout(60_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-cli-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const global = ['--topology', TEST_TOPOLOGY, '--data-dir', dataDir];

  it('adds a user whose certificate carries Fabric CA attributes', async () => {
    const { stdout } = await run(process.execPath, [
      CLI,
      ...global,
      'add-user',
      '--org',
      'Org2MSP',
      '--name',
      'alice',
      '--attr',
      'role=inspector',
      'region=north',
    ]);
    const result = JSON.parse(stdout) as { mspDir: string; attrs: Record<string, string> };
    expect(result.attrs).to.deep.equal({ role: 'inspector', region: 'north' });
    expect(result.mspDir).to.equal(
      path.join(dataDir, 'crypto', 'peerOrganizations', 'org2.example.com', 'users', 'alice@org2.example.com', 'msp'),
    );
    const cert = readFileSync(path.join(result.mspDir, 'signcerts', 'alice@org2.example.com-cert.pem'), 'utf8');
    const { Certificate } = await import('@fidm/x509');
    const extension = Certificate.fromPEM(Buffer.from(cert)).extensions.find((ext) => ext.oid === '1.2.3.4.5.6.7.8.1');
    expect(JSON.parse(extension!.value.toString())).to.deep.equal({ attrs: { role: 'inspector', region: 'north' } });
  });

  it('refuses malformed attributes, unknown orgs and a zero time window with a clear message', async () => {
    const bad = await run(process.execPath, [
      CLI,
      ...global,
      'add-user',
      '--org',
      'Org1MSP',
      '--name',
      'bob',
      '--attr',
      'role',
    ])
      .then(() => undefined)
      .catch((err: { stderr: string; code: number }) => err);
    expect(bad?.code).to.equal(1);
    expect(bad?.stderr).to.include('attribute "role" must be name=value');
    const unknown = await run(process.execPath, [CLI, ...global, 'add-user', '--org', 'NopeMSP', '--name', 'bob'])
      .then(() => undefined)
      .catch((err: { stderr: string; code: number }) => err);
    expect(unknown?.stderr).to.include('NopeMSP');
    const zeroWindow = await run(process.execPath, [CLI, ...global, 'start', '--time-window', '0s'])
      .then(() => undefined)
      .catch((err: { stderr: string; code: number }) => err);
    expect(zeroWindow?.code).to.equal(1);
    expect(zeroWindow?.stderr).to.include('time window "0s" must be a duration above zero such as 5m, 90s or 1500ms');
  });

  it('starts with DEVNET_PORT_OFFSET and --no-tls, prints every gateway endpoint, serves plaintext, stops on SIGINT', async () => {
    const offset = await freePortOffset([7050, 7051, 7052, 9051, 9052, 11051, 11052, 9443, 9444, 9445, 9446]);
    const cli = await startDevnetCli([...global, 'start', '--lazy', '--no-tls', '--time-window', '90s'], {
      env: { DEVNET_PORT_OFFSET: String(offset) },
    });
    try {
      const output = cli.output();
      for (const [mspId, port] of [
        ['Org1MSP', 7051],
        ['Org2MSP', 9051],
        ['Org3MSP', 11051],
      ] as const) {
        expect(output).to.match(new RegExp(`${mspId}\\s+gateway 127\\.0\\.0\\.1:${port + offset}\\s`));
      }
      expect(output).to.include('TLS:        off (plaintext gRPC)');
      expect(output).to.include("proposals:  refused when timestamped more than 1m30s from the peers' clock");
      // The test topology names no operations ports: the orderer gets 9443, the peers 9444... in topology order.
      expect(output).to.match(
        new RegExp(
          `Org3MSP\\s+gateway \\S+\\s+\\(peer0\\.org3\\.example\\.com\\)[^\\n]*\\n?[^\\n]*operations http://127\\.0\\.0\\.1:${9446 + offset}`,
        ),
      );
      expect(output).to.match(new RegExp(`orderer\\s+operations http://127\\.0\\.0\\.1:${9443 + offset}`));
      expect(output).to.include('channel testchannel: height 1');
      const connection = connectGateway(
        `127.0.0.1:${7051 + offset}`,
        userIdentity(path.join(dataDir, 'crypto', 'peerOrganizations', 'org1.example.com'), 'Org1MSP'),
      );
      try {
        const probe = connection.gateway.getNetwork('testchannel').getContract('probe');
        await probe.submitTransaction('put', 'cli-key', 'plaintext');
        expect(new TextDecoder().decode(await probe.evaluateTransaction('get', 'cli-key'))).to.equal('plaintext');
      } finally {
        connection.close();
      }
    } finally {
      expect(await cli.stop()).to.equal(0);
    }
  });
});
