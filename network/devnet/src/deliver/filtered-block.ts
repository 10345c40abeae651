import { common, peer } from '@hyperledger/fabric-protos';
import { decode } from '../wire';

/**
 * The FilteredBlock Fabric's peer builds for DeliverFiltered (core/peer/deliverevents.go): per transaction its ID,
 * header type and validation code, and for endorser transactions the chaincode events of its actions without their
 * payloads (also for invalid transactions, as Fabric does). Envelopes that do not parse are left out; a payload that
 * does not parse fails the whole block.
 */
export function toFilteredBlock(block: common.Block): peer.FilteredBlock {
  const filtered = new peer.FilteredBlock();
  filtered.setNumber(block.getHeader()?.getNumber() ?? 0);
  const codes = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
  const transactions: peer.FilteredTransaction[] = [];
  block
    .getData()
    ?.getDataList_asU8()
    .forEach((envelopeBytes, txIndex) => {
      if (envelopeBytes.length === 0) return;
      let envelope: common.Envelope;
      try {
        envelope = decode(common.Envelope, envelopeBytes);
      } catch {
        return;
      }
      const payload = decode(common.Payload, envelope.getPayload_asU8());
      const header = payload.getHeader();
      if (!header) return;
      const channelHeader = decode(common.ChannelHeader, header.getChannelHeader_asU8());
      filtered.setChannelId(channelHeader.getChannelId());
      const transaction = new peer.FilteredTransaction();
      transaction.setTxid(channelHeader.getTxId());
      transaction.setType(channelHeader.getType() as common.HeaderTypeMap[keyof common.HeaderTypeMap]);
      transaction.setTxValidationCode(
        (codes?.[txIndex] ??
          peer.TxValidationCode.NOT_VALIDATED) as peer.TxValidationCodeMap[keyof peer.TxValidationCodeMap],
      );
      if (channelHeader.getType() === common.HeaderType.ENDORSER_TRANSACTION) {
        transaction.setTransactionActions(filteredActions(decode(peer.Transaction, payload.getData_asU8())));
      }
      transactions.push(transaction);
    });
  filtered.setFilteredTransactionsList(transactions);
  return filtered;
}

function filteredActions(transaction: peer.Transaction): peer.FilteredTransactionActions {
  const actions = new peer.FilteredTransactionActions();
  const chaincodeActions: peer.FilteredChaincodeAction[] = [];
  for (const action of transaction.getActionsList()) {
    const endorsed = decode(peer.ChaincodeActionPayload, action.getPayload_asU8()).getAction();
    if (!endorsed) continue;
    const responsePayload = decode(peer.ProposalResponsePayload, endorsed.getProposalResponsePayload_asU8());
    const chaincodeAction = decode(peer.ChaincodeAction, responsePayload.getExtension_asU8());
    const event = decode(peer.ChaincodeEvent, chaincodeAction.getEvents_asU8());
    if (event.getChaincodeId() === '') continue;
    const withoutPayload = new peer.ChaincodeEvent();
    withoutPayload.setTxId(event.getTxId());
    withoutPayload.setChaincodeId(event.getChaincodeId());
    withoutPayload.setEventName(event.getEventName());
    const filteredAction = new peer.FilteredChaincodeAction();
    filteredAction.setChaincodeEvent(withoutPayload);
    chaincodeActions.push(filteredAction);
  }
  actions.setChaincodeActionsList(chaincodeActions);
  return actions;
}
