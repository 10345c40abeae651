import './support/quiet-contract-api';
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { describeScenario } from '@scenechain/scene-kit';
import { scenario } from '../../chaincode/gov-records/src';
import { refused } from './support/chaincode-error';
import { listAll, startScenarioNetwork, type ScenarioClient, type ScenarioNetwork } from './support/scenario-network';

interface Stored<T> {
  data: T;
  audit: { revision: number; txId: string };
}
interface RegistryRecord {
  id: string;
  subjectId: string;
  pendingTransferId?: string;
}

const documentHash = (text: string) => createHash('sha256').update(text).digest('hex');
const inYears = (years: number) => new Date(Date.now() + years * 365 * 86_400_000).toISOString();

/**
 * Who may act as a citizen and who may read personal data. Citizens' certificates count only from the
 * citizen-services org (CitizenAgentMSP): a certificate another org issues with `role=citizen, subject=...`
 * acts as no one. Records, versions, history, transfers, consents and access logs answer only the subject,
 * the issuing department and (for consents) the grantee; a consent holder reads a record only through the
 * submitted `accessRecord`, which logs the read.
 */
describe('government records: attribute trust and read access', function () {
  this.timeout(180_000);
  let network: ScenarioNetwork;
  let registrar: ScenarioClient; // RecordsBureauMSP registrar1
  let citizen: ScenarioClient; // CitizenAgentMSP citizen1, subject SUBJ-0001 (topology.yaml)
  let neighbour: ScenarioClient; // CitizenAgentMSP, role citizen, subject SUBJ-0002
  let agent: ScenarioClient; // CitizenAgentMSP agent1, role agent (not a role gov-records recognises)
  let bank: ScenarioClient; // BankMSP officer1: the grantee of the consent
  let forger: ScenarioClient; // ManufacturerMSP, role citizen, subject SUBJ-0001: a forged citizen
  let bankCitizen: ScenarioClient; // BankMSP, role citizen, subject SUBJ-0002: another forged citizen
  let member: ScenarioClient; // BankMSP User1: any channel member

  const mortgage = 'mortgage assessment';
  const revisionOf = async (recordId: string) =>
    (await registrar.evaluate<Stored<RegistryRecord>>('getRecord', { recordId })).audit.revision;

  before(async () => {
    network = await startScenarioNetwork(['gov-records']);
    await network.addUser('CitizenAgentMSP', 'neighbour', { role: 'citizen', subject: 'SUBJ-0002' });
    await network.addUser('ManufacturerMSP', 'forger', { role: 'citizen', subject: 'SUBJ-0001' });
    await network.addUser('BankMSP', 'bank-citizen', { role: 'citizen', subject: 'SUBJ-0002' });
    registrar = network.as('RecordsBureauMSP', 'registrar1');
    citizen = network.as('CitizenAgentMSP', 'citizen1');
    neighbour = network.as('CitizenAgentMSP', 'neighbour');
    agent = network.as('CitizenAgentMSP', 'agent1');
    bank = network.as('BankMSP', 'officer1');
    forger = network.as('ManufacturerMSP', 'forger');
    bankCitizen = network.as('BankMSP', 'bank-citizen');
    member = network.as('BankMSP', 'User1');

    await registrar.submit('issueMany', {
      records: [
        { recordId: 'PT-9', type: 'PROPERTY_TITLE', subjectId: 'SUBJ-0001', documentHash: documentHash('PT-9 v1') },
        { recordId: 'Q-9', type: 'QUALIFICATION', subjectId: 'SUBJ-0002', documentHash: documentHash('Q-9 v1') },
      ],
    });
    await citizen.submit('grantConsent', {
      consentId: 'C-9',
      recordId: 'PT-9',
      grantee: 'BankMSP',
      purpose: mortgage,
      validUntil: inYears(1),
    });
  });

  after(async () => {
    await network?.stop();
  });

  describe('a citizen certificate counts only from the citizen-services org', () => {
    const forgedRole =
      'ManufacturerMSP user forger@manufacturer.scenechain.example claims role citizen, which counts only from CitizenAgentMSP';

    it('refuses a forged citizen granting or withdrawing consent and proposing a transfer, and changes nothing', async () => {
      const revision = await revisionOf('PT-9');
      await refused(
        forger.submit('grantConsent', {
          consentId: 'C-FORGED',
          recordId: 'PT-9',
          grantee: 'ManufacturerMSP',
          purpose: 'marketing',
          validUntil: inYears(1),
        }),
        'FORBIDDEN',
        `${forgedRole}, so the user may not grant a Consent; allowed: CitizenAgentMSP with role citizen or representative`,
      );
      await refused(forger.submit('withdrawConsent', { consentId: 'C-9' }), 'FORBIDDEN', forgedRole);
      await refused(
        forger.submit('proposeTransfer', {
          transferId: 'T-FORGED',
          recordId: 'PT-9',
          buyer: 'SUBJ-0002',
          deedHash: documentHash('forged deed'),
        }),
        'FORBIDDEN',
        `${forgedRole}, so the user may not propose a Transfer; allowed: CitizenAgentMSP with role citizen or representative`,
      );
      expect(await revisionOf('PT-9')).to.equal(revision);
      const consent = await citizen.evaluate<Stored<{ status: string }>>('getConsent', { consentId: 'C-9' });
      expect(consent.data.status).to.equal('ACTIVE');
      expect(consent.audit.revision).to.equal(1);
      await refused(citizen.evaluate('getConsent', { consentId: 'C-FORGED' }), 'NOT_FOUND');
      await refused(citizen.evaluate('getTransfer', { transferId: 'T-FORGED' }), 'NOT_FOUND');
    });

    it('refuses a forged buyer accepting a real transfer, which the registry then cannot approve', async () => {
      await citizen.submit('proposeTransfer', {
        transferId: 'T-9',
        recordId: 'PT-9',
        buyer: 'SUBJ-0002',
        deedHash: documentHash('deed T-9'),
      });
      await refused(
        bankCitizen.submit('acceptTransfer', { transferId: 'T-9' }),
        'FORBIDDEN',
        'BankMSP user bank-citizen@bank.scenechain.example claims role citizen, which counts only from CitizenAgentMSP',
      );
      await refused(
        registrar.submit('approveTransfer', { transferId: 'T-9', newDocumentHash: documentHash('PT-9 v2') }),
        'ILLEGAL_TRANSITION',
        'Transfer T-9 is PROPOSED',
      );
      const transfer = await neighbour.evaluate<Stored<{ status: string }>>('getTransfer', { transferId: 'T-9' });
      expect([transfer.data.status, transfer.audit.revision]).to.deep.equal(['PROPOSED', 1]);
      await citizen.submit('cancelTransfer', { transferId: 'T-9' });
    });

    it('does not let a forged citizen read the subject’s records', async () => {
      await refused(forger.evaluate('getRecord', { recordId: 'PT-9' }), 'FORBIDDEN', forgedRole);
      await refused(forger.evaluate('listMyRecords', {}), 'FORBIDDEN', forgedRole);
      await refused(
        forger.evaluate('listRecordsBySubject', { subjectId: 'SUBJ-0001' }),
        'FORBIDDEN',
        `${forgedRole}, so the user may not read listRecordsBySubject`,
      );
    });
  });

  describe('personal data is read by its subject, its issuer and, through a logged access, consent holders', () => {
    it('refuses every evaluate-path read of a record to anyone else, naming who may read', async () => {
      const readers =
        "readable by CitizenAgentMSP with role citizen or representative, or RecordsBureauMSP with role registrar; only the record's subject (certificate attribute subject) and registrars of the issuing department; a consent holder reads through accessRecord, which logs every read";
      await refused(
        neighbour.evaluate('getRecord', { recordId: 'PT-9' }),
        'FORBIDDEN',
        `CitizenAgentMSP user neighbour@citizenagent.scenechain.example (role citizen) may not read RegistryRecord PT-9; ${readers}`,
      );
      await refused(
        bank.evaluate('getRecord', { recordId: 'PT-9' }),
        'FORBIDDEN',
        'BankMSP user officer1@bank.scenechain.example claims role loan-officer, which this chaincode does not recognise, so the user may not read getRecord',
      );
      for (const [transaction, request] of [
        ['getRecordVersion', { recordId: 'PT-9', version: 1 }],
        ['listRecordVersions', { recordId: 'PT-9' }],
        ['recordHistory', { recordId: 'PT-9' }],
        ['listRecordsBySubject', { subjectId: 'SUBJ-0001' }],
        ['listAccessLog', { recordId: 'PT-9' }],
      ] as const) {
        for (const reader of [neighbour, bank, agent, member]) {
          await refused(reader.evaluate(transaction, request), 'FORBIDDEN', 'may not read');
        }
      }
      await refused(member.evaluate('listRecordsByType', { type: 'PROPERTY_TITLE' }), 'FORBIDDEN', 'may not read');
      await refused(citizen.evaluate('listRecordsByType', { type: 'PROPERTY_TITLE' }), 'FORBIDDEN', 'may not read');
      expect(await listAll(citizen, 'listAccessLog', { recordId: 'PT-9' }), 'refused reads log nothing').to.deep.equal(
        [],
      );
    });

    it('lets the subject read its own records, versions, history and transfers, and no one else’s', async () => {
      expect(
        (await citizen.evaluate<Stored<RegistryRecord>>('getRecord', { recordId: 'PT-9' })).data.subjectId,
      ).to.equal('SUBJ-0001');
      expect((await listAll<Stored<RegistryRecord>>(citizen, 'listMyRecords', {})).map((r) => r.data.id)).to.deep.equal(
        ['PT-9'],
      );
      expect(
        (await listAll<Stored<RegistryRecord>>(neighbour, 'listMyRecords', {})).map((r) => r.data.id),
      ).to.deep.equal(['Q-9']);
      expect(await listAll(citizen, 'listRecordsBySubject', { subjectId: 'SUBJ-0001' })).to.have.length(1);
      expect(await listAll(citizen, 'recordHistory', { recordId: 'PT-9' })).to.have.length.greaterThan(0);
      await citizen.evaluate('getRecordVersion', { recordId: 'PT-9', version: 1 });
      expect(await listAll(citizen, 'listTransfers', { recordId: 'PT-9' })).to.have.length(1);
      await refused(citizen.evaluate('getRecord', { recordId: 'Q-9' }), 'FORBIDDEN', 'may not read RegistryRecord Q-9');
      await refused(
        citizen.evaluate('listRecordsBySubject', { subjectId: 'SUBJ-0002' }),
        'FORBIDDEN',
        'may not read the records of SUBJ-0002',
      );
      await refused(agent.evaluate('listMyRecords', {}), 'FORBIDDEN', 'claims role agent');
    });

    it('lets the issuing department read the records it issued', async () => {
      await registrar.evaluate('getRecord', { recordId: 'PT-9' });
      await registrar.evaluate('getRecordVersion', { recordId: 'PT-9', version: 1 });
      const titles = await listAll<Stored<RegistryRecord>>(registrar, 'listRecordsByType', { type: 'PROPERTY_TITLE' });
      expect(titles.map((r) => r.data.id)).to.deep.equal(['PT-9']);
      expect(await listAll(registrar, 'listRecordsBySubject', { subjectId: 'SUBJ-0001' })).to.have.length(1);
      expect(await listAll(registrar, 'listTransfers', { recordId: 'PT-9' })).to.have.length(1);
    });

    it('lets the grantee read through accessRecord only, logging the read for the subject and the issuer', async () => {
      const { result, event } = await bank.submitWithEvent<{
        record: Stored<RegistryRecord>;
        access: { accessId: string };
      }>('accessRecord', { recordId: 'PT-9', consentId: 'C-9', purpose: mortgage });
      expect(result.record.data.id).to.equal('PT-9');
      expect(event.name).to.equal('RecordAccessed');
      for (const reader of [citizen, registrar]) {
        const log = await listAll<Stored<{ accessId: string; accessor: { mspId: string; user: string } }>>(
          reader,
          'listAccessLog',
          { recordId: 'PT-9' },
        );
        expect(
          log.map((entry) => [entry.data.accessId, entry.data.accessor.mspId, entry.data.accessor.user]),
        ).to.deep.equal([[event.transactionId, 'BankMSP', 'officer1@bank.scenechain.example']]);
      }
      await refused(bank.evaluate('listAccessLog', { recordId: 'PT-9' }), 'FORBIDDEN', 'may not read listAccessLog');
      await refused(neighbour.evaluate('listAccessLog', { recordId: 'PT-9' }), 'FORBIDDEN', 'the access log of PT-9');
      await refused(bank.evaluate('getRecord', { recordId: 'PT-9' }), 'FORBIDDEN', 'may not read getRecord');
    });

    it('shows a consent to its subject and to the grantee org only', async () => {
      await citizen.evaluate('getConsent', { consentId: 'C-9' });
      await bank.evaluate('getConsent', { consentId: 'C-9' });
      await refused(neighbour.evaluate('getConsent', { consentId: 'C-9' }), 'FORBIDDEN', 'may not read Consent C-9');
      await refused(registrar.evaluate('getConsent', { consentId: 'C-9' }), 'FORBIDDEN', 'may not read Consent C-9');
      expect(await listAll(bank, 'listConsentsByGrantee', { grantee: 'BankMSP' })).to.have.length(1);
      await refused(
        agent.evaluate('listConsentsByGrantee', { grantee: 'BankMSP' }),
        'FORBIDDEN',
        'may not read the consents given to BankMSP',
      );
      expect(await listAll(citizen, 'listConsentsByRecord', { recordId: 'PT-9' })).to.have.length(1);
      expect(await listAll(agent, 'listConsentsByRecord', { recordId: 'PT-9' })).to.deep.equal([]);
    });

    it('treats a citizen of the grantee org as a citizen, not as the grantee', async () => {
      await citizen.submit('grantConsent', {
        consentId: 'C-10',
        recordId: 'PT-9',
        grantee: 'CitizenAgentMSP',
        purpose: 'benefit claim',
        validUntil: inYears(1),
      });
      await refused(
        neighbour.submit('accessRecord', { recordId: 'PT-9', consentId: 'C-10', purpose: 'benefit claim' }),
        'FORBIDDEN',
        "Consent C-10 was given to CitizenAgentMSP's staff, not to subject SUBJ-0002",
      );
      await refused(
        neighbour.evaluate('listConsentsByGrantee', { grantee: 'CitizenAgentMSP' }),
        'FORBIDDEN',
        'may not read the consents given to CitizenAgentMSP',
      );
      await refused(neighbour.evaluate('getConsent', { consentId: 'C-10' }), 'FORBIDDEN', 'may not read Consent C-10');
      await agent.submit('accessRecord', { recordId: 'PT-9', consentId: 'C-10', purpose: 'benefit claim' });
      expect(await listAll(agent, 'listConsentsByGrantee', { grantee: 'CitizenAgentMSP' })).to.have.length(1);
      expect(await listAll(citizen, 'listAccessLog', { recordId: 'PT-9' })).to.have.length(2);
    });

    it('keeps document verification open to every channel member', async () => {
      const verdict = await member.evaluate<{ verdict: string }>('verifyDocument', {
        documentHash: documentHash('PT-9 v1'),
      });
      expect(verdict.verdict).to.equal('VALID');
    });
  });

  it('describes its role authorities and who may read each query', () => {
    const described = describeScenario(scenario);
    expect(described.authorities).to.deep.equal([
      { role: 'registrar', issuedBy: 'RecordsBureauMSP', attributes: [] },
      { role: 'citizen', issuedBy: 'CitizenAgentMSP', attributes: ['subject'] },
      { role: 'representative', issuedBy: 'CitizenAgentMSP', attributes: ['subject'] },
    ]);
    const readers = Object.fromEntries(described.flows.map((t) => [t.name, t.readers]));
    expect(readers.verifyDocument).to.equal('any channel member');
    expect(readers.listAccessLog).to.equal(
      "CitizenAgentMSP with role citizen or representative, or RecordsBureauMSP with role registrar; only the record's subject and registrars of the issuing department",
    );
    expect(readers.issue, 'submit flows declare no readers').to.equal(undefined);
    expect(described.flows.filter((t) => t.kind === 'evaluate').every((t) => t.readers)).to.equal(true);
  });
});
