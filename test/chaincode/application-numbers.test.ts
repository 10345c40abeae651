import './support/quiet-contract-api';
import { expect } from 'chai';
import { canonicalBytes, openScene, type Stored } from '@scenechain/scene-kit';
import { APPLICATION_NUMBER_DIGITS, applicationNumber } from '../../chaincode/patents/src';
import { file } from '../../chaincode/patents/src/flows/file';
import { patents, type Patent } from '../../chaincode/patents/src/model/patent';
import { authorities } from '../../chaincode/patents/src/parties';
import { FakeLedger, fakeIdentity } from './scene-kit/fake-stub';

/**
 * Application numbers are hashes of the transaction ID and position: a clash with an existing application must
 * not refuse a filing (before: ALREADY_EXISTS), and clashes must be negligible at scale.
 */
describe('patents: application numbers that cannot clash', () => {
  const applicant = fakeIdentity('InnovatorMSP', 'applicant1', { role: 'applicant' });
  const request = {
    title: 'Anode',
    applicantName: 'Innovator Ltd',
    ipcClasses: ['H01M 4/133'],
    commitment: 'a'.repeat(64),
  };

  it('files under the next derived number when the first one is taken, identically on every endorser', async () => {
    const ledger = new FakeLedger();
    const filedAt = new Date(1_700_000_000_000).toISOString();
    const taken = applicationNumber('tx1', 0, filedAt);
    // An earlier application already holds the number this transaction derives first.
    ledger.committed.set(patents.keyOf({ id: taken }), canonicalBytes({ data: { id: taken }, audit: {} }));

    const results: string[] = [];
    for (let endorser = 0; endorser < 2; endorser++) {
      const replica = new FakeLedger();
      for (const [key, value] of ledger.committed) replica.committed.set(key, value);
      const stub = replica.transaction(1_700_000_000_000);
      const scene = openScene(stub.asStub(), applicant, false, authorities);
      const filed = (await file.run(scene, request)) as Stored<Patent>;
      results.push(filed.data.id);
      expect(stub.writes.has(patents.keyOf({ id: taken })), 'the earlier application is untouched').to.equal(false);
    }
    expect(results[0]).to.not.equal(taken);
    expect(results[0]).to.equal(applicationNumber('tx1', 0, filedAt, 1));
    expect(results[1]).to.equal(results[0]);
  });

  it('carries 64 bits, so a spurious clash is negligible at a million filings', () => {
    const number = applicationNumber('ab'.repeat(32), 0, '2025-01-01T00:00:00.000Z');
    expect(number).to.match(new RegExp(`^PA2025-[0-9A-F]{${APPLICATION_NUMBER_DIGITS}}$`));
    // Birthday bound: P(any clash among n numbers of b bits) ≈ n² / 2^(b+1).
    const filings = 1_000_000;
    const clash = filings ** 2 / 2 ** (APPLICATION_NUMBER_DIGITS * 4 + 1);
    expect(clash).to.be.below(1e-7);
  });
});
