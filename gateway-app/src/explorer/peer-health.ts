import type { Clock } from '../auth/clock';
import type { ConnectionPool } from '../fabric/connection-pool';
import type { NetworkDirectory } from '../fabric/network-directory';
import type { LedgerExplorer } from './ledger-explorer';

/** How long a check waits for each org's peer to connect. */
const PEER_PROBE_MS = 1_500;
/** How long a check's result is answered again before the peers are asked anew. */
export const PEER_HEALTH_MAX_AGE_MS = 10_000;

export interface PeerHealth {
  readonly mspId: string;
  readonly endpoint: string;
  /** `up`: the peer answered qscc GetChainInfo; `unreachable`: no connection; `failing`: connected, no answer. */
  readonly status: 'up' | 'unreachable' | 'failing';
  readonly height: number | null;
  /** Blocks this peer lacks against the highest peer (null when it did not answer). */
  readonly behind: number | null;
  readonly error?: string;
}

export interface PeerHealthReport {
  /** When the peers were asked (the app's clock). */
  readonly checkedAt: string;
  /** The highest ledger height any peer answered (0 when none did). */
  readonly highest: number;
  readonly peers: readonly PeerHealth[];
}

/**
 * The health of each org's peer the app knows (the topology or the connection profile): can the app connect,
 * and how tall is its ledger (qscc GetChainInfo as the org's User1). Checked on request, never on a timer; a
 * result is answered again until it is `maxAgeMs` old on the injected clock, and requests that arrive while a
 * check runs share it, so a busy explorer asks each peer at most once per period.
 */
export class PeerHealthMonitor {
  private last: { at: number; report: PeerHealthReport } | undefined;
  private running: Promise<PeerHealthReport> | undefined;

  constructor(
    private readonly options: {
      readonly pool: ConnectionPool;
      readonly directory: NetworkDirectory;
      readonly ledger: LedgerExplorer;
      readonly clock: Clock;
      readonly maxAgeMs?: number;
    },
  ) {}

  async report(): Promise<PeerHealthReport> {
    const { clock, maxAgeMs = PEER_HEALTH_MAX_AGE_MS } = this.options;
    if (this.last && clock() - this.last.at < maxAgeMs) return this.last.report;
    this.running ??= this.check().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async check(): Promise<PeerHealthReport> {
    const { pool, directory, ledger, clock } = this.options;
    const at = clock();
    const probed = await pool.probe(PEER_PROBE_MS);
    const answers = await Promise.all(
      probed.map(async ({ mspId, endpoint, ready }) => {
        if (!ready) return { mspId, endpoint, status: 'unreachable' as const, height: null };
        try {
          const info = await ledger.chainInfo(pool.gateway(directory.identity(mspId, 'User1')));
          return { mspId, endpoint, status: 'up' as const, height: info.height };
        } catch (err) {
          return { mspId, endpoint, status: 'failing' as const, height: null, error: (err as Error).message };
        }
      }),
    );
    const highest = Math.max(0, ...answers.map((p) => p.height ?? 0));
    const report: PeerHealthReport = {
      checkedAt: new Date(at).toISOString(),
      highest,
      peers: answers.map((p) => ({ ...p, behind: p.height === null ? null : highest - p.height })),
    };
    this.last = { at, report };
    return report;
  }
}
