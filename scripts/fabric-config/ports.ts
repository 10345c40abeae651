/**
 * Every TCP port the real network uses, named so operators can move any of them.
 *
 * Ports come from the topology where it names them; the rest (CAs, CouchDB, chaincode servers) follow fixed
 * rules from the nearest topology port. `--port-offset` shifts all of them and `--port KEY=PORT` sets one.
 */

/** One port claimed by one service. `key` is what `--port KEY=PORT` names. */
export interface PortClaim {
  readonly key: string;
  readonly port: number;
  /** Human description used in error messages: `peer0.regulator.example (operations)`. */
  readonly owner: string;
}

export interface PortOptions {
  /** Added to every port before overrides apply. */
  readonly offset?: number;
  /** Absolute ports by key; applied after the offset. */
  readonly overrides?: Readonly<Record<string, number>>;
}

export class NetworkPlanError extends Error {
  override readonly name = 'NetworkPlanError';
}

/**
 * Hands out ports: `claim` applies offset and override to a default and records the claim, `check` fails
 * when two services share a port or an override names a key nobody claimed.
 */
export class PortAllocator {
  private readonly claims: PortClaim[] = [];
  private readonly offset: number;
  private readonly overrides: ReadonlyMap<string, number>;

  constructor(options: PortOptions = {}) {
    this.offset = options.offset ?? 0;
    if (!Number.isInteger(this.offset))
      throw new NetworkPlanError(`port offset must be an integer, got ${this.offset}`);
    this.overrides = new Map(Object.entries(options.overrides ?? {}));
  }

  claim(key: string, defaultPort: number, owner: string): number {
    const override = this.overrides.get(key);
    const port = override ?? defaultPort + this.offset;
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new NetworkPlanError(`port for ${owner} (${key}) is ${port}, outside 1-65535`);
    }
    this.claims.push({ key, port, owner });
    return port;
  }

  /** All claims in the order they were made; throws on a shared port or an unknown override key. */
  check(): readonly PortClaim[] {
    const problems: string[] = [];
    const byPort = new Map<number, PortClaim>();
    for (const claim of this.claims) {
      const other = byPort.get(claim.port);
      if (other) problems.push(`port ${claim.port} is used by both ${other.owner} and ${claim.owner}`);
      else byPort.set(claim.port, claim);
    }
    const keys = new Set(this.claims.map((claim) => claim.key));
    for (const key of this.overrides.keys()) {
      if (!keys.has(key)) problems.push(`--port ${key}: no service has this port key (see network.sh ports)`);
    }
    if (problems.length > 0) throw new NetworkPlanError(problems.join('\n'));
    return [...this.claims];
  }
}

/** Parses `KEY=PORT` pairs as given to `--port`. */
export function parsePortOverrides(pairs: readonly string[]): Record<string, number> {
  const overrides: Record<string, number> = {};
  for (const pair of pairs) {
    const match = /^([^=\s]+)=(\d+)$/.exec(pair);
    if (!match) throw new NetworkPlanError(`--port expects KEY=PORT, got '${pair}'`);
    overrides[match[1]] = Number.parseInt(match[2], 10);
  }
  return overrides;
}
