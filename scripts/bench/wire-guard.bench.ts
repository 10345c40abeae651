/**
 * `node --require tsx/cjs scripts/bench/wire-guard.bench.ts`: what the dev network's wire guard costs per
 * Gateway/Evaluate request. Every message a peer decodes for one evaluate (the request, then the proposal,
 * its header, channel and signature headers, header extension, proposal payload, invocation spec and the
 * creator's SerializedIdentity) is checked by the guard and decoded by google-protobuf; the script times the
 * checks alone and the decodes alone over the same bytes. The last line is one JSON object.
 */
import { randomBytes } from 'node:crypto';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { common, gateway, msp, peer } from '@hyperledger/fabric-protos';
import { schemaOf, wireProblem, type GeneratedMessageClass } from '../../network/devnet/src/wire';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20_000);

/** One evaluate's messages as a peer meets them, outermost first, each with its class. */
function evaluateChain(): Array<[GeneratedMessageClass<unknown>, Uint8Array]> {
  const identity = new msp.SerializedIdentity();
  identity.setMspid('Org1MSP');
  // A P-256 certificate in PEM is about 850 bytes.
  identity.setIdBytes(
    Buffer.from(`-----BEGIN CERTIFICATE-----\n${randomBytes(600).toString('base64')}\n-----END CERTIFICATE-----\n`),
  );
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(identity.serializeBinary());
  signatureHeader.setNonce(randomBytes(24));

  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName('basic');
  const extension = new peer.ChaincodeHeaderExtension();
  extension.setChaincodeId(chaincodeId);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setChannelId('mychannel');
  channelHeader.setTxId(randomBytes(32).toString('hex'));
  const timestamp = new Timestamp();
  timestamp.fromDate(new Date());
  channelHeader.setTimestamp(timestamp);
  channelHeader.setExtension$(extension.serializeBinary());
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());

  const input = new peer.ChaincodeInput();
  input.setArgsList([Buffer.from('ReadAsset'), Buffer.from('asset1')]);
  const spec = new peer.ChaincodeSpec();
  spec.setType(peer.ChaincodeSpec.Type.NODE);
  spec.setChaincodeId(chaincodeId);
  spec.setInput(input);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(spec);
  const payload = new peer.ChaincodeProposalPayload();
  payload.setInput(invocation.serializeBinary());
  const proposal = new peer.Proposal();
  proposal.setHeader(header.serializeBinary());
  proposal.setPayload(payload.serializeBinary());
  const signed = new peer.SignedProposal();
  signed.setProposalBytes(proposal.serializeBinary());
  signed.setSignature(randomBytes(71));
  const request = new gateway.EvaluateRequest();
  request.setTransactionId(channelHeader.getTxId());
  request.setChannelId('mychannel');
  request.setProposedTransaction(signed);

  return [
    [gateway.EvaluateRequest, request.serializeBinary()],
    [peer.Proposal, proposal.serializeBinary()],
    [common.Header, header.serializeBinary()],
    [common.ChannelHeader, channelHeader.serializeBinary()],
    [common.SignatureHeader, signatureHeader.serializeBinary()],
    [peer.ChaincodeHeaderExtension, extension.serializeBinary()],
    [peer.ChaincodeProposalPayload, payload.serializeBinary()],
    [peer.ChaincodeInvocationSpec, invocation.serializeBinary()],
    [msp.SerializedIdentity, identity.serializeBinary()],
  ] as Array<[GeneratedMessageClass<unknown>, Uint8Array]>;
}

function microsPerRound(round: () => void): number {
  for (let i = 0; i < ROUNDS / 10; i++) round(); // warm up
  const started = process.hrtime.bigint();
  for (let i = 0; i < ROUNDS; i++) round();
  return Number(process.hrtime.bigint() - started) / 1e3 / ROUNDS;
}

const chain = evaluateChain();
const schemas = chain.map(([type, bytes]) => [schemaOf(type), bytes] as const);
const guardMicros = microsPerRound(() => {
  for (const [schema, bytes] of schemas) if (wireProblem(schema, bytes) !== undefined) throw new Error('rejected');
});
const decodeMicros = microsPerRound(() => {
  for (const [type, bytes] of chain) type.deserializeBinary(bytes);
});
const bytes = chain.reduce((sum, [, message]) => sum + message.length, 0);
console.log(`one Gateway/Evaluate: ${chain.length} messages, ${bytes} bytes decoded in all`);
console.log(`wire guard checks: ${guardMicros.toFixed(2)} µs per request`);
console.log(`google-protobuf decodes: ${decodeMicros.toFixed(2)} µs per request`);
console.log(JSON.stringify({ messages: chain.length, bytes, guardMicros, decodeMicros, rounds: ROUNDS }));
