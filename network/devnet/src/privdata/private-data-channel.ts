import type { MembershipRegistry } from '../identity';
import type { ChaincodeCollections } from './collection-store';
import { TransientStore } from './transient-store';

/**
 * What private data needs of one channel beyond its collections: the channel's MSPs (to tell whether a client
 * is a collection member), the transient store, and which orgs' peers are up (dissemination counts them).
 */
export class PrivateDataChannel {
  readonly transientStore = new TransientStore();
  readonly #chaincodes = new Map<string, ChaincodeCollections>();
  #peerUp: (mspId: string) => boolean = () => true;

  constructor(
    readonly name: string,
    readonly membership: MembershipRegistry,
  ) {}

  register(collections: ChaincodeCollections): void {
    this.#chaincodes.set(collections.chaincodeName, collections);
  }

  /** The collections of a chaincode (namespace) defined on the channel. */
  collectionsOf(namespace: string): ChaincodeCollections | undefined {
    return this.#chaincodes.get(namespace);
  }

  /** Wired by the dev network once its peers exist. */
  setPeerAvailability(peerUp: (mspId: string) => boolean): void {
    this.#peerUp = peerUp;
  }

  isPeerUp(mspId: string): boolean {
    return this.#peerUp(mspId);
  }
}
