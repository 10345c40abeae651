/** Milliseconds since the epoch. Injected (app options) so expiry and throttling are testable without sleeping. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
