import { Counter, Histogram, Registry } from 'prom-client';
import type { CommittedBlock } from '../committer/commit-notifier';
import type { DeliverLabels, DeliverMetrics } from '../deliver/deliver-handler';
import type { EndorserMetrics } from '../endorser/endorser-metrics';
import type { ChannelRuntime } from '../gateway/network-view';
import { LabelledChildren, registerBlockchainHeight, registerFabricVersion } from './common-metrics';
import { GrpcServerMetrics } from './grpc-server-metrics';

/** Fabric's buckets for ledger timings (core/ledger/kvledger, common/ledger/blkstorage). */
const LEDGER_BUCKETS = [0.005, 0.01, 0.015, 0.05, 0.1, 1, 10];

/**
 * One org's peer metrics in its own registry, under Fabric's names and labels: endorser_*, deliver_*, ledger_*
 * (height, block processing and block storage commit time of the channels it has joined), grpc_server_* and
 * fabric_version. Counters and histograms only; the height is read when scraped.
 */
export class PeerMetrics implements EndorserMetrics, DeliverMetrics {
  readonly registry = new Registry();
  readonly grpc: GrpcServerMetrics;
  readonly #channels: ChannelRuntime[] = [];
  readonly #proposalsReceived: Counter;
  readonly #successfulProposals: Counter;
  readonly #proposalDuration: LabelledChildren<Histogram.Internal<string>>;
  readonly #simulationFailures: LabelledChildren<Counter.Internal>;
  readonly #endorsementFailures: LabelledChildren<Counter.Internal>;
  readonly #streamsOpened: Counter;
  readonly #streamsClosed: Counter;
  readonly #deliverReceived: LabelledChildren<Counter.Internal>;
  readonly #deliverCompleted: LabelledChildren<Counter.Internal>;
  readonly #blocksSent: LabelledChildren<Counter.Internal>;
  readonly #blockProcessing: LabelledChildren<Histogram.Internal<string>>;
  readonly #storageCommit: LabelledChildren<Histogram.Internal<string>>;

  constructor() {
    const registers = [this.registry];
    const counter = (name: string, help: string) => new Counter({ name, help, registers });
    const labelledCounter = (name: string, help: string, labelNames: string[]) => {
      const metric = new Counter({ name, help, labelNames, registers });
      return new LabelledChildren((values) => metric.labels(...values));
    };
    const labelledHistogram = (name: string, help: string, labelNames: string[], buckets?: number[]) => {
      const metric = new Histogram({ name, help, labelNames, registers, ...(buckets ? { buckets } : {}) });
      return new LabelledChildren((values) => metric.labels(...values));
    };
    registerFabricVersion(this.registry);
    registerBlockchainHeight(this.registry, () => this.#channels.map((channel) => channel.ledger));
    this.grpc = new GrpcServerMetrics(this.registry);

    this.#proposalsReceived = counter('endorser_proposals_received', 'The number of proposals received.');
    this.#successfulProposals = counter('endorser_successful_proposals', 'The number of successful proposals.');
    this.#proposalDuration = labelledHistogram('endorser_proposal_duration', 'The time to complete a proposal.', [
      'channel',
      'chaincode',
      'success',
    ]);
    this.#simulationFailures = labelledCounter(
      'endorser_proposal_simulation_failures',
      'The number of failed proposal simulations',
      ['channel', 'chaincode'],
    );
    this.#endorsementFailures = labelledCounter('endorser_endorsement_failures', 'The number of failed endorsements.', [
      'channel',
      'chaincode',
      'chaincodeerror',
    ]);

    this.#streamsOpened = counter(
      'deliver_streams_opened',
      'The number of GRPC streams that have been opened for the deliver service.',
    );
    this.#streamsClosed = counter(
      'deliver_streams_closed',
      'The number of GRPC streams that have been closed for the deliver service.',
    );
    const deliverLabels = ['channel', 'filtered', 'data_type'];
    this.#deliverReceived = labelledCounter(
      'deliver_requests_received',
      'The number of deliver requests that have been received.',
      deliverLabels,
    );
    this.#deliverCompleted = labelledCounter(
      'deliver_requests_completed',
      'The number of deliver requests that have been completed.',
      [...deliverLabels, 'success'],
    );
    this.#blocksSent = labelledCounter(
      'deliver_blocks_sent',
      'The number of blocks sent by the deliver service.',
      deliverLabels,
    );

    this.#blockProcessing = labelledHistogram(
      'ledger_block_processing_time',
      'Time taken in seconds for ledger block processing.',
      ['channel'],
      LEDGER_BUCKETS,
    );
    this.#storageCommit = labelledHistogram(
      'ledger_blockstorage_commit_time',
      'Time taken in seconds for committing the block to storage.',
      ['channel'],
      LEDGER_BUCKETS,
    );
  }

  /** Reports a channel the peer has joined: its height, and the timing of each block it commits. */
  watchChannel(channel: ChannelRuntime): void {
    this.#channels.push(channel);
    const processing = this.#blockProcessing.get(channel.name);
    const storage = this.#storageCommit.get(channel.name);
    channel.notifier.onBlock((block: CommittedBlock) => {
      if (!block.timing) return;
      processing.observe(block.timing.processingSeconds);
      storage.observe(block.timing.storageCommitSeconds);
    });
  }

  proposalReceived(): void {
    this.#proposalsReceived.inc();
  }

  proposalCompleted(outcome: Parameters<EndorserMetrics['proposalCompleted']>[0]): void {
    const success = outcome.status < 400;
    this.#proposalDuration.get(outcome.channel, outcome.chaincode, String(success)).observe(outcome.seconds);
    if (success) this.#successfulProposals.inc();
    else if (!outcome.simulated) this.#simulationFailures.get(outcome.channel, outcome.chaincode).inc();
    else this.#endorsementFailures.get(outcome.channel, outcome.chaincode, 'true').inc();
  }

  streamOpened(): void {
    this.#streamsOpened.inc();
  }

  streamClosed(): void {
    this.#streamsClosed.inc();
  }

  requestReceived(labels: DeliverLabels): void {
    this.#deliverReceived.get(...deliverValues(labels)).inc();
  }

  requestCompleted(labels: DeliverLabels, success: boolean): void {
    this.#deliverCompleted.get(...deliverValues(labels), String(success)).inc();
  }

  blockSent(labels: DeliverLabels): void {
    this.#blocksSent.get(...deliverValues(labels)).inc();
  }
}

function deliverValues(labels: DeliverLabels): [string, string, string] {
  return [labels.channel, String(labels.filtered), labels.dataType];
}
