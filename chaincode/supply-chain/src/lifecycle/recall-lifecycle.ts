import { defineStateMachine, lifecycle } from '@scenechain/scene-kit';
import { recalls, recallStatuses, type Recall } from '../model/recall';
import { recallers } from '../parties';

/** A recall runs until every downstream batch is marked; large ones take several transactions. */
export const recallLifecycle = defineStateMachine<
  (typeof recallStatuses)[number],
  'open' | 'progress' | 'complete',
  Recall
>({
  entity: 'Recall',
  states: recallStatuses,
  transitions: {
    open: { from: 'new', to: 'IN_PROGRESS', by: recallers, event: 'RecallOpened' },
    progress: { from: ['IN_PROGRESS'], by: recallers, event: 'RecallProgressed' },
    complete: { from: ['IN_PROGRESS'], to: 'COMPLETE', by: recallers, event: 'RecallCompleted' },
  },
});

/** Recalls bound to their machine; requests name one by `recallId`. */
export const recallLife = lifecycle(recalls, recallLifecycle, 'recallId');
