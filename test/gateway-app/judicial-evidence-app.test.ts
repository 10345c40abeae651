import { expect } from 'chai';
import pino from 'pino';
import { loadDemoData } from '../../gateway-app/src/demo/demo-data';
import { sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { DEMO_EVIDENCE_FILES } from '../../gateway-app/src/demo/judicial-evidence-demo';
import { scenarioOf } from './support/scenarios';
import { startTestApp, type Json, type TestApp } from './support/test-app';

const transactions = (answer: Json): string[] => answer.body.actions.map((a: { transaction: string }) => a.transaction);
const API = '/api/judicial-evidence';
const RECORDING = `${API}/evidence/EV-2026-0001`;
const SCREENSHOT = `${API}/evidence/EV-2026-0002`;

/**
 * Judicial evidence served with no app code: routes, OpenAPI, record actions and the demo story come from its
 * descriptor; evidence details come only through a logged access, over the generic REST API too.
 */
describe('gateway app: judicial evidence from the scenario descriptor alone', function () {
  this.timeout(180_000);
  let t: TestApp;
  let judge: string;
  let party: string;
  let notary: string;
  let otherLawyer: string;

  before(async () => {
    t = await startTestApp({ chaincodes: ['judicial-evidence'] });
    [judge, party, notary, otherLawyer] = await Promise.all(
      ['judge1', 'citizen1', 'notary1', 'lawyer2'].map((user) => t.login(user)),
    );
  });
  after(async () => t?.close());

  it('serves every flow at its derived path, listed in the OpenAPI', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    const scenario = scenarioOf('judicial-evidence');
    for (const action of scenario.actions) {
      const path = `${API}${action.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(doc.paths[path]?.[action.method.toLowerCase()]?.operationId, path).to.equal(
        `judicial-evidence.${action.transaction}`,
      );
    }
    expect(scenario.actions.map((a) => a.transaction)).to.have.members(Object.keys(scenario.descriptor.flows));
    expect(doc.paths[`${API}/evidence/anchor-evidence`].post).to.be.an('object');
    expect(doc.paths[`${API}/evidence/{evidenceId}/notarise-evidence`].post).to.be.an('object');
    expect(doc.paths[`${API}/evidence/{evidenceId}/access-evidence`].post).to.be.an('object');
    expect(doc.paths[`${API}/evidence/{evidenceId}/read-evidence`].get).to.be.an('object');
    expect(doc.paths[`${API}/evidence/verify-evidence`].get).to.be.an('object');
  });

  it('loads the demo story; offers actions by state and role; details only under a logged access', async () => {
    const { ctx } = t.app;
    await loadDemoData(ctx.runner, ctx.directory, [scenarioOf('judicial-evidence')], pino({ level: 'silent' }));
    const verify = async (file: string) =>
      (await t.call('GET', `${API}/evidence/verify-evidence?documentHash=${sha256Hex(file)}`, { token: party })).body;
    expect(await verify(DEMO_EVIDENCE_FILES.recording)).to.include({ valid: true, type: 'NOTARISED' });
    expect(await verify(DEMO_EVIDENCE_FILES.screenshot)).to.include({ valid: true, type: 'NOT_NOTARISED' });
    expect(await verify(`${DEMO_EVIDENCE_FILES.recording} (edited)`)).to.include({ valid: false, verdict: 'UNKNOWN' });

    // The court rules on submitted evidence and accesses it; a notary that did not notarise it may do nothing.
    expect(transactions(await t.call('GET', SCREENSHOT, { token: judge }))).to.deep.equal([
      'admitEvidence',
      'rejectEvidence',
      'accessEvidence',
    ]);
    expect(transactions(await t.call('GET', SCREENSHOT, { token: notary }))).to.deep.equal([]);
    const fingerprint = await t.call('GET', RECORDING, { token: otherLawyer });
    expect(fingerprint.body.data).to.include({
      status: 'ADMITTED',
      documentHash: sha256Hex(DEMO_EVIDENCE_FILES.recording),
    });
    expect(JSON.stringify(fingerprint.body)).not.to.include('call-20260302.m4a');

    const unlogged = await t.call('GET', `${RECORDING}/read-evidence?accessId=${'0'.repeat(64)}`, { token: party });
    expect([unlogged.status, unlogged.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
    expect(unlogged.body.error.message).to.include('is logged on the ledger');

    const logged = await t.call('POST', `${RECORDING}/access-evidence`, {
      token: party,
      body: { purpose: '庭审准备', grantId: 'G-2026-0001' },
    });
    expect(logged.status, JSON.stringify(logged.body)).to.equal(200);
    const { accessId } = logged.body.result;
    const read = await t.call('GET', `${RECORDING}/read-evidence?accessId=${accessId}`, { token: party });
    expect(read.status, JSON.stringify(read.body)).to.equal(200);
    expect(read.body.capture).to.include({ fileName: 'call-20260302.m4a', kind: 'AUDIO_RECORDING' });
    const foreign = await t.call('GET', `${RECORDING}/read-evidence?accessId=${accessId}`, { token: otherLawyer });
    expect([foreign.status, foreign.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);

    const log = await t.call('GET', `${RECORDING}/list-access-log`, { token: judge });
    expect(log.body.items.map((entry: Json['body']) => entry.data.purpose)).to.deep.equal(['庭前阅卷', '庭审准备']);
  });
});
