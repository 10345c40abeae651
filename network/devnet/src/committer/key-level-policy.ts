import { validationParameterOf, type ChannelLedger } from '../ledger';
import {
  compileSignaturePolicy,
  fromSignaturePolicyEnvelope,
  type EndorsementPolicy,
  type SignerIdentity,
  type SignerSetPredicate,
} from '../policy';
import type { CollectionEndorsement } from './private-data-validation';

/** What the endorsement check needs from one namespace of a transaction's read-write set. */
export interface NamespaceWrites {
  readonly namespace: string;
  /** Keys the transaction writes or deletes. */
  readonly writes: readonly string[];
  /** Keys whose metadata (key-level endorsement policy) the transaction sets or removes. */
  readonly metadataWrites: readonly string[];
  /**
   * Private data collections written (values or metadata), each under its own endorsement policy or else the
   * chaincode's, with the key hashes written.
   */
  readonly collections?: readonly CollectionEndorsement[];
}

/** A transaction as the endorsement check sees it: what it invoked, what it writes, who endorsed it. */
export interface EndorsedWrites {
  /** The invoked chaincode: its policy applies even to a transaction that writes nothing. */
  readonly chaincodeName: string;
  readonly namespaces: readonly NamespaceWrites[];
  /** Endorsers whose signatures verified. */
  readonly signers: readonly SignerIdentity[];
}

const COMPILED_CACHE_LIMIT = 256;

/**
 * Fabric's state-based endorsement validation (core/common/validation/statebased, v2.0 evaluator), for one block:
 * - every namespace the transaction invokes or writes to (values or metadata, public or private) is validated;
 * - a written key (value or metadata) with a committed VALIDATION_PARAMETER needs that key-level policy, and
 *   only that one; a public key without one needs the chaincode's endorsement policy, a private key without one
 *   its collection's endorsement policy, else the chaincode's (each checked once per namespace);
 * - a namespace where no policy was checked that way (nothing written) needs the chaincode's policy;
 * - the policy that applies is the committed one as the block starts: a write to a key whose validation
 *   parameter an earlier transaction of the same block changed (and whose endorsement check for that namespace
 *   passed, whatever its final code) fails, because its endorsers could not know the policy it will have;
 * - a deleted or purged key loses its policy with its value (the ledger drops both).
 * Keys are identified by namespace, collection ('' for public state) and key; a private key by its key hash, as
 * the block carries it (messages show the hash in hex).
 */
export class KeyLevelEndorsement {
  /** Validation parameter of each written key as committed before the block ({@link keyId}); absent: none. */
  readonly #committed: ReadonlyMap<string, Uint8Array>;
  /** Keys whose validation parameter an earlier transaction of this block changed. */
  readonly #updatedInBlock = new Set<string>();
  readonly #compiled = new Map<string, SignerSetPredicate | Error>();

  private constructor(committed: ReadonlyMap<string, Uint8Array>) {
    this.#committed = committed;
  }

  /**
   * Looks up the committed validation parameter of every key the block's transactions write. A channel on which
   * no key ever had metadata needs no look-up at all.
   */
  static async prefetch(txs: readonly EndorsedWrites[], ledger: ChannelLedger): Promise<KeyLevelEndorsement> {
    const committed = new Map<string, Uint8Array>();
    if (!ledger.hasStateMetadata()) return new KeyLevelEndorsement(committed);
    const pending = new Map<string, Promise<void>>();
    const fetch = (id: string, metadata: () => Promise<Uint8Array | undefined>): void => {
      if (pending.has(id)) return;
      pending.set(
        id,
        metadata().then((bytes) => {
          const parameter = validationParameterOf(bytes);
          if (parameter.length > 0) committed.set(id, parameter);
        }),
      );
    };
    for (const tx of txs) {
      for (const { namespace, writes, metadataWrites, collections } of tx.namespaces) {
        for (const key of [...writes, ...metadataWrites]) {
          fetch(keyId(namespace, '', key), async () => (await ledger.getState(namespace, key))?.metadata);
        }
        for (const { collection, writes: hashes, metadataWrites: metadataHashes } of collections ?? []) {
          for (const keyHash of [...hashes, ...metadataHashes]) {
            fetch(
              keyId(namespace, collection, hex(keyHash)),
              async () => (await ledger.privateState.getHashed(namespace, collection, keyHash))?.metadata,
            );
          }
        }
      }
    }
    await Promise.all(pending.values());
    return new KeyLevelEndorsement(committed);
  }

