import { ledger, peer } from '@hyperledger/fabric-protos';
import { decode } from '../wire';
import type { CheckedEnvelope } from './envelope-checks';
import { Invalid, parse } from './invalid-tx';

const Code = peer.TxValidationCode;

/** What the validation of an endorser transaction works on, once its chaincode action is consistent. */
export interface CheckedChaincodeAction {
  /** The chaincode invoked, as named by the header extension and the endorsed action alike. */
  readonly chaincodeName: string;
  readonly chaincodeAction: peer.ChaincodeAction;
  readonly txRwSet: ledger.rwset.TxReadWriteSet;
  /** The chaincode event, if the action carries one (its chaincode ID already checked). */
  readonly event?: peer.ChaincodeEvent;
}

/**
 * The checks of Fabric's validation plugin dispatcher before any policy is evaluated
 * (core/committer/txvalidator/v20/plugindispatcher/dispatcher.go), with its codes: the channel header's
 * ChaincodeHeaderExtension decodes (BAD_HEADER_EXTENSION); the endorsed ChaincodeAction decodes
 * (BAD_RESPONSE_PAYLOAD) and so does its read-write set (BAD_RWSET); both name a chaincode
 * (INVALID_OTHER_REASON), the same one, with a version (INVALID_CHAINCODE); a chaincode event decodes and
 * belongs to that chaincode (INVALID_OTHER_REASON); no namespace appears twice in the read-write set
 * (ILLEGAL_WRITESET).
 */
export function checkChaincodeAction({ channelHeader, responsePayload }: CheckedEnvelope): CheckedChaincodeAction {
  const extension = parse(
    () => decode(peer.ChaincodeHeaderExtension, channelHeader.getExtension_asU8()),
    Code.BAD_HEADER_EXTENSION,
  );
  const chaincodeAction = parse(
    () => decode(peer.ChaincodeAction, responsePayload.getExtension_asU8()),
    Code.BAD_RESPONSE_PAYLOAD,
  );
  const txRwSet = parse(() => decode(ledger.rwset.TxReadWriteSet, chaincodeAction.getResults_asU8()), Code.BAD_RWSET);
  const headerChaincode = extension.getChaincodeId();
  if (!headerChaincode) throw new Invalid(Code.INVALID_OTHER_REASON, 'nil ChaincodeId in header extension');
  const actionChaincode = chaincodeAction.getChaincodeId();
  if (!actionChaincode) throw new Invalid(Code.INVALID_OTHER_REASON, 'nil ChaincodeId in ChaincodeAction');
  const chaincodeName = headerChaincode.getName();
  if (!chaincodeName) throw new Invalid(Code.INVALID_CHAINCODE, 'invalid chaincode ID');
  if (chaincodeName !== actionChaincode.getName()) {
    throw new Invalid(Code.INVALID_CHAINCODE, `inconsistent ccid info (${chaincodeName}/${actionChaincode.getName()})`);
  }
  if (!actionChaincode.getVersion()) throw new Invalid(Code.INVALID_CHAINCODE, 'invalid chaincode version');

  let event: peer.ChaincodeEvent | undefined;
  const eventBytes = chaincodeAction.getEvents_asU8();
  if (eventBytes.length > 0) {
    event = parse(() => decode(peer.ChaincodeEvent, eventBytes), Code.INVALID_OTHER_REASON);
    if (event.getChaincodeId() !== chaincodeName) {
      throw new Invalid(
        Code.INVALID_OTHER_REASON,
        'chaincode event chaincode id does not match chaincode action chaincode id',
      );
    }
  }

  const namespaces = new Set<string>();
  for (const nsRwSet of txRwSet.getNsRwsetList()) {
    const namespace = nsRwSet.getNamespace();
    if (namespaces.has(namespace)) {
      throw new Invalid(Code.ILLEGAL_WRITESET, `duplicate namespace '${namespace}' in txRWSet`);
    }
    namespaces.add(namespace);
  }
  return { chaincodeName, chaincodeAction, txRwSet, event };
}
