import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { gateway, google } from '@hyperledger/fabric-protos';
import { Any } from 'google-protobuf/google/protobuf/any_pb';

export interface ErrorDetailSpec {
  address: string;
  mspId: string;
  message: string;
}

/**
 * A gRPC error the way Fabric's gateway builds one: status code and message, plus a google.rpc.Status in
 * the `grpc-status-details-bin` trailer whose details are gateway.ErrorDetail entries. fabric-gateway
 * clients surface those entries as `err.details`.
 */
export function rpcError(code: GrpcStatus, message: string, details: readonly ErrorDetailSpec[] = []): ServiceError {
  const metadata = new Metadata();
  if (details.length > 0) {
    const status = new google.rpc.Status();
    status.setCode(code);
    status.setMessage(message);
    status.setDetailsList(
      details.map((detail) => {
        const errorDetail = new gateway.ErrorDetail();
        errorDetail.setAddress(detail.address);
        errorDetail.setMspId(detail.mspId);
        errorDetail.setMessage(detail.message);
        const any = new Any();
        any.pack(errorDetail.serializeBinary(), 'gateway.ErrorDetail');
        return any;
      }),
    );
    metadata.set('grpc-status-details-bin', Buffer.from(status.serializeBinary()));
  }
  return Object.assign(new Error(`${GrpcStatus[code]}: ${message}`), { code, details: message, metadata });
}

export function isServiceError(err: unknown): err is ServiceError {
  return err instanceof Error && typeof (err as Partial<ServiceError>).code === 'number' && 'metadata' in err;
}
