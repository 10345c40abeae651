import { status as Code, type sendUnaryData, type ServerUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { isServiceError, rpcError } from './rpc-error';

/** A unary gRPC handler from an async function. */
export function unary<Req, Res>(handler: (request: Req) => Promise<Res>) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    handler(call.request).then(
      (response) => callback(null, response),
      (err: unknown) => callback(asServiceError(err)),
    );
  };
}

/**
 * A unary handler that waits (e.g. for a commit): the call's cancellation reaches it as an AbortSignal. Kept apart
 * from {@link unary} so that calls that never wait do not pay for a controller and a listener.
 */
export function cancellableUnary<Req, Res>(handler: (request: Req, signal: AbortSignal) => Promise<Res>) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    const controller = new AbortController();
    call.on('cancelled', () => controller.abort(new Error('cancelled')));
    unary((request: Req) => handler(request, controller.signal))(call, callback);
  };
}

/** Anything thrown by a handler as a gRPC status: service errors as they are, the rest as INTERNAL. */
export function asServiceError(err: unknown): ServiceError {
  if (isServiceError(err)) return err;
  return rpcError(Code.INTERNAL, err instanceof Error ? err.message : String(err));
}
