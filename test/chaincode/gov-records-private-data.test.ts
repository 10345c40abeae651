import './support/quiet-contract-api';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect } from 'chai';
import { ClassicLevel } from 'classic-level';
import { privateCommitment } from '@scenechain/scene-kit';
import { refused } from './support/chaincode-error';
import { expectNoLeak as expectNoLeakOf, submitPrivate } from './support/private-data';
import { CHANNEL, startScenarioNetwork, type ScenarioClient, type ScenarioNetwork } from './support/scenario-network';

const utf8 = new TextDecoder();
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const documentHash = (text: string) => createHash('sha256').update(text).digest('hex');
const inYears = (years: number) => new Date(Date.now() + years * 365 * 86_400_000).toISOString();
const newSalt = () => randomBytes(32).toString('base64url');

interface Stored<T> {
  data: T;
}
interface PersonalDataAnswer {
  recordId: string;
  personalData: Record<string, string>;
  salt: string;
  personalDataHash: string | null;
  matches: boolean;
}

const RECORDS_BUREAU = 'RecordsBureauMSP';
const CITIZEN_AGENT = 'CitizenAgentMSP';
const BANK = 'BankMSP';

/**
 * Personal data in government records: private to the issuing department and the citizen-services org, only
 * a salted hash on the record, handed to a consent holder through its own implicit collection. Each flow runs
 * through the real fabric-gateway client with transient data; after each, every block of the channel and every
 * other org's private store is searched for the plaintext and the salt.
 */
