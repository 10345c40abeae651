import { spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { connect, signers } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import type { ConnectionSettings } from '../../../scripts/fabric-config/connection-settings';
import { networkScript, repoRoot } from '../repo-topology';

/*
 * `npm run test:fabric`: a real Fabric 2.5 network from FABRIC_BIN, native runtime (no Docker). Brings it
 * up, deploys every chaincode as a service, talks to it through connection.json as the gateway app does,
 * runs the gateway app's API tests against it when they exist, and brings it down.
 */
const fabricBins = ['peer', 'orderer', 'osnadmin', 'configtxgen', 'configtxlator', 'cryptogen'];

function missingBinaries(): string[] {
  const dir = process.env.FABRIC_BIN;
  if (!dir) return fabricBins;
  return fabricBins.filter((name) => !existsSync(path.join(dir, name)));
}

describe('real Fabric 2.5 network (native runtime)', function () {
  this.timeout(30 * 60_000);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-fabric-'));
  const offset = process.env.SCENECHAIN_FABRIC_PORT_OFFSET ?? '0';
  let started = false;

  function network(...args: string[]): void {
    const result = spawnSync('bash', [networkScript, ...args, '--work-dir', workDir, '--port-offset', offset], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    expect(result.status, `network.sh ${args.join(' ')}`).to.equal(0);
  }

  before(function () {
    const missing = missingBinaries();
    if (missing.length > 0) {
      console.log(
        `    skipped: FABRIC_BIN must point at the bin/ folder of a Fabric 2.5 release ` +
          `(missing: ${missing.join(', ')}; FABRIC_BIN=${process.env.FABRIC_BIN ?? 'unset'})`,
      );
      this.skip();
    }
  });

  after(function () {
    if (started) network('down');
    rmSync(workDir, { recursive: true, force: true });
  });

  it('comes up, creates the channels and deploys every chaincode', () => {
    started = true;
    network('up', 'createChannel', 'deployCC', '--runtime', 'native');
    expect(existsSync(path.join(workDir, 'connection.json'))).to.equal(true);
  });

  it('is idempotent: running every step again changes nothing and breaks nothing', () => {
    network('up', 'createChannel', 'deployCC');
  });

  it('answers the gateway of every org that runs a chaincode, using only connection.json', async () => {
    const settings = JSON.parse(readFileSync(path.join(workDir, 'connection.json'), 'utf8')) as ConnectionSettings;
    const channel = settings.channels[0];
    for (const org of Object.values(settings.orgs)) {
      const peer = org.peers[0];
      const client = new grpc.Client(peer.endpoint, grpc.credentials.createSsl(readFileSync(peer.tlsCACertPath)), {
        'grpc.ssl_target_name_override': peer.hostOverride,
      });
      const gateway = connect({
        client,
        identity: { mspId: org.mspId, credentials: readFileSync(org.user.certPath) },
        signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(org.user.keyPath))),
      });
      try {
        for (const chaincode of org.chaincodes) {
          const metadata = await gateway
            .getNetwork(channel.name)
            .getContract(chaincode)
            .evaluateTransaction('org.hyperledger.fabric:GetMetadata');
          expect(JSON.parse(Buffer.from(metadata).toString('utf8')), `${org.mspId} ${chaincode}`).to.have.property(
            'contracts',
          );
        }
      } finally {
        gateway.close();
        client.close();
      }
    }
  });

  it("passes the gateway app's API tests against the real network", function () {
    const suite = path.join(repoRoot, 'test', 'gateway-app');
    if (!existsSync(suite)) this.skip();
    const result = spawnSync(
      'npx',
      ['mocha', '--no-config', '--require', 'tsx/cjs', '--timeout', '600000', 'test/gateway-app/**/*.test.ts'],
      {
        cwd: repoRoot,
        stdio: 'inherit',
        env: { ...process.env, SCENECHAIN_CONNECTION: path.join(workDir, 'connection.json') },
      },
    );
    expect(result.status).to.equal(0);
  });
});