  /**
   * Checks one transaction; call in block order. Returns why its endorsements fall short (the transaction is then
   * ENDORSEMENT_POLICY_FAILURE), or undefined when they suffice.
   */
  check(
    position: { blockNum: number; txNum: number },
    tx: EndorsedWrites,
    chaincodePolicy: (namespace: string) => EndorsementPolicy,
  ): string | undefined {
    const { blockNum, txNum } = position;
    const byNamespace = new Map(tx.namespaces.map((ns) => [ns.namespace, ns]));
    const namespaces = new Set([tx.chaincodeName]);
    for (const ns of tx.namespaces) {
      if (ns.writes.length > 0 || ns.metadataWrites.length > 0 || (ns.collections?.length ?? 0) > 0) {
        namespaces.add(ns.namespace);
      }
    }
    for (const namespace of namespaces) {
      const writes = byNamespace.get(namespace) ?? { namespace, writes: [], metadataWrites: [] };
      const collections = writes.collections ?? [];
      const policy = chaincodePolicy(namespace);
      let chaincodePolicyChecked = false;
      const collectionPoliciesChecked = new Set<string>();
      let anyPolicyChecked = false;
      const chaincodePolicyFails = (): string | undefined => {
        if (chaincodePolicyChecked) return undefined;
        if (!policy.evaluate(tx.signers)) {
          return `validation of endorsement policy for chaincode ${namespace} in tx ${blockNum}:${txNum} failed: signature set did not satisfy policy`;
        }
        chaincodePolicyChecked = anyPolicyChecked = true;
        return undefined;
      };
      const collectionPolicyFails = ({ collection, policy: own }: CollectionEndorsement): string | undefined => {
        if (!own) return chaincodePolicyFails();
        if (collectionPoliciesChecked.has(collection)) return undefined;
        if (!own.evaluate(tx.signers)) {
          return `validation of endorsement policy for collection ${collection} chaincode ${namespace} in tx ${blockNum}:${txNum} failed: signature set did not satisfy policy`;
        }
        collectionPoliciesChecked.add(collection);
        anyPolicyChecked = true;
        return undefined;
      };
      /** Fabric's checkSBAndCCEP: the key's own policy if it has one, else `fallback`. */
      const keyFails = (collection: string, key: string, fallback: () => string | undefined): string | undefined => {
        const id = keyId(namespace, collection, key);
        if (this.#updatedInBlock.has(id)) {
          return `validation parameters for key [${key}] in namespace [${namespace}:${collection}] have been changed in transaction ${txNum} of block ${blockNum}`;
        }
        const parameter = this.#committed.get(id);
        if (parameter === undefined) return fallback();
        const predicate = this.#compile(parameter);
        const problem =
          predicate instanceof Error
            ? predicate.message
            : predicate(tx.signers)
              ? undefined
              : 'signature set did not satisfy policy';
        if (problem) {
          return `validation of key ${key} (coll'${collection}':ns'${namespace}') in tx ${blockNum}:${txNum} failed: ${problem}`;
        }
        anyPolicyChecked = true;
        return undefined;
      };
      // Fabric's order: public writes, public metadata writes, then each collection's writes, then its metadata writes.
      for (const key of [...writes.writes, ...writes.metadataWrites]) {
        const failure = keyFails('', key, chaincodePolicyFails);
        if (failure) return failure;
      }
      for (const kind of ['writes', 'metadataWrites'] as const) {
        for (const collection of collections) {
          for (const keyHash of collection[kind]) {
            const failure = keyFails(collection.collection, hex(keyHash), () => collectionPolicyFails(collection));
            if (failure) return failure;
          }
        }
      }
      if (!anyPolicyChecked) {
        const failure = chaincodePolicyFails();
        if (failure) return failure;
      }
      // This transaction's endorsement holds for the namespace: later ones may not rely on the old parameters.
      for (const key of writes.metadataWrites) this.#updatedInBlock.add(keyId(namespace, '', key));
      for (const { collection, metadataWrites } of collections) {
        for (const keyHash of metadataWrites) this.#updatedInBlock.add(keyId(namespace, collection, hex(keyHash)));
      }
    }
    return undefined;
  }

  /** Key-level policies repeat across keys (one per owner or org set), so each is compiled once per block. */
  #compile(parameter: Uint8Array): SignerSetPredicate | Error {
    const cacheKey = Buffer.from(parameter).toString('base64');
    let compiled = this.#compiled.get(cacheKey);
    if (compiled === undefined) {
      try {
        compiled = compileSignaturePolicy(fromSignaturePolicyEnvelope(parameter));
      } catch (err) {
        compiled = new Error(`invalid key-level endorsement policy: ${(err as Error).message}`);
      }
      if (this.#compiled.size >= COMPILED_CACHE_LIMIT) this.#compiled.clear();
      this.#compiled.set(cacheKey, compiled);
    }
    return compiled;
  }
}

/** Collection names are never empty, so public keys ('' collection) and hashed keys cannot collide. */
function keyId(namespace: string, collection: string, key: string): string {
  return `${namespace}\u0000${collection}\u0000${key}`;
}

function hex(keyHash: Uint8Array): string {
  return Buffer.from(keyHash).toString('hex');
}
