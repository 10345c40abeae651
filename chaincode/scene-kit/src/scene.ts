import type { ChaincodeStub, ClientIdentity } from 'fabric-shim';
import { identityOf, type Actor, type Identity } from './access';
import type { RoleAuthorities } from './authority';
import { EventLog } from './events';
import { TxStore } from './store';
import { transactionInstant, type Instant } from './time';

/** Everything a flow needs about the running transaction; built once per transaction by the contract. */
export interface Scene {
  readonly stub: ChaincodeStub;
  readonly txId: string;
  /** The transaction timestamp: the only clock chaincode may read. */
  readonly now: Instant;
  readonly actor: Actor;
  readonly identity: Identity;
  readonly store: TxStore;
  readonly events: EventLog;
}

export function openScene(
  stub: ChaincodeStub,
  clientIdentity: ClientIdentity,
  readOnly: boolean,
  authorities: RoleAuthorities,
): Scene {
  const identity = identityOf(clientIdentity, authorities);
  return {
    stub,
    txId: stub.getTxID(),
    now: transactionInstant(stub),
    actor: identity.actor,
    identity,
    store: new TxStore(stub, readOnly),
    events: new EventLog(),
  };
}
