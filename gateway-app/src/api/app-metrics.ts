import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RunnerObserver } from '../fabric/transaction-runner';

/** The app's Prometheus metrics (one registry per app instance, so tests can run several). */
export class AppMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'scenechain_http_requests_total',
    help: 'HTTP requests answered, by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'scenechain_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly fabricCalls = new Histogram({
    name: 'scenechain_fabric_call_duration_seconds',
    help: 'Fabric evaluate and submit (to commit) duration, by chaincode, transaction and outcome',
    labelNames: ['kind', 'chaincode', 'transaction', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly conflictRetries = new Counter({
    name: 'scenechain_fabric_conflict_retries_total',
    help: 'Submits endorsed again after an MVCC or phantom read conflict, or after endorsements that differed (ENDORSEMENT_MISMATCH)',
    labelNames: ['chaincode', 'transaction', 'validation_code'] as const,
    registers: [this.registry],
  });
  readonly eventsProjected = new Gauge({
    name: 'scenechain_read_model_events',
    help: 'Chaincode events in the read model, by scenario',
    labelNames: ['scenario'] as const,
    registers: [this.registry],
  });
  readonly checkpointBlock = new Gauge({
    name: 'scenechain_event_listener_checkpoint_block',
    help: 'Block number of each event listener checkpoint',
    labelNames: ['scenario'] as const,
    registers: [this.registry],
  });
  /** An operator's alarm: any increase means a stored document no longer matches its digest. */
  readonly corruptDocuments = new Counter({
    name: 'scenechain_documents_corrupt_total',
    help: 'Downloads refused because the stored copy of a document did not hash to its name',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  runnerObserver(): RunnerObserver {
    return {
      called: (call) =>
        this.fabricCalls.observe(
          { kind: call.kind, chaincode: call.chaincode, transaction: call.transaction, outcome: call.outcome },
          call.seconds,
        ),
      retried: (retry) =>
        this.conflictRetries.inc({
          chaincode: retry.chaincode,
          transaction: retry.transaction,
          validation_code: retry.validationCode,
        }),
    };
  }
}
