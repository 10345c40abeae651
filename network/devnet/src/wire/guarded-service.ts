import {
  status,
  type MethodDefinition,
  type Server,
  type ServiceDefinition,
  type ServiceError,
  type UntypedHandleCall,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { Readable } from 'node:stream';
import { endCallWithError, statusError } from './call-status';
import { decode, MalformedMessageError } from './decode';
import type { GeneratedMessageClass } from './message-schema';

/** A generated service method: grpc-tools also records the message classes. */
type GeneratedMethod = MethodDefinition<unknown, unknown> & {
  requestType?: GeneratedMessageClass<unknown>;
  responseType?: GeneratedMessageClass<unknown>;
};

/**
 * What a guarded request decoder yields for bytes that are not a valid request. grpc-js answers a decoder that
 * throws with INTERNAL, so the decoder returns this instead and the guarded handler answers INVALID_ARGUMENT.
 */
export class MalformedRequest {
  constructor(readonly error: MalformedMessageError) {}
}

/**
 * Adds a service to a gRPC server with every incoming message decoded by {@link decode}: a malformed request
 * (or, on a client or bidirectional stream, any malformed message) ends the call promptly with
 * INVALID_ARGUMENT and a message that names the type and the fault; the service's handler never sees it.
 */
export function addGuardedService(
  server: Server,
  definition: ServiceDefinition,
  implementation: UntypedServiceImplementation,
): void {
  server.addService(guardedServiceDefinition(definition), guardedImplementation(definition, implementation));
}

/** The definition with guarded request decoders (see {@link MalformedRequest}). */
export function guardedServiceDefinition(definition: ServiceDefinition): ServiceDefinition {
  return mapMethods(definition, (method) => {
    const type = messageType(method, 'requestType');
    return {
      ...method,
      requestDeserialize: (bytes: Buffer): unknown => {
        try {
          return decode(type, bytes);
        } catch (err) {
          if (err instanceof MalformedMessageError) return new MalformedRequest(err);
          throw err;
        }
      },
    };
  });
}

/**
 * The definition with guarded response decoders, for clients the dev network runs (e.g. dialling an external
 * chaincode server): a malformed response fails the call (grpc-js reports INTERNAL "Response message parsing
 * error: malformed ...") instead of reaching google-protobuf.
 */
export function guardedClientDefinition<D extends ServiceDefinition>(definition: D): D {
  return mapMethods(definition, (method) => {
    const type = messageType(method, 'responseType');
    return { ...method, responseDeserialize: (bytes: Buffer): unknown => decode(type, bytes) };
  }) as D;
}

/** Handlers that answer MalformedRequest values with INVALID_ARGUMENT before the real handler runs. */
export function guardedImplementation(
  definition: ServiceDefinition,
  implementation: UntypedServiceImplementation,
): UntypedServiceImplementation {
  const guarded: UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition)) {
    const handler = implementation[name] as ((...args: unknown[]) => void) | undefined;
    if (!handler) continue;
    guarded[name] = guardHandler(method, handler);
  }
  return guarded;
}

function guardHandler(method: MethodDefinition<unknown, unknown>, handler: (...args: unknown[]) => void) {
  if (!method.requestStream) {
    // Unary and server streaming: the one request is already decoded when the handler is called.
    return ((call: { request: unknown; emit(event: 'error', error: ServiceError): boolean }, callback?: unknown) => {
      if (!(call.request instanceof MalformedRequest)) return handler(call, callback);
      const error = invalidArgument(call.request.error);
      if (typeof callback === 'function') callback(error);
      else endCallWithError(call, error);
    }) as unknown as UntypedHandleCall;
  }
  // Client and bidirectional streams: grpc-js pushes each decoded message into the call's stream; a malformed
  // one ends the call instead of being pushed.
  return ((call: Readable, callback?: (error: ServiceError) => void) => {
    const push = call.push.bind(call);
    let ended = false;
    call.push = (chunk: unknown): boolean => {
      if (!(chunk instanceof MalformedRequest)) return ended ? false : push(chunk);
      if (!ended) {
        ended = true;
        const error = invalidArgument(chunk.error);
        if (callback) callback(error);
        else endCallWithError(call, error);
      }
      return false;
    };
    handler(call, callback);
  }) as unknown as UntypedHandleCall;
}

function invalidArgument(error: MalformedMessageError): ServiceError {
  return statusError(status.INVALID_ARGUMENT, error.message);
}

function messageType(method: GeneratedMethod, which: 'requestType' | 'responseType') {
  const type = method[which];
  if (!type) throw new Error(`method ${method.path} has no ${which}: not a grpc-tools generated definition`);
  return type;
}

function mapMethods(
  definition: ServiceDefinition,
  map: (method: GeneratedMethod) => MethodDefinition<unknown, unknown>,
): ServiceDefinition {
  return Object.fromEntries(
    Object.entries(definition).map(([name, method]) => [name, map(method as GeneratedMethod)]),
  ) as ServiceDefinition;
}
