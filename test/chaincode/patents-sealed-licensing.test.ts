import './support/quiet-contract-api';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { canonicalJson, privateCommitment } from '@scenechain/scene-kit';
import { specificationCommitment } from '../../chaincode/patents/src';
import { refused } from './support/chaincode-error';
import { expectNoLeak, privateStoreHolds } from './support/private-data';
import { startScenarioNetwork, type ScenarioClient, type ScenarioNetwork } from './support/scenario-network';

const utf8 = new TextDecoder();
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const newSalt = () => randomBytes(32).toString('base64url');
const HOUR = 3_600_000;
const ENDORSEMENT_POLICY_FAILURE = 10;

const OWNER = 'InnovatorMSP';
const MAKER = 'ManufacturerMSP';
const AGENCY = 'PatentAgencyMSP';
const BANK = 'BankMSP';
const OFFICE = 'PatentOfficeMSP';
/** The user of each org acting for it on the patents (an applicant, or the agency's attorney). */
const USER: Record<string, string> = {
  [OWNER]: 'applicant1',
  [MAKER]: 'ip-manager1',
  [AGENCY]: 'attorney1',
  [BANK]: 'ip-officer1',
  [OFFICE]: 'examiner1',
};

interface Stored<T> {
  data: T;
}
interface TenderData {
  status: string;
  winner?: string;
  winningAmount?: number;
  winningBid?: { royaltyPermille: number; licenseeName: string };
  forfeited?: string[];
}
interface BidData {
  bidder: string;
  status: string;
  bidHash: string;
  bid?: { royaltyPermille: number };
}

/**
 * Sealed bids and secured agreements in the patent registry, through the real fabric-gateway client: bids are
 * sealed in each bidder's own implicit collection and only their hash committed; reveals are checked against
 * it; the highest royalty wins an exclusive licence. Licence money terms are kept by each party and the licence
 * recorded only when both copies hash alike; the agreement then needs the licensor's endorsement. After each
 * step every block and every other org's private store is searched for the plaintext.
 */
