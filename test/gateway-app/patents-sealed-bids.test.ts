import { expect } from 'chai';
import { privateCommitment } from '@scenechain/scene-kit';
import { specificationCommitment } from '../../chaincode/patents/src';
import { cliAgainst, expectInNoBlock } from './support/private-cli';
import { startTestApp, type Json, type TestApp } from './support/test-app';
import { freePort } from '../support/ports';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Sealed licence bids through the app's generic private-data path: REST and the CLI take the bid as a private
 * field (transient data), the bidder's own org's app generates the salt and keeps it for the user, the sealing
 * is endorsed by the bidder's org alone, and the commitment puts only the hash on the ledger.
 */
describe('gateway app: sealed licence bids from REST and the CLI', function () {
  this.timeout(300_000);
  let t: TestApp;
  let owner: string;
  let maker: string;
  const bid = { royaltyPermille: 44, licenseeName: '华东电池制造有限公司（应用密标）' };

  before(async () => {
    t = await startTestApp({ chaincodes: ['patents'], config: { port: await freePort() } });
    [owner, maker] = await Promise.all([t.login('applicant1'), t.login('ip-manager1')]);
  });
  after(async () => {
    await t?.close();
  });

  it('opens a tender, seals a bid with a generated salt kept for the user, and commits only its hash', async () => {
    const filed = await t.call('POST', '/api/patents/applications/file', {
      token: owner,
      body: {
        title: 'Tendered invention',
        applicantName: 'Innovator Ltd',
        ipcClasses: ['H01M 10/056'],
        specification: 'text',
      },
    });
    expect(filed.status, JSON.stringify(filed.body)).to.equal(200);
    const applicationId = filed.body.result.data.id as string;
    // The REST API sent the specification as transient data, with a salt it generated and hands back.
    const specificationSalt = filed.body.salts.salt as string;
    expect(filed.body.result.data.commitment).to.equal(specificationCommitment(specificationSalt, 'text'));
    expect(filed.body.result.data.specificationHolder).to.equal('InnovatorMSP');
    const opened = await t.call('POST', '/api/patents/licence-tenders/open-licence-tender', {
      token: owner,
      body: {
        tenderId: 'T-APP-1',
        terms: { applicationId, territories: ['CN'], startsAt: '2027-01-01T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' },
        commitDeadline: iso(Date.now() + 3_600_000),
        revealDeadline: iso(Date.now() + 7_200_000),
      },
    });
    expect(opened.status, JSON.stringify(opened.body)).to.equal(200);

    const sealed = await t.call('POST', '/api/patents/licence-tenders/T-APP-1/seal-licence-bid', {
      token: maker,
      body: { bidder: 'ManufacturerMSP', bid },
    });
    expect(sealed.status, JSON.stringify(sealed.body)).to.equal(200);
    const salt = sealed.body.salts.salt as string;
    expect(salt).to.match(/^[A-Za-z0-9_-]{43}$/);
    const bidHash = privateCommitment({ data: bid, salt });
    expect(sealed.body.result.bidHash).to.equal(bidHash);
    const kept = await t.call('GET', `/api/transactions/${sealed.body.transactionId}`, { token: maker });
    expect(kept.body.salts).to.deep.equal({ salt });

    const committed = await t.call('POST', '/api/patents/licence-tenders/T-APP-1/commit-licence-bid', {
      token: maker,
      body: { bidder: 'ManufacturerMSP' },
    });
    expect(committed.status, JSON.stringify(committed.body)).to.equal(200);
    expect(committed.body.result.data).to.deep.include({ bidder: 'ManufacturerMSP', bidHash, status: 'COMMITTED' });
    await expectInNoBlock(t.devnet, [bid.licenseeName, salt]);

    // The reveal form takes bid and salt as private fields too; before the deadline it is refused, saying when.
    const early = await t.call('POST', '/api/patents/licence-tenders/T-APP-1/reveal-licence-bid', {
      token: maker,
      body: { bidder: 'ManufacturerMSP', bid, salt },
    });
    expect([early.status, early.body.error.code]).to.deep.equal([409, 'CONFLICT']);
    expect(early.body.error.message).to.include('bids are revealed only from');
    await expectInNoBlock(t.devnet, [bid.licenseeName, salt]);

    const catalog = (await t.call('GET', '/api/scenarios', { token: maker })).body.items[0];
    const seal = catalog.actions.find((a: Json) => a.transaction === 'sealLicenceBid');
    expect(seal.transient).to.deep.equal({ fields: ['bid', 'salt'], salts: ['salt'] });
    const reveal = catalog.actions.find((a: Json) => a.transaction === 'revealLicenceBid');
    expect(reveal.transient).to.deep.equal({ fields: ['bid', 'salt'], salts: [] });
  });

  it('CLI: the bidder seals with a generated salt and reads its own bid back from its own store', async () => {
    const url = await t.app.listen();
    const cli = cliAgainst(url);
    const token = (await cli(['login', 'attorney1', '--api-token', 'test', '--no-save'])).apiToken as string;
    const agencyBid = { royaltyPermille: 48, licenseeName: '知新专利运营中心（命令行密标）' };
    const sealed = await cli([
      '--token',
      token,
      'patents',
      'seal-licence-bid',
      '--tender-id',
      'T-APP-1',
      '--bidder',
      'PatentAgencyMSP',
      '--bid',
      JSON.stringify(agencyBid),
    ]);
    const salt = sealed.salts.salt as string;
    expect(sealed.result.bidHash).to.equal(privateCommitment({ data: agencyBid, salt }));
    const own = await cli(['--token', token, 'patents', 'get-own-licence-bid', '--tender-id', 'T-APP-1']);
    expect(own).to.deep.include({ bid: agencyBid, salt, bidHash: privateCommitment({ data: agencyBid, salt }) });
    await expectInNoBlock(t.devnet, [agencyBid.licenseeName, salt]);
  });
});
