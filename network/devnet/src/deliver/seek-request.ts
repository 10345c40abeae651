import { common, orderer } from '@hyperledger/fabric-protos';
import type { SignedData } from '../aclmgmt/channel-acl';
import { goDuration } from '../block/config/go-duration';
import { decode, type GeneratedMessageClass } from '../wire';

/** A seek envelope's parts that every later step needs. */
export interface SeekEnvelope {
  readonly channelId: string;
  readonly payload: common.Payload;
  /** The envelope as Fabric's access control sees it: payload, creator and signature. */
  readonly signedData: SignedData;
}

/** A seek request that cannot be served; Fabric answers BAD_REQUEST and logs `message`. */
export class BadSeekRequest extends Error {
  override readonly name = 'BadSeekRequest';
}

/**
 * Fabric's deliver parseEnvelope: payload with a header, channel and signature headers, and a channel header
 * timestamp within `timeWindowMs` of the server's clock (peer.authentication.timewindow). Like Fabric it does not
 * insist on the DELIVER_SEEK_INFO header type.
 */
export function parseSeekEnvelope(envelope: common.Envelope, now: number, timeWindowMs: number): SeekEnvelope {
  try {
    const payload = decodePart(common.Payload, envelope.getPayload_asU8(), 'payload');
    const header = payload.getHeader();
    if (!header) throw new BadSeekRequest('envelope has no header');
    const channelHeader = decodePart(common.ChannelHeader, header.getChannelHeader_asU8(), 'channel header');
    const signatureHeader = decodePart(common.SignatureHeader, header.getSignatureHeader_asU8(), 'signature header');
    const timestamp = channelHeader.getTimestamp();
    if (!timestamp) throw new BadSeekRequest('channel header in envelope must contain timestamp');
    const sent = timestamp.getSeconds() * 1000 + timestamp.getNanos() / 1e6;
    if (Math.abs(now - sent) > timeWindowMs) {
      throw new BadSeekRequest(
        `envelope timestamp ${isoTime(sent)} is more than ${goDuration(timeWindowMs)} apart from current server time ${isoTime(now)}`,
      );
    }
    return {
      channelId: channelHeader.getChannelId(),
      payload,
      signedData: {
        data: envelope.getPayload_asU8(),
        identity: signatureHeader.getCreator_asU8(),
        signature: envelope.getSignature_asU8(),
      },
    };
  } catch (err) {
    throw err instanceof BadSeekRequest ? err : new BadSeekRequest((err as Error).message);
  }
}

/** Decodes one part of a seek request, naming the part when it is malformed. */
function decodePart<T>(type: GeneratedMessageClass<T>, bytes: Uint8Array, what: string): T {
  try {
    return decode(type, bytes);
  } catch (err) {
    throw new BadSeekRequest(`${what}: ${(err as Error).message}`);
  }
}

/** The SeekInfo in the payload's data; BadSeekRequest when malformed. */
export function parseSeekInfo(payload: common.Payload): orderer.SeekInfo {
  try {
    return decodePart(orderer.SeekInfo, payload.getData_asU8(), 'seek info');
  } catch (err) {
    throw new BadSeekRequest(`malformed seekInfo payload: ${(err as Error).message}`);
  }
}

function isoTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
}
