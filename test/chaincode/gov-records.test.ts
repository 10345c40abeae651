import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { refused } from './support/chaincode-error';
import { startScenarioNetwork, type ScenarioClient, type ScenarioNetwork, listAll } from './support/scenario-network';

interface RegistryRecord {
  id: string;
  type: string;
  subjectId: string;
  status: string;
  version: number;
  documentHash: string;
  attributes: Record<string, string>;
  pendingTransferId?: string;
  revocation?: { reason: string };
  validFrom: string;
  validUntil?: string;
}
interface Stored<T> {
  data: T;
  audit: { revision: number; action: string; actor: { mspId: string; user: string } };
}
interface Verification {
  valid: boolean;
  verdict: string;
  recordId?: string;
  version?: number;
  currentVersion?: number;
  validFrom?: string;
  validUntil?: string;
}

/** Digest of a document that stays off chain (a licence, a title deed, a certificate). */
const documentHash = (text: string) => createHash('sha256').update(text).digest('hex');
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
const inYears = (years: number) => new Date(Date.now() + years * 365 * 86_400_000).toISOString();

/**
 * Government records as a story: the records bureau issues a shop licence, a property title and a diploma;
 * amends, suspends and revokes; Alice sells her flat to Bob with the bureau's approval; Bob lets his bank see
 * the title for a mortgage for a few seconds, and every look is logged; anyone can check a document.
 */
