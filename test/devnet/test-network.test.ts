import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import { findExample, loadTopology, startDevnet } from '@scenechain/devnet';
import { REPO_ROOT } from '../support/devnet';
import { DEVNET_CLI, parseEnvLines, startTestNetworkCli, type RunningCli } from '../support/devnet-cli';
import { freePort, freePortOffset } from '../support/ports';

const run = promisify(execFile);
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
const APP = path.join(FIXTURES, 'application', 'asset-transfer-app.ts');
/** Every port of the example topology: orderer (+admin, operations), two peers (+chaincode, operations), three CAs. */
const TEST_NETWORK_PORTS = [7050, 7053, 9443, 7051, 7052, 9444, 9051, 9052, 9445, 7054, 8054, 9054];

/** Runs the fixture application with these settings, as a user would after pointing its environment at a network. */
async function runApplication(env: Record<string, string>): Promise<string> {
  const { stdout } = await run(process.execPath, ['--require', 'tsx/cjs', APP], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, ...env },
  });
  return stdout;
}

describe('dev network: the test-network look-alike', function () {
  this.timeout(180_000);

  describe('scenechain-devnet start --example test-network --chaincode basic=<folder>', () => {
    let dataDir: string;
    let offset: number;
    let cli: RunningCli | undefined;

    before(async () => {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-test-network-'));
      offset = await freePortOffset(TEST_NETWORK_PORTS);
      cli = await startTestNetworkCli(dataDir, offset);
    });
    after(async () => {
      await cli?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it("prints Fabric's test-network endpoints shifted by the port offset, and what an application needs", () => {
      const output = cli!.output();
      const crypto = path.join(dataDir, 'organizations', 'peerOrganizations');
      expect(output).to.match(
        new RegExp(`Org1MSP\\s+gateway 127\\.0\\.0\\.1:${7051 + offset}\\s+\\(peer0\\.org1\\.example\\.com\\)`),
      );
      expect(output).to.match(
        new RegExp(`Org2MSP\\s+gateway 127\\.0\\.0\\.1:${9051 + offset}\\s+\\(peer0\\.org2\\.example\\.com\\)`),
      );
      expect(output).to.include('channel mychannel: height 1; chaincodes basic@1.0');
      // The test network's Fabric CAs, on its ports shifted by the offset, over HTTPS with the org TLS CA.
      const tlsca = (org: string): string => `${crypto}/${org}/tlsca/tlsca.${org}-cert.pem`;
      for (const [mspId, port, name, tls] of [
        ['Org1MSP', 7054, 'ca-org1', tlsca('org1.example.com')],
        ['Org2MSP', 8054, 'ca-org2', tlsca('org2.example.com')],
        [
          'OrdererMSP',
          9054,
          'ca-orderer',
          `${dataDir}/organizations/ordererOrganizations/example.com/tlsca/tlsca.example.com-cert.pem`,
        ],
      ] as const) {
        expect(output).to.include(
          `${mspId.padEnd(18)} Fabric CA https://127.0.0.1:${port + offset} (${name}, registrar admin:adminpw)  TLS CA ${tls}`,
        );
      }
      expect(output).to.include(`TLS CA ${crypto}/org2.example.com/peers/peer0.org2.example.com/tls/ca.crt`);
      const org1 = path.join(crypto, 'org1.example.com');
      expect(parseEnvLines(output)).to.deep.equal({
        CHANNEL_NAME: 'mychannel',
        CHAINCODE_NAME: 'basic',
        MSP_ID: 'Org1MSP',
        CRYPTO_PATH: org1,
        KEY_DIRECTORY_PATH: `${org1}/users/User1@org1.example.com/msp/keystore`,
        CERT_DIRECTORY_PATH: `${org1}/users/User1@org1.example.com/msp/signcerts`,
        CERT_PATH: `${org1}/users/User1@org1.example.com/msp/signcerts/cert.pem`,
        TLS_CERT_PATH: `${org1}/peers/peer0.org1.example.com/tls/ca.crt`,
        PEER_ENDPOINT: `localhost:${7051 + offset}`,
        PEER_HOST_ALIAS: 'peer0.org1.example.com',
      });
    });

    it('keeps identities where cryptogen and Fabric CA put them', () => {
      const user = path.join(
        dataDir,
        'organizations/peerOrganizations/org1.example.com/users/User1@org1.example.com/msp',
      );
      expect(readdirSync(path.join(user, 'signcerts')).sort()).to.deep.equal([
        'User1@org1.example.com-cert.pem',
        'cert.pem',
      ]);
      const cert = readFileSync(path.join(user, 'signcerts', 'cert.pem'), 'utf8');
      expect(readFileSync(path.join(user, 'signcerts', 'User1@org1.example.com-cert.pem'), 'utf8')).to.equal(cert);
      expect(new X509Certificate(cert).subject).to.include('CN=User1@org1.example.com');
      expect(readdirSync(path.join(user, 'keystore'))).to.have.length(1);
      const orderer = path.join(dataDir, 'organizations/ordererOrganizations/example.com/orderers/orderer.example.com');
      expect(readdirSync(path.join(orderer, 'tls')).sort()).to.deep.equal(['ca.crt', 'server.crt', 'server.key']);
    });

    it('runs an application written for the test network, unchanged, as Org1 and as Org2', async () => {
      const asOrg1 = await runApplication(parseEnvLines(cli!.output()));
      expect(asOrg1).to.include('InitLedger: committed');
      expect(asOrg1).to.include('GetAllAssets: 6 assets');
      expect(asOrg1).to.match(/TransferAsset asset\d+: previous owner Tom/);
      expect(asOrg1).to.match(/TransferAsset asset\d+: committed in block \d+/);
      expect(asOrg1).to.match(/ReadAsset asset\d+: owner Saptha/);
      expect(asOrg1).to.include(
        'UpdateAsset asset70: EndorseError: chaincode response 500, The asset asset70 does not exist',
      );

      const org2Env = parseEnvLines(readFileSync(path.join(dataDir, 'app-env', 'Org2MSP.env'), 'utf8'));
      expect(org2Env.PEER_ENDPOINT).to.equal(`localhost:${9051 + offset}`);
      const asOrg2 = await runApplication(org2Env);
      expect(asOrg2).to.include('GetAllAssets: 7 assets');
      expect(asOrg2).to.match(/ReadAsset asset\d+: owner Saptha/);
    });
  });

  it('refuses a missing or malformed --chaincode and a port offset out of range, naming them, creating nothing', async () => {
    const dataDir = path.join(os.tmpdir(), `scenechain-never-created-${process.pid}`);
    const failed = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      run(process.execPath, [DEVNET_CLI, 'start', '--example', 'test-network', '-d', dataDir, ...args], {
        cwd: FIXTURES,
        env: { ...process.env, ...env },
      }).then(
        () => undefined,
        (err: { code: number; stderr: string }) => err,
      );
    const missing = await failed(['--chaincode', 'basic=./no-such-chaincode']);
    expect(missing?.code).to.equal(1);
    expect(missing?.stderr).to.include(
      `--chaincode basic: ${path.join(FIXTURES, 'no-such-chaincode')} is not a folder`,
    );
    const malformed = await failed(['--chaincode', 'basic']);
    expect(malformed?.stderr).to.include("--chaincode 'basic' must be name=path or name=path@version");
    const badName = await failed(['--chaincode', 'no spaces=chaincode/asset-transfer']);
    expect(badName?.stderr).to.include('--chaincode no spaces: name: a Fabric chaincode name');
    const badOffset = await failed(['--port-offset', '60000']);
    expect(badOffset?.stderr).to.include('port offset 60000 moves ports outside 1-65535');
    const badEnv = await failed([], { DEVNET_PORT_OFFSET: 'ten' });
    expect(badEnv?.stderr).to.include("DEVNET_PORT_OFFSET must be an integer, got 'ten'");
    const both = await failed(['--no-tls', '--mutual-tls']);
    expect(both?.stderr).to.include('--mutual-tls needs TLS');
    expect(existsSync(dataDir)).to.equal(false);
  });

  it('has a channel whose Endorsement policy is MAJORITY Endorsement, as configtx.yaml of the test network', async () => {
    const example = findExample('test-network');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-test-network-'));
    const devnet = await startDevnet({
      topology: loadTopology(example.topologyFile),
      dataDir,
      cryptoDir: path.join(dataDir, example.cryptoDirName),
      ports: freePort,
    });
    try {
      expect(devnet.orgs.map((org) => [org.mspId, org.hostAlias])).to.deep.equal([
        ['Org1MSP', 'peer0.org1.example.com'],
        ['Org2MSP', 'peer0.org2.example.com'],
      ]);
      const genesis = common.Block.deserializeBinary((await devnet.block('mychannel', 0))!);
      const payload = common.Payload.deserializeBinary(
        common.Envelope.deserializeBinary(genesis.getData()!.getDataList_asU8()[0]).getPayload_asU8(),
      );
      const config = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig()!;
      const application = config.getChannelGroup()!.getGroupsMap().get('Application')!;
      const policy = application.getPoliciesMap().get('Endorsement')!.getPolicy()!;
      expect(policy.getType()).to.equal(common.Policy.PolicyType.IMPLICIT_META);
      const rule = common.ImplicitMetaPolicy.deserializeBinary(policy.getValue_asU8());
      expect([rule.getRule(), rule.getSubPolicy()]).to.deep.equal([
        common.ImplicitMetaPolicy.Rule.MAJORITY,
        'Endorsement',
      ]);
      expect(
        application
          .getGroupsMap()
          .toArray()
          .map(([name]) => name)
          .sort(),
      ).to.deep.equal(['Org1MSP', 'Org2MSP']);
    } finally {
      await devnet.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
