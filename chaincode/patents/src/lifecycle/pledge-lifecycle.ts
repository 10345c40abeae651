import { defineStateMachine, ForbiddenError, lifecycle, type Guard } from '@scenechain/scene-kit';
import { pledges, pledgeStatuses, type Pledge } from '../model/pledge';
import { applicantSide, lenders } from '../parties';

/** Only the bank the owner named records, declines or releases a pledge. */
const namedBank: Guard<Pledge> = ({ record, actor }) =>
  record.bank === actor.mspId
    ? undefined
    : new ForbiddenError(`Pledge ${record.id} names ${record.bank}; ${actor.mspId} may not act on it`);

/** A pledge: requested by the owner, recorded (or declined) by the named bank, released by it when repaid. */
export const pledgeLifecycle = defineStateMachine({
  entity: 'Pledge',
  states: pledgeStatuses,
  transitions: {
    request: { from: 'new', to: 'REQUESTED', by: applicantSide, event: 'PledgeRequested' },
    record: { from: ['REQUESTED'], to: 'ACTIVE', by: lenders, event: 'PledgeRecorded', guards: [namedBank] },
    decline: { from: ['REQUESTED'], to: 'DECLINED', by: lenders, event: 'PledgeDeclined', guards: [namedBank] },
    release: { from: ['ACTIVE'], to: 'RELEASED', by: lenders, event: 'PledgeReleased', guards: [namedBank] },
  },
});

/** Pledges bound to their machine; requests name one by `pledgeId`. */
export const pledgeLife = lifecycle(pledges, pledgeLifecycle, 'pledgeId');
