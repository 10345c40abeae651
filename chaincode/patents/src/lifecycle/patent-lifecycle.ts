import { defineStateMachine, lifecycle } from '@scenechain/scene-kit';
import { patents, patentStatuses, type PatentStatus } from '../model/patent';
import { applicantSide, examiners, lenders } from '../parties';
import {
  feePayable,
  feesOverdue,
  notPledged,
  ownerOrAgent,
  ownerOrAgentAgainstRejection,
  publicationDue,
  reexaminationAvailable,
  termEnded,
} from './patent-guards';

const pending: PatentStatus[] = ['FILED', 'FORMALITIES_PASSED', 'PUBLISHED', 'UNDER_EXAMINATION'];
const alive: PatentStatus[] = [...pending, 'IN_FORCE', 'UNDER_REEXAMINATION'];

/** The owner (or its agent) acting on its own application or patent; the office's examiners; the banks. */
const owner = { by: applicantSide, guards: [ownerOrAgent] };
const office = { by: examiners };
const bank = { by: lenders };

/**
 * An application's way to a patent and the patent's life: filed → formality examination → published (on
 * request, or by the office after 18 months) → substantive examination on request → granted (in force, with
 * annual fees) or rejected → re-examination → lapsed (fees unpaid), expired (20 years) or revoked.
 */
export const patentLifecycle = defineStateMachine({
  entity: 'Patent',
  states: patentStatuses,
  transitions: {
    file: { from: 'new', to: 'FILED', by: applicantSide, event: 'ApplicationFiled' },
    passFormalities: { ...office, from: ['FILED'], to: 'FORMALITIES_PASSED', event: 'FormalitiesPassed' },
    failFormalities: { ...office, from: ['FILED'], to: 'REJECTED', event: 'ApplicationRejected' },
    publishOnRequest: {
      ...owner,
      from: ['FORMALITIES_PASSED'],
      to: 'PUBLISHED',
      event: 'ApplicationPublished',
      description: 'early publication at the applicant’s request',
    },
    publishWhenDue: {
      ...office,
      from: ['FORMALITIES_PASSED'],
      to: 'PUBLISHED',
      event: 'ApplicationPublished',
      guards: [publicationDue],
      description: 'publication by the office 18 months after filing',
    },
    requestExamination: { ...owner, from: ['PUBLISHED'], to: 'UNDER_EXAMINATION', event: 'ExaminationRequested' },
    grant: { ...office, from: ['UNDER_EXAMINATION'], to: 'IN_FORCE', event: 'PatentGranted' },
    reject: { ...office, from: ['UNDER_EXAMINATION'], to: 'REJECTED', event: 'ApplicationRejected' },
    requestReexamination: {
      from: ['REJECTED', 'IN_FORCE'],
      to: 'UNDER_REEXAMINATION',
      by: applicantSide,
      event: 'ReexaminationRequested',
      guards: [ownerOrAgentAgainstRejection, reexaminationAvailable],
      description: 'by the owner against a rejection, or by anyone against a grant',
    },
    grantOnReexamination: { ...office, from: ['UNDER_REEXAMINATION'], to: 'IN_FORCE', event: 'PatentGranted' },
    upholdRejection: { ...office, from: ['UNDER_REEXAMINATION'], to: 'REJECTED', event: 'ApplicationRejected' },
    revoke: { ...office, from: ['UNDER_REEXAMINATION'], to: 'REVOKED', event: 'PatentRevoked' },
    payAnnualFee: { ...owner, from: ['IN_FORCE'], event: 'AnnualFeePaid', guards: [ownerOrAgent, feePayable] },
    lapse: { ...office, from: ['IN_FORCE'], to: 'LAPSED', event: 'PatentLapsed', guards: [feesOverdue] },
    expire: { ...office, from: ['IN_FORCE'], to: 'EXPIRED', event: 'PatentExpired', guards: [termEnded] },
    withdraw: { ...owner, from: pending, to: 'WITHDRAWN', event: 'ApplicationWithdrawn' },
    assign: { ...owner, from: alive, event: 'OwnershipAssigned', guards: [ownerOrAgent, notPledged] },
    recordLicence: { ...owner, from: alive, event: 'LicenceRecorded' },
    requestPledge: { ...owner, from: alive, event: 'PledgeRequested', guards: [ownerOrAgent, notPledged] },
    pledge: { ...bank, from: alive, event: 'PatentPledged', description: 'the bank records a requested pledge' },
    releasePledge: {
      ...bank,
      from: [...alive, 'REJECTED', 'LAPSED', 'EXPIRED', 'REVOKED', 'WITHDRAWN'],
      event: 'PledgeReleased',
      description: 'the bank releases the pledge, whatever became of the patent',
    },
  },
});

/** Applications and patents bound to their machine; requests name one by `applicationId`. */
export const patentLife = lifecycle(patents, patentLifecycle, 'applicationId');
