import { defineScenario } from '@scenechain/scene-kit';
import { accessRecord, grantConsent, withdrawConsent } from './flows/consent';
import { getPersonalData, getSharedPersonalData, sharePersonalData, verifyPersonalData } from './flows/personal-data';
import * as queries from './flows/queries';
import { registerFlows, verifyDocument } from './flows/register';
import {
  acceptTransfer,
  approveTransfer,
  cancelTransfer,
  declineTransfer,
  proposeTransfer,
  rejectTransfer,
} from './flows/transfer';
import { recordCredentials } from './credentials';
import { consentLife, recordLife, transferLife } from './machines';
import { authorities, registrars } from './parties';
import { accessLogs } from './records';
import { labels } from './labels';

/** The app's read model lists these records to registrars only: they are personal data. */
const forRegistrars = { readModel: { readers: registrars } };

/** Government registers: issue and maintain records, transfer titles, share under consent, verify documents. */
export const scenario = defineScenario({
  id: 'gov-records',
  contract: 'GovRecords',
  title: 'Government records',
  summary: 'Licences, titles and certificates: issue, amend, transfer, share under consent, verify.',
  version: '1.0',
  authorities,
  labels,
  verify: { transaction: 'verifyDocument' },
  credentials: recordCredentials.profile,
  records: [
    {
      type: recordLife,
      title: 'Records',
      collection: 'records',
      get: 'getRecord',
      history: 'recordHistory',
      columns: ['type', 'issuer', 'version'],
      readModel: { readers: registrars, ownField: 'issuer' },
      ownList: { transaction: 'listMyRecords' },
    },
    {
      type: transferLife,
      title: 'Transfers',
      collection: 'transfers',
      get: 'getTransfer',
      columns: ['recordId'],
      ...forRegistrars,
    },
    {
      type: consentLife,
      title: 'Consents',
      collection: 'consents',
      get: 'getConsent',
      columns: ['recordId', 'grantee', 'validUntil'],
      ownList: { transaction: 'listConsentsByGrantee', orgField: 'grantee' },
      ...forRegistrars,
    },
    {
      type: accessLogs,
      title: 'Access log',
      collection: 'access-log',
      keyField: 'recordId',
      columns: ['recordId', 'consentId', 'accessor'],
      ...forRegistrars,
    },
    recordCredentials.keysView,
  ],
  flows: {
    ...registerFlows,
    proposeTransfer,
    acceptTransfer,
    approveTransfer,
    declineTransfer,
    cancelTransfer,
    rejectTransfer,
    grantConsent,
    withdrawConsent,
    accessRecord,
    sharePersonalData,
    getPersonalData,
    getSharedPersonalData,
    verifyPersonalData,
    verifyDocument,
    ...queries,
    ...recordCredentials.flows,
  },
});
