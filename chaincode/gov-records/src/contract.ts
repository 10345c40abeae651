import { sceneContract } from '@scenechain/scene-kit/contract';
import { authorities } from './parties';
import { accessRecord, grantConsent, withdrawConsent } from './flows/consent';
import { issue, issueMany } from './flows/issue';
import { amend, reinstate, revoke, suspend } from './flows/maintain';
import * as queries from './flows/queries';
import {
  acceptTransfer,
  approveTransfer,
  cancelTransfer,
  declineTransfer,
  proposeTransfer,
  rejectTransfer,
} from './flows/transfer';
import { verifyDocument } from './flows/verify';

/** Government registers: issue and maintain records, transfer titles, share under consent, verify documents. */
export const GovRecordsContract = sceneContract({
  name: 'GovRecords',
  title: 'Government records',
  version: '1.0',
  authorities,
  flows: {
    issue,
    issueMany,
    amend,
    suspend,
    reinstate,
    revoke,
    proposeTransfer,
    acceptTransfer,
    approveTransfer,
    declineTransfer,
    cancelTransfer,
    rejectTransfer,
    grantConsent,
    withdrawConsent,
    accessRecord,
    verifyDocument,
    ...queries,
  },
});
