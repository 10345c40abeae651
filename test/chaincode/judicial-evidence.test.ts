import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { refused } from './support/chaincode-error';
import { listAll, startScenarioNetwork, type ScenarioClient, type ScenarioNetwork } from './support/scenario-network';

interface Stored<T> {
  data: T;
  audit: { action: string; from: string | null; to: string | null };
}
interface Evidence {
  evidenceId: string;
  status: string;
  documentHash: string;
  notarisation?: { notary: string; certificateNumber: string };
  caseId?: string;
  court?: string;
}
interface AccessLog {
  accessId: string;
  evidenceId: string;
  basis: string;
  accessor: { mspId: string; user: string; role: string | null };
  at: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');
const RECORDING = 'call recording 2026-03-02, supplier admits the late delivery';
const TAMPERED = 'call recording 2026-03-02, supplier denies the late delivery';
const CONTRACT = 'supply contract No. 17, signed 2025-11-04';
const capture = {
  title: 'Telephone call with the supplier',
  kind: 'AUDIO_RECORDING',
  capturedBy: 'Zhang Wei, plaintiff',
  capturedAt: '2026-03-02T09:30:00Z',
  method: 'phone call recorder app on a Huawei Mate 60',
  fileName: 'call-20260302.m4a',
  mediaType: 'audio/mp4',
  size: 1843200,
};
const anchor = (evidenceId: string, file: string) => ({ evidenceId, documentHash: digest(file), ...capture });
const MINUTE = 60_000;

/**
 * Judicial evidence as a story: the court opens a case; the plaintiff's lawyer anchors a recording by its digest;
 * a notary notarises it once (after checking the file); it is submitted and admitted; the court grants the party
 * access; every access is a logged transaction, and details are read only under a committed access; a tampered
 * file does not verify.
 */
describe('judicial-evidence chaincode: anchoring, notarisation, court custody, logged access, verification', function () {
  this.timeout(180_000);
  let network: ScenarioNetwork;
  let judge: ScenarioClient; // CourtMSP judge1, role judge
  let notary: ScenarioClient; // NotaryMSP notary1, role notary
  let lawyer: ScenarioClient; // LawFirmMSP lawyer1, role lawyer: the depositor
  let otherLawyer: ScenarioClient; // LawFirmMSP lawyer2, role lawyer: granted nothing
  let party: ScenarioClient; // CitizenAgentMSP citizen1, role citizen
  let forger: ScenarioClient; // LawFirmMSP, claims role notary (counts only from NotaryMSP)
  let member: ScenarioClient; // CitizenAgentMSP User1, no role: the public

  before(async () => {
    // a wide time window, so that a read can be dated past the access window below
    network = await startScenarioNetwork(['judicial-evidence'], { timeWindowMs: 120 * MINUTE });
    await network.addUser('LawFirmMSP', 'forger', { role: 'notary' });
    judge = network.as('CourtMSP', 'judge1');
    notary = network.as('NotaryMSP', 'notary1');
    lawyer = network.as('LawFirmMSP', 'lawyer1');
    otherLawyer = network.as('LawFirmMSP', 'lawyer2');
    party = network.as('CitizenAgentMSP', 'citizen1');
    forger = network.as('LawFirmMSP', 'forger');
    member = network.as('CitizenAgentMSP', 'User1');
  });
  after(async () => network?.stop());

  it('the court opens cases; a lawyer may not', async () => {
    const c1 = { caseId: 'C-2026-1', caseNumber: '(2026)京0105民初1234号', cause: '买卖合同纠纷' };
    const { event } = await judge.submitWithEvent('openCase', c1);
    expect(event.name).to.equal('CaseOpened');
    await judge.submit('openCase', { caseId: 'C-2026-2', caseNumber: '(2026)京0105民初2001号', cause: '借款合同纠纷' });
    await refused(
      lawyer.submit('openCase', { ...c1, caseId: 'C-X' }),
      'FORBIDDEN',
      'may not open a Case; allowed: CourtMSP with role judge',
    );
  });

  it('the lawyer anchors a recording: the public sees its fingerprint, never its capture details', async () => {
    const { result, event } = await lawyer.submitWithEvent<Stored<Evidence>>(
      'anchorEvidence',
      anchor('E-1', RECORDING),
    );
    expect(result.data).to.include({ status: 'ANCHORED', depositor: 'LawFirmMSP', documentHash: digest(RECORDING) });
    expect(event.payload.events[0]).to.include({ name: 'EvidenceAnchored', id: 'E-1' });
    const seen = JSON.stringify([result, event, await member.evaluate('getEvidence', { evidenceId: 'E-1' })]);
    for (const secret of [capture.title, capture.fileName, capture.capturedBy, capture.method]) {
      expect(seen).not.to.include(secret);
    }
    await refused(
      party.submit('anchorEvidence', anchor('E-9', RECORDING)),
      'ALREADY_EXISTS',
      `is already registered as the evidence of E-1`,
    );
    await refused(
      lawyer.submit('anchorEvidence', { ...anchor('E-9', 'x'), capturedAt: '2099-01-01T00:00:00Z' }),
      'INVALID_ARGUMENT',
      'capturedAt is after the anchoring time',
    );
  });

  it('a notary notarises once, only the file anchored; a forged notary may not', async () => {
    const request = {
      evidenceId: 'E-1',
      documentHash: digest(RECORDING),
      certificateNumber: '(2026)京长安内经证字第1234号',
    };
    const text = await refused(forger.submit('notariseEvidence', request), 'FORBIDDEN', 'claims role notary');
    expect(text).to.include('which counts only from NotaryMSP');
    await refused(
      notary.submit('notariseEvidence', { ...request, documentHash: digest(TAMPERED) }),
      'CONFLICT',
      'is not the file anchored',
    );
    const done = await notary.submit<Stored<Evidence>>('notariseEvidence', request);
    expect(done.data.notarisation).to.include({ notary: 'NotaryMSP', certificateNumber: request.certificateNumber });
    await refused(
      notary.submit('notariseEvidence', request),
      'ILLEGAL_TRANSITION',
      'Evidence E-1 is NOTARISED; notarise',
      {
        recordType: 'Evidence',
        id: 'E-1',
        currentState: 'NOTARISED',
        allowedTransitions: ['submit', 'access'],
      },
    );
  });

  it('verifies a file for anyone and for the court: the anchored file matches, a tampered one does not', async () => {
    expect(await member.evaluate('verifyEvidence', { documentHash: digest(RECORDING) })).to.include({
      valid: true,
      verdict: 'VALID',
      recordId: 'E-1',
      type: 'NOTARISED',
      issuer: 'NotaryMSP',
    });
    expect(await member.evaluate('verifyEvidence', { documentHash: digest(TAMPERED) })).to.deep.equal({
      valid: false,
      verdict: 'UNKNOWN',
      documentHash: digest(TAMPERED),
    });
    const check = (file: string) => judge.evaluate('verifyForCourt', { evidenceId: 'E-1', documentHash: digest(file) });
    expect(await check(RECORDING)).to.include({ matches: true, verdict: 'UNCHANGED', notarised: true });
    expect(await check(TAMPERED)).to.include({
      matches: false,
      verdict: 'HASH_MISMATCH',
      anchoredHash: digest(RECORDING),
    });
    await refused(
      lawyer.evaluate('verifyForCourt', { evidenceId: 'E-1', documentHash: digest(RECORDING) }),
      'FORBIDDEN',
      'may not read verifyForCourt',
    );
  });

  it('the depositor alone submits evidence to an open case; its court admits it', async () => {
    await refused(
      otherLawyer.submit('submitEvidence', { evidenceId: 'E-1', caseId: 'C-2026-1' }),
      'FORBIDDEN',
      'E-1: only its depositor, LawFirmMSP user lawyer1@lawfirm.scenechain.example',
    );
    const submitted = await lawyer.submit<Stored<Evidence>>('submitEvidence', {
      evidenceId: 'E-1',
      caseId: 'C-2026-1',
    });
    expect(submitted.data).to.include({ status: 'SUBMITTED', caseId: 'C-2026-1', court: 'CourtMSP' });
    const admitted = await judge.submit<Stored<Evidence>>('admitEvidence', {
      evidenceId: 'E-1',
      reason: '真实、合法、关联',
    });
    expect(admitted.data.status).to.equal('ADMITTED');
    await lawyer.submit('anchorEvidence', {
      ...anchor('E-2', CONTRACT),
      kind: 'DOCUMENT',
      mediaType: 'application/pdf',
    });
    await lawyer.submit('submitEvidence', { evidenceId: 'E-2', caseId: 'C-2026-2' });
    const listed = await listAll<Stored<Evidence>>(member, 'listEvidenceByCase', { caseId: 'C-2026-1' });
    expect(listed.map((e) => e.data.evidenceId)).to.deep.equal(['E-1']);
  });

  describe('access', () => {
    const grant = {
      grantId: 'G-1',
      evidenceId: 'E-1',
      granteeOrg: 'CitizenAgentMSP',
      granteeUser: 'citizen1@citizenagent.scenechain.example',
    };
    const purpose = '庭前阅卷';

    it('refuses reading details without a committed access: an evaluated access logs nothing and opens nothing', async () => {
      await judge.submit('grantAccess', { ...grant, capacity: 'PARTY' });
      // The party evaluates the access instead of submitting it: the answer names an access that was never logged.
      const unlogged = await party.evaluate<AccessLog>('accessEvidence', {
        evidenceId: 'E-1',
        purpose,
        grantId: 'G-1',
      });
      expect(JSON.stringify(unlogged)).not.to.include(capture.title);
      await refused(
        party.evaluate('readEvidence', { evidenceId: 'E-1', accessId: unlogged.accessId }),
        'FORBIDDEN',
        `no access ${unlogged.accessId} to E-1 is logged on the ledger`,
      );
      expect(await listAll(judge, 'listAccessLog', { evidenceId: 'E-1' })).to.deep.equal([]);
    });

    it('a granted party logs an access, then reads the details under it; others may not', async () => {
      const { result: access, event } = await party.submitWithEvent<AccessLog>('accessEvidence', {
        evidenceId: 'E-1',
        purpose,
        grantId: 'G-1',
      });
      expect(event.payload.events[0]).to.include({ name: 'EvidenceAccessed', id: access.accessId });
      expect(access).to.include({ evidenceId: 'E-1', basis: 'GRANT' });
      const read = await party.evaluate<{ capture: typeof capture; evidence: Stored<Evidence> }>('readEvidence', {
        evidenceId: 'E-1',
        accessId: access.accessId,
      });
      expect(read.capture).to.deep.equal({ evidenceId: 'E-1', ...capture });
      expect(read.evidence.data.status).to.equal('ADMITTED');

      const named = { evidenceId: 'E-1', accessId: access.accessId };
      await refused(
        otherLawyer.evaluate('readEvidence', named),
        'FORBIDDEN',
        "citizen1@citizenagent.scenechain.example's, not LawFirmMSP user lawyer2@",
      );
      await refused(
        otherLawyer.submit('accessEvidence', { evidenceId: 'E-1', purpose, grantId: 'G-1' }),
        'FORBIDDEN',
        'grant G-1 is to CitizenAgentMSP user citizen1@citizenagent.scenechain.example',
      );
      await refused(
        otherLawyer.submit('accessEvidence', { evidenceId: 'E-1', purpose }),
        'FORBIDDEN',
        "a party or lawyer needs the court's grant",
      );
      // the grant is for E-1 in its case: it opens nothing of another case
      await refused(
        party.submit('accessEvidence', { evidenceId: 'E-2', purpose, grantId: 'G-1' }),
        'FORBIDDEN',
        'grant G-1 covers E-1 in case C-2026-1, not E-2 in C-2026-2',
      );
    });

    it('the depositor, the court and the notary access without a grant, each logged; the log is the court’s', async () => {
      const judged = await judge.submit<AccessLog>('accessEvidence', { evidenceId: 'E-1', purpose: '质证' });
      await lawyer.submit('accessEvidence', { evidenceId: 'E-1', purpose: '准备代理意见' });
      await notary.submit('accessEvidence', { evidenceId: 'E-1', purpose: '公证复核' });
      const log = await listAll<Stored<AccessLog>>(judge, 'listAccessLog', { evidenceId: 'E-1' });
      expect(log.map((entry) => [entry.data.accessor.user.split('@')[0], entry.data.basis])).to.deep.equal([
        ['citizen1', 'GRANT'],
        ['judge1', 'COURT'],
        ['lawyer1', 'DEPOSITOR'],
        ['notary1', 'NOTARY'],
      ]);
      await refused(party.evaluate('listAccessLog', { evidenceId: 'E-1' }), 'FORBIDDEN', 'the access log of E-1');

      // An access opens the details for 30 minutes: a read dated 31 minutes after it is refused.
      const late = await network.proposeAt(
        'CourtMSP',
        'judge1',
        'readEvidence',
        { evidenceId: 'E-1', accessId: judged.accessId },
        Date.parse(judged.at) + 31 * MINUTE,
      );
      await refused(late.evaluate(), 'FORBIDDEN', `access ${judged.accessId} of ${judged.at} has lapsed`);
    });

    it('the court revokes the grant: the party’s earlier access reads nothing more, a new one is refused', async () => {
      const [earlier] = await listAll<Stored<AccessLog>>(judge, 'listAccessLog', { evidenceId: 'E-1' });
      await judge.submit('revokeAccess', { grantId: 'G-1', reason: '当事人撤诉' });
      await refused(
        party.evaluate('readEvidence', { evidenceId: 'E-1', accessId: earlier.data.accessId }),
        'FORBIDDEN',
        'grant G-1 is REVOKED',
      );
      await refused(
        party.submit('accessEvidence', { evidenceId: 'E-1', purpose, grantId: 'G-1' }),
        'FORBIDDEN',
        'grant G-1 is REVOKED',
      );
    });

    it('a closed case takes no more grants or rulings', async () => {
      await judge.submit('closeCase', { caseId: 'C-2026-2', reason: '调解结案' });
      await refused(
        judge.submit('rejectEvidence', { evidenceId: 'E-2', reason: '与本案无关' }),
        'CONFLICT',
        'case C-2026-2 is CLOSED',
      );
      await refused(
        judge.submit('grantAccess', { ...grant, grantId: 'G-2', evidenceId: 'E-2', capacity: 'PARTY' }),
        'CONFLICT',
        'case C-2026-2 is CLOSED, not OPEN',
      );
    });
  });
});
