import { expect } from 'chai';
import {
  combineVerifications,
  scenarioAnswer,
  scenarioFailure,
  type ScenarioVerification,
} from '../../gateway-app/src/api/verification';
import { AppError } from '../../gateway-app/src/errors/app-error';

const HASH = 'ab'.repeat(32);
const registers = { id: 'gov-records', title: 'Public records', labels: { 'zh-CN': { title: '政务证照' } } };
const diplomas = { id: 'education', title: 'Diplomas' };
const patents = { id: 'patents', title: 'Patents' };

const answered = (scenario: { id: string; title: string }, verdict: string, recordId?: string) =>
  scenarioAnswer(scenario, {
    valid: verdict === 'VALID',
    verdict,
    documentHash: HASH,
    ...(recordId && { recordId, issuer: 'SomeMSP' }),
  });
const failed = (scenario: { id: string; title: string }): ScenarioVerification =>
  scenarioFailure(scenario, { code: 'NETWORK_UNAVAILABLE', message: 'the Fabric peer cannot be reached' });

describe('gateway app: the public verdict across every scenario that verifies', () => {
  it('is VALID when a later scenario holds the digest as valid, naming it and its record', () => {
    const answers = [answered(registers, 'UNKNOWN'), answered(diplomas, 'VALID', 'D-1')];
    const verdict = combineVerifications(HASH, answers);
    expect(verdict).to.include({
      valid: true,
      verdict: 'VALID',
      recordId: 'D-1',
      issuer: 'SomeMSP',
      scenario: 'education',
      scenarioTitle: 'Diplomas',
      documentHash: HASH,
    });
    expect(verdict.answers).to.deep.equal(answers);
  });

  it('names the deciding register in each language it has words in, for a page without a catalog', () => {
    const verdict = combineVerifications(HASH, [answered(registers, 'VALID', 'R-1'), failed(diplomas)]);
    expect(verdict.scenarioTitles).to.deep.equal({ 'zh-CN': '政务证照' });
    expect(verdict.answers.map((a) => a.titles)).to.deep.equal([{ 'zh-CN': '政务证照' }, {}]);
  });

  it('prefers a valid record over a known but invalid one, whatever the order', () => {
    const verdict = combineVerifications(HASH, [
      answered(registers, 'REVOKED', 'R-1'),
      answered(diplomas, 'VALID', 'D-1'),
    ]);
    expect(verdict).to.include({ verdict: 'VALID', scenario: 'education', recordId: 'D-1' });
  });

  it('answers the verdict of the scenario that knows the digest when none holds it as valid', () => {
    const verdict = combineVerifications(HASH, [
      answered(registers, 'UNKNOWN'),
      answered(diplomas, 'SUSPENDED', 'D-2'),
    ]);
    expect(verdict).to.include({ valid: false, verdict: 'SUSPENDED', scenario: 'education', recordId: 'D-2' });
  });

  it('keeps UNKNOWN only when every scenario answered and none knows the digest', () => {
    const verdict = combineVerifications(HASH, [answered(registers, 'UNKNOWN'), answered(diplomas, 'UNKNOWN')]);
    expect(verdict).to.include({ valid: false, verdict: 'UNKNOWN', documentHash: HASH });
    expect(verdict).not.to.have.property('scenario');
    expect(verdict.answers).to.have.length(2);
  });

  it('lets a failed scenario never hide a VALID elsewhere: reported beside it', () => {
    const verdict = combineVerifications(HASH, [
      failed(registers),
      answered(diplomas, 'VALID', 'D-1'),
      answered(patents, 'UNKNOWN'),
    ]);
    expect(verdict).to.include({ valid: true, verdict: 'VALID', scenario: 'education' });
    expect(verdict.answers[0]).to.deep.equal(failed(registers));
  });

  it('refuses to call a digest UNKNOWN while a scenario could not be asked (503, each answer named)', () => {
    const answers = [answered(registers, 'UNKNOWN'), failed(diplomas)];
    let thrown: unknown;
    try {
      combineVerifications(HASH, answers);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).to.be.instanceOf(AppError);
    const error = thrown as AppError;
    expect([error.status, error.code]).to.deep.equal([503, 'VERIFICATION_INCOMPLETE']);
    expect(error.message).to.include('Diplomas could not be asked (NETWORK_UNAVAILABLE');
    expect(error.toJSON().answers).to.deep.equal(answers);
  });

  it('takes a chaincode answer without { valid, verdict } as that scenario failing, not as a verdict', () => {
    const odd = scenarioAnswer(diplomas, { ok: true });
    expect(odd).to.deep.include({ scenario: 'education', title: 'Diplomas' });
    expect('error' in odd && odd.error.code).to.equal('INVALID_ANSWER');
    const verdict = combineVerifications(HASH, [answered(registers, 'VALID', 'R-1'), odd]);
    expect(verdict).to.include({ verdict: 'VALID', scenario: 'gov-records' });
  });
});
