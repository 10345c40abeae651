import { assign } from '@scenechain/patents/dist/flows/assign';
import {
  decideExamination,
  decideReexamination,
  examineFormalities,
  requestExamination,
  requestReexamination,
} from '@scenechain/patents/dist/flows/examine';
import { expire, lapse, payAnnualFee, withdraw } from '@scenechain/patents/dist/flows/fees';
import { file, fileMany } from '@scenechain/patents/dist/flows/file';
import { recordLicence } from '@scenechain/patents/dist/flows/licence';
import { declinePledge, recordPledge, releasePledge, requestPledge } from '@scenechain/patents/dist/flows/pledge';
import { publish } from '@scenechain/patents/dist/flows/publish';
import * as queries from '@scenechain/patents/dist/flows/queries';
import { applicantSide, examiners, lenders } from '@scenechain/patents/dist/parties';
import type { ScenarioSpec } from './scenario';

/** The patent registry: filing, examination, grant, fees, assignments, licences and pledges. */
export const patents: ScenarioSpec = {
  id: 'patents',
  chaincode: 'patents',
  title: 'Patents',
  summary: 'Applications from filing to grant and expiry, with fees, assignments, licences and pledges.',
  records: [
    { type: 'Patent', title: 'Applications and patents', keyField: 'applicationId', get: 'getPatent', history: 'patentHistory', columns: ['owner', 'agent'] },
    { type: 'Licence', title: 'Licences', keyField: 'licenceId', columns: ['applicationId', 'licensee', 'kind'] },
    { type: 'Pledge', title: 'Pledges', keyField: 'pledgeId', get: 'getPledge', columns: ['applicationId', 'bank', 'owner'] },
    { type: 'Publication', title: 'Publications', keyField: 'applicationId', get: 'getPublication', columns: ['specificationHash'] },
  ],
  actions: [
    { transaction: 'file', flow: file, method: 'POST', path: '/applications', summary: 'File an application', tag: 'Applications', allowed: applicantSide },
    { transaction: 'fileMany', flow: fileMany, method: 'POST', path: '/applications/bulk', summary: 'File many applications', tag: 'Applications', allowed: applicantSide },
    { transaction: 'listByStatus', flow: queries.listByStatus, method: 'GET', path: '/applications', summary: 'Applications in one state', tag: 'Applications' },
    { transaction: 'getPatent', flow: queries.getPatent, method: 'GET', path: '/applications/:applicationId', summary: 'Read an application', tag: 'Applications' },
    { transaction: 'patentHistory', flow: queries.patentHistory, method: 'GET', path: '/applications/:applicationId/history', summary: 'History of an application', tag: 'Applications' },
    { transaction: 'examineFormalities', flow: examineFormalities, method: 'POST', path: '/applications/:applicationId/formalities', summary: 'Examine formalities', tag: 'Examination', allowed: examiners },
    { transaction: 'publish', flow: publish, method: 'POST', path: '/applications/:applicationId/publication', summary: 'Publish', tag: 'Applications' },
    { transaction: 'getPublication', flow: queries.getPublication, method: 'GET', path: '/applications/:applicationId/publication', summary: 'Read the publication', tag: 'Applications' },
    { transaction: 'requestExamination', flow: requestExamination, method: 'POST', path: '/applications/:applicationId/examination-request', summary: 'Request examination', tag: 'Examination', allowed: applicantSide },
    { transaction: 'decideExamination', flow: decideExamination, method: 'POST', path: '/applications/:applicationId/examination-decision', summary: 'Decide examination', tag: 'Examination', allowed: examiners },
    { transaction: 'requestReexamination', flow: requestReexamination, method: 'POST', path: '/applications/:applicationId/reexamination-request', summary: 'Request re-examination', tag: 'Examination' },
    { transaction: 'decideReexamination', flow: decideReexamination, method: 'POST', path: '/applications/:applicationId/reexamination-decision', summary: 'Decide re-examination', tag: 'Examination', allowed: examiners },
    { transaction: 'payAnnualFee', flow: payAnnualFee, method: 'POST', path: '/applications/:applicationId/fees', summary: 'Pay an annual fee', tag: 'Fees', allowed: applicantSide },
    { transaction: 'lapse', flow: lapse, method: 'POST', path: '/applications/:applicationId/lapse', summary: 'Record a lapse', tag: 'Fees', allowed: examiners },
    { transaction: 'expire', flow: expire, method: 'POST', path: '/applications/:applicationId/expiry', summary: 'Record expiry', tag: 'Fees', allowed: examiners },
    { transaction: 'withdraw', flow: withdraw, method: 'POST', path: '/applications/:applicationId/withdrawal', summary: 'Withdraw', tag: 'Applications', allowed: applicantSide },
    { transaction: 'assign', flow: assign, method: 'POST', path: '/applications/:applicationId/assignment', summary: 'Assign to a new owner', tag: 'Ownership', allowed: applicantSide },
    { transaction: 'recordLicence', flow: recordLicence, method: 'POST', path: '/applications/:applicationId/licences', summary: 'Record a licence', tag: 'Ownership', allowed: applicantSide },
    { transaction: 'listLicences', flow: queries.listLicences, method: 'GET', path: '/applications/:applicationId/licences', summary: 'Licences of an application', tag: 'Ownership' },
    { transaction: 'listByApplicant', flow: queries.listByApplicant, method: 'GET', path: '/orgs/:owner/applications', summary: 'Applications an org owns', tag: 'Applications' },
    { transaction: 'listLicencesByLicensee', flow: queries.listLicencesByLicensee, method: 'GET', path: '/orgs/:licensee/licences', summary: 'Licences an org holds', tag: 'Ownership' },
    { transaction: 'listByIpcClass', flow: queries.listByIpcClass, method: 'GET', path: '/ipc/:subclass/applications', summary: 'Applications in an IPC subclass', tag: 'Applications' },
    { transaction: 'requestPledge', flow: requestPledge, method: 'POST', path: '/pledges', summary: 'Request a pledge', tag: 'Pledges', allowed: applicantSide },
    { transaction: 'getPledge', flow: queries.getPledge, method: 'GET', path: '/pledges/:pledgeId', summary: 'Read a pledge', tag: 'Pledges' },
    { transaction: 'recordPledge', flow: recordPledge, method: 'POST', path: '/pledges/:pledgeId/record', summary: 'Record a pledge', tag: 'Pledges', allowed: lenders },
    { transaction: 'declinePledge', flow: declinePledge, method: 'POST', path: '/pledges/:pledgeId/decline', summary: 'Decline a pledge', tag: 'Pledges', allowed: lenders },
    { transaction: 'releasePledge', flow: releasePledge, method: 'POST', path: '/pledges/:pledgeId/release', summary: 'Release a pledge', tag: 'Pledges', allowed: lenders },
    { transaction: 'listPledgesByBank', flow: queries.listPledgesByBank, method: 'GET', path: '/orgs/:bank/pledges', summary: 'Pledges naming a bank', tag: 'Pledges' },
  ],
};
