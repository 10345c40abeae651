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
    passFormalities: { from: ['FILED'], to: 'FORMALITIES_PASSED', by: examiners, event: 'FormalitiesPassed' },
    failFormalities: { from: ['FILED'], to: 'REJECTED', by: examiners, event: 'ApplicationRejected' },
    publishOnRequest: {
      from: ['FORMALITIES_PASSED'],
      to: 'PUBLISHED',
      by: applicantSide,
      event: 'ApplicationPublished',
      guards: [ownerOrAgent],
      description: 'early publication at the applicant’s request',
    },
    publishWhenDue: {
      from: ['FORMALITIES_PASSED'],
      to: 'PUBLISHED',
      by: examiners,
      event: 'ApplicationPublished',
      guards: [publicationDue],
      description: 'publication by the office 18 months after filing',
    },
    requestExamination: {
      from: ['PUBLISHED'],
      to: 'UNDER_EXAMINATION',
      by: applicantSide,
      event: 'ExaminationRequested',
      guards: [ownerOrAgent],
    },
    grant: { from: ['UNDER_EXAMINATION'], to: 'IN_FORCE', by: examiners, event: 'PatentGranted' },
    reject: { from: ['UNDER_EXAMINATION'], to: 'REJECTED', by: examiners, event: 'ApplicationRejected' },
    requestReexamination: {
      from: ['REJECTED', 'IN_FORCE'],
      to: 'UNDER_REEXAMINATION',
      by: applicantSide,
      event: 'ReexaminationRequested',
      guards: [ownerOrAgentAgainstRejection, reexaminationAvailable],
      description: 'by the owner against a rejection, or by anyone against a grant',
    },
    grantOnReexamination: { from: ['UNDER_REEXAMINATION'], to: 'IN_FORCE', by: examiners, event: 'PatentGranted' },
    upholdRejection: { from: ['UNDER_REEXAMINATION'], to: 'REJECTED', by: examiners, event: 'ApplicationRejected' },
    revoke: { from: ['UNDER_REEXAMINATION'], to: 'REVOKED', by: examiners, event: 'PatentRevoked' },
    payAnnualFee: { from: ['IN_FORCE'], by: applicantSide, event: 'AnnualFeePaid', guards: [ownerOrAgent, feePayable] },
    lapse: { from: ['IN_FORCE'], to: 'LAPSED', by: examiners, event: 'PatentLapsed', guards: [feesOverdue] },
    expire: { from: ['IN_FORCE'], to: 'EXPIRED', by: examiners, event: 'PatentExpired', guards: [termEnded] },
    withdraw: {
      from: pending,
      to: 'WITHDRAWN',
      by: applicantSide,
      event: 'ApplicationWithdrawn',
      guards: [ownerOrAgent],
    },
    assign: { from: alive, by: applicantSide, event: 'OwnershipAssigned', guards: [ownerOrAgent, notPledged] },
    recordLicence: { from: alive, by: applicantSide, event: 'LicenceRecorded', guards: [ownerOrAgent] },
    requestPledge: { from: alive, by: applicantSide, event: 'PledgeRequested', guards: [ownerOrAgent, notPledged] },
    pledge: { from: alive, by: lenders, event: 'PatentPledged', description: 'the bank records a requested pledge' },
    releasePledge: {
      from: [...alive, 'REJECTED', 'LAPSED', 'EXPIRED', 'REVOKED', 'WITHDRAWN'],
      by: lenders,
      event: 'PledgeReleased',
      description: 'the bank releases the pledge, whatever became of the patent',
    },
  },
});

/** Applications and patents bound to their machine; requests name one by `applicationId`. */
export const patentLife = lifecycle(patents, patentLifecycle, 'applicationId');
