import { defineStateMachine, lifecycle, orgNamedIn } from '@scenechain/scene-kit';
import { pledges, pledgeStatuses, type Pledge } from '../model/pledge';
import { applicantSide, lenders } from '../parties';

/** Only the bank the owner named records, declines or releases a pledge. */
const bank = { by: lenders, guards: [orgNamedIn<Pledge>('bank', 'the bank it names')] };

/** A pledge: requested by the owner, recorded (or declined) by the named bank, released by it when repaid. */
export const pledgeLifecycle = defineStateMachine({
  entity: 'Pledge',
  states: pledgeStatuses,
  transitions: {
    request: { from: 'new', to: 'REQUESTED', by: applicantSide, event: 'PledgeRequested' },
    record: { ...bank, from: ['REQUESTED'], to: 'ACTIVE', event: 'PledgeRecorded' },
    decline: { ...bank, from: ['REQUESTED'], to: 'DECLINED', event: 'PledgeDeclined' },
    release: { ...bank, from: ['ACTIVE'], to: 'RELEASED', event: 'PledgeReleased' },
  },
});

/** Pledges bound to their machine; requests name one by `pledgeId`. */
export const pledgeLife = lifecycle(pledges, pledgeLifecycle, 'pledgeId');
