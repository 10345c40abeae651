/** What an endorser reports per proposal (Fabric's endorser_* metrics). */
export interface EndorserMetrics {
  proposalReceived(): void;
  /** `status` is the proposal response's; `simulated` is false when the chaincode could not be run at all. */
  proposalCompleted(outcome: {
    channel: string;
    chaincode: string;
    seconds: number;
    status: number;
    simulated: boolean;
  }): void;
}
