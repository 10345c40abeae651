import {
  ResponderBuilder,
  ServerInterceptingCall,
  ServerListenerBuilder,
  status as GrpcStatus,
  type ServerInterceptor,
} from '@grpc/grpc-js';
import { Counter, Histogram, type Registry } from 'prom-client';
import { LabelledChildren } from './common-metrics';

/** Go's codes.Code.String() names, which Fabric puts in the `code` label. */
const GO_CODE_NAMES: Readonly<Record<number, string>> = {
  [GrpcStatus.OK]: 'OK',
  [GrpcStatus.CANCELLED]: 'Canceled',
  [GrpcStatus.UNKNOWN]: 'Unknown',
  [GrpcStatus.INVALID_ARGUMENT]: 'InvalidArgument',
  [GrpcStatus.DEADLINE_EXCEEDED]: 'DeadlineExceeded',
  [GrpcStatus.NOT_FOUND]: 'NotFound',
  [GrpcStatus.ALREADY_EXISTS]: 'AlreadyExists',
  [GrpcStatus.PERMISSION_DENIED]: 'PermissionDenied',
  [GrpcStatus.RESOURCE_EXHAUSTED]: 'ResourceExhausted',
  [GrpcStatus.FAILED_PRECONDITION]: 'FailedPrecondition',
  [GrpcStatus.ABORTED]: 'Aborted',
  [GrpcStatus.OUT_OF_RANGE]: 'OutOfRange',
  [GrpcStatus.UNIMPLEMENTED]: 'Unimplemented',
  [GrpcStatus.INTERNAL]: 'Internal',
  [GrpcStatus.UNAVAILABLE]: 'Unavailable',
  [GrpcStatus.DATA_LOSS]: 'DataLoss',
  [GrpcStatus.UNAUTHENTICATED]: 'Unauthenticated',
};

type Kind = 'unary' | 'stream';

/**
 * Fabric's grpc_server_* metrics (common/grpcmetrics) for one gRPC server, gathered by a server interceptor:
 * requests received and completed (with the status code) and their duration, plus messages on streams. Service
 * and method labels are Fabric's: `/gateway.Gateway/Evaluate` gives service `gateway_Gateway`, method `Evaluate`.
 */
export class GrpcServerMetrics {
  readonly #received: Record<Kind, LabelledChildren<Counter.Internal>>;
  readonly #completed: Record<Kind, LabelledChildren<Counter.Internal>>;
  readonly #duration: Record<Kind, LabelledChildren<Histogram.Internal<string>>>;
  readonly #messagesReceived: LabelledChildren<Counter.Internal>;
  readonly #messagesSent: LabelledChildren<Counter.Internal>;

  constructor(registry: Registry) {
    const counter = (name: string, help: string, labelNames: string[]) => {
      const metric = new Counter({ name: `grpc_server_${name}`, help, labelNames, registers: [registry] });
      return new LabelledChildren((values) => metric.labels(...values));
    };
    const histogram = (name: string, help: string) => {
      const metric = new Histogram({
        name: `grpc_server_${name}`,
        help,
        labelNames: ['service', 'method', 'code'],
        registers: [registry],
      });
      return new LabelledChildren((values) => metric.labels(...values));
    };
    this.#received = {
      unary: counter('unary_requests_received', 'The number of unary requests received.', ['service', 'method']),
      stream: counter('stream_requests_received', 'The number of stream requests received.', ['service', 'method']),
    };
    const completedLabels = ['service', 'method', 'code'];
    this.#completed = {
      unary: counter('unary_requests_completed', 'The number of unary requests completed.', completedLabels),
      stream: counter('stream_requests_completed', 'The number of stream requests completed.', completedLabels),
    };
    this.#duration = {
      unary: histogram('unary_request_duration', 'The time to complete a unary request.'),
      stream: histogram('stream_request_duration', 'The time to complete a stream request.'),
    };
    this.#messagesReceived = counter('stream_messages_received', 'The number of stream messages received.', [
      'service',
      'method',
    ]);
    this.#messagesSent = counter('stream_messages_sent', 'The number of stream messages sent.', ['service', 'method']);
  }

  /** The interceptor to pass in the gRPC server's `interceptors` option. */
  readonly interceptor: ServerInterceptor = (method, call) => {
    const [service, name] = serviceMethod(method.path);
    const kind: Kind = method.requestStream || method.responseStream ? 'stream' : 'unary';
    const started = performance.now();
    this.#received[kind].get(service, name).inc();
    const responder = new ResponderBuilder().withSendStatus((status, next) => {
      const code = GO_CODE_NAMES[status.code] ?? String(status.code);
      this.#completed[kind].get(service, name, code).inc();
      this.#duration[kind].get(service, name, code).observe((performance.now() - started) / 1000);
      next(status);
    });
    if (kind === 'stream') {
      const sent = this.#messagesSent.get(service, name);
      const received = this.#messagesReceived.get(service, name);
      responder.withSendMessage((message, next) => {
        sent.inc();
        next(message);
      });
      responder.withStart((next) =>
        next(
          new ServerListenerBuilder()
            .withOnReceiveMessage((message, nextMessage) => {
              received.inc();
              nextMessage(message);
            })
            .build(),
        ),
      );
    }
    return new ServerInterceptingCall(call, responder.build());
  };
}

/** Fabric's grpcmetrics serviceMethod: dots become underscores, then `/service/method`. */
function serviceMethod(path: string): [string, string] {
  const parts = path.replaceAll('.', '_').split('/');
  return parts.length === 3 ? [parts[1], parts[2]] : ['unknown', 'unknown'];
}
