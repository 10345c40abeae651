import { Metadata, status, type ServiceError } from '@grpc/grpc-js';

/** A gRPC error status as grpc-js handlers pass it on: code, details, empty trailers. */
export function statusError(code: status, details: string): ServiceError {
  return Object.assign(new Error(`${status[code]}: ${details}`), { code, details, metadata: new Metadata() });
}

/**
 * Ends a server-streaming or bidirectional call with an error status. grpc-js sends a stream's status from the
 * stream's own 'error' listener followed by end(); `destroy(error)` would skip the status and leave the client
 * waiting for one.
 */
export function endCallWithError(call: { emit(event: 'error', error: ServiceError): boolean }, error: ServiceError) {
  call.emit('error', error);
}
