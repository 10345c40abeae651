import { common } from '@hyperledger/fabric-protos';
import { decode } from '../wire';

/**
 * The channel header of a broadcast envelope, read as Fabric's protoutil.ChannelHeader reads it (the orderer routes
 * an envelope by it before any other check). Throws an Error with the reason Fabric gives when it cannot.
 */
export function envelopeChannelHeader(envelope: common.Envelope): common.ChannelHeader {
  let payload: common.Payload;
  try {
    payload = decode(common.Payload, envelope.getPayload_asU8());
  } catch (err) {
    throw new Error(`error unmarshalling Payload: ${(err as Error).message}`);
  }
  const header = payload.getHeader();
  if (!header) throw new Error('header not set');
  if (header.getChannelHeader_asU8().length === 0) throw new Error('channel header not set');
  try {
    return decode(common.ChannelHeader, header.getChannelHeader_asU8());
  } catch (err) {
    throw new Error(`error unmarshalling channel header: ${(err as Error).message}`);
  }
}
