import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { networkScript, repoRoot, repoTopology } from './repo-topology';
import { createStubBin, fabricStubs, type StubBin } from './support/stub-bin';

/*
 * fabric-samples test-network habits: `cc list|package|invoke|query`, `-org`, `-c`, the -cc* flags (checked
 * against the topology), `-ca`, `-verbose`, `restart`, `deployCCAAS`, and scripts/org-env.sh. Run against a
 * work dir that looks like a running native network, with fake Fabric binaries that log what they are asked.
 */
describe('scripts/network.sh: test-network habits', function () {
  this.timeout(240_000);
  const topology = repoTopology();
  const channel = topology.channels[0];
  const orgEnvScript = path.join(repoRoot, 'scripts', 'org-env.sh');
  let workDir: string;
  let stubs: StubBin;

  before(() => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'network-habits-'));
    const generated = spawnSync(
      'node',
      ['--require', 'tsx/cjs', 'scripts/fabric-config/cli.ts', 'generate', '--out', workDir],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(generated.status, generated.stderr).to.equal(0);
    writeFileSync(path.join(workDir, 'state.env'), 'STATE_RUNTIME=native\nSTATE_CRYPTO=cryptogen\n');
  });
  after(() => rmSync(workDir, { recursive: true, force: true }));
  beforeEach(() => {
    stubs = createStubBin(fabricStubs());
  });
  afterEach(() => stubs.remove());

  function network(args: string[], extra: string[] = ['--work-dir', workDir]): SpawnSyncReturns<string> {
    return spawnSync('bash', [networkScript, ...args, ...extra], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, FABRIC_BIN: stubs.dir, FABRIC_CFG_PATH: '', CCAAS_BUILDER_DIR: '' },
    });
  }

  const peerCalls = () => stubs.calls('peer').filter((call) => call.args[0] !== 'version');
  const org = (mspId: string) => topology.orgs.find((o) => o.mspId === mspId)!;
  const firstRunner = (chaincode: string) => channel.chaincodes.find((c) => c.name === chaincode)!.installedOn![0];

  it('cc query: as the first org that runs the chaincode, or the -org given by number, name or MSP ID', () => {
    const call = '{"Args":["getRecord","{\\"recordId\\":\\"R-1\\"}"]}';
    const query = network(['cc', 'query', '-ccn', 'gov-records', '-ccqc', call]);
    expect(query.status, query.stderr).to.equal(0);
    const runner = org(firstRunner('gov-records'));
    expect(peerCalls().map((c) => c.args)).to.deep.equal([
      ['chaincode', 'query', '-C', channel.name, '-n', 'gov-records', '-c', call],
    ]);
    expect(peerCalls()[0].env).to.include({
      CORE_PEER_LOCALMSPID: runner.mspId,
      CORE_PEER_ADDRESS: `127.0.0.1:${runner.peers[0].port}`,
      FABRIC_CFG_PATH: path.join(workDir, 'nodecfg', 'peer'),
    });
    const second = topology.orgs[1];
    for (const spec of ['2', second.name.toUpperCase(), second.mspId]) {
      stubs.remove();
      stubs = createStubBin(fabricStubs());
      const chosen = network(['cc', 'query', '-ccn', 'gov-records', '-ccqc', call, '-org', spec, '-c', channel.name]);
      expect(chosen.status, chosen.stderr).to.equal(0);
      expect(peerCalls()[0].env.CORE_PEER_LOCALMSPID, spec).to.equal(second.mspId);
    }
  });

  it('cc invoke: endorsed by a peer of every org that runs the chaincode, through the orderer over TLS', () => {
    const call = '{"Args":["registerProduct","{}"]}';
    const invoke = network(['cc', 'invoke', '-ccn', 'supply-chain', '-ccic', call]);
    expect(invoke.status, invoke.stderr).to.equal(0);
    const [only] = peerCalls();
    expect(only.args.slice(0, 2)).to.deep.equal(['chaincode', 'invoke']);
    expect(only.args.join(' ')).to.contain(`-o 127.0.0.1:${topology.ordererOrg.orderers[0].port} --tls --cafile `);
    expect(only.args.join(' ')).to.contain(`-C ${channel.name} -n supply-chain -c ${call} --waitForEvent`);
    const installers = channel.chaincodes.find((c) => c.name === 'supply-chain')!.installedOn!;
    const addresses = only.args.filter((_, i) => only.args[i - 1] === '--peerAddresses');
    expect(addresses).to.have.members(installers.map((msp) => `127.0.0.1:${org(msp).peers[0].port}`));
    expect(addresses).to.have.length(installers.length);
  });

  it('cc list: installed packages on the org peer and what is committed on each of its channels', () => {
    const list = network(['cc', 'list', '-org', 'RegulatorMSP']);
    expect(list.status, list.stderr).to.equal(0);
    expect(peerCalls().map((c) => c.args)).to.deep.equal([
      ['lifecycle', 'chaincode', 'queryinstalled'],
      ['lifecycle', 'chaincode', 'querycommitted', '-C', channel.name],
    ]);
    expect(peerCalls()[0].env.CORE_PEER_LOCALMSPID).to.equal('RegulatorMSP');
  });

  it('cc package: each org package of a chaincode with its package ID, the same on every run', () => {
    const first = network(['cc', 'package', '-ccn', 'education', '-ccv', '1.0', '-ccl', 'typescript']);
    expect(first.status, first.stderr).to.equal(0);
    const rows = first.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('\t'));
    const installers = channel.chaincodes.find((c) => c.name === 'education')!.installedOn!;
    expect(rows.map((row) => row[0])).to.deep.equal(installers);
    for (const [, id, file] of rows) {
      expect(id).to.match(/^education_1\.0:[0-9a-f]{64}$/);
      expect(file).to.equal(path.join(workDir, 'packages', path.basename(file)));
    }
    expect(network(['cc', 'package', '-ccn', 'education']).stdout).to.equal(first.stdout);
    expect(stubs.calls('peer')).to.deep.equal([]);
  });

  it('refuses what it cannot do, saying why', () => {
    const cases: [string[], string][] = [
      [['cc'], "cc needs a subcommand: list, package, invoke or query (got '--work-dir')"],
      [['cc', 'invoke', '-ccn', 'supply-chain'], 'cc invoke needs -ccic with the call'],
      [['cc', 'query', '-ccqc', '{}'], 'cc query needs -ccn NAME'],
      [['cc', 'query', '-ccn', 'nope', '-ccqc', '{}'], "no chaincode 'nope' on channel '*' in the topology"],
      [['cc', 'list', '-org', '99'], "no org '99' in the topology"],
      [['createChannel', '-c', 'mychannel'], `channel 'mychannel' is not in the topology (channels: ${channel.name})`],
      [['deployCC', '-ccn', 'supply-chain', '-ccv', '2.0'], "-ccv 2.0: the topology's supply-chain is version 1.0"],
      [['deployCC', '-ccn', 'supply-chain', '-ccs', '3'], "-ccs 3: the topology's supply-chain is sequence 1"],
      [['deployCC', '-ccn', 'supply-chain', '-ccp', 'chaincode/patents'], 'is built from chaincode/supply-chain'],
      [
        ['deployCC', '-ccn', 'supply-chain', '-ccl', 'go'],
        "-ccl go: the topology's supply-chain is a Node.js chaincode",
      ],
      [['deployCC', '-ccn', 'supply-chain', '-cci', 'Init'], 'does not require Init; set initRequired: true'],
      [['deployCC', '-ccv', '1.0'], 'describe one chaincode: name it with -ccn'],
      [['deployCC', '-ccep', "OR('A.peer')"], 'the endorsement policy and collections of a chaincode are the topology'],
    ];
    for (const [args, message] of cases) {
      const result = network(args);
      expect(result.status, args.join(' ')).to.equal(1);
      expect(result.stderr, args.join(' ')).to.contain(message);
    }
    expect(peerCalls()).to.deep.equal([]);
  });

  describe('with --dry-run', () => {
    let dryDir: string;
    beforeEach(() => {
      dryDir = mkdtempSync(path.join(os.tmpdir(), 'network-habits-dry-'));
    });
    afterEach(() => rmSync(dryDir, { recursive: true, force: true }));
    const dry = (args: string[]) => network(args, ['--dry-run', '--work-dir', dryDir]);

    it('deployCCAAS deploys as deployCC, with the flags that agree with the topology', () => {
      const result = dry([
        'deployCCAAS',
        '-ccn',
        'gov-records',
        '-c',
        channel.name,
        '-ccv',
        '1.0',
        '-ccs',
        'auto',
        '-ccp',
        path.join(repoRoot, 'chaincode', 'gov-records'),
        '-ccl',
        'typescript',
      ]);
      expect(result.status, result.stderr).to.equal(0);
      const approvals = result.stdout.split('\n').filter((line) => /approveformyorg .*--name gov-records /.test(line));
      expect(approvals).to.have.length(channel.orgs.length);
      expect(result.stdout).to.not.match(/--name (supply-chain|patents|education) /);
    });

    it('-ca and -verbose as the test network spells them', () => {
      const result = dry(['up', '-ca', '-verbose', '--runtime', 'native', '--port-offset', '20000']);
      expect(result.status, result.stderr).to.equal(0);
      expect(result.stdout).to.match(/fabric-ca-server start/);
      expect(result.stdout).to.not.match(/cryptogen generate/);
    });

    it('restart: down, then up with the settings the network ran with', () => {
      writeFileSync(path.join(dryDir, 'state.env'), 'STATE_RUNTIME=native\nSTATE_CRYPTO=cryptogen\n');
      const generated = spawnSync(
        'node',
        ['--require', 'tsx/cjs', 'scripts/fabric-config/cli.ts', 'generate', '--out', dryDir],
        { cwd: repoRoot, encoding: 'utf8' },
      );
      expect(generated.status, generated.stderr).to.equal(0);
      const result = dry(['restart']);
      expect(result.status, result.stderr).to.equal(0);
      const lines = result.stdout.split('\n');
      const removed = lines.findIndex((line) => line.startsWith('+ rm -rf') && line.endsWith('/network-plan.env'));
      const generate = lines.findIndex((line) => line.includes('cryptogen generate'));
      const orderer = lines.findIndex((line) => /exec \S*orderer\)/.test(line));
      expect(removed, 'down removes the work dir').to.be.greaterThan(-1);
      expect(generate, 'up creates identities after that').to.be.greaterThan(removed);
      expect(orderer).to.be.greaterThan(generate);
      expect(result.stdout).to.not.contain('docker compose');
    });
  });

  describe('scripts/org-env.sh', () => {
    function orgEnv(args: string[]): SpawnSyncReturns<string> {
      return spawnSync('bash', [orgEnvScript, ...args], { cwd: repoRoot, encoding: 'utf8' });
    }

    it('prints the exports that point the peer CLI at an org as its admin', () => {
      const second = topology.orgs[1];
      const result = orgEnv(['2', '--work-dir', workDir]);
      expect(result.status, result.stderr).to.equal(0);
      // Used as documented: eval, then the peer CLI by hand.
      const used = spawnSync(
        'bash',
        ['-c', `eval "$(bash ${orgEnvScript} ${second.mspId} --work-dir ${workDir})"; peer channel list`],
        {
          encoding: 'utf8',
          env: { ...process.env, PATH: `${stubs.dir}:${process.env.PATH}` },
        },
      );
      expect(used.status, used.stderr).to.equal(0);
      const [call] = stubs.calls('peer');
      const domain = second.domain;
      expect(call.env).to.deep.equal({
        CORE_PEER_ADDRESS: `127.0.0.1:${second.peers[0].port}`,
        CORE_PEER_LOCALMSPID: second.mspId,
        CORE_PEER_MSPCONFIGPATH: path.join(
          workDir,
          'crypto',
          'peerOrganizations',
          domain,
          'users',
          `Admin@${domain}`,
          'msp',
        ),
        CORE_PEER_TLS_ROOTCERT_FILE: path.join(
          workDir,
          'crypto',
          'peerOrganizations',
          domain,
          'peers',
          `${second.peers[0].name}.${domain}`,
          'tls',
          'ca.crt',
        ),
        FABRIC_CFG_PATH: path.join(workDir, 'nodecfg', 'peer'),
      });
      expect(result.stdout).to.contain('export CORE_PEER_TLS_ENABLED=true');
      expect(result.stdout).to.contain(`export ORDERER_ADDRESS=127.0.0.1:${topology.ordererOrg.orderers[0].port}`);
    });

    it('says what is wrong with an unknown org, a missing peer or no network', () => {
      expect(orgEnv(['NopeMSP', '--work-dir', workDir]).stderr).to.contain("no org 'NopeMSP' in the topology");
      expect(orgEnv(['1', '--peer', '5', '--work-dir', workDir]).stderr).to.contain('--peer must be 0..0');
      const empty = mkdtempSync(path.join(os.tmpdir(), 'org-env-'));
      try {
        const none = orgEnv(['1', '--work-dir', empty]);
        expect(none.status).to.equal(1);
        expect(none.stderr).to.contain(`no network in ${empty}: run 'scripts/network.sh up' first`);
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    });
  });
});
