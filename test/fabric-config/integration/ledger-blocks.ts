import type { Gateway } from '@hyperledger/fabric-gateway';
import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';

/** Every block of `channel` as the peer stores it, fetched through qscc (any channel member may read them). */
export async function channelBlocks(gateway: Gateway, channel: string): Promise<Buffer[]> {
  const qscc = gateway.getNetwork(channel).getContract('qscc');
  const height = common.BlockchainInfo.deserializeBinary(
    await qscc.evaluateTransaction('GetChainInfo', channel),
  ).getHeight();
  const blocks: Buffer[] = [];
  for (let number = 0; number < height; number++) {
    blocks.push(Buffer.from(await qscc.evaluateTransaction('GetBlockByNumber', channel, String(number))));
  }
  return blocks;
}

/**
 * A private write as the block records it: the collection, SHA-256 of the key and of the value (hex; empty for a
 * delete or a purge), and whether it purges the key.
 */
export interface HashedWrite {
  readonly namespace: string;
  readonly collection: string;
  readonly keyHash: string;
  readonly valueHash: string;
  readonly isPurge: boolean;
}

/** A transaction that wrote private data: who endorsed it (MSP IDs, sorted) and the hashes of its writes. */
export interface PrivateWriteTransaction {
  readonly txId: string;
  readonly endorsers: readonly string[];
  readonly writes: readonly HashedWrite[];
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The endorser transactions of a block that wrote private data (only their hashes are on the ledger). */
export function privateWriteTransactions(blockBytes: Uint8Array): PrivateWriteTransaction[] {
  const found: PrivateWriteTransaction[] = [];
  for (const envelopeBytes of common.Block.deserializeBinary(blockBytes).getData()!.getDataList_asU8()) {
    const payload = common.Payload.deserializeBinary(
      common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8(),
    );
    const header = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
    if (header.getType() !== common.HeaderType.ENDORSER_TRANSACTION) continue;
    for (const action of peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()) {
      const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction()!;
      const response = peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8());
      const results = peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8()).getResults_asU8();
      const writes = ledger.rwset.TxReadWriteSet.deserializeBinary(results)
        .getNsRwsetList()
        .flatMap((ns) =>
          ns.getCollectionHashedRwsetList().flatMap((collection) =>
            ledger.rwset.kvrwset.HashedRWSet.deserializeBinary(collection.getHashedRwset_asU8())
              .getHashedWritesList()
              .map((write) => ({
                namespace: ns.getNamespace(),
                collection: collection.getCollectionName(),
                keyHash: hex(write.getKeyHash_asU8()),
                valueHash: hex(write.getValueHash_asU8()),
                isPurge: write.getIsPurge(),
              })),
          ),
        );
      if (writes.length === 0) continue;
      const endorsers = endorsed
        .getEndorsementsList()
        .map((endorsement) => msp.SerializedIdentity.deserializeBinary(endorsement.getEndorser_asU8()).getMspid())
        .sort();
      found.push({ txId: header.getTxId(), endorsers, writes });
    }
  }
  return found;
}
