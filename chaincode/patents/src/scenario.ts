import {
  channelMembers as readers,
  defineScenario,
  getFlow,
  historyFlow,
  identifier,
  listFlow,
  mspId,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import {
  decideExamination,
  decideReexamination,
  examineFormalities,
  requestExamination,
  requestReexamination,
} from './flows/examine';
import { expire, lapse, payAnnualFee, withdraw } from './flows/fees';
import { file, fileMany } from './flows/file';
import { publications, publish } from './flows/publish';
import { getUnpublishedSpecification } from './flows/unpublished-specification';
import { assign, declinePledge, recordLicence, recordPledge, releasePledge, requestPledge } from './flows/rights';
import { patentLife } from './lifecycle/patent-lifecycle';
import { pledgeLife } from './lifecycle/pledge-lifecycle';
import { licences } from './model/licence';
import { patentStatuses } from './model/patent';
import { pledgeStatuses } from './model/pledge';
import { authorities } from './parties';
import { labels } from './labels';
import { licenceAgreement } from './licensing/licence-agreement';
import { licenceTender } from './licensing/licence-tender';

const tender = licenceTender.flows;
const agreement = licenceAgreement.flows;

/**
 * The IP registry, its flows in the order an application lives its life. The register is public: every channel
 * member reads it. Before publication an application shows only its title, applicant, IPC classes and a
 * commitment to the specification; the specification itself is revealed by `publish`.
 */
export const scenario = defineScenario({
  id: 'patents',
  contract: 'Patents',
  title: 'Patent registry',
  summary: 'Applications from filing to grant and expiry, with fees, assignments, licences and pledges.',
  version: '1.0',
  authorities,
  labels,
  records: [
    {
      type: patentLife,
      title: 'Applications and patents',
      collection: 'applications',
      get: 'getPatent',
      history: 'patentHistory',
      columns: ['owner', 'agent'],
    },
    {
      type: licences,
      title: 'Licences',
      collection: 'licences',
      keyField: 'licenceId',
      columns: ['applicationId', 'licensee', 'kind'],
    },
    {
      type: licenceTender.tenderLife,
      title: 'Exclusive licence tenders',
      collection: 'licence-tenders',
      get: 'getLicenceTender',
      columns: ['owner', 'winner'],
    },
    {
      type: licenceTender.bids,
      title: 'Sealed bids',
      collection: 'licence-bids',
      keyField: 'bidder',
      columns: ['tenderId', 'bidder'],
    },
    {
      type: licenceAgreement.agreementLife,
      title: 'Licence agreements',
      collection: 'licence-agreements',
      get: 'getLicenceAgreement',
      columns: ['proposer', 'counterparty'],
    },
    {
      type: pledgeLife,
      title: 'Pledges',
      collection: 'pledges',
      get: 'getPledge',
      columns: ['applicationId', 'bank', 'owner'],
    },
    {
      type: publications,
      title: 'Publications',
      collection: 'publications',
      keyField: 'applicationId',
      get: 'getPublication',
      columns: ['specificationHash'],
    },
  ],
  flows: {
    file,
    fileMany,
    examineFormalities,
    publish,
    requestExamination,
    decideExamination,
    requestReexamination,
    decideReexamination,
    payAnnualFee,
    lapse,
    expire,
    withdraw,
    assign,
    recordLicence,
    openLicenceTender: tender.open,
    sealLicenceBid: tender.seal,
    commitLicenceBid: tender.commit,
    revealLicenceBid: tender.reveal,
    awardLicenceTender: tender.award,
    getOwnLicenceBid: tender.getOwnBid,
    getLicenceTender: getFlow(licenceTender.tenderLife, { description: 'An exclusive licence tender.', readers }),
    listLicenceBids: listFlow(licenceTender.bids, undefined, {
      description: 'The bids on a tender: before the reveal only who committed and the hash, then the bids.',
      readers,
      filters: { tenderId: identifier },
    }),
    keepLicenceTerms: agreement.keepTerms,
    proposeLicenceAgreement: agreement.propose,
    acceptLicenceAgreement: agreement.accept,
    terminateLicenceAgreement: agreement.terminate,
    getOwnLicenceTerms: agreement.getOwnTerms,
    verifyLicenceTerms: agreement.verifyTerms,
    getLicenceAgreement: getFlow(licenceAgreement.agreementLife, { description: 'A licence agreement.', readers }),
    requestPledge,
    recordPledge,
    declinePledge,
    releasePledge,
    getPatent: getFlow(patentLife, { description: 'An application or patent.', readers }),
    getPublication: getFlow(publications, { description: 'The published specification of an application.', readers }),
    getUnpublishedSpecification,
    getPledge: getFlow(pledgeLife, { description: 'A pledge.', readers }),
    listByApplicant: listFlow(patentLife, 'byOwner', {
      description: 'Applications and patents an org owns, optionally in one state.',
      readers,
      filters: { owner: mspId, status: z.enum(patentStatuses).optional() },
    }),
    listByIpcClass: listFlow(patentLife, 'byIpcClass', {
      description: 'Applications and patents in an IPC subclass such as G06F.',
      readers,
      filters: { subclass: z.string().regex(/^[A-H]\d{2}[A-Z]$/, 'an IPC subclass such as G06F') },
    }),
    listByStatus: listFlow(patentLife, 'byStatus', {
      description: 'Applications and patents in one state, e.g. every application awaiting examination.',
      readers,
      filters: { status: z.enum(patentStatuses) },
    }),
    listLicences: listFlow(licences, undefined, {
      description: 'Licences recorded on one application or patent.',
      readers,
      filters: { applicationId: identifier },
    }),
    listLicencesByLicensee: listFlow(licences, 'byLicensee', {
      description: 'Licences an org holds.',
      readers,
      filters: { licensee: mspId },
    }),
    listPledgesByBank: listFlow(pledgeLife, 'byBank', {
      description: 'Pledges naming a bank, optionally in one state.',
      readers,
      filters: { bank: mspId, status: z.enum(pledgeStatuses).optional() },
    }),
    patentHistory: historyFlow(patentLife, {
      description:
        'Every version of an application or patent, newest first, with transaction, time, actor and transition.',
      readers,
    }),
  },
});
