import type { CommittedChaincode } from '../../committer/tx-validator';
import type { EndorsementPolicy } from '../../policy';
import type { ChaincodeCollections, Collection } from '../../privdata/collection-store';

/**
 * Chaincode definitions do not live in the ledger (the topology supplies them), so re-validation cannot judge a
 * chaincode's or a collection's endorsement policy: it takes every policy as satisfied and lets the recorded
 * validation code stand where only a policy could have decided it. Key-level policies are in state metadata and
 * are evaluated for real.
 */
const RECORDED_POLICY: EndorsementPolicy = {
  evaluate: () => true,
  describe: () => 'the policy recorded by the transactions filter',
  planEndorsers: () => [],
  principalsOrgs: () => [],
};

function anyCollection(name: string): Collection {
  return {
    name,
    implicit: false,
    memberOrgs: [],
    // Not recorded in the ledger either: the replay keeps hashed keys until they are deleted or purged.
    blockToLive: 0,
    memberOnlyRead: false,
    memberOnlyWrite: false,
    isMember: () => true,
    dissemination: () => ({ requiredPeerCount: 0, maxPeerCount: 0 }),
  };
}

/** Validation uses only `get`; the full class would need the topology's collection files. */
const ANY_COLLECTIONS = { get: anyCollection } as unknown as ChaincodeCollections;

/** Every chaincode name is defined, under {@link RECORDED_POLICY}, with every collection. */
export class RecordedDefinitions extends Map<string, CommittedChaincode> {
  override get(name: string): CommittedChaincode {
    let chaincode = super.get(name);
    if (!chaincode) {
      chaincode = { name, policy: RECORDED_POLICY, collections: ANY_COLLECTIONS };
      super.set(name, chaincode);
    }
    return chaincode;
  }

  override has(): boolean {
    return true;
  }
}
