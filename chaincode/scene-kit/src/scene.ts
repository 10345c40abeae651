import type { ChaincodeStub, ClientIdentity } from 'fabric-shim';
import { identityOf, type Actor, type Identity } from './access';
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

export function openScene(stub: ChaincodeStub, clientIdentity: ClientIdentity, readOnly: boolean): Scene {
  const identity = identityOf(clientIdentity);
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
