import type { ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { gateway } from '@hyperledger/fabric-protos';
import { streamChaincodeEvents } from './chaincode-events';
import { commitStatus } from './commit-status';
import { endorse } from './endorse';
import { evaluate } from './evaluate';
import type { GatewayOptions } from './gateway-options';
import { asServiceError, cancellableUnary, unary } from './grpc-handlers';
import { submit } from './submit';
import { authoriseSignedRequest } from './signed-request';
import { endCallWithError } from '../wire';

export type { GatewayOptions } from './gateway-options';

/**
 * One org's `gateway.Gateway` service (Evaluate, Endorse, Submit, CommitStatus, ChaincodeEvents), with the
 * status codes, messages and ErrorDetail entries a Fabric 2.5 peer's gateway produces. Each request kind
 * lives in its own module.
 */
export function gatewayService(options: GatewayOptions): UntypedServiceImplementation {
  return {
    evaluate: unary((request: gateway.EvaluateRequest) => evaluate(options, request)),
    endorse: unary((request: gateway.EndorseRequest) => endorse(options, request)),
    submit: unary(async (request: gateway.SubmitRequest) => submit(options, request)),
    commitStatus: cancellableUnary((request: gateway.SignedCommitStatusRequest, signal) =>
      commitStatus(options, request, signal),
    ),
    chaincodeEvents(
      call: ServerWritableStream<gateway.SignedChaincodeEventsRequest, gateway.ChaincodeEventsResponse>,
    ): void {
      streamChaincodeEvents(call, options.network, authoriseSignedRequest).catch((err: unknown) =>
        // destroy() would drop the status and leave the client waiting; ending the call sends it.
        endCallWithError(call, asServiceError(err)),
      );
    },
  };
}
