import { Gauge, type Registry } from 'prom-client';
import type { ChannelLedger } from '../ledger';
import { FABRIC_VERSION } from './version';

/** Fabric's fabric_version{version} gauge, set to 1. */
export function registerFabricVersion(registry: Registry): void {
  const gauge = new Gauge({
    name: 'fabric_version',
    help: 'The active version of Fabric.',
    labelNames: ['version'],
    registers: [registry],
  });
  gauge.set({ version: FABRIC_VERSION }, 1);
}

/** Fabric's ledger_blockchain_height{channel}, read from the ledgers when scraped (no cost per block). */
export function registerBlockchainHeight(registry: Registry, ledgers: () => Iterable<ChannelLedger>): void {
  new Gauge({
    name: 'ledger_blockchain_height',
    help: 'Height of the chain in blocks.',
    labelNames: ['channel'],
    registers: [registry],
    collect() {
      for (const ledger of ledgers()) this.set({ channel: ledger.name }, ledger.height());
    },
  });
}

/**
 * Children of a labelled metric by label values, so the hot path pays one Map look-up instead of prom-client's
 * label hashing.
 */
export class LabelledChildren<Child> {
  readonly #children = new Map<string, Child>();

  constructor(private readonly make: (values: string[]) => Child) {}

  get(...values: string[]): Child {
    const key = values.join('\u0000');
    let child = this.#children.get(key);
    if (!child) {
      child = this.make(values);
      this.#children.set(key, child);
    }
    return child;
  }
}
