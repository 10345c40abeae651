import { accessRecord, grantConsent, withdrawConsent } from '@scenechain/gov-records/dist/flows/consent';
import { issue, issueMany } from '@scenechain/gov-records/dist/flows/issue';
import { amend, reinstate, revoke, suspend } from '@scenechain/gov-records/dist/flows/maintain';
import * as queries from '@scenechain/gov-records/dist/flows/queries';
import {
  acceptTransfer,
  approveTransfer,
  cancelTransfer,
  declineTransfer,
  proposeTransfer,
  rejectTransfer,
} from '@scenechain/gov-records/dist/flows/transfer';
import { verifyDocument } from '@scenechain/gov-records/dist/flows/verify';
import { consentHolders, registrars, subjects } from '@scenechain/gov-records/dist/parties';
import type { ScenarioSpec } from './scenario';

/** Government registers: records issued to subjects, title transfers, consented access, public verification. */
export const govRecords: ScenarioSpec = {
  id: 'gov-records',
  chaincode: 'gov-records',
  title: 'Government records',
  summary: 'Licences, titles and certificates: issue, amend, transfer, share under consent, verify.',
  verify: { transaction: 'verifyDocument' },
  records: [
    { type: 'RegistryRecord', title: 'Records', keyField: 'recordId', get: 'getRecord', history: 'recordHistory', columns: ['type', 'issuer', 'version'] },
    { type: 'Transfer', title: 'Transfers', keyField: 'transferId', get: 'getTransfer', columns: ['recordId'] },
    { type: 'Consent', title: 'Consents', keyField: 'consentId', get: 'getConsent', columns: ['recordId', 'grantee', 'validUntil'] },
    { type: 'AccessLog', title: 'Access log', keyField: 'recordId', columns: ['recordId', 'consentId', 'accessor'] },
  ],
  actions: [
    { transaction: 'issue', flow: issue, method: 'POST', path: '/records', summary: 'Issue a record', tag: 'Records', allowed: registrars },
    { transaction: 'issueMany', flow: issueMany, method: 'POST', path: '/records/bulk', summary: 'Issue many records', tag: 'Records', allowed: registrars },
    { transaction: 'listRecordsByType', flow: queries.listRecordsByType, method: 'GET', path: '/records', summary: 'Records of one type', tag: 'Records' },
    { transaction: 'getRecord', flow: queries.getRecord, method: 'GET', path: '/records/:recordId', summary: 'Read a record', tag: 'Records' },
    { transaction: 'recordHistory', flow: queries.recordHistory, method: 'GET', path: '/records/:recordId/history', summary: 'History of a record', tag: 'Records' },
    { transaction: 'listRecordVersions', flow: queries.listRecordVersions, method: 'GET', path: '/records/:recordId/versions', summary: 'Versions of a record', tag: 'Records' },
    { transaction: 'getRecordVersion', flow: queries.getRecordVersion, method: 'GET', path: '/records/:recordId/versions/:version', summary: 'One version of a record', tag: 'Records' },
    { transaction: 'amend', flow: amend, method: 'POST', path: '/records/:recordId/amendments', summary: 'Amend a record', tag: 'Records', allowed: registrars },
    { transaction: 'suspend', flow: suspend, method: 'POST', path: '/records/:recordId/suspension', summary: 'Suspend a record', tag: 'Records', allowed: registrars },
    { transaction: 'reinstate', flow: reinstate, method: 'POST', path: '/records/:recordId/reinstatement', summary: 'Reinstate a record', tag: 'Records', allowed: registrars },
    { transaction: 'revoke', flow: revoke, method: 'POST', path: '/records/:recordId/revocation', summary: 'Revoke a record', tag: 'Records', allowed: registrars },
    { transaction: 'listRecordsBySubject', flow: queries.listRecordsBySubject, method: 'GET', path: '/subjects/:subjectId/records', summary: 'Records of a subject', tag: 'Records' },
    { transaction: 'proposeTransfer', flow: proposeTransfer, method: 'POST', path: '/transfers', summary: 'Propose a title transfer', tag: 'Transfers', allowed: subjects },
    { transaction: 'getTransfer', flow: queries.getTransfer, method: 'GET', path: '/transfers/:transferId', summary: 'Read a transfer', tag: 'Transfers' },
    { transaction: 'acceptTransfer', flow: acceptTransfer, method: 'POST', path: '/transfers/:transferId/acceptance', summary: 'Accept a transfer', tag: 'Transfers', allowed: subjects },
    { transaction: 'declineTransfer', flow: declineTransfer, method: 'POST', path: '/transfers/:transferId/declination', summary: 'Decline a transfer', tag: 'Transfers', allowed: subjects },
    { transaction: 'cancelTransfer', flow: cancelTransfer, method: 'POST', path: '/transfers/:transferId/cancellation', summary: 'Cancel a transfer', tag: 'Transfers', allowed: subjects },
    { transaction: 'approveTransfer', flow: approveTransfer, method: 'POST', path: '/transfers/:transferId/approval', summary: 'Approve a transfer', tag: 'Transfers', allowed: registrars },
    { transaction: 'rejectTransfer', flow: rejectTransfer, method: 'POST', path: '/transfers/:transferId/rejection', summary: 'Reject a transfer', tag: 'Transfers', allowed: registrars },
    { transaction: 'listTransfers', flow: queries.listTransfers, method: 'GET', path: '/records/:recordId/transfers', summary: 'Transfers of a record', tag: 'Transfers' },
    { transaction: 'grantConsent', flow: grantConsent, method: 'POST', path: '/consents', summary: 'Grant a consent', tag: 'Consents', allowed: subjects },
    { transaction: 'getConsent', flow: queries.getConsent, method: 'GET', path: '/consents/:consentId', summary: 'Read a consent', tag: 'Consents' },
    { transaction: 'withdrawConsent', flow: withdrawConsent, method: 'POST', path: '/consents/:consentId/withdrawal', summary: 'Withdraw a consent', tag: 'Consents', allowed: subjects },
    { transaction: 'accessRecord', flow: accessRecord, method: 'POST', path: '/records/:recordId/access', summary: 'Read a record under consent', tag: 'Consents', allowed: consentHolders },
    { transaction: 'listConsentsByRecord', flow: queries.listConsentsByRecord, method: 'GET', path: '/records/:recordId/consents', summary: 'Consents on a record', tag: 'Consents' },
    { transaction: 'listConsentsByGrantee', flow: queries.listConsentsByGrantee, method: 'GET', path: '/orgs/:grantee/consents', summary: 'Consents given to an org', tag: 'Consents' },
    { transaction: 'listAccessLog', flow: queries.listAccessLog, method: 'GET', path: '/records/:recordId/access-log', summary: 'Access log of a record', tag: 'Consents' },
    { transaction: 'verifyDocument', flow: verifyDocument, method: 'POST', path: '/verifications', summary: 'Verify a document digest', tag: 'Verification' },
  ],
};
