import { msp } from '@hyperledger/fabric-protos';
import { decode } from '../wire';

/** The creator / endorser bytes Fabric puts in headers: `msp.SerializedIdentity{mspid, id_bytes = cert PEM}`. */
export function serializeIdentity(mspId: string, certPem: string): Uint8Array {
  const message = new msp.SerializedIdentity();
  message.setMspid(mspId);
  message.setIdBytes(Buffer.from(certPem, 'utf8'));
  return message.serializeBinary();
}

export interface DecodedIdentity {
  readonly mspId: string;
  readonly idBytes: Uint8Array;
}

/** Decodes a SerializedIdentity; throws on bytes that are not one. */
export function parseSerializedIdentity(bytes: Uint8Array): DecodedIdentity {
  const message = decode(msp.SerializedIdentity, bytes);
  return { mspId: message.getMspid(), idBytes: message.getIdBytes_asU8() };
}
