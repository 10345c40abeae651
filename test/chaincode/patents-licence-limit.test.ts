import './support/quiet-contract-api';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { specificationCommitment } from '../../chaincode/patents/src';
import { MAX_LICENCES_PER_PATENT } from '../../chaincode/patents/src/model/licence';
import { refused } from './support/chaincode-error';
import { listAll, startScenarioNetwork, type ScenarioClient, type ScenarioNetwork } from './support/scenario-network';

/**
 * `recordLicence` checks a new licence against every licence of the patent in one transaction: the set it
 * reads is bounded, and a licence past the bound is refused with LIMIT_EXCEEDED rather than read without end.
 */
describe('patents chaincode: a bounded number of licences per patent', function () {
  this.timeout(300_000);
  let network: ScenarioNetwork;
  let innovator: ScenarioClient;
  let applicationId = '';

  const licence = (n: number) => ({
    applicationId,
    licenceId: `L-${String(n).padStart(3, '0')}`,
    licensee: 'ManufacturerMSP',
    licenseeName: 'Manufacturer plc',
    kind: 'NON_EXCLUSIVE',
    territories: ['DE'],
    startsAt: '2027-01-01T00:00:00Z',
    endsAt: '2031-01-01T00:00:00Z',
  });

  before(async () => {
    network = await startScenarioNetwork(['patents']);
    innovator = network.as('InnovatorMSP', 'applicant1');
    const salt = randomBytes(16).toString('hex');
    const filed = await innovator.submit<{ data: { id: string } }>('file', {
      title: 'Licensed widely',
      applicantName: 'Innovator Ltd',
      ipcClasses: ['H01M 4/133'],
      commitment: specificationCommitment(salt, 'text'),
    });
    applicationId = filed.data.id;
  });

  after(async () => {
    await network?.stop();
  });

  it(`records up to ${MAX_LICENCES_PER_PATENT} licences, then refuses the next one changing nothing`, async () => {
    for (let n = 0; n < MAX_LICENCES_PER_PATENT; n++) await innovator.submit('recordLicence', licence(n));
    await refused(
      innovator.submit('recordLicence', licence(MAX_LICENCES_PER_PATENT)),
      'LIMIT_EXCEEDED',
      `Patent ${applicationId} has ${MAX_LICENCES_PER_PATENT} licences recorded; one patent records at most ${MAX_LICENCES_PER_PATENT}`,
    );
    const recorded = await listAll<{ data: { id: string } }>(innovator, 'listLicences', { applicationId }, 100);
    expect(recorded).to.have.length(MAX_LICENCES_PER_PATENT);
    expect(recorded.map((l) => l.data.id)).to.not.include(licence(MAX_LICENCES_PER_PATENT).licenceId);
  });
});
