import { expect } from 'chai';
import {
  addMonths,
  availableActions,
  defineScenario,
  describeScenario,
  instantOf,
  msOf,
  type Viewer,
} from '@scenechain/scene-kit';
import { scenario } from '../../chaincode/patents/src';

/**
 * The patents descriptor drives what the app offers: a flow firing one of several transitions (`orTransitions`)
 * is offered when any of them may fire for this viewer now, and described with all their parties and events.
 */
describe('patents: actions offered by state and role', () => {
  const filedAt = '2025-01-01T00:00:00.000Z';
  const inState = (status: string) =>
    ({ data: { id: 'PA2025-1', owner: 'InnovatorMSP', status, filedAt, reexaminations: 0 }, audit: {} }) as never;
  const patent = inState('FORMALITIES_PASSED');
  const viewer = (mspId: string, role: string, at = filedAt): Viewer => ({
    actor: { mspId, user: 'someone', role },
    attribute: () => null,
    now: instantOf(msOf(at)),
  });
  const offered = (who: Viewer, record = patent) =>
    availableActions(scenario, 'Patent', record, who).map((a) => `${a.transaction}:${a.transition}`);

  it('offers publish to the owner at once, and to the office only once publication is due', () => {
    expect(offered(viewer('InnovatorMSP', 'applicant'))).to.include('publish:publishOnRequest');
    expect(offered(viewer('PatentOfficeMSP', 'examiner'))).to.not.include('publish:publishWhenDue');
    const due = addMonths(filedAt, 18);
    expect(offered(viewer('PatentOfficeMSP', 'examiner', due))).to.include('publish:publishWhenDue');
    expect(offered(viewer('OtherMSP', 'applicant')), 'not the owner').to.not.include('publish:publishOnRequest');
  });

  it('offers a decision only in its state, to the office', () => {
    const examined = inState('UNDER_EXAMINATION');
    expect(offered(viewer('PatentOfficeMSP', 'examiner'), examined)).to.include('decideExamination:grant');
    expect(offered(viewer('PatentOfficeMSP', 'examiner'))).to.not.include('decideExamination:grant');
    expect(offered(viewer('InnovatorMSP', 'applicant'), examined)).to.deep.equal([
      'withdraw:withdraw',
      'assign:assign',
      'recordLicence:recordLicence',
      'requestPledge:requestPledge',
    ]);
  });

  it('describes a decision with every transition it may fire', () => {
    const decide = describeScenario(scenario).flows.find((flow) => flow.name === 'decideReexamination');
    expect(decide).to.include({ transition: 'grantOnReexamination' });
    expect(decide?.orTransitions).to.deep.equal(['upholdRejection', 'revoke']);
    expect(decide?.events).to.deep.equal(['PatentGranted', 'ApplicationRejected', 'PatentRevoked']);
    const publish = describeScenario(scenario).flows.find((flow) => flow.name === 'publish');
    expect(publish?.mayRun).to.contain('PatentOfficeMSP with role examiner').and.contain('role applicant');
  });

  it('refuses at load an orTransition the machine lacks', () => {
    const flows = { ...scenario.flows, publish: { ...scenario.flows.publish, orTransitions: ['publishLater'] } };
    expect(() => defineScenario({ ...scenario, flows })).to.throw(
      /flow publish: Patent has no transition publishLater/,
    );
  });
});
