import { common, orderer } from '@hyperledger/fabric-protos';
import type { SignedData } from '../aclmgmt/channel-acl';
import { goDuration } from '../block/config/go-duration';
import { decodeChecked, SHAPES } from '../protos/well-framed';

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
    const payload = decodeChecked(
      (bytes) => common.Payload.deserializeBinary(bytes),
      envelope.getPayload_asU8(),
      SHAPES.payload,
      'payload',
    );
    const header = payload.getHeader();
    if (!header) throw new BadSeekRequest('envelope has no header');
    const channelHeader = decodeChecked(
      (bytes) => common.ChannelHeader.deserializeBinary(bytes),
      header.getChannelHeader_asU8(),
      SHAPES.channelHeader,
      'channel header',
    );
    const signatureHeader = decodeChecked(
      (bytes) => common.SignatureHeader.deserializeBinary(bytes),
      header.getSignatureHeader_asU8(),
      SHAPES.flat,
      'signature header',
    );
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

/** The SeekInfo in the payload's data; BadSeekRequest when malformed. */
export function parseSeekInfo(payload: common.Payload): orderer.SeekInfo {
  try {
    return decodeChecked(
      (bytes) => orderer.SeekInfo.deserializeBinary(bytes),
      payload.getData_asU8(),
      SHAPES.seekInfo,
      'seek info',
    );
  } catch (err) {
    throw new BadSeekRequest(`malformed seekInfo payload: ${(err as Error).message}`);
  }
}

function isoTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
}
