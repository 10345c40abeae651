import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Contract, GatewayError } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import pino from 'pino';
import { scenario as govRecords } from '../../../chaincode/gov-records/src/scenario';
import { compositeKey, privateCommitment } from '../../../chaincode/scene-kit/src';
import { transactionOf } from '../../../gateway-app/src/api/private-input';
import { createApp } from '../../../gateway-app/src/app';
import { loadConfig } from '../../../gateway-app/src/config/app-config';
import type { ConnectionSettings } from '../../../scripts/fabric-config/connection-settings';
import { chaincodeErrorOf } from '../../chaincode/support/chaincode-error';
import { networkScript, repoRoot, topologyFile } from '../repo-topology';
import { missingFabricPrerequisites } from './fabric-prerequisites';
import { channelBlocks, privateWriteTransactions } from './ledger-blocks';
import { alive, runningProcesses } from './network-processes';
import { connectToOrg } from './real-gateway';

/*
 * `npm run test:fabric`: a real Fabric 2.5 network from FABRIC_BIN, native runtime (no Docker). Brings it
 * up, deploys every chaincode as a service, talks to it through connection.json alone (directly and through
 * the gateway app), checks that re-running every step changes nothing, and brings it down.
 *
 *   SCENECHAIN_FABRIC_TOPOLOGY      topology file (default network/topology.yaml; the 2-org
 *                                   test/fixtures/topology/fabric-small.yaml suits a 2-core machine)
 *   SCENECHAIN_FABRIC_PORT_OFFSET   added to every port (default 0), to stay clear of other networks
 */
