import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import { parseEnvLines, startTestNetworkCli, type RunningCli } from '../support/devnet-cli';
import { freePortOffset } from '../support/ports';

const run = promisify(execFile);
const TEST_NETWORK_PORTS = [7050, 7053, 9443, 7051, 7052, 9444, 9051, 9052, 9445, 7054, 8054, 9054];

/**
 * Fabric's `peer` binary: `$FABRIC_BIN_DIR/peer`, else the first `peer` on PATH. No registry here carries Fabric's
 * binaries, so the suite skips, saying so, where there is none.
 */
function findPeerBinary(): string | undefined {
  const dirs = [process.env.FABRIC_BIN_DIR, ...(process.env.PATH ?? '').split(path.delimiter)];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, 'peer');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Fabric's own `peer` CLI against the test-network look-alike, with the CORE_PEER_* settings the dev network writes
 * for each org (as test-network's setGlobals exports them).
 */
describe("dev network: Fabric's peer CLI", function () {
  this.timeout(180_000);
  const peerBinary = findPeerBinary();
  let dataDir: string;
  let cli: RunningCli | undefined;
  let org1: Record<string, string>;
  let org2: Record<string, string>;

  /** Runs `peer ...` as an org's Admin; resolves with its output (stdout and stderr) or rejects with it. */
  async function peer(env: Record<string, string>, ...args: string[]): Promise<string> {
    try {
      const { stdout, stderr } = await run(peerBinary!, args, {
        env: { PATH: process.env.PATH, ...env },
        cwd: dataDir,
      });
      return stdout + stderr;
    } catch (err) {
      const { stdout, stderr } = err as { stdout: string; stderr: string };
      throw new Error(stdout + stderr);
    }
  }

  const failed = (promise: Promise<string>): Promise<string> =>
    promise.then(
      (output) => expect.fail(`expected the peer CLI to fail; it printed: ${output}`),
      (err: Error) => err.message,
    );

  /** `-o ... --ordererTLSHostnameOverride ... --tls --cafile ...`, as test-network's scripts reach the orderer. */
  const ordererFlags = (): string[] => [
    '-o',
    org1.ORDERER_ADDRESS,
    '--ordererTLSHostnameOverride',
    org1.ORDERER_HOST_ALIAS,
    '--tls',
    '--cafile',
    org1.ORDERER_CA,
  ];

  /** test-network's chaincodeInvoke flags: the orderer, and endorsement on both orgs' peers. */
  const invokeFlags = (): string[] => [
    ...ordererFlags(),
    '-C',
    'mychannel',
    '-n',
    'basic',
    '--peerAddresses',
    org1.CORE_PEER_ADDRESS,
    '--tlsRootCertFiles',
    org1.CORE_PEER_TLS_ROOTCERT_FILE,
    '--peerAddresses',
    org2.CORE_PEER_ADDRESS,
    '--tlsRootCertFiles',
    org2.CORE_PEER_TLS_ROOTCERT_FILE,
  ];

  before(async function () {
    if (!peerBinary) {
      console.warn(
        "      (skipped: no Fabric peer binary; set FABRIC_BIN_DIR or put Fabric's bin folder on PATH to run these)",
      );
      this.skip();
    }
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-peer-cli-'));
    const offset = await freePortOffset(TEST_NETWORK_PORTS);
    cli = await startTestNetworkCli(dataDir, offset);
    org1 = parseEnvLines(readFileSync(path.join(dataDir, 'app-env', 'Org1MSP.env'), 'utf8'));
    org2 = parseEnvLines(readFileSync(path.join(dataDir, 'app-env', 'Org2MSP.env'), 'utf8'));
  });

  after(async () => {
    await cli?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes the settings test-network exports: CORE_PEER_* as the Admin, ORDERER_CA, FABRIC_CFG_PATH', () => {
    const org1Folder = path.join(dataDir, 'organizations', 'peerOrganizations', 'org1.example.com');
    expect(org1).to.include({
      FABRIC_CFG_PATH: path.join(dataDir, 'config'),
      CORE_PEER_TLS_ENABLED: 'true',
      CORE_PEER_LOCALMSPID: 'Org1MSP',
      CORE_PEER_MSPCONFIGPATH: path.join(org1Folder, 'users', 'Admin@org1.example.com', 'msp'),
      ORDERER_CA: path.join(
        dataDir,
        'organizations',
        'ordererOrganizations',
        'example.com',
        'tlsca',
        'tlsca.example.com-cert.pem',
      ),
      ORDERER_HOST_ALIAS: 'orderer.example.com',
    });
    expect(org2.CORE_PEER_LOCALMSPID).to.equal('Org2MSP');
    expect(cli!.output()).to.include("Fabric's peer CLI, as the org's Admin");
  });

  it('invokes through both orgs and the orderer, then queries the committed value from either org', async () => {
    const invoked = await peer(
      org1,
      'chaincode',
      'invoke',
      ...invokeFlags(),
      '--waitForEvent',
      '-c',
      '{"function":"CreateAsset","Args":["asset-cli","blue","5","Tomoko","300"]}',
    );
    expect(invoked).to.match(/Chaincode invoke successful\. result: status:200/);
    expect(invoked).to.match(/txid \[[0-9a-f]{64}\] committed with status \(VALID\)/);
    for (const env of [org1, org2]) {
      const asset = JSON.parse(
        await peer(
          env,
          'chaincode',
          'query',
          '-C',
          'mychannel',
          '-n',
          'basic',
          '-c',
          '{"Args":["ReadAsset","asset-cli"]}',
        ),
      );
      expect(asset).to.include({ ID: 'asset-cli', Owner: 'Tomoko' });
    }
  });

  it('reports chain info, committed definitions and blocks as a Fabric peer does', async () => {
    const info = await peer(org1, 'channel', 'getinfo', '-c', 'mychannel');
    const height = Number(/"height":(\d+)/.exec(info)?.[1]);
    expect(height).to.be.greaterThan(1);

    const committed = await peer(org2, 'lifecycle', 'chaincode', 'querycommitted', '-C', 'mychannel');
    expect(committed).to.include("Committed chaincode definitions on channel 'mychannel':");
    expect(committed).to.match(/Name: basic, Version: 1\.0, Sequence: 1/);

    const newest = path.join(dataDir, 'newest.block');
    await peer(org1, 'channel', 'fetch', 'newest', newest, '-c', 'mychannel');
    expect(common.Block.deserializeBinary(readFileSync(newest)).getHeader()!.getNumber()).to.equal(height - 1);

    const config = path.join(dataDir, 'config.block');
    await peer(org1, 'channel', 'fetch', 'config', config, '-c', 'mychannel');
    expect(common.Block.deserializeBinary(readFileSync(config)).getHeader()!.getNumber()).to.equal(0);

    // From the orderer, as test-network's scripts fetch the config block.
    const first = path.join(dataDir, 'first.block');
    await peer(org1, 'channel', 'fetch', '1', first, '-c', 'mychannel', ...ordererFlags());
    expect(common.Block.deserializeBinary(readFileSync(first)).getHeader()!.getNumber()).to.equal(1);
  });

  it("answers mistakes with Fabric's errors and keeps serving", async () => {
    expect(
      await failed(
        peer(org1, 'chaincode', 'query', '-C', 'mychannel', '-n', 'nosuch', '-c', '{"Args":["ReadAsset","x"]}'),
      ),
    ).to.include('make sure the chaincode nosuch has been successfully defined on channel mychannel');
    expect(
      await failed(
        peer(org1, 'chaincode', 'query', '-C', 'mychannel', '-n', 'basic', '-c', '{"Args":["ReadAsset","missing"]}'),
      ),
    ).to.include('The asset missing does not exist');
    expect(await failed(peer(org1, 'channel', 'getinfo', '-c', 'nochannel'))).to.include('Invalid chain ID, nochannel');
    // Org2's Admin at Org1's peer: without a channel the peer knows only its own org.
    expect(
      await failed(
        peer(
          {
            ...org2,
            CORE_PEER_ADDRESS: org1.CORE_PEER_ADDRESS,
            CORE_PEER_TLS_ROOTCERT_FILE: org1.CORE_PEER_TLS_ROOTCERT_FILE,
          },
          'channel',
          'getinfo',
          '-c',
          'mychannel',
        ),
      ),
    ).to.include('creator org unknown');
    expect(await peer(org1, 'channel', 'getinfo', '-c', 'mychannel')).to.include('Blockchain info');
  });
});