describe('government records: personal data as private data', function () {
  this.timeout(300_000);
  let network: ScenarioNetwork;
  let registrar: ScenarioClient;
  let citizen: ScenarioClient;
  let agent: ScenarioClient;
  let bank: ScenarioClient;
  let maker: ScenarioClient;

  const person = { fullName: '张三丰', nationalId: '11010519491231002X', address: '北京市朝阳区建国路88号院3号楼' };
  const salt = newSalt();
  const commitment = privateCommitment({ data: person, salt });
  /** Every value that must stay off the ledger and out of other orgs' stores. */
  const secrets = [person.fullName, person.nationalId, person.address, salt];

  async function evaluatePrivate<T>(
    client: ScenarioClient,
    transaction: string,
    request: Record<string, unknown>,
    transient: Record<string, unknown>,
  ): Promise<T> {
    const transientData = Object.fromEntries(Object.entries(transient).map(([key, value]) => [key, json(value)]));
    const answer = await client.contract.evaluate(transaction, { arguments: [JSON.stringify(request)], transientData });
    return JSON.parse(utf8.decode(answer)) as T;
  }

  /** The plaintext and the salt are in no block, and no org outside `holders` holds them in its private store. */
  const expectNoLeak = (holders: readonly string[]) => expectNoLeakOf(network.net, secrets, holders);

  const issueRequest = {
    recordId: 'Q-P1',
    type: 'QUALIFICATION',
    subjectId: 'SUBJ-0001',
    documentHash: documentHash('Q-P1 certificate'),
  };

  before(async () => {
    network = await startScenarioNetwork(['gov-records']);
    registrar = network.as(RECORDS_BUREAU, 'registrar1');
    citizen = network.as(CITIZEN_AGENT, 'citizen1');
    agent = network.as(CITIZEN_AGENT, 'agent1');
    bank = network.as(BANK, 'officer1');
    maker = network.as('ManufacturerMSP', 'User1');
  });

  after(async () => {
    await network?.stop();
  });

  it('issues a record with personal data as transient data: only its salted hash is on the record', async () => {
    const issued = await submitPrivate<Stored<{ personalDataHash: string }>>(registrar, 'issue', issueRequest, {
      personalData: person,
      salt,
    });
    expect(issued.data.personalDataHash).to.equal(commitment);
    const record = await registrar.evaluate<Stored<{ personalDataHash: string }>>('getRecord', { recordId: 'Q-P1' });
    expect(record.data.personalDataHash).to.equal(commitment);
    expect(JSON.stringify(record)).not.to.include(person.nationalId);
    await expectNoLeak([RECORDS_BUREAU, CITIZEN_AGENT]);
  });

  it('refuses personal data in the arguments, a short salt and a value without salt, writing nothing', async () => {
    const request = { ...issueRequest, recordId: 'Q-P2', documentHash: documentHash('Q-P2') };
    await refused(
      registrar.submit('issue', { ...request, personalData: person, salt }),
      'INVALID_ARGUMENT',
      'personalData: travels as transient data, never in the arguments (they are written into blocks)',
    );
    await refused(
      submitPrivate(registrar, 'issue', request, { personalData: person, salt: 'short-salt' }),
      'INVALID_ARGUMENT',
      'a salt of at least 16 characters',
    );
    await refused(
      submitPrivate(registrar, 'issue', request, { personalData: person }),
      'INVALID_ARGUMENT',
      'salt: personalData comes with its salt',
    );
    await refused(
      submitPrivate(registrar, 'issue', request, { personalData: { ...person, nationalId: '123' }, salt }),
      'INVALID_ARGUMENT',
      'an 18-character citizen ID number',
    );
    await refused(registrar.evaluate('getRecord', { recordId: 'Q-P2' }), 'NOT_FOUND');
  });

  it('lets the issuing department and the subject read the personal data, and refuses others with a reason', async () => {
    for (const reader of [registrar, citizen]) {
      const answer = await reader.evaluate<PersonalDataAnswer>('getPersonalData', { recordId: 'Q-P1' });
      expect(answer).to.deep.equal({
        recordId: 'Q-P1',
        personalData: person,
        salt,
        personalDataHash: commitment,
        matches: true,
      });
    }
    await refused(
      bank.evaluate('getPersonalData', { recordId: 'Q-P1' }),
      'FORBIDDEN',
      'may not read getPersonalData; readable by',
    );
    await refused(agent.evaluate('getPersonalData', { recordId: 'Q-P1' }), 'FORBIDDEN', 'may not read getPersonalData');
  });

  it('hands the data to a consent holder through its own implicit collection; the holder checks it against the hash', async () => {
    await citizen.submit('grantConsent', {
      consentId: 'C-P1',
      recordId: 'Q-P1',
      grantee: BANK,
      purpose: 'loan application',
      validUntil: inYears(1),
    });
    await refused(bank.evaluate('getSharedPersonalData', { recordId: 'Q-P1', consentId: 'C-P1' }), 'NOT_FOUND');
    const shareRequest = { recordId: 'Q-P1', consentId: 'C-P1', grantee: BANK };
    const endorsers = [RECORDS_BUREAU, BANK];
    await refused(
      submitPrivate(
        registrar,
        'sharePersonalData',
        shareRequest,
        { personalData: { ...person, address: '别处' }, salt },
        endorsers,
      ),
      'CONFLICT',
      `the personalData and salt given do not match the PersonalData hash on record Q-P1 (${commitment})`,
    );
    await refused(
      submitPrivate(bank, 'sharePersonalData', shareRequest, { personalData: person, salt }, endorsers),
      'FORBIDDEN',
    );
    await expectNoLeak([RECORDS_BUREAU, CITIZEN_AGENT]);

    const shared = await submitPrivate<Record<string, unknown>>(
      registrar,
      'sharePersonalData',
      shareRequest,
      { personalData: person, salt },
      endorsers,
    );
    expect(shared).to.deep.equal({ recordId: 'Q-P1', consentId: 'C-P1', grantee: BANK, personalDataHash: commitment });
    await expectNoLeak([RECORDS_BUREAU, CITIZEN_AGENT, BANK]);

    const received = await bank.evaluate<PersonalDataAnswer & { consentId: string }>('getSharedPersonalData', {
      recordId: 'Q-P1',
      consentId: 'C-P1',
    });
    expect(received).to.include({
      recordId: 'Q-P1',
      consentId: 'C-P1',
      salt,
      personalDataHash: commitment,
      matches: true,
    });
    expect(received.personalData).to.deep.equal(person);
    // The holder's own check: the commitment recomputed from what it received is the record's hash.
    expect(privateCommitment({ data: received.personalData, salt: received.salt })).to.equal(commitment);
    // Another org's staff and the subject's own org do not read what the bank received.
    await refused(
      maker.evaluate('getSharedPersonalData', { recordId: 'Q-P1', consentId: 'C-P1' }),
      'FORBIDDEN',
      "only staff of the consent's grantee org",
    );
  });

  it('lets an org shown the value check it against the hash on its own peer; a tampered value or salt fails', async () => {
    // Transient data is evaluated only on the caller's own org's peer, so the org must run the chaincode.
    const check = (data: unknown, presented: string) =>
      evaluatePrivate<{ matches: boolean }>(
        agent,
        'verifyPersonalData',
        { recordId: 'Q-P1' },
        { personalData: data, salt: presented },
      );
    expect((await check(person, salt)).matches).to.equal(true);
    expect((await check({ ...person, fullName: '张三' }, salt)).matches).to.equal(false);
    expect((await check(person, newSalt())).matches).to.equal(false);
    await expectNoLeak([RECORDS_BUREAU, CITIZEN_AGENT, BANK]);
  });

  it('lets the subject hand over its own data too, but not another subject, nor under a withdrawn consent', async () => {
    await network.addUser(CITIZEN_AGENT, 'neighbour', { role: 'citizen', subject: 'SUBJ-0002' });
    const neighbour = network.as(CITIZEN_AGENT, 'neighbour');
    const shareRequest = { recordId: 'Q-P1', consentId: 'C-P1', grantee: BANK };
    const endorsers = [RECORDS_BUREAU, BANK];
    const given = { personalData: person, salt };
    const byCitizen = await submitPrivate(citizen, 'sharePersonalData', shareRequest, given, endorsers);
    expect(byCitizen).to.deep.include({ recordId: 'Q-P1', grantee: BANK, personalDataHash: commitment });
    await refused(
      submitPrivate(neighbour, 'sharePersonalData', shareRequest, given, endorsers),
      'FORBIDDEN',
      'only the subject (subject SUBJ-0001) may do this, not subject SUBJ-0002',
    );
    const log = await citizen.evaluate<{ items: { data: { accessor: { mspId: string } } }[] }>('listAccessLog', {
      recordId: 'Q-P1',
    });
    expect(log.items.map((entry) => entry.data.accessor.mspId)).to.deep.equal([RECORDS_BUREAU, CITIZEN_AGENT]);
    await citizen.submit('withdrawConsent', { consentId: 'C-P1' });
    await refused(submitPrivate(registrar, 'sharePersonalData', shareRequest, given, endorsers), 'ILLEGAL_TRANSITION');
    await expectNoLeak([RECORDS_BUREAU, CITIZEN_AGENT, BANK]);
  });

  it("purges the seller's personal data when a title is transferred: the buyer never reads it", async () => {
    const title = { ...issueRequest, recordId: 'PT-P1', type: 'PROPERTY_TITLE', documentHash: documentHash('PT-P1') };
    const seller = { fullName: '赵六', nationalId: '32010219700315004X', address: '南京市玄武区中山路1号' };
    secrets.push(seller.nationalId);
    await submitPrivate(registrar, 'issue', title, { personalData: seller, salt: newSalt() });
    const holdsSeller = async (mspId: string) => {
      for (let number = 0; number < network.net.height(CHANNEL); number++) {
        for (const rwset of (await network.net.blockPrivateData(CHANNEL, mspId, number)).values()) {
          if (Buffer.from(rwset.serializeBinary()).indexOf(seller.nationalId) >= 0) return true;
        }
      }
      return false;
    };
    expect(await holdsSeller(RECORDS_BUREAU)).to.equal(true);
    const buyer = network.as(CITIZEN_AGENT, 'neighbour'); // SUBJ-0002, added above
    await citizen.submit('proposeTransfer', {
      transferId: 'T-P1',
      recordId: 'PT-P1',
      buyer: 'SUBJ-0002',
      deedHash: documentHash('deed T-P1'),
    });
    await buyer.submit('acceptTransfer', { transferId: 'T-P1' });
    await registrar.submit('approveTransfer', { transferId: 'T-P1', newDocumentHash: documentHash('PT-P1 v2') });
    const record = await buyer.evaluate<Stored<{ subjectId: string; personalDataHash?: string }>>('getRecord', {
      recordId: 'PT-P1',
    });
    expect(record.data.subjectId).to.equal('SUBJ-0002');
    expect(record.data.personalDataHash).to.equal(undefined);
    await refused(buyer.evaluate('getPersonalData', { recordId: 'PT-P1' }), 'NOT_FOUND', 'no personal data of PT-P1');
    // Purged from the members' stores, the write sets of past blocks included; only its hashes remain.
    expect(await holdsSeller(RECORDS_BUREAU)).to.equal(false);
    expect(await holdsSeller(CITIZEN_AGENT)).to.equal(false);
    await expectNoLeak([RECORDS_BUREAU, CITIZEN_AGENT, BANK]);
  });

  it('keeps the plaintext only in the private stores of the department, the citizen-services org and the holder', async () => {
    const { net } = network;
    await net.stop();
    const db = new ClassicLevel<Buffer, Buffer>(path.join(net.dataDir, 'ledger'), {
      keyEncoding: 'buffer',
      valueEncoding: 'buffer',
    });
    const holders: string[] = [];
    try {
      for await (const [key, entry] of db.iterator()) {
        if (secrets.some((secret) => entry.indexOf(secret) >= 0 || key.indexOf(secret) >= 0)) {
          holders.push(key.toString('latin1'));
        }
      }
    } finally {
      await db.close();
    }
    expect(holders).to.have.length.greaterThan(0);
    const allowed = new RegExp(`^${CHANNEL}\\0[pP](${RECORDS_BUREAU}|${CITIZEN_AGENT}|${BANK})\\0`);
    for (const holder of holders) expect(holder).to.match(allowed);
  });
});
