import type { Story } from './demo-data';
import { sha256Hex } from './demo-documents';

const judge = { mspId: 'CourtMSP', user: 'judge1' };
const notary = { mspId: 'NotaryMSP', user: 'notary1' };
const lawyer = { mspId: 'LawFirmMSP', user: 'lawyer1' };
const party = { mspId: 'CitizenAgentMSP', user: 'citizen1' };

/** The text of each demo evidence file, so the public verify page finds it by its digest. */
export const DEMO_EVIDENCE_FILES = {
  recording: 'Call recording 2026-03-02 09:30: the supplier admits that the 2,000 cases were delivered late.\n',
  screenshot: 'Chat screenshot 2026-03-05: the supplier promises a discount for the late delivery.\n',
} as const;

/** What the anchoring step returns: its depositor as the certificate names it (the user name grants must match). */
const depositorOf = (answer: unknown) => (answer as { data: { depositorUser: string } }).data.depositorUser;

/**
 * A sales dispute: the court opens the case; the plaintiff's lawyer anchors a call recording, which a notary
 * notarises; the plaintiff anchors a chat screenshot; both are submitted, the recording admitted; the court lets
 * the plaintiff access the recording, and the plaintiff's access is logged.
 */
export const judicialEvidenceStory: Story = {
  probe: { as: judge, transaction: 'getCase', request: { caseId: 'C-2026-0105-1234' } },
  steps: [
    {
      as: judge,
      transaction: 'openCase',
      request: { caseId: 'C-2026-0105-1234', caseNumber: '（2026）京0105民初1234号', cause: '买卖合同纠纷' },
    },
    {
      as: lawyer,
      transaction: 'anchorEvidence',
      request: {
        evidenceId: 'EV-2026-0001',
        documentHash: sha256Hex(DEMO_EVIDENCE_FILES.recording),
        title: 'Telephone call with the supplier about the late delivery',
        kind: 'AUDIO_RECORDING',
        capturedBy: 'Zhang Wei (plaintiff)',
        capturedAt: '2026-03-02T09:30:00Z',
        method: 'Call recorder app on a mobile phone',
        fileName: 'call-20260302.m4a',
        mediaType: 'audio/mp4',
        size: 1843200,
      },
    },
    {
      as: party,
      transaction: 'anchorEvidence',
      request: {
        evidenceId: 'EV-2026-0002',
        documentHash: sha256Hex(DEMO_EVIDENCE_FILES.screenshot),
        title: 'Chat with the supplier promising a discount',
        kind: 'SCREENSHOT',
        capturedBy: 'Zhang Wei (plaintiff)',
        capturedAt: '2026-03-05T14:12:00Z',
        method: 'Screenshot on a mobile phone',
        fileName: 'chat-20260305.png',
        mediaType: 'image/png',
        size: 402113,
      },
    },
    {
      as: notary,
      transaction: 'notariseEvidence',
      request: {
        evidenceId: 'EV-2026-0001',
        documentHash: sha256Hex(DEMO_EVIDENCE_FILES.recording),
        certificateNumber: '（2026）京长安内经证字第1234号',
      },
    },
    {
      as: lawyer,
      transaction: 'submitEvidence',
      request: { evidenceId: 'EV-2026-0001', caseId: 'C-2026-0105-1234' },
    },
    { as: party, transaction: 'submitEvidence', request: { evidenceId: 'EV-2026-0002', caseId: 'C-2026-0105-1234' } },
    {
      as: judge,
      transaction: 'admitEvidence',
      request: { evidenceId: 'EV-2026-0001', reason: '经公证，来源合法，与待证事实相关' },
    },
    {
      as: judge,
      transaction: 'grantAccess',
      request: (previous) => ({
        grantId: 'G-2026-0001',
        evidenceId: 'EV-2026-0001',
        granteeOrg: party.mspId,
        granteeUser: depositorOf(previous[2]),
        capacity: 'PARTY',
      }),
    },
    {
      as: party,
      transaction: 'accessEvidence',
      request: { evidenceId: 'EV-2026-0001', purpose: '庭前阅卷', grantId: 'G-2026-0001' },
    },
  ],
};
