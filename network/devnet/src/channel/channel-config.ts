import { common } from '@hyperledger/fabric-protos';
import type { ChannelLedger } from '../ledger';
import { ChannelConfigPolicies } from '../policy';
import { decode } from '../wire';

/** A channel's newest configuration as its ledger holds it: the Config of its last config block. */
export interface ChannelConfig {
  /** Number of the config block it comes from. */
  readonly blockNumber: number;
  /** The config block itself (serialized common.Block), as cscc GetConfigBlock returns it. */
  readonly blockBytes: Uint8Array;
  readonly config: common.Config;
  readonly policies: ChannelConfigPolicies;
}

interface Cached {
  readonly height: number;
  readonly config: Promise<ChannelConfig>;
}

const cache = new WeakMap<ChannelLedger, Cached>();

/**
 * The channel's newest configuration, found as a peer finds it: the newest block names the last config block
 * (OrdererBlockMetadata.last_config in its SIGNATURES metadata, else the LAST_CONFIG entry). Parsed once per
 * config block; looked up again only after new blocks.
 */
export function channelConfig(ledger: ChannelLedger): Promise<ChannelConfig> {
  const height = ledger.height();
  const cached = cache.get(ledger);
  if (cached?.height === height) return cached.config;
  const config = load(ledger, height, cached?.config);
  cache.set(ledger, { height, config });
  // A failed load is not kept: the next call tries again.
  config.catch(() => {
    if (cache.get(ledger)?.config === config) cache.delete(ledger);
  });
  return config;
}

async function load(
  ledger: ChannelLedger,
  height: number,
  previous: Promise<ChannelConfig> | undefined,
): Promise<ChannelConfig> {
  if (height === 0) throw new Error(`channel ${ledger.name} has no blocks`);
  const newest = await blockAt(ledger, height - 1);
  const blockNumber = lastConfigIndex(newest.block);
  const before = await previous?.catch(() => undefined);
  if (before?.blockNumber === blockNumber) return before;
  const { block, bytes } = blockNumber === height - 1 ? newest : await blockAt(ledger, blockNumber);
  const envelope = decode(common.Envelope, block.getData()!.getDataList_asU8()[0]);
  const payload = decode(common.Payload, envelope.getPayload_asU8());
  const config = decode(common.ConfigEnvelope, payload.getData_asU8()).getConfig();
  if (!config) throw new Error(`config block ${blockNumber} of channel ${ledger.name} holds no config`);
  return { blockNumber, blockBytes: bytes, config, policies: new ChannelConfigPolicies(config) };
}

async function blockAt(ledger: ChannelLedger, number: number): Promise<{ block: common.Block; bytes: Uint8Array }> {
  const bytes = await ledger.getBlock(number);
  if (!bytes) throw new Error(`block ${number} of channel ${ledger.name} is missing`);
  return { block: decode(common.Block, bytes), bytes };
}

/** Fabric's protoutil.GetLastConfigIndexFromBlock. */
function lastConfigIndex(block: common.Block): number {
  const entries = block.getMetadata()?.getMetadataList_asU8() ?? [];
  const signatures = entries[common.BlockMetadataIndex.SIGNATURES];
  if (signatures && signatures.length > 0) {
    const value = decode(common.Metadata, signatures).getValue_asU8();
    const lastConfig = decode(common.OrdererBlockMetadata, value).getLastConfig();
    if (lastConfig) return lastConfig.getIndex();
  }
  const legacy = entries[common.BlockMetadataIndex.LAST_CONFIG];
  if (!legacy || legacy.length === 0) return 0;
  return decode(common.LastConfig, decode(common.Metadata, legacy).getValue_asU8()).getIndex();
}
