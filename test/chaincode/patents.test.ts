import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { fileInBatches, type ApplicationToFile } from '../../chaincode/patents/src/client/bulk-filing';
import { specificationCommitment } from '../../chaincode/patents/src';
import { refused } from './support/chaincode-error';
import { expectNoLeak, privateStoreHolds, submitPrivate } from './support/private-data';
import {
  listAll as listAllPages,
  startScenarioNetwork,
  type ScenarioClient,
  type ScenarioNetwork,
} from './support/scenario-network';

interface Patent {
  id: string;
  owner: string;
  agent?: string;
  status: string;
  filedAt: string;
  feeYearsPaid: number;
  feesPaidUntil?: string;
  grantedAt?: string;
  expiresAt: string;
  pledge?: { pledgeId: string; bank: string };
  reexaminations: number;
  decision?: { outcome: string; reason?: string };
}
interface Stored<T> {
  data: T;
  audit: { revision: number; action: string; actor: { mspId: string } };
}
/** A specification as the applicant keeps it off the ledger until publication. */
function specification(text: string) {
  const salt = randomBytes(16).toString('hex');
  return { text, salt, commitment: specificationCommitment(salt, text) };
}

const addYear = (iso: string, years = 1) => {
  const date = new Date(iso);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString();
};

/**
 * The patent registry as a story: an innovator files an anode invention and sees it through publication,
 * examination and grant; it licenses it, borrows against it and sells it. An agency files for a manufacturer
 * whose application is rejected, re-examined, granted and finally revoked on a third party's request; and the
 * agency files a thousand applications at once for a group of enterprises.
 */
