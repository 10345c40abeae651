import { Counter, Histogram, Registry } from 'prom-client';
import type { ChannelLedger } from '../ledger';
import type { BroadcastMetrics } from '../orderer/broadcast-metrics';
import { LabelledChildren, registerBlockchainHeight, registerFabricVersion } from './common-metrics';

/**
 * The ordering service's metrics in its own registry, under Fabric's names: broadcast_processed_count and
 * broadcast_validate_duration{channel, type, status}, ledger_blockchain_height{channel} and fabric_version.
 */
export class OrdererMetrics implements BroadcastMetrics {
  readonly registry = new Registry();
  readonly #ledgers: ChannelLedger[] = [];
  readonly #processed: LabelledChildren<Counter.Internal>;
  readonly #validateDuration: LabelledChildren<Histogram.Internal<string>>;

  constructor() {
    const registers = [this.registry];
    const labelNames = ['channel', 'type', 'status'];
    registerFabricVersion(this.registry);
    registerBlockchainHeight(this.registry, () => this.#ledgers);
    const processed = new Counter({
      name: 'broadcast_processed_count',
      help: 'The number of transactions processed.',
      labelNames,
      registers,
    });
    const validateDuration = new Histogram({
      name: 'broadcast_validate_duration',
      help: 'The time to validate a transaction in seconds.',
      labelNames,
      registers,
    });
    this.#processed = new LabelledChildren((values) => processed.labels(...values));
    this.#validateDuration = new LabelledChildren((values) => validateDuration.labels(...values));
  }

  /** Reports a channel the orderer serves. */
  watchLedger(ledger: ChannelLedger): void {
    this.#ledgers.push(ledger);
  }

  processed(channel: string, type: string, status: string, validateSeconds: number): void {
    this.#processed.get(channel, type, status).inc();
    this.#validateDuration.get(channel, type, status).observe(validateSeconds);
  }
}
