import { defineStateMachine, lifecycle } from '@scenechain/scene-kit';
import { transfers, transferStatuses, type Transfer } from '../model/transfer';
import { registrars, subjects } from '../parties';
import { actsAs } from './subject-guards';

const seller = actsAs<Transfer>('seller', (transfer) => transfer.seller);
const buyer = actsAs<Transfer>('buyer', (transfer) => transfer.buyer);

/** A title transfer needs all three: the seller proposes, the buyer accepts, the registry approves. */
export const transferLifecycle = defineStateMachine({
  entity: 'Transfer',
  states: transferStatuses,
  transitions: {
    propose: { from: 'new', to: 'PROPOSED', by: subjects, event: 'TransferProposed', guards: [seller] },
    accept: { from: ['PROPOSED'], to: 'ACCEPTED', by: subjects, event: 'TransferAccepted', guards: [buyer] },
    decline: { from: ['PROPOSED'], to: 'DECLINED', by: subjects, event: 'TransferDeclined', guards: [buyer] },
    cancel: {
      from: ['PROPOSED', 'ACCEPTED'],
      to: 'CANCELLED',
      by: subjects,
      event: 'TransferCancelled',
      guards: [seller],
    },
    approve: { from: ['ACCEPTED'], to: 'APPROVED', by: registrars, event: 'TransferApproved' },
    reject: { from: ['PROPOSED', 'ACCEPTED'], to: 'REJECTED', by: registrars, event: 'TransferRejected' },
  },
});

export const transferLife = lifecycle(transfers, transferLifecycle, 'transferId');
