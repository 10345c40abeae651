import { common, peer, type ledger } from '@hyperledger/fabric-protos';
import { VALIDATION_PARAMETER } from '../ledger';
import type { PrivateRwSetBuilder } from './private-rwset';
import { compareUtf8 } from '../ledger/utf8-order';
import type { WritesetMetadata } from './writeset-metadata';
import { decode } from '../wire';

/**
 * The ChaincodeInterest a Fabric endorser returns with its response (core/endorser buildChaincodeInterest), which
 * the gateway uses to plan the remaining endorsements:
 * - a written key with a key-level policy (public or private) adds that policy to its namespace's KeyPolicies, and
 *   its namespace's call disregards the chaincode policy unless a public key without one is written too;
 * - a written private key without one makes its collection's policy needed (a call per collection);
 * - a namespace only read needs its chaincode policy; a collection read in plaintext needs its own call
 *   (`noPrivateReads` false), so only members are planned.
 * An empty validation parameter counts as none, as it does at validation.
 * @throws Error with Fabric's message when a stored key-level policy does not decode.
 */
export function chaincodeInterest(
  rwset: ledger.rwset.TxReadWriteSet,
  privateRwSet: PrivateRwSetBuilder,
  written: WritesetMetadata,
): peer.ChaincodeInterest {
  // namespace -> collection ('' = public) -> whether that policy is needed
  const required = new Map<string, Map<string, boolean>>();
  const keyPolicies = new Map<string, common.SignaturePolicyEnvelope[]>();
  for (const [ns, collections] of written) {
    const entry = new Map([['', false]]);
    required.set(ns, entry);
    for (const [coll, keys] of collections) {
      for (const metadata of keys.values()) {
        const parameter = metadata.get(VALIDATION_PARAMETER);
        if (parameter && parameter.length > 0) {
          keyPolicies.set(ns, [...(keyPolicies.get(ns) ?? []), signaturePolicy(parameter)]);
        } else {
          entry.set(coll, true);
        }
      }
    }
  }
  for (const nsRwSet of rwset.getNsRwsetList()) {
    if (!required.has(nsRwSet.getNamespace())) required.set(nsRwSet.getNamespace(), new Map([['', true]]));
  }
  for (const ns of privateRwSet.namespaces()) {
    for (const coll of privateRwSet.collections(ns)) {
      if (privateRwSet.readPlaintext(ns, coll)) required.get(ns)?.set(coll, true);
    }
  }

  const interest = new peer.ChaincodeInterest();
  for (const ns of [...required.keys()].sort(compareUtf8)) {
    const collections = required.get(ns)!;
    for (const coll of [...collections.keys()].sort(compareUtf8)) {
      const call = new peer.ChaincodeCall();
      call.setName(ns);
      if (coll === '') {
        const policies = keyPolicies.get(ns) ?? [];
        if (policies.length > 0) {
          call.setKeyPoliciesList(policies);
          call.setDisregardNamespacePolicy(!collections.get(''));
        } else if (!collections.get('')) {
          continue;
        }
      } else {
        call.setCollectionNamesList([coll]);
        call.setNoPrivateReads(!privateRwSet.readPlaintext(ns, coll));
      }
      interest.addChaincodes(call);
    }
  }
  return interest;
}

function signaturePolicy(bytes: Uint8Array): common.SignaturePolicyEnvelope {
  try {
    return decode(common.SignaturePolicyEnvelope, bytes);
  } catch (err) {
    throw new Error(`error unmarshalling SignaturePolicyEnvelope: ${(err as Error).message}`);
  }
}