describe('government records chaincode: registers, title transfer, consent and verification', function () {
  this.timeout(180_000);
  let network: ScenarioNetwork;
  let registrar: ScenarioClient; // RecordsBureauMSP, role registrar
  let bureauClerk: ScenarioClient; // RecordsBureauMSP, no role
  let alice: ScenarioClient; // CitizenAgentMSP, role citizen, subject SUBJ-ALICE
  let bob: ScenarioClient; // CitizenAgentMSP, role citizen, subject SUBJ-BOB
  let carol: ScenarioClient; // CitizenAgentMSP, role citizen, subject SUBJ-CAROL
  let acme: ScenarioClient; // CitizenAgentMSP, role representative, subject CO-ACME
  let agent: ScenarioClient; // CitizenAgentMSP, role agent, no subject
  let bank: ScenarioClient; // BankMSP, role loan-officer
  let anyone: ScenarioClient; // BankMSP User1, no role: public verification only

  const record = async (recordId: string) =>
    (await registrar.evaluate<Stored<RegistryRecord>>('getRecord', { recordId })).data;
  const verify = (text: string) =>
    anyone.evaluate<Verification>('verifyDocument', { documentHash: documentHash(text) });

  before(async () => {
    network = await startScenarioNetwork(['gov-records']);
    for (const [name, attrs] of [
      ['alice', { role: 'citizen', subject: 'SUBJ-ALICE' }],
      ['bob', { role: 'citizen', subject: 'SUBJ-BOB' }],
      ['carol', { role: 'citizen', subject: 'SUBJ-CAROL' }],
      ['acme-rep', { role: 'representative', subject: 'CO-ACME' }],
    ] as const) {
      await network.addUser('CitizenAgentMSP', name, attrs);
    }
    registrar = network.as('RecordsBureauMSP', 'registrar1');
    bureauClerk = network.as('RecordsBureauMSP', 'User1');
    alice = network.as('CitizenAgentMSP', 'alice');
    bob = network.as('CitizenAgentMSP', 'bob');
    carol = network.as('CitizenAgentMSP', 'carol');
    acme = network.as('CitizenAgentMSP', 'acme-rep');
    agent = network.as('CitizenAgentMSP', 'agent1');
    bank = network.as('BankMSP', 'officer1');
    anyone = network.as('BankMSP', 'User1');
  });

  after(async () => {
    await network?.stop();
  });

  describe('issuing records', () => {
    it('issues a licence, a title and a diploma; only digests and public facts go on the ledger', async () => {
      const licence = await registrar.submit<Stored<RegistryRecord>>('issue', {
        recordId: 'BL-1',
        type: 'BUSINESS_LICENCE',
        subjectId: 'CO-ACME',
        documentHash: documentHash('licence BL-1 v1'),
        attributes: { licenceClass: 'food-retail' },
        validUntil: inYears(1),
      });
      expect(licence.data).to.deep.include({ status: 'ACTIVE', version: 1, issuer: 'RecordsBureauMSP' } as object);
      await registrar.submit('issueMany', {
        records: [
          {
            recordId: 'PT-1',
            type: 'PROPERTY_TITLE',
            subjectId: 'SUBJ-ALICE',
            documentHash: documentHash('title PT-1 v1'),
            attributes: { parcelId: 'P-77/3' },
          },
          { recordId: 'Q-1', type: 'QUALIFICATION', subjectId: 'SUBJ-BOB', documentHash: documentHash('diploma Q-1') },
        ],
      });
      expect((await verify('title PT-1 v1')).verdict).to.equal('VALID');
    });

    it('refuses issuers without the registrar role, duplicates and documents registered twice', async () => {
      const request = {
        recordId: 'BL-2',
        type: 'BUSINESS_LICENCE',
        subjectId: 'CO-ACME',
        documentHash: documentHash('licence BL-2'),
      };
      await refused(agent.submit('issue', request), 'FORBIDDEN', 'role agent');
      await refused(alice.submit('issue', request), 'FORBIDDEN', 'role citizen');
      await refused(bureauClerk.submit('issue', request), 'FORBIDDEN', '(no role)');
      await refused(
        registrar.submit('issue', { ...request, recordId: 'BL-1' }),
        'ALREADY_EXISTS',
        'RegistryRecord BL-1 already exists',
      );
      await refused(
        registrar.submit('issue', { ...request, documentHash: documentHash('diploma Q-1') }),
        'ALREADY_EXISTS',
        'already registered as the document of Q-1',
      );
      await refused(registrar.evaluate('getRecord', { recordId: 'BL-2' }), 'NOT_FOUND');
    });

    it('refuses malformed records', async () => {
      const good = {
        recordId: 'BL-3',
        type: 'BUSINESS_LICENCE',
        subjectId: 'CO-ACME',
        documentHash: documentHash('licence BL-3'),
      };
      const tooMany = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`a${i}`, 'x']));
      for (const [bad, mentions] of [
        [{ ...good, type: 'PASSPORT' }, 'type'],
        [{ ...good, documentHash: 'not a digest' }, 'documentHash'],
        [{ ...good, attributes: tooMany }, 'at most 20 attributes'],
        [
          { ...good, attributes: { 'home\naddress': 'x' } },
          'attributes."home\\naddress": an attribute name may not contain a control character',
        ],
        [
          { ...good, validFrom: '2030-01-01T00:00:00Z', validUntil: '2029-01-01T00:00:00Z' },
          'validUntil: must be after validFrom',
        ],
        [{ ...good, name: 'Acme Ltd' }, 'Unrecognized key: "name"'],
        [{ ...good, subjectId: '' }, 'subjectId'],
      ] as const) {
        await refused(registrar.submit('issue', bad), 'INVALID_ARGUMENT', mentions);
      }
    });
  });

  describe('amending, suspending and revoking', () => {
    it('amends a record into a new version and keeps the old one', async () => {
      const amended = await registrar.submit<Stored<RegistryRecord>>('amend', {
        recordId: 'BL-1',
        documentHash: documentHash('licence BL-1 v2'),
        attributes: { licenceClass: 'food-retail-and-cafe' },
        reason: 'extended to serve food on the premises',
      });
      expect(amended.data).to.deep.include({ version: 2, documentHash: documentHash('licence BL-1 v2') });
      const first = await registrar.evaluate<Stored<{ attributes: Record<string, string> }>>('getRecordVersion', {
        recordId: 'BL-1',
        version: 1,
      });
      expect(first.data.attributes).to.deep.equal({ licenceClass: 'food-retail' });
      const versions = await listAll<Stored<{ version: number; reason: string }>>(
        registrar,
        'listRecordVersions',
        { recordId: 'BL-1' },
        1,
      );
      expect(versions.map((v) => [v.data.version, v.data.reason])).to.deep.equal([
        [1, 'issued'],
        [2, 'extended to serve food on the premises'],
      ]);
      expect(await verify('licence BL-1 v1')).to.deep.include({
        valid: false,
        verdict: 'SUPERSEDED',
        version: 1,
        currentVersion: 2,
      });
      const current = await verify('licence BL-1 v2');
      expect(current).to.deep.include({
        valid: true,
        verdict: 'VALID',
        documentHash: documentHash('licence BL-1 v2'),
        recordId: 'BL-1',
        document: 'document',
        type: 'BUSINESS_LICENCE',
        issuer: 'RecordsBureauMSP',
        version: 2,
        currentVersion: 2,
        status: 'ACTIVE',
      });
      expect([current.validFrom, current.validUntil]).to.deep.equal([amended.data.validFrom, amended.data.validUntil]);
      // The answer every verify flow gives (the public verify page reads them alike): public facts, no subject.
      expect(Object.keys(current).sort()).to.deep.equal([
        'anchorTxId',
        'anchoredAt',
        'anchoredBy',
        'currentVersion',
        'document',
        'documentHash',
        'issuer',
        'recordId',
        'status',
        'type',
        'valid',
        'validFrom',
        'validUntil',
        'verdict',
        'version',
      ]);
    });

    it('suspends and reinstates, then revokes for good with a reason', async () => {
      await refused(registrar.submit('suspend', { recordId: 'Q-1' }), 'INVALID_ARGUMENT', 'reason');
      await registrar.submit('suspend', { recordId: 'Q-1', reason: 'under investigation for plagiarism' });
      expect((await verify('diploma Q-1')).verdict).to.equal('SUSPENDED');
      await refused(
        registrar.submit('amend', { recordId: 'Q-1', documentHash: documentHash('diploma Q-1 v2'), reason: 'x' }),
        'ILLEGAL_TRANSITION',
        'RegistryRecord Q-1 is SUSPENDED; amend is allowed only from ACTIVE; transitions allowed from SUSPENDED: reinstate, revoke, closeTransfer, grantConsent',
      );
      await registrar.submit('reinstate', { recordId: 'Q-1' });
      expect((await verify('diploma Q-1')).verdict).to.equal('VALID');
      await registrar.submit('revoke', { recordId: 'Q-1', reason: 'plagiarism proven' });
      expect((await record('Q-1')).revocation?.reason).to.equal('plagiarism proven');
      expect(await verify('diploma Q-1')).to.deep.include({ valid: false, verdict: 'REVOKED', recordId: 'Q-1' });
      await refused(
        registrar.submit('reinstate', { recordId: 'Q-1' }),
        'ILLEGAL_TRANSITION',
        'transitions allowed from REVOKED: closeTransfer',
      );
      await refused(
        registrar.submit('revoke', { recordId: 'Q-1', reason: 'again' }),
        'ILLEGAL_TRANSITION',
        'Q-1 is REVOKED',
      );
    });

    it('answers verification of an unknown document without failing', async () => {
      expect(await verify('a forged certificate')).to.deep.equal({
        valid: false,
        verdict: 'UNKNOWN',
        documentHash: documentHash('a forged certificate'),
      });
      await refused(anyone.evaluate('verifyDocument', { documentHash: 'abc' }), 'INVALID_ARGUMENT', 'documentHash');
    });
  });

  describe('selling a flat: seller, buyer and registry must all agree', () => {
    it('lets only the holder propose, and only for a property title', async () => {
      const proposal = { transferId: 'T-0', recordId: 'PT-1', buyer: 'SUBJ-BOB', deedHash: documentHash('deed 0') };
      await refused(
        bob.submit('proposeTransfer', proposal),
        'FORBIDDEN',
        'only the holder (subject SUBJ-ALICE) may do this, not subject SUBJ-BOB',
      );
      await refused(agent.submit('proposeTransfer', proposal), 'FORBIDDEN', 'role agent');
      await refused(
        acme.submit('proposeTransfer', { ...proposal, recordId: 'BL-1', buyer: 'CO-OTHER' }),
        'CONFLICT',
        'BL-1 is a BUSINESS_LICENCE; only property titles are transferred',
      );
      await refused(
        alice.submit('proposeTransfer', { ...proposal, buyer: 'SUBJ-ALICE' }),
        'CONFLICT',
        'already holds PT-1',
      );
    });

    it('needs the buyer’s acceptance before the registry may approve', async () => {
      await alice.submit('proposeTransfer', {
        transferId: 'T-1',
        recordId: 'PT-1',
        buyer: 'SUBJ-BOB',
        deedHash: documentHash('deed 1'),
      });
      expect((await record('PT-1')).pendingTransferId).to.equal('T-1');
      await refused(
        alice.submit('proposeTransfer', {
          transferId: 'T-1b',
          recordId: 'PT-1',
          buyer: 'SUBJ-CAROL',
          deedHash: documentHash('deed 1b'),
        }),
        'CONFLICT',
        'pending transfer, T-1',
      );
      await refused(
        registrar.submit('amend', { recordId: 'PT-1', documentHash: documentHash('x'), reason: 'x' }),
        'CONFLICT',
        'pending transfer',
      );
      await refused(
        registrar.submit('approveTransfer', { transferId: 'T-1', newDocumentHash: documentHash('title PT-1 v2') }),
        'ILLEGAL_TRANSITION',
        'Transfer T-1 is PROPOSED; approve is allowed only from ACCEPTED',
      );
      await refused(
        carol.submit('acceptTransfer', { transferId: 'T-1' }),
        'FORBIDDEN',
        'only the buyer (subject SUBJ-BOB)',
      );
      await refused(alice.submit('acceptTransfer', { transferId: 'T-1' }), 'FORBIDDEN', 'only the buyer');
      await bob.submit('acceptTransfer', { transferId: 'T-1' });
      await refused(
        bob.submit('approveTransfer', { transferId: 'T-1', newDocumentHash: documentHash('title PT-1 v2') }),
        'FORBIDDEN',
        'role citizen',
      );
    });

    it('moves the title to the buyer in a new version when the registry approves', async () => {
      await registrar.submit('approveTransfer', { transferId: 'T-1', newDocumentHash: documentHash('title PT-1 v2') });
      expect(await record('PT-1')).to.deep.include({ subjectId: 'SUBJ-BOB', version: 2 });
      expect((await record('PT-1')).pendingTransferId).to.equal(undefined);
      expect((await verify('title PT-1 v1')).verdict).to.equal('SUPERSEDED');
      expect((await verify('title PT-1 v2')).verdict).to.equal('VALID');
      const bobs = await listAll<Stored<RegistryRecord>>(bob, 'listRecordsBySubject', { subjectId: 'SUBJ-BOB' });
      expect(bobs.map((r) => r.data.id)).to.deep.equal(['PT-1', 'Q-1']);
      expect(await listAll(alice, 'listRecordsBySubject', { subjectId: 'SUBJ-ALICE' })).to.deep.equal([]);
      await refused(
        registrar.submit('approveTransfer', { transferId: 'T-1', newDocumentHash: documentHash('y') }),
        'ILLEGAL_TRANSITION',
        'T-1 is APPROVED',
      );
      await refused(
        alice.submit('proposeTransfer', {
          transferId: 'T-9',
          recordId: 'PT-1',
          buyer: 'SUBJ-CAROL',
          deedHash: documentHash('deed 9'),
        }),
        'FORBIDDEN',
        'only the holder (subject SUBJ-BOB)',
      );
    });

    it('frees the title again when a transfer is declined, rejected or cancelled', async () => {
      const propose = (transferId: string) =>
        bob.submit('proposeTransfer', {
          transferId,
          recordId: 'PT-1',
          buyer: 'SUBJ-CAROL',
          deedHash: documentHash(`deed ${transferId}`),
        });
      await propose('T-2');
      await carol.submit('declineTransfer', { transferId: 'T-2' });
      await propose('T-3');
      await carol.submit('acceptTransfer', { transferId: 'T-3' });
      await refused(registrar.submit('rejectTransfer', { transferId: 'T-3' }), 'INVALID_ARGUMENT', 'reason');
      await registrar.submit('rejectTransfer', { transferId: 'T-3', reason: 'unpaid property tax' });
      await propose('T-4');
      await refused(carol.submit('cancelTransfer', { transferId: 'T-4' }), 'FORBIDDEN', 'only the seller');
      await bob.submit('cancelTransfer', { transferId: 'T-4' });
      expect((await record('PT-1')).pendingTransferId).to.equal(undefined);
      const statuses = await listAll<Stored<{ id: string; status: string }>>(registrar, 'listTransfers', {
        recordId: 'PT-1',
      });
      expect(statuses.map((t) => `${t.data.id}:${t.data.status}`)).to.deep.equal([
        'T-1:APPROVED',
        'T-2:DECLINED',
        'T-3:REJECTED',
        'T-4:CANCELLED',
      ]);
    });

    it('tells the title’s history: who did what, in which transaction', async () => {
      const history = await listAll<{ txId: string; record: Stored<RegistryRecord> }>(
        registrar,
        'recordHistory',
        { recordId: 'PT-1' },
        5,
      );
      expect(history.map((h) => `${h.record.audit.action}:${h.record.data.subjectId}`).reverse()).to.deep.equal([
        'issue:SUBJ-ALICE',
        'openTransfer:SUBJ-ALICE',
        'transferTitle:SUBJ-BOB',
        'openTransfer:SUBJ-BOB',
        'closeTransfer:SUBJ-BOB',
        'openTransfer:SUBJ-BOB',
        'closeTransfer:SUBJ-BOB',
        'openTransfer:SUBJ-BOB',
        'closeTransfer:SUBJ-BOB',
      ]);
    });
  });

  describe('sharing under consent', () => {
    const mortgage = 'mortgage assessment';

    it('lets the holder alone grant a consent, for a time to come', async () => {
      const consent = {
        consentId: 'C-1',
        recordId: 'PT-1',
        grantee: 'BankMSP',
        purpose: mortgage,
        validUntil: inSeconds(6),
      };
      await refused(alice.submit('grantConsent', consent), 'FORBIDDEN', 'only the holder (subject SUBJ-BOB)');
      await refused(
        bob.submit('grantConsent', { ...consent, validUntil: inSeconds(-60) }),
        'INVALID_ARGUMENT',
        'is not after the transaction time',
      );
      await refused(bob.submit('grantConsent', { ...consent, validUntil: inYears(6) }), 'INVALID_ARGUMENT', 'at most');
      await bob.submit('grantConsent', consent);
      await refused(bob.submit('grantConsent', consent), 'ALREADY_EXISTS', 'Consent C-1 already exists');
    });

    it('lets the grantee read for the consented purpose and logs every access', async () => {
      const { result, event } = await bank.submitWithEvent<{
        record: Stored<RegistryRecord>;
        access: { accessId: string };
      }>('accessRecord', {
        recordId: 'PT-1',
        consentId: 'C-1',
        purpose: mortgage,
      });
      expect(result.record.data).to.deep.include({ id: 'PT-1', subjectId: 'SUBJ-BOB' });
      expect(event.name).to.equal('RecordAccessed');
      expect(result.access.accessId).to.equal(event.transactionId);
      await refused(
        bank.submit('accessRecord', { recordId: 'PT-1', consentId: 'C-1', purpose: 'marketing' }),
        'FORBIDDEN',
        'covers the purpose',
      );
      await refused(
        bank.submit('accessRecord', { recordId: 'Q-1', consentId: 'C-1', purpose: mortgage }),
        'FORBIDDEN',
        'covers PT-1, not Q-1',
      );
      await refused(
        agent.submit('accessRecord', { recordId: 'PT-1', consentId: 'C-1', purpose: mortgage }),
        'FORBIDDEN',
        'given to BankMSP, not CitizenAgentMSP',
      );
      const log = await listAll<Stored<{ accessor: { mspId: string; user: string }; purpose: string }>>(
        bob,
        'listAccessLog',
        { recordId: 'PT-1' },
      );
      expect(log.map((entry) => [entry.data.accessor.mspId, entry.data.purpose])).to.deep.equal([
        ['BankMSP', mortgage],
      ]);
    });

    it('refuses access once the consent has expired, and logs nothing', async () => {
      const consent = (await bob.evaluate<Stored<{ validUntil: string }>>('getConsent', { consentId: 'C-1' })).data;
      // The bank's clock reads one second past the expiry (the peers' time window allows a few seconds ahead).
      const use = await network.proposeAt(
        'BankMSP',
        'officer1',
        'accessRecord',
        { recordId: 'PT-1', consentId: 'C-1', purpose: mortgage },
        Date.parse(consent.validUntil) + 1000,
      );
      await refused(use.endorse(), 'FORBIDDEN', `Consent C-1 expired at ${consent.validUntil}`);
      expect(await listAll(bob, 'listAccessLog', { recordId: 'PT-1' })).to.have.length(1);
    });

    it('ends access when the holder withdraws a consent', async () => {
      await bob.submit('grantConsent', {
        consentId: 'C-2',
        recordId: 'PT-1',
        grantee: 'BankMSP',
        purpose: mortgage,
        validUntil: inYears(1),
      });
      await bank.submit('accessRecord', { recordId: 'PT-1', consentId: 'C-2', purpose: mortgage });
      await refused(
        carol.submit('withdrawConsent', { consentId: 'C-2' }),
        'FORBIDDEN',
        'only the subject (subject SUBJ-BOB)',
      );
      await bob.submit('withdrawConsent', { consentId: 'C-2' });
      await refused(
        bank.submit('accessRecord', { recordId: 'PT-1', consentId: 'C-2', purpose: mortgage }),
        'ILLEGAL_TRANSITION',
        'Consent C-2 is WITHDRAWN; use is allowed only from ACTIVE',
      );
      await refused(bob.submit('withdrawConsent', { consentId: 'C-2' }), 'ILLEGAL_TRANSITION', 'C-2 is WITHDRAWN');
      const log = await listAll<Stored<{ consentId: string }>>(bob, 'listAccessLog', { recordId: 'PT-1' });
      expect(log.map((entry) => entry.data.consentId)).to.deep.equal(['C-1', 'C-2']);
      const active = await listAll<Stored<{ id: string }>>(bank, 'listConsentsByGrantee', {
        grantee: 'BankMSP',
        status: 'ACTIVE',
      });
      expect(active.map((c) => c.data.id)).to.deep.equal(['C-1']);
    });
  });

  describe('registers', () => {
    it('lists by type and state, following every change', async () => {
      const titles = await listAll<Stored<RegistryRecord>>(registrar, 'listRecordsByType', {
        type: 'PROPERTY_TITLE',
        status: 'ACTIVE',
      });
      expect(titles.map((r) => r.data.id)).to.deep.equal(['PT-1']);
      const revoked = await listAll<Stored<RegistryRecord>>(registrar, 'listRecordsByType', {
        type: 'QUALIFICATION',
        status: 'REVOKED',
      });
      expect(revoked.map((r) => r.data.id)).to.deep.equal(['Q-1']);
      expect(await listAll(registrar, 'listRecordsByType', { type: 'QUALIFICATION', status: 'ACTIVE' })).to.deep.equal(
        [],
      );
      await refused(
        registrar.evaluate('listRecordsByType', { type: 'QUALIFICATION', bookmark: 'garbage' }),
        'INVALID_ARGUMENT',
        'bookmark',
      );
    });

    it('refuses bad input with a code and changes nothing', async () => {
      await refused(registrar.contract.submitTransaction('issue'), 'INVALID_ARGUMENT', 'exactly one argument');
      await refused(
        registrar.contract.submitTransaction('issue', 'x'.repeat(1024 * 1024 + 1)),
        'INVALID_ARGUMENT',
        'the limit is',
      );
      await refused(
        registrar.submit('suspend', { recordId: 'NOPE', reason: 'x' }),
        'NOT_FOUND',
        'RegistryRecord NOPE does not exist',
      );
      await refused(
        registrar.submit('suspend', { recordId: 'BL-1', reason: 'r'.repeat(501) }),
        'INVALID_ARGUMENT',
        'reason',
      );
      expect(
        (await registrar.evaluate<Stored<RegistryRecord>>('getRecord', { recordId: 'BL-1' })).audit.revision,
      ).to.equal(2);
    });
  });
});
