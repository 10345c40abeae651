/** What the ordering service reports per broadcast envelope (Fabric's broadcast_* metrics). */
export interface BroadcastMetrics {
  /** `type` is the header type's name (or `unknown`), `status` the Broadcast status name. */
  processed(channel: string, type: string, status: string, validateSeconds: number): void;
}
