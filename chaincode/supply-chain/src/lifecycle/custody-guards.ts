import { ForbiddenError, type Guard } from '@scenechain/scene-kit';

export interface HeldItem {
  readonly id: string;
  readonly custodian: string;
  readonly receiver?: string;
}

/** Only the org holding an item may hand it on, pack it or use it. */
export function heldByActor<R extends HeldItem>(what: string): Guard<R> {
  return ({ record, actor }) =>
    record.custodian === actor.mspId
      ? undefined
      : new ForbiddenError(`${what} ${record.id} is in the custody of ${record.custodian}, not ${actor.mspId}`);
}

/** Only the receiver the sender named may take an item in transit. */
export function namedReceiverIsActor<R extends HeldItem>(what: string): Guard<R> {
  return ({ record, actor }) =>
    record.receiver === actor.mspId
      ? undefined
      : new ForbiddenError(`${what} ${record.id} was shipped to ${record.receiver}; ${actor.mspId} may not receive it`);
}
