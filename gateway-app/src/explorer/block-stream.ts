import type { Gateway } from '@hyperledger/fabric-gateway';
import { decodeBlock, headerOf, type BlockHeaderFacts } from './block-decode';
import type { LedgerExplorer } from './ledger-explorer';

/** A new block as the explorer's live feed shows it: its header facts and what its transactions did. */
export interface BlockFeedEntry extends BlockHeaderFacts {
  /** `chaincode · function` of each transaction (`CONFIG` for configuration ones), in block order. */
  readonly actions: readonly string[];
  readonly valid: number;
}

/**
 * Blocks from `startBlock` on as the peer commits them, through the Deliver service (Fabric's block events, as
 * the caller's identity): the same on the dev network and a real peer. Each is decoded once, handed to the
 * explorer's block cache, and passed to `onBlock`. Answers a function that stops the stream; `onEnd` is called
 * once when the stream ends on its own (the peer went away), with the error if any.
 */
export async function followBlocks(options: {
  readonly gateway: Gateway;
  readonly channel: string;
  readonly ledger: LedgerExplorer;
  readonly startBlock: number;
  readonly onBlock: (entry: BlockFeedEntry) => void;
  readonly onEnd: (err?: Error) => void;
}): Promise<() => void> {
  const events = await options.gateway
    .getNetwork(options.channel)
    .getBlockEvents({ startBlock: BigInt(options.startBlock) });
  let stopped = false;
  void (async () => {
    try {
      for await (const block of events) {
        const decoded = decodeBlock(block.serializeBinary());
        options.ledger.remember(decoded);
        options.onBlock({
          ...headerOf(decoded),
          actions: decoded.transactions.map((t) => (t.chaincode ? `${t.chaincode} · ${t.function ?? ''}` : t.type)),
          valid: decoded.transactions.filter((t) => t.validationCode === 'VALID').length,
        });
      }
      if (!stopped) options.onEnd();
    } catch (err) {
      if (!stopped) options.onEnd(err as Error);
    }
  })();
  return () => {
    stopped = true;
    events.close();
  };
}
