import { common } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { computeTxId } from '../endorser/proposal';
import { VALID } from '../ledger/types';
import { assembleBlock } from './build-block';
import { channelGroup, type ChannelConfigInput } from './config/channel-group';
import { newNonce, signatureHeaderBytes, type BlockSigner } from './signer';

export interface GenesisBlockInput extends ChannelConfigInput {
  readonly channelName: string;
  /** Channel header timestamp; whole seconds are kept, as Fabric writes it. */
  readonly timestamp: Date;
  /**
   * Orderer identity. With it the config envelope and the block carry its signatures, as when an orderer creates
   * a channel; without it both stay unsigned, exactly as `configtxgen -outputBlock` writes block 0.
   */
  readonly signer?: BlockSigner;
}

/** Channel header version of configtxgen's genesis factory. */
const GENESIS_MESSAGE_VERSION = 1;

/** Envelope{Payload{CONFIG header, ConfigEnvelope{Config{sequence 0, channel_group}}}}. */
function configTransaction(input: GenesisBlockInput): Uint8Array {
  const config = new common.Config();
  config.setSequence(0);
  config.setChannelGroup(channelGroup(input));
  const configEnvelope = new common.ConfigEnvelope();
  configEnvelope.setConfig(config);

  const creator = input.signer?.serialized ?? new Uint8Array(0);
  const nonce = newNonce();
  const timestamp = new Timestamp();
  timestamp.setSeconds(Math.floor(input.timestamp.getTime() / 1000));
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.CONFIG);
  channelHeader.setVersion(GENESIS_MESSAGE_VERSION);
  channelHeader.setTimestamp(timestamp);
  channelHeader.setChannelId(input.channelName);
  channelHeader.setTxId(computeTxId(nonce, creator));
  channelHeader.setEpoch(0);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeaderBytes(creator, nonce));
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(configEnvelope.serializeBinary());
  const payloadBytes = payload.serializeBinary();

  const envelope = new common.Envelope();
  envelope.setPayload(payloadBytes);
  if (input.signer) envelope.setSignature(input.signer.sign(payloadBytes));
  return envelope.serializeBinary();
}

/**
 * Block 0 of an application channel: one CONFIG transaction holding the full channel configuration. Metadata as
 * configtxgen writes it (LAST_CONFIG 0, SIGNATURES value OrdererBlockMetadata{last_config 0}, signed only when a
 * signer is given) plus the TRANSACTIONS_FILTER [VALID] a peer adds when it joins the channel. Deterministic
 * apart from the nonce (and signatures).
 */
export function buildGenesisBlock(input: GenesisBlockInput): common.Block {
  const contents = {
    number: 0,
    previousHash: new Uint8Array(0),
    envelopes: [configTransaction(input)],
    validationCodes: [VALID],
    lastConfigIndex: 0,
  };
  return assembleBlock(contents, input.signer);
}
