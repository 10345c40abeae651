import type { common } from '@hyperledger/fabric-protos';
import { goDuration } from '../block/config/go-duration';

/** The dev network's default peer.authentication.timewindow for proposals (Fabric's own default is 15 minutes). */
export const DEFAULT_TIME_WINDOW_MS = 5 * 60_000;

/** A clock as the peers read it: milliseconds since the epoch (Date.now unless a test injects one). */
export type Clock = () => number;

const NANOS_PER_MS = 1_000_000n;

/**
 * Fabric 3's TimeWindowCheck auth filter (core/handlers/auth/filter/timewindow.go): a proposal whose channel
 * header timestamp is more than `windowMs` before or after the peer's clock is refused before anything else
 * looks at it. Exact to the nanosecond, both ends inclusive as in Fabric; a missing timestamp counts as the
 * epoch, as Go's AsTime of a nil timestamp does. Returns Fabric's message, or undefined when the time is fine.
 */
export function timeWindowRefusal(
  channelHeader: common.ChannelHeader,
  nowMs: number,
  windowMs: number,
): string | undefined {
  const timestamp = channelHeader.getTimestamp();
  const sent = BigInt(timestamp?.getSeconds() ?? 0) * 1_000_000_000n + BigInt(timestamp?.getNanos() ?? 0);
  const now = BigInt(Math.floor(nowMs)) * NANOS_PER_MS;
  const window = BigInt(windowMs) * NANOS_PER_MS;
  if (sent + window >= now && sent - window <= now) return undefined;
  return (
    `request unauthorized due to incorrect timestamp ${rfc3339(sent)}, peer time ${rfc3339(now)}, ` +
    `peer.authentication.timewindow ${goDuration(windowMs)}`
  );
}

/** Go's time.RFC3339 in UTC: whole seconds, `Z`. */
function rfc3339(nanos: bigint): string {
  const ms = Number(nanos / NANOS_PER_MS - (nanos < 0n && nanos % NANOS_PER_MS !== 0n ? 1n : 0n));
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return `${nanos / 1_000_000_000n}s since the epoch`;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}