describe('real Fabric 2.5 network (native runtime)', function () {
  this.timeout(30 * 60_000);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-fabric-'));
  const topology = path.resolve(repoRoot, process.env.SCENECHAIN_FABRIC_TOPOLOGY ?? topologyFile);
  const offset = process.env.SCENECHAIN_FABRIC_PORT_OFFSET ?? '0';
  let started = false;
  let stopped = false;
  let processes = new Map<string, number>();

  function network(...args: string[]): void {
    const result = spawnSync(
      'bash',
      [networkScript, ...args, '--work-dir', workDir, '--topology', topology, '--port-offset', offset],
      { cwd: repoRoot, stdio: 'inherit' },
    );
    expect(result.status, `network.sh ${args.join(' ')}`).to.equal(0);
  }

  function settings(): ConnectionSettings {
    return JSON.parse(readFileSync(path.join(workDir, 'connection.json'), 'utf8')) as ConnectionSettings;
  }

  before(function () {
    const missing = missingFabricPrerequisites(process.env);
    if (missing.length > 0) {
      console.log(
        `    skipped, a real Fabric 2.5 release is needed:\n${missing.map((m) => `      - ${m}`).join('\n')}`,
      );
      this.skip();
    }
    console.log(`    topology ${path.relative(repoRoot, topology)}, port offset ${offset}, work dir ${workDir}`);
  });

  after(function () {
    // The work dir holds private keys: it goes even when `down` fails (its failure still fails the run).
    try {
      if (started && !stopped) network('down');
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });

  it('comes up, creates the channels and deploys every chaincode', () => {
    started = true;
    network('up', 'createChannel', 'deployCC', '--runtime', 'native');
    expect(existsSync(path.join(workDir, 'connection.json'))).to.equal(true);
    processes = runningProcesses(workDir);
    const chaincodeServers = [...processes.keys()].filter((name) => name.includes('-ccaas.'));
    expect(chaincodeServers.length, 'chaincode servers').to.be.greaterThan(0);
  });

  it('is idempotent: running every step again restarts nothing and breaks nothing', () => {
    network('up', 'createChannel', 'deployCC');
    expect(runningProcesses(workDir)).to.deep.equal(processes);
  });

  it("reaches every chaincode from every member org's gateway, using only connection.json", async () => {
    const { orgs, channels } = settings();
    for (const channel of channels) {
      for (const mspId of channel.orgs) {
        const { gateway, close } = connectToOrg(settings(), mspId);
        try {
          for (const chaincode of channel.chaincodes) {
            // A transaction no contract has: the scene kit's own answer proves that the peer launched the
            // chaincode server under the installed package ID and the contract ran. (The contract API's
            // GetMetadata needs class-transformer 0.4's classToPlain; it is not used here on purpose.)
            const error = await gateway
              .getNetwork(channel.name)
              .getContract(chaincode)
              .evaluateTransaction('scenechainNetworkProbe')
              .then(
                () => undefined,
                (err: unknown) => err as GatewayError,
              );
            const where = `${mspId} -> ${chaincode}`;
            expect(error, where).to.not.equal(undefined);
            expect(error!.details.map((d) => d.message).join('; '), where).to.match(/has no transaction/);
            const endorsers = error!.details.map((d) => d.mspId);
            const runners = Object.values(orgs).filter((o) => o.chaincodes.includes(chaincode));
            expect(
              runners.map((o) => o.mspId),
              where,
            ).to.include.members(endorsers);
          }
        } finally {
          close();
        }
      }
    }
  });

  it('serves the gateway app, switched to the real network by connection.json alone', async function () {
    const { orgs, channels } = settings();
    const channel = channels.find((c) => c.chaincodes.includes('gov-records'));
    const registrar = Object.entries(channel ? (orgs.RecordsBureauMSP?.users ?? {}) : {}).find(
      ([, user]) => user.attrs.role === 'registrar',
    );
    if (!channel || !registrar) this.skip();
    const password = 'integration';
    const config = loadConfig(
      { SCENECHAIN_CONNECTION: path.join(workDir, 'connection.json') },
      {
        port: 0,
        channel: channel!.name,
        logLevel: 'silent',
        demoPassword: password,
        demoAccounts: true,
        loadDemoData: false,
        dataDir: path.join(workDir, 'gateway-app'),
      },
    );
    const app = await createApp(config, { logger: pino({ level: 'silent' }) });
    const call = async (method: 'GET' | 'POST', url: string, token?: string, payload?: object) => {
      const answer = await app.server.inject({
        method,
        url,
        payload,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      return { status: answer.statusCode, body: JSON.parse(answer.body) as Record<string, unknown> };
    };
    try {
      const health = await call('GET', '/health');
      expect(health.body, JSON.stringify(health.body)).to.include({ status: 'ok', network: 'fabric' });
      const login = await call('POST', '/api/auth/login', undefined, { username: registrar![0], password });
      expect(login.status, JSON.stringify(login.body)).to.equal(200);
      const token = login.body.token as string;
      // Endorsed under the topology's policy (RecordsBureau and another org), committed, read back.
      const recordId = `IT-${Date.now()}`;
      const documentHash = createHash('sha256').update(recordId).digest('hex');
      const issued = await call('POST', '/api/gov-records/records/issue', token, {
        recordId,
        type: 'BUSINESS_LICENCE',
        subjectId: 'SUBJ-IT-1',
        documentHash,
      });
      expect(issued.status, JSON.stringify(issued.body)).to.equal(200);
      const record = await call('GET', `/api/gov-records/records/${recordId}`, token);
      expect(record.status, JSON.stringify(record.body)).to.equal(200);
      expect(JSON.stringify(record.body)).to.contain(documentHash);

      // Personal data through the app as on the dev network: the app salts it and sends it as transient data;
      // each user's request runs on their own org's peer, which holds it (the subject's) or not (the bank's).
      const users = Object.fromEntries(
        Object.values(orgs).flatMap((org) => Object.entries(org.users).map(([name, user]) => [name, user.attrs])),
      );
      if (users.citizen1?.role !== 'citizen' || users.officer1 === undefined) return;
      const [citizen, officer] = await Promise.all(
        ['citizen1', 'officer1'].map(async (username) => {
          const answer = await call('POST', '/api/auth/login', undefined, { username, password });
          expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
          return answer.body.token as string;
        }),
      );
      const person = { fullName: '王建国', nationalId: '440106197507152318', address: '广州市天河区体育西路1号' };
      const privateId = `${recordId}-P`;
      const withData = await call('POST', '/api/gov-records/records/issue', token, {
        recordId: privateId,
        type: 'QUALIFICATION',
        subjectId: users.citizen1.subject,
        documentHash: createHash('sha256').update(privateId).digest('hex'),
        personalData: person,
      });
      expect(withData.status, JSON.stringify(withData.body)).to.equal(200);
      const salt = (withData.body.salts as { salt: string }).salt;
      const read = await call('GET', `/api/gov-records/records/${privateId}/get-personal-data`, citizen);
      expect(read.status, JSON.stringify(read.body)).to.equal(200);
      expect(read.body).to.deep.include({ personalData: person, salt, matches: true });
      const refused = await call('GET', `/api/gov-records/records/${privateId}/get-personal-data`, officer);
      expect([refused.status, (refused.body.error as { code: string }).code]).to.deep.equal([403, 'FORBIDDEN']);
    } finally {
      await app.close();
    }
  });

  it("keeps personal data private: its subject's org reads it on its own peer, the bank only once a consent shares it, a title sale purges it, no block holds it", async function () {
    const current = settings();
    const [bureau, citizens, bank] = ['RecordsBureauMSP', 'CitizenAgentMSP', 'BankMSP'];
    const channel = current.channels.find((c) => c.chaincodes.includes('gov-records') && c.orgs.includes(bank));
    const registrar = current.orgs[bureau]?.users.registrar1;
    const citizen = current.orgs[citizens]?.users.citizen1;
    const officer = current.orgs[bank]?.users.officer1;
    const buyer = current.orgs[citizens]?.users['company-rep1'];
    if (
      !channel ||
      !registrar ||
      !citizen ||
      !officer ||
      !buyer ||
      !current.orgs[bank].chaincodes.includes('gov-records')
    )
      this.skip();
    const person = { fullName: '李秀英', nationalId: '11010519880214003X', address: '北京市西城区金融街17号' };
    const salt = randomBytes(32).toString('base64url');
    const commitment = privateCommitment({ data: person, salt });
    const recordId = `IT-PD-${Date.now()}`;
    const consentId = `${recordId}-C`;
    const connections = [
      connectToOrg(current, bureau, registrar),
      connectToOrg(current, citizens, citizen),
      connectToOrg(current, bank, officer),
      connectToOrg(current, citizens, buyer),
    ];
    const [issuer, subject, outsider, company] = connections.map(({ gateway }) =>
      gateway.getNetwork(channel!.name).getContract('gov-records'),
    );
    const json = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
    /**
     * Submits as the app does (transient fields in the transient map, the flow's endorsing orgs, else `endorsers`);
     * waits for the commit.
     */
    const submit = async (
      contract: Contract,
      transaction: keyof typeof govRecords.flows,
      input: object,
      endorsers?: string[],
    ) => {
      const tx = transactionOf('gov-records', transaction, govRecords.flows[transaction], { ...input });
      const endorsingOrganizations = tx.endorsingOrganizations ? [...tx.endorsingOrganizations] : endorsers;
      const submitted = await contract.submitAsync(transaction, {
        arguments: [...tx.args],
        ...(tx.transient ? { transientData: tx.transient } : {}),
        ...(endorsingOrganizations ? { endorsingOrganizations } : {}),
      });
      const status = await submitted.getStatus();
      expect(status.successful, `${transaction}: validation code ${status.code}`).to.equal(true);
      return json(submitted.getResult());
    };
    /** Evaluates on a peer of `org`, the caller's own unless named. */
    const evaluate = async (contract: Contract, transaction: string, input: object, org: string) =>
      json(
        await contract
          .newProposal(transaction, { arguments: [JSON.stringify(input)], endorsingOrganizations: [org] })
          .evaluate(),
      );
    const refusedCode = (call: Promise<unknown>) =>
      call.then(
        () => expect.fail('the call succeeded'),
        (err: unknown) => chaincodeErrorOf(err)?.code ?? String(err),
      );
    const read = { recordId };
    try {
      const issued = await submit(issuer, 'issue', {
        recordId,
        type: 'PROPERTY_TITLE',
        subjectId: citizen!.attrs.subject,
        documentHash: createHash('sha256').update(recordId).digest('hex'),
        personalData: person,
        salt,
      });
      expect(issued.data).to.include({ personalDataHash: commitment });

      // The subject reads it on its own org's peer and checks it against the record's hash.
      const answer = await evaluate(subject, 'getPersonalData', read, citizens);
      expect(answer).to.deep.equal({
        recordId,
        personalData: person,
        salt,
        personalDataHash: commitment,
        matches: true,
      });
      const record = await evaluate(subject, 'getRecord', read, citizens);
      expect(record.data).to.include({ personalDataHash: privateCommitment({ data: answer.personalData, salt }) });

      // The bank, outside the collection, is refused; so is the registrar on the bank's peer, which holds no copy.
      expect(await refusedCode(evaluate(outsider, 'getPersonalData', read, bank))).to.equal('FORBIDDEN');
      expect(await refusedCode(evaluate(issuer, 'getPersonalData', read, bank))).to.equal('FORBIDDEN');

      // Under the subject's consent the registrar hands it to the bank's implicit collection (the bank's peer
      // endorses); the bank reads it on its own peer and checks it against the hash.
      const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString();
      await submit(subject, 'grantConsent', { consentId, recordId, grantee: bank, purpose: '贷款审查', validUntil });
      await submit(issuer, 'sharePersonalData', { recordId, consentId, grantee: bank, personalData: person, salt });
      const received = await evaluate(outsider, 'getSharedPersonalData', { recordId, consentId }, bank);
      expect(received).to.include({ recordId, consentId, salt, personalDataHash: commitment, matches: true });
      expect(received.personalData).to.deep.equal(person);

      // Selling the title purges the seller's personal data from the collection (Fabric 2.5's purge). The policy
      // lets the gateway pick the bank's peer, outside the collection, to endorse it: that purge is valid too.
      const transferId = `${recordId}-T`;
      const deedHash = createHash('sha256').update(transferId).digest('hex');
      await submit(subject, 'proposeTransfer', { transferId, recordId, buyer: buyer!.attrs.subject, deedHash });
      await submit(company, 'acceptTransfer', { transferId });
      await submit(issuer, 'approveTransfer', { transferId, newDocumentHash: deedHash }, [bureau, bank]);
      expect(await refusedCode(evaluate(issuer, 'getPersonalData', read, bureau))).to.equal('NOT_FOUND');

      // The blocks hold Fabric's hashes of both private writes (each value hash is the record's commitment),
      // each endorsed only by orgs whose peers may hold it (the gateway chose them from the collections
      // written), and of the purge, and neither the data nor the salt.
      const blocks = await channelBlocks(connections[0].gateway, channel!.name);
      const keyHash = createHash('sha256')
        .update(compositeKey('PersonalData', [recordId]))
        .digest('hex');
      const written = blocks.flatMap((block) => privateWriteTransactions(block));
      /** The one transaction that wrote (or purged) the record's key in `collection`: its endorsers. */
      const endorsersOf = (collection: string, valueHash: string, isPurge: boolean) => {
        const write = { namespace: 'gov-records', collection, keyHash, valueHash, isPurge };
        const found = written.filter(({ writes }) =>
          writes.some((w) => w.collection === collection && w.keyHash === keyHash && w.isPurge === isPurge),
        );
        expect(found, `${collection} ${isPurge ? 'purges' : 'writes'}`).to.have.length(1);
        expect(found[0].writes).to.deep.include(write);
        return found[0].endorsers;
      };
      expect(endorsersOf('subjectIdentities', commitment, false)).to.deep.equal([citizens, bureau].sort());
      expect(endorsersOf(`_implicit_org_${bank}`, commitment, false)).to.deep.equal([bank, bureau].sort());
      expect(endorsersOf('subjectIdentities', '', true)).to.deep.equal([bank, bureau].sort());
      expect(
        blocks.some((block) => block.includes(consentId)),
        'a block names the consent',
      ).to.equal(true);
      for (const secret of [person.fullName, person.nationalId, person.address, salt]) {
        expect(
          blocks.findIndex((block) => block.includes(secret)),
          `a block holds ${secret}`,
        ).to.equal(-1);
      }
    } finally {
      for (const connection of connections) connection.close();
    }
  });

  it('comes down: every process it started stops and the work dir is emptied', () => {
    const pids = [...runningProcesses(workDir).values()];
    // Nothing running is a failure here, not an easy pass: the network came up in the first test.
    expect(pids.length, 'processes of the network before down').to.be.greaterThan(0);
    expect(pids.filter(alive), 'processes alive before down').to.deep.equal(pids);
    network('down');
    stopped = true;
    expect(pids.filter(alive), 'processes still running').to.deep.equal([]);
    expect(existsSync(path.join(workDir, 'crypto'))).to.equal(false);
    expect(existsSync(path.join(workDir, 'pids'))).to.equal(false);
  });
});