describe('patents chaincode: from filing to grant, licence, pledge and sale', function () {
  this.timeout(180_000);
  let network: ScenarioNetwork;
  let examiner: ScenarioClient; // PatentOfficeMSP, role examiner
  let officeClerk: ScenarioClient; // PatentOfficeMSP, no role
  let innovator: ScenarioClient; // InnovatorMSP, role applicant
  let attorney: ScenarioClient; // PatentAgencyMSP, role attorney
  let bank: ScenarioClient; // BankMSP, role loan-officer
  let manufacturer: ScenarioClient; // ManufacturerMSP, role applicant

  const anode = specification('A silicon-carbon anode whose particles ... (full text)');
  const sensor = specification('A strain sensor printed on ... (full text)');
  let anodeId = '';
  let sensorId = '';
  /** Filed by the agency for the manufacturer with its specification kept privately. */
  let makerSpecId = '';

  const patent = async (applicationId: string) =>
    (await examiner.evaluate<Stored<Patent>>('getPatent', { applicationId })).data;
  const listAll = <T>(client: ScenarioClient, transaction: string, request: object, pageSize = 100): Promise<T[]> =>
    listAllPages<T>(client, transaction, request, pageSize);
  const file = (client: ScenarioClient, request: object) => client.submit<Stored<Patent>>('file', request);

  before(async () => {
    network = await startScenarioNetwork(['patents']);
    await network.addUser('ManufacturerMSP', 'ip-manager', { role: 'applicant' });
    examiner = network.as('PatentOfficeMSP', 'examiner1');
    officeClerk = network.as('PatentOfficeMSP', 'User1');
    innovator = network.as('InnovatorMSP', 'applicant1');
    attorney = network.as('PatentAgencyMSP', 'attorney1');
    bank = network.as('BankMSP', 'officer1');
    manufacturer = network.as('ManufacturerMSP', 'ip-manager');
  });

  after(async () => {
    await network?.stop();
  });

  describe('filing with a content commitment', () => {
    it('files an application whose priority date is the transaction time', async () => {
      const before = Date.now();
      const filed = await file(innovator, {
        title: 'Silicon-carbon anode',
        applicantName: 'Innovator Ltd',
        ipcClasses: ['H01M 4/133', 'H01M 4/38'],
        commitment: anode.commitment,
      });
      anodeId = filed.data.id;
      expect(anodeId).to.match(/^PA\d{4}-[0-9A-F]{16}$/);
      expect(filed.data).to.deep.include({
        status: 'FILED',
        owner: 'InnovatorMSP',
        feeYearsPaid: 0,
        reexaminations: 0,
      });
      expect(Date.parse(filed.data.filedAt)).to.be.within(before - 5_000, Date.now() + 5_000);
      expect(filed.data.expiresAt).to.equal(addYear(filed.data.filedAt, 20));
      expect(JSON.stringify(filed)).not.to.include('silicon-carbon anode whose');
    });

    it('lets an agency file for an enterprise and records itself as agent', async () => {
      const filed = await file(attorney, {
        title: 'Printed strain sensor',
        applicantName: 'Manufacturer plc',
        ipcClasses: ['G01L 1/22'],
        commitment: sensor.commitment,
        onBehalfOf: 'ManufacturerMSP',
      });
      sensorId = filed.data.id;
      expect(filed.data).to.deep.include({ owner: 'ManufacturerMSP', agent: 'PatentAgencyMSP' });
    });

    it('refuses filings by the wrong party and refilings of the same specification', async () => {
      const fresh = () => specification(randomBytes(8).toString('hex')).commitment;
      const base = { title: 'T', applicantName: 'A', ipcClasses: ['G06F 16/27'] };
      await refused(attorney.submit('file', { ...base, commitment: fresh() }), 'INVALID_ARGUMENT', 'onBehalfOf');
      await refused(
        innovator.submit('file', { ...base, commitment: fresh(), onBehalfOf: 'BankMSP' }),
        'FORBIDDEN',
        'only a patent agency',
      );
      await refused(examiner.submit('file', { ...base, commitment: fresh() }), 'FORBIDDEN', 'role examiner');
      await refused(bank.submit('file', { ...base, commitment: fresh() }), 'FORBIDDEN');
      await refused(innovator.submit('file', { ...base, commitment: anode.commitment }), 'ALREADY_EXISTS', anodeId);
    });

    it('refuses malformed applications', async () => {
      const good = {
        title: 'T',
        applicantName: 'A',
        ipcClasses: ['G06F 16/27'],
        commitment: specification('x').commitment,
      };
      for (const [bad, field] of [
        [{ ...good, ipcClasses: ['G06F16/27'] }, 'ipcClasses.0'],
        [{ ...good, ipcClasses: [] }, 'ipcClasses'],
        [{ ...good, commitment: 'A'.repeat(64) }, 'commitment'],
        [{ ...good, title: 't'.repeat(301) }, 'title'],
        [{ ...good, priorityDate: '2020-01-01T00:00:00Z' }, 'Unrecognized key: "priorityDate"'],
        [{ title: 'T' }, 'applicantName'],
      ] as const) {
        await refused(innovator.submit('file', bad), 'INVALID_ARGUMENT', field);
      }
    });
  });

  describe('formality examination and publication', () => {
    it('lets only an examiner pass formalities, once', async () => {
      await refused(
        innovator.submit('examineFormalities', { applicationId: anodeId, result: 'PASS' }),
        'FORBIDDEN',
        'role applicant',
      );
      await refused(
        officeClerk.submit('examineFormalities', { applicationId: anodeId, result: 'PASS' }),
        'FORBIDDEN',
        '(no role)',
      );
      await refused(
        examiner.submit('examineFormalities', { applicationId: anodeId, result: 'FAIL' }),
        'INVALID_ARGUMENT',
        'reason',
      );
      await examiner.submit('examineFormalities', { applicationId: anodeId, result: 'PASS' });
      await refused(
        examiner.submit('examineFormalities', { applicationId: anodeId, result: 'PASS' }),
        'ILLEGAL_TRANSITION',
        `Patent ${anodeId} is FORMALITIES_PASSED; passFormalities is allowed only from FILED; transitions allowed from FORMALITIES_PASSED: publishOnRequest, publishWhenDue, withdraw, assign, recordLicence, requestPledge, pledge, releasePledge`,
      );
      await refused(
        examiner.submit('examineFormalities', { applicationId: 'PA2000-0000000000', result: 'PASS' }),
        'NOT_FOUND',
      );
    });

    it('keeps the office from publishing before 18 months and the applicant from revealing the wrong text', async () => {
      const filedAt = (await patent(anodeId)).filedAt;
      await refused(
        examiner.submit('publish', { applicationId: anodeId, specification: anode.text, salt: anode.salt }),
        'CONFLICT',
        'may be published without a request only from',
      );
      await refused(
        innovator.submit('publish', { applicationId: anodeId, specification: `${anode.text}!`, salt: anode.salt }),
        'INVALID_ARGUMENT',
        'do not match the commitment',
      );
      await refused(
        manufacturer.submit('publish', { applicationId: anodeId, specification: anode.text, salt: anode.salt }),
        'FORBIDDEN',
        'neither the owner',
      );
      await refused(innovator.evaluate('getPublication', { applicationId: anodeId }), 'NOT_FOUND');
      expect((await patent(anodeId)).filedAt).to.equal(filedAt);
    });

    it('publishes at the applicant’s request, revealing the specification that matches the commitment', async () => {
      const published = await innovator.submit<Stored<Patent & { publishedAt: string }>>('publish', {
        applicationId: anodeId,
        specification: anode.text,
        salt: anode.salt,
      });
      expect(published.data.status).to.equal('PUBLISHED');
      const publication = await bank.evaluate<Stored<{ specification: string; salt: string }>>('getPublication', {
        applicationId: anodeId,
      });
      expect(publication.data).to.deep.include({ specification: anode.text, salt: anode.salt });
      expect(specificationCommitment(publication.data.salt, publication.data.specification)).to.equal(anode.commitment);
    });
  });

  describe('unpublished specifications kept for the applicant and the office', () => {
    const OFFICE = 'PatentOfficeMSP';
    const secret = `A sodium-ion cathode of layered oxide (confidential ${randomBytes(8).toString('hex')})`;
    const salt = randomBytes(32).toString('base64url');
    const makerSalt = randomBytes(32).toString('base64url');
    const makerSecret = `A die-cast housing cooled by (confidential ${randomBytes(8).toString('hex')})`;
    const base = { title: 'Sodium-ion cathode', applicantName: 'Innovator Ltd', ipcClasses: ['C01G 45/12'] };
    let cathodeId = '';
    const holds = (mspId: string, text: string) => privateStoreHolds(network.net, mspId, text);

    it('takes the text only as transient data and keeps it on the owner’s and the office’s peers alone', async () => {
      await refused(
        innovator.submit('file', { ...base, specification: secret, salt }),
        'INVALID_ARGUMENT',
        'travels as transient data',
      );
      await refused(
        submitPrivate(
          innovator,
          'file',
          { ...base, commitment: specificationCommitment(salt, secret) },
          { specification: secret, salt },
        ),
        'INVALID_ARGUMENT',
        'give one of them',
      );
      const filed = await submitPrivate<Stored<Patent & { commitment: string; specificationHolder?: string }>>(
        innovator,
        'file',
        base,
        { specification: secret, salt },
      );
      cathodeId = filed.data.id;
      expect(filed.data.commitment).to.equal(specificationCommitment(salt, secret));
      expect(filed.data.specificationHolder).to.equal('InnovatorMSP');
      // An agency files for the manufacturer: the text goes to the manufacturer's collection, not the agency's peer.
      const forMaker = {
        ...base,
        title: 'Die-cast housing',
        applicantName: 'Manufacturer plc',
        onBehalfOf: 'ManufacturerMSP',
      };
      const forMakerFiled = await submitPrivate<Stored<Patent>>(attorney, 'file', forMaker, {
        specification: makerSecret,
        salt: makerSalt,
      });
      makerSpecId = forMakerFiled.data.id;
      await refused(
        submitPrivate(attorney, 'file', { ...forMaker, onBehalfOf: 'BankMSP' }, { specification: 'text', salt }),
        'INVALID_ARGUMENT',
        'BankMSP has no collection for unpublished specifications',
      );
      await expectNoLeak(network.net, [secret, salt], ['InnovatorMSP', OFFICE]);
      await expectNoLeak(network.net, [makerSecret, makerSalt], ['ManufacturerMSP', OFFICE]);
      // Positive controls: the scan finds the text where it is kept.
      for (const mspId of ['InnovatorMSP', OFFICE]) expect(await holds(mspId, secret), mspId).to.equal(true);
      for (const mspId of ['ManufacturerMSP', OFFICE]) expect(await holds(mspId, makerSecret), mspId).to.equal(true);
    });

    it('lets the examiner and the owner read it on their own peers, and refuses every other org', async () => {
      const request = { applicationId: cathodeId };
      const expected = { applicationId: cathodeId, specification: secret, salt };
      expect(await examiner.evaluate('getUnpublishedSpecification', request)).to.deep.include(expected);
      expect(await innovator.evaluate('getUnpublishedSpecification', request)).to.deep.include(expected);
      await refused(manufacturer.evaluate('getUnpublishedSpecification', request), 'FORBIDDEN', 'may not read');
      await refused(attorney.evaluate('getUnpublishedSpecification', request), 'FORBIDDEN', 'may not read');
      await refused(bank.evaluate('getUnpublishedSpecification', request), 'FORBIDDEN');
    });

    it('publishes the kept text, refusing a tampered one, and purges the private copies', async () => {
      await examiner.submit('examineFormalities', { applicationId: cathodeId, result: 'PASS' });
      await refused(
        innovator.submit('publish', { applicationId: cathodeId, specification: `${secret}.`, salt }),
        'INVALID_ARGUMENT',
        'do not match the commitment',
      );
      expect((await patent(cathodeId)).status).to.equal('FORMALITIES_PASSED');
      await refused(bank.evaluate('getPublication', { applicationId: cathodeId }), 'NOT_FOUND');
      const published = await innovator.submit<Stored<Patent>>('publish', { applicationId: cathodeId });
      expect(published.data.status).to.equal('PUBLISHED');
      const publication = await bank.evaluate<Stored<{ specification: string; salt: string }>>('getPublication', {
        applicationId: cathodeId,
      });
      expect(publication.data).to.deep.include({ specification: secret, salt });
      expect(specificationCommitment(salt, publication.data.specification)).to.equal(
        (await examiner.evaluate<Stored<{ commitment: string }>>('getPatent', { applicationId: cathodeId })).data
          .commitment,
      );
      for (const mspId of ['InnovatorMSP', OFFICE]) expect(await holds(mspId, secret), mspId).to.equal(false);
      await refused(
        examiner.evaluate('getUnpublishedSpecification', { applicationId: cathodeId }),
        'NOT_FOUND',
        'getPublication',
      );
    });
  });

  describe('substantive examination, grant and annual fees', () => {
    it('examines on request and grants, with the first year covered', async () => {
      await refused(
        examiner.submit('decideExamination', { applicationId: anodeId, outcome: 'GRANT' }),
        'ILLEGAL_TRANSITION',
        'is PUBLISHED',
      );
      await innovator.submit('requestExamination', { applicationId: anodeId });
      await refused(innovator.submit('decideExamination', { applicationId: anodeId, outcome: 'GRANT' }), 'FORBIDDEN');
      const { result, event } = await examiner.submitWithEvent<Stored<Patent>>('decideExamination', {
        applicationId: anodeId,
        outcome: 'GRANT',
      });
      expect(result.data).to.deep.include({ status: 'IN_FORCE', feeYearsPaid: 1 });
      expect(result.data.feesPaidUntil).to.equal(addYear(result.data.grantedAt!));
      expect(event.name).to.equal('PatentGranted');
      expect(event.payload.events[0]).to.deep.include({
        id: anodeId,
        from: 'UNDER_EXAMINATION',
        to: 'IN_FORCE',
        action: 'grant',
      });
    });

    it('takes each annual fee once, in order, and refuses to lapse or expire a patent early', async () => {
      const paidUntil = (await patent(anodeId)).feesPaidUntil!;
      await innovator.submit('payAnnualFee', { applicationId: anodeId, year: 2, paymentRef: 'PAY-2' });
      expect((await patent(anodeId)).feesPaidUntil).to.equal(addYear(paidUntil));
      await refused(
        innovator.submit('payAnnualFee', { applicationId: anodeId, year: 2, paymentRef: 'PAY-2' }),
        'CONFLICT',
        'year 3 is due next',
      );
      await refused(
        innovator.submit('payAnnualFee', { applicationId: anodeId, year: 4, paymentRef: 'PAY-4' }),
        'CONFLICT',
        'year 3 is due next',
      );
      await refused(
        attorney.submit('payAnnualFee', { applicationId: anodeId, year: 3, paymentRef: 'PAY-3' }),
        'FORBIDDEN',
        'neither the owner',
      );
      await refused(examiner.submit('lapse', { applicationId: anodeId }), 'CONFLICT', 'the grace period ends');
      await refused(examiner.submit('expire', { applicationId: anodeId }), 'CONFLICT', 'is in force until');
      expect((await patent(anodeId)).feeYearsPaid).to.equal(2);
    });
  });

  describe('licences', () => {
    const licence = (
      licenceId: string,
      kind: string,
      territories: string[],
      startsAt: string,
      endsAt: string,
      licensee = 'ManufacturerMSP',
    ) => ({
      applicationId: anodeId,
      licenceId,
      licensee,
      licenseeName: licensee,
      kind,
      territories,
      startsAt,
      endsAt,
    });

    it('records exclusive and non-exclusive licences that do not collide', async () => {
      await innovator.submit(
        'recordLicence',
        licence('L-1', 'EXCLUSIVE', ['DE', 'AT'], '2027-01-01T00:00:00Z', '2031-01-01T00:00:00Z'),
      );
      await innovator.submit(
        'recordLicence',
        licence('L-2', 'NON_EXCLUSIVE', ['FR'], '2027-01-01T00:00:00Z', '2031-01-01T00:00:00Z', 'BankMSP'),
      );
      await innovator.submit(
        'recordLicence',
        licence('L-3', 'NON_EXCLUSIVE', ['FR'], '2028-01-01T00:00:00Z', '2029-01-01T00:00:00Z', 'PatentAgencyMSP'),
      );
      await innovator.submit(
        'recordLicence',
        licence('L-4', 'EXCLUSIVE', ['DE'], '2031-01-01T00:00:00Z', '2033-01-01T00:00:00Z'),
      );
      const recorded = await listAll<Stored<{ id: string }>>(bank, 'listLicences', { applicationId: anodeId }, 3);
      expect(recorded.map((l) => l.data.id)).to.deep.equal(['L-1', 'L-2', 'L-3', 'L-4']);
      const held = await listAll<Stored<{ id: string }>>(bank, 'listLicencesByLicensee', {
        licensee: 'ManufacturerMSP',
      });
      expect(held.map((l) => l.data.id)).to.deep.equal(['L-1', 'L-4']);
    });

    it('refuses licences that collide with an exclusive one, bad terms and the wrong party', async () => {
      await refused(
        innovator.submit(
          'recordLicence',
          licence('L-5', 'NON_EXCLUSIVE', ['AT'], '2030-06-01T00:00:00Z', '2032-01-01T00:00:00Z', 'BankMSP'),
        ),
        'CONFLICT',
        'EXCLUSIVE Licence L-1',
      );
      await refused(
        innovator.submit(
          'recordLicence',
          licence('L-5', 'EXCLUSIVE', ['WORLD'], '2028-01-01T00:00:00Z', '2028-06-01T00:00:00Z'),
        ),
        'CONFLICT',
        'EXCLUSIVE Licence L-1 to ManufacturerMSP (DE, AT, 2027-01-01T00:00:00Z to 2031-01-01T00:00:00Z) overlaps',
      );
      await refused(
        innovator.submit(
          'recordLicence',
          licence('L-5', 'EXCLUSIVE', ['IT'], '2030-01-01T00:00:00Z', '2029-01-01T00:00:00Z'),
        ),
        'INVALID_ARGUMENT',
        'endsAt: must be after startsAt',
      );
      await refused(
        innovator.submit(
          'recordLicence',
          licence('L-5', 'EXCLUSIVE', ['Germany'], '2030-01-01T00:00:00Z', '2031-01-01T00:00:00Z'),
        ),
        'INVALID_ARGUMENT',
        'territories.0',
      );
      await refused(
        bank.submit(
          'recordLicence',
          licence('L-5', 'EXCLUSIVE', ['IT'], '2030-01-01T00:00:00Z', '2031-01-01T00:00:00Z'),
        ),
        'FORBIDDEN',
      );
      await refused(
        innovator.submit(
          'recordLicence',
          licence('L-1', 'EXCLUSIVE', ['IT'], '2040-01-01T00:00:00Z', '2041-01-01T00:00:00Z'),
        ),
        'ALREADY_EXISTS',
      );
    });
  });

  describe('pledge for IP-backed financing, then sale', () => {
    it('records a pledge the owner asked for; a pledged patent cannot be sold', async () => {
      await refused(
        attorney.submit('requestPledge', {
          applicationId: anodeId,
          pledgeId: 'PL-0',
          bank: 'BankMSP',
          amount: 1,
          currency: 'EUR',
        }),
        'FORBIDDEN',
      );
      await innovator.submit('requestPledge', {
        applicationId: anodeId,
        pledgeId: 'PL-1',
        bank: 'BankMSP',
        amount: 250_000_00,
        currency: 'EUR',
      });
      await refused(innovator.submit('recordPledge', { pledgeId: 'PL-1' }), 'FORBIDDEN', 'role applicant');
      await bank.submit('recordPledge', { pledgeId: 'PL-1' });
      expect((await patent(anodeId)).pledge).to.deep.equal({ pledgeId: 'PL-1', bank: 'BankMSP' });
      await refused(bank.submit('recordPledge', { pledgeId: 'PL-1' }), 'ILLEGAL_TRANSITION', 'Pledge PL-1 is ACTIVE');
      await refused(
        innovator.submit('assign', {
          applicationId: anodeId,
          newOwner: 'ManufacturerMSP',
          newOwnerName: 'Manufacturer plc',
        }),
        'CONFLICT',
        'is pledged to BankMSP (PL-1)',
      );
      const active = await listAll<Stored<{ id: string }>>(bank, 'listPledgesByBank', {
        bank: 'BankMSP',
        status: 'ACTIVE',
      });
      expect(active.map((p) => p.data.id)).to.deep.equal(['PL-1']);
    });

    it('frees the patent when the bank releases the pledge, and the sale moves it to the buyer', async () => {
      await bank.submit('releasePledge', { pledgeId: 'PL-1' });
      expect((await patent(anodeId)).pledge).to.equal(undefined);
      await refused(
        bank.submit('releasePledge', { pledgeId: 'PL-1' }),
        'ILLEGAL_TRANSITION',
        'Pledge PL-1 is RELEASED',
      );
      await innovator.submit('assign', {
        applicationId: anodeId,
        newOwner: 'ManufacturerMSP',
        newOwnerName: 'Manufacturer plc',
      });
      expect((await patent(anodeId)).owner).to.equal('ManufacturerMSP');
      await refused(
        innovator.submit('payAnnualFee', { applicationId: anodeId, year: 3, paymentRef: 'PAY-3' }),
        'FORBIDDEN',
        'neither the owner',
      );
      await manufacturer.submit('payAnnualFee', { applicationId: anodeId, year: 3, paymentRef: 'PAY-3' });
      expect((await patent(anodeId)).feeYearsPaid).to.equal(3);
    });
  });

  describe('rejection and re-examination', () => {
    it('lets the agency carry the sensor application to a rejection', async () => {
      await examiner.submit('examineFormalities', { applicationId: sensorId, result: 'PASS' });
      await attorney.submit('publish', { applicationId: sensorId, specification: sensor.text, salt: sensor.salt });
      await attorney.submit('requestExamination', { applicationId: sensorId });
      await refused(
        examiner.submit('decideExamination', { applicationId: sensorId, outcome: 'REJECT' }),
        'INVALID_ARGUMENT',
        'reason',
      );
      const rejected = await examiner.submit<Stored<Patent>>('decideExamination', {
        applicationId: sensorId,
        outcome: 'REJECT',
        reason: 'lacks inventive step over D1',
      });
      expect(rejected.data).to.deep.include({ status: 'REJECTED' });
      expect(rejected.data.decision).to.deep.include({ outcome: 'REJECTED', reason: 'lacks inventive step over D1' });
    });

    it('re-examines a rejection only at the owner’s request, then grants', async () => {
      await refused(
        innovator.submit('requestReexamination', { applicationId: sensorId, grounds: 'x' }),
        'FORBIDDEN',
        'neither the owner',
      );
      await attorney.submit('requestReexamination', { applicationId: sensorId, grounds: 'D1 teaches away' });
      const granted = await examiner.submit<Stored<Patent>>('decideReexamination', {
        applicationId: sensorId,
        outcome: 'GRANT',
      });
      expect(granted.data).to.deep.include({ status: 'IN_FORCE', feeYearsPaid: 1, reexaminations: 1 });
    });

    it('lets a third party challenge the grant and the office revoke it; no third re-examination', async () => {
      await innovator.submit('requestReexamination', { applicationId: sensorId, grounds: 'prior public use' });
      await refused(
        examiner.submit('decideReexamination', { applicationId: sensorId, outcome: 'REFUSE' }),
        'INVALID_ARGUMENT',
        'reason',
      );
      const revoked = await examiner.submit<Stored<Patent>>('decideReexamination', {
        applicationId: sensorId,
        outcome: 'REFUSE',
        reason: 'prior public use proven',
      });
      expect(revoked.data.status).to.equal('REVOKED');
      await refused(
        innovator.submit('requestReexamination', { applicationId: sensorId, grounds: 'x' }),
        'ILLEGAL_TRANSITION',
        'is REVOKED',
      );
    });

    it('limits re-examination of a rejected application to two', async () => {
      const filed = await file(innovator, {
        title: 'Weak claim',
        applicantName: 'Innovator Ltd',
        ipcClasses: ['B65D 1/02'],
        commitment: specification('weak').commitment,
      });
      const id = filed.data.id;
      await examiner.submit('examineFormalities', { applicationId: id, result: 'FAIL', reason: 'no claims' });
      for (let round = 1; round <= 2; round++) {
        await innovator.submit('requestReexamination', { applicationId: id, grounds: `round ${round}` });
        await examiner.submit('decideReexamination', {
          applicationId: id,
          outcome: 'REFUSE',
          reason: 'still no claims',
        });
      }
      await refused(
        innovator.submit('requestReexamination', { applicationId: id, grounds: 'round 3' }),
        'CONFLICT',
        're-examined 2 times',
      );
      expect((await patent(id)).status).to.equal('REJECTED');
    });

    it('withdraws a pending application once', async () => {
      const filed = await file(innovator, {
        title: 'Withdrawn',
        applicantName: 'Innovator Ltd',
        ipcClasses: ['B65D 1/02'],
        commitment: specification('w').commitment,
      });
      await innovator.submit('withdraw', { applicationId: filed.data.id });
      await refused(
        innovator.submit('withdraw', { applicationId: filed.data.id }),
        'ILLEGAL_TRANSITION',
        'is WITHDRAWN; withdraw is allowed only from',
      );
    });
  });

  describe('registers and history', () => {
    it('lists by applicant, IPC class and status, following every change of owner and state', async () => {
      const manufacturerOwned = await listAll<Stored<Patent>>(
        examiner,
        'listByApplicant',
        { owner: 'ManufacturerMSP' },
        1,
      );
      expect(manufacturerOwned.map((p) => p.data.id)).to.have.members([anodeId, sensorId, makerSpecId]);
      const innovatorInForce = await listAll<Stored<Patent>>(examiner, 'listByApplicant', {
        owner: 'InnovatorMSP',
        status: 'IN_FORCE',
      });
      expect(innovatorInForce).to.deep.equal([]);
      const batteries = await listAll<Stored<Patent>>(examiner, 'listByIpcClass', { subclass: 'H01M' });
      expect(batteries.map((p) => p.data.id)).to.deep.equal([anodeId]);
      const revoked = await listAll<Stored<Patent>>(examiner, 'listByStatus', { status: 'REVOKED' });
      expect(revoked.map((p) => p.data.id)).to.deep.equal([sensorId]);
      const inForce = await listAll<Stored<Patent>>(examiner, 'listByStatus', { status: 'IN_FORCE' });
      expect(inForce.map((p) => p.data.id)).to.deep.equal([anodeId]);
    });

    it('tells an application’s history with the transition and actor of each change', async () => {
      const history = await listAll<{ record: Stored<Patent> }>(
        examiner,
        'patentHistory',
        { applicationId: anodeId },
        4,
      );
      expect(history.map((h) => `${h.record.audit.action}:${h.record.audit.actor.mspId}`).reverse()).to.deep.equal([
        'file:InnovatorMSP',
        'passFormalities:PatentOfficeMSP',
        'publishOnRequest:InnovatorMSP',
        'requestExamination:InnovatorMSP',
        'grant:PatentOfficeMSP',
        'payAnnualFee:InnovatorMSP',
        'pledge:BankMSP',
        'releasePledge:BankMSP',
        'assign:InnovatorMSP',
        'payAnnualFee:ManufacturerMSP',
      ]);
    });
  });

  describe('bulk filing through the gateway', () => {
    it('files 1,000 applications for a group of enterprises in a few transactions', async () => {
      const group = ['InnovatorMSP', 'ManufacturerMSP', 'CitizenAgentMSP', 'LogisticsMSP'];
      const applications: ApplicationToFile[] = Array.from({ length: 1000 }, (_, i) => ({
        title: `Invention ${i}`,
        applicantName: `${group[i % group.length]} group company`,
        ipcClasses: [i % 2 === 0 ? 'G06F 16/27' : 'H04L 9/32'],
        commitment: specification(`invention ${i} ${randomBytes(4).toString('hex')}`).commitment,
        onBehalfOf: group[i % group.length],
      }));
      const filed = await fileInBatches(attorney.contract, applications);
      expect(filed.transactions).to.equal(4);
      expect(new Set(filed.applicationIds).size).to.equal(1000);
      const carriers = await listAll<Stored<Patent>>(examiner, 'listByApplicant', { owner: 'LogisticsMSP' });
      expect(carriers).to.have.length(250);
      expect(carriers.every((p) => p.data.agent === 'PatentAgencyMSP')).to.equal(true);
      const crypto = await listAll<Stored<Patent>>(examiner, 'listByIpcClass', { subclass: 'H04L' });
      expect(crypto).to.have.length(500);
      await refused(fileInBatches(attorney.contract, applications.slice(0, 1)), 'ALREADY_EXISTS');
    });
  });
});
