import { isIPv4, isIPv6 } from 'node:net';
import type { Clock } from './clock';

export interface ThrottleSettings {
  /** Failed attempts on one username (any address) before it is locked. */
  readonly maxFailuresPerUser: number;
  /** Failed attempts from one client address (any usernames) before it is locked. */
  readonly maxFailuresPerAddress: number;
  /** Failures older than this are forgotten. */
  readonly windowSeconds: number;
  /** How long a lock lasts; every attempt meanwhile gets 429, even with the right password. */
  readonly lockSeconds: number;
  /** Most usernames (and, separately, addresses) tracked at once; bounds memory under a username spray. */
  readonly maxTracked: number;
}

/** An attempt refused: how long until the lock passes. */
export interface Throttled {
  readonly retryAfterSeconds: number;
  readonly scope: 'user' | 'address';
}

/** An attempt let through; report its outcome exactly once. */
export interface LoginAttempt {
  /** The password was right: the user's failures are forgotten (the address's are not). */
  succeeded(): void;
  failed(): void;
  /** The check itself broke (no verdict): counts nothing. */
  abandoned(): void;
}

interface Entry {
  failures: number;
  windowStart: number;
  lockedUntil: number;
  /** Attempts whose password check is still running: they count, so a parallel burst cannot outrun the limit. */
  inFlight: number;
}

/** Failure counters for one kind of key, in least-recently-touched order. */
class Counters {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxFailures: number,
    private readonly settings: ThrottleSettings,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Seconds until the key may try again (0: now). Counts a failure-in-waiting for in-flight attempts. */
  wait(key: string, now: number): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    if (entry.lockedUntil > now) return Math.ceil((entry.lockedUntil - now) / 1000);
    const failures = this.windowExpired(entry, now) ? 0 : entry.failures;
    return failures + entry.inFlight >= this.maxFailures ? 1 : 0;
  }

  begin(key: string, now: number): void {
    this.touch(key, now).inFlight += 1;
  }

  end(key: string, now: number, outcome: 'success' | 'failure' | 'none', resetOnSuccess: boolean): void {
    const entry = this.touch(key, now);
    entry.inFlight = Math.max(0, entry.inFlight - 1);
    if (outcome === 'success' && resetOnSuccess) {
      entry.failures = 0;
      entry.lockedUntil = 0;
    } else if (outcome === 'failure') {
      if (this.windowExpired(entry, now)) {
        entry.failures = 0;
        entry.windowStart = now;
      }
      entry.failures += 1;
      if (entry.failures >= this.maxFailures) {
        entry.lockedUntil = now + this.settings.lockSeconds * 1000;
        entry.failures = 0;
        entry.windowStart = entry.lockedUntil;
      }
    }
    if (entry.inFlight === 0 && entry.failures === 0 && entry.lockedUntil <= now) this.entries.delete(key);
  }

  private windowExpired(entry: Entry, now: number): boolean {
    return now - entry.windowStart >= this.settings.windowSeconds * 1000;
  }

  /** The key's entry, moved to the most-recent end; evicts when over the bound. */
  private touch(key: string, now: number): Entry {
    let entry = this.entries.get(key);
    if (entry) this.entries.delete(key);
    else entry = { failures: 0, windowStart: now, lockedUntil: 0, inFlight: 0 };
    this.entries.set(key, entry);
    if (this.entries.size > this.settings.maxTracked) this.evict(now, key);
    return entry;
  }

  /**
   * Drops forgotten entries, then the least recently touched unlocked ones, then (only when every tracked key
   * is locked) the oldest locks, down to 90% of the bound so eviction runs rarely.
   */
  private evict(now: number, keep: string): void {
    const target = Math.floor(this.settings.maxTracked * 0.9);
    const idle = (e: Entry) =>
      e.inFlight === 0 && e.lockedUntil <= now && (e.failures === 0 || this.windowExpired(e, now));
    const unlocked = (e: Entry) => e.inFlight === 0 && e.lockedUntil <= now;
    for (const test of [idle, unlocked, (e: Entry) => e.inFlight === 0]) {
      for (const [key, entry] of this.entries) {
        if (this.entries.size <= target) return;
        if (key !== keep && test(entry)) this.entries.delete(key);
      }
    }
  }
}

/**
 * Login throttling per username and per client address, in this process's memory. Both counters must allow
 * an attempt; failures count against both; a success clears the username's counter only (else one valid
 * account would let an address keep spraying others). Unknown usernames count like known ones, so a lock
 * tells nothing about which accounts exist. Counters are bounded (`maxTracked` each) and do not survive a
 * restart: only an operator restarts the app, and a restart costs an attacker as many attempts as one window.
 */
export class LoginThrottle {
  private readonly users: Counters;
  private readonly addresses: Counters;

  constructor(
    settings: ThrottleSettings,
    private readonly clock: Clock,
  ) {
    this.users = new Counters(settings.maxFailuresPerUser, settings);
    this.addresses = new Counters(settings.maxFailuresPerAddress, settings);
  }

  /** How many usernames and addresses are tracked now. */
  get tracked(): { users: number; addresses: number } {
    return { users: this.users.size, addresses: this.addresses.size };
  }

  /** Lets an attempt through, or answers how long to wait. Check before verifying the password. */
  begin(username: string, address: string): LoginAttempt | Throttled {
    const now = this.clock();
    const userKey = username.normalize('NFKC').toLowerCase();
    const addressKey = addressKeyOf(address);
    const userWait = this.users.wait(userKey, now);
    const addressWait = this.addresses.wait(addressKey, now);
    if (userWait > 0 || addressWait > 0)
      return userWait >= addressWait
        ? { retryAfterSeconds: userWait, scope: 'user' }
        : { retryAfterSeconds: addressWait, scope: 'address' };
    this.users.begin(userKey, now);
    this.addresses.begin(addressKey, now);
    let done = false;
    const end = (outcome: 'success' | 'failure' | 'none') => {
      if (done) return;
      done = true;
      const at = this.clock();
      this.users.end(userKey, at, outcome, true);
      this.addresses.end(addressKey, at, outcome, false);
    };
    return { succeeded: () => end('success'), failed: () => end('failure'), abandoned: () => end('none') };
  }
}

export function isThrottled(answer: LoginAttempt | Throttled): answer is Throttled {
  return 'retryAfterSeconds' in answer;
}

/**
 * IPv4 addresses as they are; IPv6 by their /64 network, since one subscriber commonly holds a whole /64 and
 * could otherwise rotate through addresses at will.
 */
export function addressKeyOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIPv4(address) || !isIPv6(address)) return address;
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