describe('patents: sealed-bid licence tenders and secured licence agreements', function () {
  this.timeout(600_000);
  let network: ScenarioNetwork;
  /** The endorsers' clock: real time unless a step pins it past a deadline. */
  let pinned: number | undefined;
  let applicationId = '';
  const start = Date.now();
  const commitDeadline = new Date(start + HOUR).toISOString().replace(/\.\d+Z$/, 'Z');
  const revealDeadline = new Date(start + 2 * HOUR).toISOString().replace(/\.\d+Z$/, 'Z');
  const inRevealPhase = start + HOUR + 60_000;
  const inAwardPhase = start + 2 * HOUR + 60_000;

  const as = (mspId: string): ScenarioClient => network.as(mspId, USER[mspId]);

  /** Submits through the org's own gateway, the named fields as transient data, dated `atMs` if given. */
  async function submit<T>(
    mspId: string,
    transaction: string,
    request: Record<string, unknown>,
    options: { transient?: Record<string, unknown>; endorsers?: string[]; atMs?: number } = {},
  ): Promise<{ answer: T; code: number }> {
    const transientData = options.transient
      ? Object.fromEntries(Object.entries(options.transient).map(([key, value]) => [key, json(value)]))
      : undefined;
    const proposalOptions = {
      ...(transientData ? { transientData } : {}),
      ...(options.endorsers ? { endorsingOrganizations: options.endorsers } : {}),
    };
    const atMs = options.atMs ?? pinned;
    const proposal =
      atMs === undefined
        ? as(mspId).contract.newProposal(transaction, { arguments: [JSON.stringify(request)], ...proposalOptions })
        : await network.proposeAt(mspId, USER[mspId], transaction, request, atMs, proposalOptions);
    const transaction_ = await proposal.endorse();
    const answer = JSON.parse(utf8.decode(transaction_.getResult())) as T;
    const status = await (await transaction_.submit()).getStatus();
    return { answer, code: status.code };
  }
  /** Evaluates on the org's own peer, dated by the endorsers' clock (pinned or not). */
  async function read<T>(mspId: string, transaction: string, request: Record<string, unknown>): Promise<T> {
    const proposal = await network.proposeAt(mspId, USER[mspId], transaction, request, pinned ?? Date.now());
    return JSON.parse(utf8.decode(await proposal.evaluate())) as T;
  }
  /** Submits and expects the commit to succeed. */
  async function committed<T>(...args: Parameters<typeof submit>): Promise<T> {
    const { answer, code } = await submit<T>(...args);
    expect(code, `${args[1]} commits`).to.equal(0);
    return answer;
  }

  before(async () => {
    network = await startScenarioNetwork(['patents'], { clock: () => pinned ?? Date.now() });
    await network.addUser(BANK, USER[BANK], { role: 'applicant' });
    const filed = await as(OWNER).submit<{ data: { id: string } }>('file', {
      title: 'Solid-state electrolyte',
      applicantName: 'Innovator Ltd',
      ipcClasses: ['H01M 10/056'],
      commitment: specificationCommitment(newSalt(), 'claims'),
    });
    applicationId = filed.data.id;
  });

  after(async () => {
    await network?.stop();
  });

  describe('an exclusive licence tender with sealed bids', () => {
    const bids = {
      [MAKER]: { royaltyPermille: 57, licenseeName: '华东电池制造有限公司（密标）' },
      [AGENCY]: { royaltyPermille: 61, licenseeName: '知新专利运营中心（密标）' },
      [BANK]: { royaltyPermille: 80, licenseeName: '某银行科创投资部（密标）' },
    };
    const salts = { [MAKER]: newSalt(), [AGENCY]: newSalt(), [BANK]: newSalt() };
    /** What must stay with the bidder until it reveals: its bid, as text and as JSON, and its salt. */
    const secretsOf = (bidder: keyof typeof bids) => [
      bids[bidder].licenseeName,
      canonicalJson(bids[bidder]),
      salts[bidder],
    ];
    const tender = (tenderId: string) => ({
      tenderId,
      terms: {
        applicationId,
        territories: ['DE', 'FR'],
        startsAt: '2027-01-01T00:00:00Z',
        endsAt: '2032-01-01T00:00:00Z',
      },
      commitDeadline,
      revealDeadline,
    });
    const seal = (bidder: keyof typeof bids, tenderId = 'T-1', bid: object = bids[bidder]) =>
      submit<{ bidHash: string }>(
        bidder,
        'sealLicenceBid',
        { tenderId, bidder },
        { transient: { bid, salt: salts[bidder] }, endorsers: [bidder] },
      );
    const reveal = (bidder: keyof typeof bids, atMs: number, bid: object = bids[bidder], salt = salts[bidder]) =>
      submit(bidder, 'revealLicenceBid', { tenderId: 'T-1', bidder }, { transient: { bid, salt }, atMs });

    it('opens a tender; bidders seal their bids in their own stores and commit only the hashes', async () => {
      await committed(OWNER, 'openLicenceTender', tender('T-1'));
      for (const bidder of [MAKER, AGENCY, BANK] as const) {
        const { answer, code } = await seal(bidder);
        expect(code).to.equal(0);
        expect(answer.bidHash).to.equal(privateCommitment({ data: bids[bidder], salt: salts[bidder] }));
        await committed(bidder, 'commitLicenceBid', { tenderId: 'T-1', bidder });
      }
      const listed = await read<{ items: Stored<BidData>[] }>(OWNER, 'listLicenceBids', { tenderId: 'T-1' });
      expect(listed.items.map((b) => [b.data.bidder, b.data.status])).to.have.deep.members([
        [MAKER, 'COMMITTED'],
        [AGENCY, 'COMMITTED'],
        [BANK, 'COMMITTED'],
      ]);
      for (const item of listed.items) {
        const bidder = item.data.bidder as keyof typeof bids;
        expect(item.data.bidHash).to.equal(privateCommitment({ data: bids[bidder], salt: salts[bidder] }));
        expect(item.data.bid).to.equal(undefined);
      }
      // Each bidder reads its own bid back on its own peer; a competitor finds nothing of it on its own.
      const own = await read<{ bid: object; salt: string }>(MAKER, 'getOwnLicenceBid', { tenderId: 'T-1' });
      expect(own).to.deep.include({ bid: bids[MAKER], salt: salts[MAKER] });
      for (const bidder of [MAKER, AGENCY, BANK] as const) {
        await expectNoLeak(network.net, secretsOf(bidder), [bidder]);
        // The scan finds what is there: each bidder's own store holds its bid.
        expect(await privateStoreHolds(network.net, bidder, canonicalJson(bids[bidder]))).to.equal(true);
      }
    });

    it('refuses a second commitment, a bid by the owner, a commitment without a sealed bid and an early reveal', async () => {
      await refused(
        as(MAKER).submit('commitLicenceBid', { tenderId: 'T-1', bidder: MAKER }),
        'ALREADY_EXISTS',
        `LicenceBid T-1/${MAKER} already exists`,
      );
      await refused(
        as(OWNER).submit('commitLicenceBid', { tenderId: 'T-1', bidder: OWNER }),
        'FORBIDDEN',
        `T-1: its owner, ${OWNER}, may not bid on it`,
      );
      await committed(OWNER, 'openLicenceTender', tender('T-2'));
      await refused(
        as(MAKER).submit('commitLicenceBid', { tenderId: 'T-2', bidder: MAKER }),
        'CONFLICT',
        `${MAKER} has sealed no bid for LicenceTender T-2: seal it first, then commit`,
      );
      await refused(reveal(MAKER, Date.now()), 'CONFLICT', 'T-1: bids are revealed only from');
      await refused(
        as(MAKER).submit('commitLicenceBid', { tenderId: 'T-1', bidder: AGENCY }),
        'FORBIDDEN',
        `${MAKER} bids for itself only, not for ${AGENCY}`,
      );
    });

    it('after the commit deadline: refuses late sealing and commitment, a tampered reveal and a replay', async () => {
      pinned = inRevealPhase;
      await refused(seal(MAKER, 'T-2'), 'CONFLICT', 'T-2: bids are sealed only before');
      await refused(
        submit(MAKER, 'commitLicenceBid', { tenderId: 'T-2', bidder: MAKER }, { atMs: inRevealPhase }),
        'CONFLICT',
        'T-2: bids are committed only before',
      );
      // A higher royalty than committed, with the right salt: does not hash to the commitment.
      await refused(
        submit(
          MAKER,
          'revealLicenceBid',
          { tenderId: 'T-2', bidder: MAKER },
          { transient: { bid: bids[MAKER], salt: salts[MAKER] } },
        ),
        'NOT_FOUND',
        `${MAKER} committed no bid for LicenceTender T-2`,
      );
      const tampered = { ...bids[MAKER], royaltyPermille: 99 };
      await refused(reveal(MAKER, inRevealPhase, tampered), 'CONFLICT', 'do not match the hash committed');
      await refused(
        reveal(MAKER, inRevealPhase, bids[MAKER], newSalt()),
        'CONFLICT',
        'do not match the hash committed',
      );
      expect((await reveal(MAKER, inRevealPhase)).code).to.equal(0);
      await refused(
        reveal(MAKER, inRevealPhase),
        'CONFLICT',
        `${MAKER} already revealed its bid for LicenceTender T-1`,
      );
      expect((await reveal(AGENCY, inRevealPhase)).code).to.equal(0);
      await refused(
        submit(OWNER, 'awardLicenceTender', { tenderId: 'T-1' }, { atMs: inRevealPhase }),
        'CONFLICT',
        'T-1: the tender is awarded only from',
      );
      // Revealed bids are public now; the bank's, never revealed, is still only in the bank's own store.
      const listed = await read<{ items: Stored<BidData>[] }>(OWNER, 'listLicenceBids', { tenderId: 'T-1' });
      const revealed = Object.fromEntries(listed.items.map((b) => [b.data.bidder, b.data.bid?.royaltyPermille]));
      expect(revealed).to.deep.equal({ [MAKER]: 57, [AGENCY]: 61, [BANK]: undefined });
      await expectNoLeak(network.net, secretsOf(BANK), [BANK]);
    });

    it('after the reveal deadline: refuses a late reveal; the highest revealed royalty wins an exclusive licence', async () => {
      pinned = inAwardPhase;
      await refused(reveal(BANK, inAwardPhase), 'CONFLICT', 'T-1: bids are revealed only from');
      const awarded = await committed<Stored<TenderData>>(
        MAKER,
        'awardLicenceTender',
        { tenderId: 'T-1' },
        { atMs: inAwardPhase },
      );
      expect(awarded.data).to.deep.include({ status: 'AWARDED', winner: AGENCY, winningAmount: 61 });
      expect(awarded.data.winningBid).to.deep.equal(bids[AGENCY]);
      // The bank committed the highest royalty but never revealed it: it forfeits.
      expect(awarded.data.forfeited).to.deep.equal([BANK]);
      const licences = await read<{ items: Stored<{ id: string; licensee: string; kind: string }>[] }>(
        OWNER,
        'listLicences',
        { applicationId },
      );
      expect(licences.items.map((l) => [l.data.id, l.data.licensee, l.data.kind])).to.deep.equal([
        ['T-1', AGENCY, 'EXCLUSIVE'],
      ]);
      await refused(
        submit(MAKER, 'awardLicenceTender', { tenderId: 'T-1' }, { atMs: inAwardPhase }),
        'ILLEGAL_TRANSITION',
      );
      // Nobody committed on T-2: it closes without a winner.
      const closed = await committed<Stored<TenderData>>(
        OWNER,
        'awardLicenceTender',
        { tenderId: 'T-2' },
        { atMs: inAwardPhase },
      );
      expect(closed.data).to.deep.include({ status: 'NO_BIDS', forfeited: [] });
      expect(closed.data.winner).to.equal(undefined);
      await expectNoLeak(network.net, secretsOf(BANK), [BANK]);
    });
  });

  describe('a licence agreement with terms only the two parties hold', () => {
    const terms = { royaltyPermille: 35, upfrontFee: 1_234_567_00, currency: 'CNY', paymentNote: '按季度结算（保密）' };
    const salt = newSalt();
    const secrets = [terms.paymentNote, canonicalJson(terms), salt];
    const subject = {
      applicationId: '',
      licenseeName: '华东电池制造有限公司',
      kind: 'NON_EXCLUSIVE',
      territories: ['CN'],
      startsAt: '2027-01-01T00:00:00Z',
      endsAt: '2030-01-01T00:00:00Z',
    };
    const keep = (party: string, agreementId: string, kept: object = terms, keptSalt = salt) =>
      committed<{ termsHash: string }>(
        party,
        'keepLicenceTerms',
        { agreementId, party },
        { transient: { terms: kept, salt: keptSalt }, endorsers: [party], atMs: inAwardPhase },
      );
    const propose = (agreementId: string) =>
      committed(
        OWNER,
        'proposeLicenceAgreement',
        { agreementId, counterparty: MAKER, subject: { ...subject, applicationId } },
        { atMs: inAwardPhase },
      );
    const accept = (agreementId: string) =>
      submit<Stored<{ status: string; guardedBy: string[] }>>(
        MAKER,
        'acceptLicenceAgreement',
        { agreementId },
        { atMs: inAwardPhase },
      );

    it('records the agreement and the licence when both kept copies hash alike; no third org sees the terms', async () => {
      const kept = await keep(OWNER, 'A-1');
      expect(kept.termsHash).to.equal(privateCommitment({ data: terms, salt }));
      await keep(MAKER, 'A-1');
      await propose('A-1');
      const { answer, code } = await accept('A-1');
      expect(code).to.equal(0);
      expect(answer.data).to.deep.include({ status: 'AGREED', guardedBy: [OWNER, OFFICE] });
      const licences = await read<{ items: Stored<{ id: string; licensee: string }>[] }>(OWNER, 'listLicences', {
        applicationId,
      });
      expect(licences.items.map((l) => [l.data.id, l.data.licensee])).to.deep.include(['A-1', MAKER]);
      const own = await read<{ terms: object; salt: string }>(MAKER, 'getOwnLicenceTerms', {
        agreementId: 'A-1',
      });
      expect(own).to.deep.include({ terms, salt });
      await refused(
        read(BANK, 'getOwnLicenceTerms', { agreementId: 'A-1' }),
        'NOT_FOUND',
        `${BANK} has sealed no terms for A-1`,
      );
      await expectNoLeak(network.net, secrets, [OWNER, MAKER]);
    });

    it('refuses different terms, a different salt and a missing copy, recording nothing', async () => {
      await keep(OWNER, 'A-2');
      await keep(MAKER, 'A-2', { ...terms, upfrontFee: 1_000_000_00 });
      await propose('A-2');
      await refused(accept('A-2'), 'CONFLICT', `the terms ${MAKER} kept differ from ${OWNER}'s`);
      await keep(MAKER, 'A-2', terms, newSalt());
      await refused(accept('A-2'), 'CONFLICT', `the terms ${MAKER} kept differ from ${OWNER}'s`);
      await keep(OWNER, 'A-3');
      await propose('A-3');
      await refused(accept('A-3'), 'CONFLICT', `${MAKER} has not kept its copy of the terms yet`);
      for (const agreementId of ['A-2', 'A-3']) {
        const agreement = await read<Stored<{ status: string }>>(OWNER, 'getLicenceAgreement', { agreementId });
        expect(agreement.data.status).to.equal('PROPOSED');
      }
      const licences = await read<{ items: Stored<{ id: string }>[] }>(OWNER, 'listLicences', { applicationId });
      expect(licences.items.map((l) => l.data.id)).to.not.include.members(['A-2', 'A-3']);
      await expectNoLeak(network.net, secrets, [OWNER, MAKER]);
    });

    it("then changes to the agreement need the licensor's endorsement (key-level policy)", async () => {
      const request = { agreementId: 'A-1' };
      const { code } = await submit(MAKER, 'terminateLicenceAgreement', request, {
        endorsers: [OFFICE, BANK],
        atMs: inAwardPhase,
      });
      expect(code, 'endorsed without the licensor').to.equal(ENDORSEMENT_POLICY_FAILURE);
      const unchanged = await read<Stored<{ status: string }>>(OWNER, 'getLicenceAgreement', request);
      expect(unchanged.data.status).to.equal('AGREED');
      const ended = await submit<Stored<{ status: string }>>(MAKER, 'terminateLicenceAgreement', request, {
        endorsers: [OFFICE, OWNER],
        atMs: inAwardPhase,
      });
      expect(ended.code).to.equal(0);
      const after = await read<Stored<{ status: string }>>(OWNER, 'getLicenceAgreement', request);
      expect(after.data.status).to.equal('TERMINATED');
    });
  });

  describe('publication when due, from the specification kept since filing', () => {
    it('lets the office publish 18 months after filing from the copy it keeps with the applicant, then purges it', async () => {
      const text = `A casing cooled by vapour chambers (confidential ${randomBytes(8).toString('hex')})`;
      const salt = newSalt();
      const application = { title: 'Vapour-chamber casing', applicantName: 'Maker plc', ipcClasses: ['H05K 7/20'] };
      const filed = await committed<Stored<{ id: string; filedAt: string; specificationHolder?: string }>>(
        MAKER,
        'file',
        application,
        { transient: { specification: text, salt }, atMs: inAwardPhase },
      );
      const applicationId = filed.data.id;
      expect(filed.data.specificationHolder).to.equal(MAKER);
      await committed(OFFICE, 'examineFormalities', { applicationId, result: 'PASS' }, { atMs: inAwardPhase });
      await expectNoLeak(network.net, [text, salt], [MAKER, OFFICE]);
      expect(await privateStoreHolds(network.net, OFFICE, text)).to.equal(true);
      pinned = Date.parse(filed.data.filedAt) + 19 * 31 * 24 * HOUR;
      const published = await committed<Stored<{ status: string }>>(OFFICE, 'publish', { applicationId });
      expect(published.data.status).to.equal('PUBLISHED');
      const publication = await read<Stored<{ specification: string; salt: string }>>(BANK, 'getPublication', {
        applicationId,
      });
      expect(publication.data).to.deep.include({ specification: text, salt });
      for (const mspId of [MAKER, OFFICE])
        expect(await privateStoreHolds(network.net, mspId, text), mspId).to.equal(false);
    });
  });
});
