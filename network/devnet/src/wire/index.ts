export { endCallWithError, statusError } from './call-status';
export { decode, guardedDeserializer, MalformedMessageError } from './decode';
export {
  addGuardedService,
  guardedClientDefinition,
  guardedImplementation,
  guardedServiceDefinition,
  MalformedRequest,
} from './guarded-service';
export { schemaOf, type FieldKind, type GeneratedMessageClass, type MessageSchema } from './message-schema';
export { MAX_NESTING, wireProblem } from './wire-check';
