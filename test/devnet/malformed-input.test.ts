import { expect } from 'chai';
import * as grpc from '@grpc/grpc-js';
import { common, gateway, peer } from '@hyperledger/fabric-protos';
import { nodeCryptoSigner } from '@scenechain/devnet';
import { startTestDevnet } from '../support/devnet';
import { connectClient, type TestClient } from '../support/fabric-client';
import { rawListenerClient, type ChaincodeClientTls } from '../support/chaincode-listener-client';
import { rawBidiCall, rawPeerClient, rawServerStreamCall, rawUnaryCall } from '../support/grpc-client';
import { prng } from '../support/prng';

const CHANNEL = 'testchannel';
const utf8 = new TextDecoder();
/** Issue 8's attack: field 1, length-delimited, claiming 2^32 - 1 bytes; google-protobuf 3.21 loops on it. */
const SIX_BYTES = Buffer.from('0affffffff0f', 'hex');
/** The same claim made by field 5 (ChannelHeader.tx_id). */
const HUGE_TX_ID = Buffer.from('2affffffff0f', 'hex');

function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const at = Math.floor(random() * bytes.length);
  switch (Math.floor(random() * 4)) {
    case 0: {
      const copy = Uint8Array.from(bytes);
      copy[at] = Math.floor(random() * 256);
      return copy;
    }
    case 1:
      return Uint8Array.from([...bytes.subarray(0, at), 0xff, 0xff, 0xff, 0xff, 0x0f, ...bytes.subarray(at)]);
    case 2:
      return bytes.subarray(0, at);
    default: {
      const copy = Uint8Array.from(bytes);
      copy.fill(0xff, at, at + 1 + Math.floor(random() * 5));
      return copy;
    }
  }
}

describe('dev network: no input can stop the network', function () {
  this.timeout(120_000);
  let net: Awaited<ReturnType<typeof startTestDevnet>>;
  let org1: TestClient;
  let org2: TestClient;
  let raw: grpc.Client;

  before(async () => {
    net = await startTestDevnet();
    org1 = connectClient(net, 'Org1MSP');
    org2 = connectClient(net, 'Org2MSP');
    raw = rawPeerClient(net, 'Org1MSP');
  });

  after(async () => {
    raw?.close();
    org1?.close();
    org2?.close();
    await net?.dispose();
  });

  /** A correctly signed Evaluate request for `get key` as Org1's User1, with its parts for tampering. */
  async function evaluateRequest(key: string) {
    const proposed = gateway.ProposedTransaction.deserializeBinary(
      org1
        .contract(CHANNEL, 'probe')
        .newProposal('get', { arguments: [key] })
        .getBytes(),
    );
    const signed = proposed.getProposal()!;
    const proposal = peer.Proposal.deserializeBinary(signed.getProposalBytes_asU8());
    const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
    const sign = nodeCryptoSigner(net.identity('Org1MSP').keyPem);
    /** Re-assembles the request around (possibly tampered) header and proposal bytes, signing it again. */
    const assemble = async (parts: { channelHeader?: Uint8Array; proposalBytes?: Uint8Array }) => {
      const rebuiltHeader = new common.Header();
      rebuiltHeader.setChannelHeader(parts.channelHeader ?? header.getChannelHeader_asU8());
      rebuiltHeader.setSignatureHeader(header.getSignatureHeader_asU8());
      const rebuilt = new peer.Proposal();
      rebuilt.setHeader(rebuiltHeader.serializeBinary());
      rebuilt.setPayload(proposal.getPayload_asU8());
      const proposalBytes = parts.proposalBytes ?? rebuilt.serializeBinary();
      const signedProposal = new peer.SignedProposal();
      signedProposal.setProposalBytes(proposalBytes);
      signedProposal.setSignature(await sign(proposalBytes)); // the signer hashes, as with hash.none
      const request = new gateway.EvaluateRequest();
      request.setTransactionId(proposed.getTransactionId());
      request.setChannelId(CHANNEL);
      request.setProposedTransaction(signedProposal);
      return request.serializeBinary();
    };
    return { assemble, channelHeader: header.getChannelHeader_asU8(), proposalBytes: signed.getProposalBytes_asU8() };
  }

  async function stillServing(key: string): Promise<void> {
    await org2.contract(CHANNEL, 'probe').submitTransaction('put', key, 'served');
    expect(utf8.decode(await org1.contract(CHANNEL, 'probe').evaluateTransaction('get', key))).to.equal('served');
  }

  it('answers the six bytes at every unary Gateway RPC with INVALID_ARGUMENT and keeps serving', async () => {
    const types = {
      Evaluate: 'gateway.EvaluateRequest',
      Endorse: 'gateway.EndorseRequest',
      Submit: 'gateway.SubmitRequest',
      CommitStatus: 'gateway.SignedCommitStatusRequest',
    };
    // The other orgs serve a real transaction while the malformed requests arrive.
    const concurrent = stillServing('during-six-bytes');
    for (const [method, type] of Object.entries(types)) {
      const { error } = await rawUnaryCall(raw, `/gateway.Gateway/${method}`, SIX_BYTES);
      expect(error?.code, method).to.equal(grpc.status.INVALID_ARGUMENT);
      expect(error?.details, method).to.equal(`malformed ${type}: field 1 claims 4294967295 bytes but only 0 remain`);
    }
    await concurrent;
    await stillServing('after-six-bytes');
  });

  it('ends a ChaincodeEvents stream with a status for malformed or refused requests', async () => {
    const top = await rawServerStreamCall(raw, '/gateway.Gateway/ChaincodeEvents', SIX_BYTES);
    expect(top.status.code).to.equal(grpc.status.INVALID_ARGUMENT);
    expect(top.status.details).to.include('malformed gateway.SignedChaincodeEventsRequest');

    const nested = new gateway.SignedChaincodeEventsRequest();
    nested.setRequest(SIX_BYTES);
    nested.setSignature(Buffer.from('signature'));
    const inner = await rawServerStreamCall(raw, '/gateway.Gateway/ChaincodeEvents', nested.serializeBinary());
    expect(inner.status.code).to.equal(grpc.status.INVALID_ARGUMENT);
    expect(inner.status.details).to.equal(
      'invalid chaincode events request: malformed gateway.ChaincodeEventsRequest: field 1 claims 4294967295 bytes but only 0 remain',
    );

    const request = new gateway.ChaincodeEventsRequest();
    request.setChannelId(CHANNEL);
    request.setChaincodeId('probe');
    request.setIdentity(Buffer.from('not an identity'));
    const unsigned = new gateway.SignedChaincodeEventsRequest();
    unsigned.setRequest(request.serializeBinary());
    const refused = await rawServerStreamCall(raw, '/gateway.Gateway/ChaincodeEvents', unsigned.serializeBinary());
    expect(refused.status.code).to.equal(grpc.status.PERMISSION_DENIED);
    expect(refused.messages).to.have.length(0);
  });

  it('ends ChaincodeSupport/Register with a status when the first message is malformed or not REGISTER', async () => {
    // Past the listener's mutual TLS only with credentials the peer issued: those a compromised chaincode leaks.
    const leaked = JSON.parse(
      utf8.decode(await org1.contract(CHANNEL, 'probe').evaluateTransaction('LaunchCredentials:leak')),
    ) as ChaincodeClientTls;
    const listener = rawListenerClient(net.org('Org1MSP').chaincodeAddress, leaked);
    try {
      const path = '/protos.ChaincodeSupport/Register';
      const malformed = await rawBidiCall(listener, path, [SIX_BYTES], true);
      expect(malformed.status.code).to.equal(grpc.status.INVALID_ARGUMENT);
      expect(malformed.status.details).to.include('malformed protos.ChaincodeMessage');

      const register = new peer.ChaincodeMessage();
      register.setType(peer.ChaincodeMessage.Type.REGISTER);
      register.setPayload(SIX_BYTES);
      const badPayload = await rawBidiCall(listener, path, [register.serializeBinary()], true);
      expect(badPayload.status.code).to.equal(grpc.status.INVALID_ARGUMENT);
      expect(badPayload.status.details).to.equal(
        'malformed REGISTER message: malformed protos.ChaincodeID: field 1 claims 4294967295 bytes but only 0 remain',
      );

      const transaction = new peer.ChaincodeMessage();
      transaction.setType(peer.ChaincodeMessage.Type.TRANSACTION);
      transaction.setTxid('t1');
      const outOfOrder = await rawBidiCall(listener, path, [transaction.serializeBinary()], true);
      expect(outOfOrder.status.code).to.equal(grpc.status.FAILED_PRECONDITION);
      expect(outOfOrder.status.details).to.equal('First message needs to be a register');

      const silent = await rawBidiCall(listener, path, []);
      expect(silent.status.code).to.equal(grpc.status.UNKNOWN);
      expect(silent.status.details).to.equal('received EOF, ending chaincode support stream');
    } finally {
      listener.close();
    }
    await stillServing('after-register');
  });

  it('refuses the attack nested inside well-formed requests with the code Fabric gives at that place', async () => {
    const { assemble, channelHeader } = await evaluateRequest('nested');
    const tampered = Buffer.concat([channelHeader, HUGE_TX_ID]);
    for (const method of ['Evaluate', 'Endorse']) {
      // An EndorseRequest has the EvaluateRequest's first three fields, so the same bytes serve both.
      const { error } = await rawUnaryCall(
        raw,
        `/gateway.Gateway/${method}`,
        await assemble({ channelHeader: tampered }),
      );
      expect(error?.code, method).to.equal(grpc.status.INVALID_ARGUMENT);
      expect(error?.details, method).to.match(
        /^failed to unpack transaction proposal: malformed common\.ChannelHeader: field 5 claims 4294967295 bytes but only \d+ remain$/,
      );
    }

    const status = new gateway.SignedCommitStatusRequest();
    status.setRequest(SIX_BYTES);
    const commitStatus = await rawUnaryCall(raw, '/gateway.Gateway/CommitStatus', status.serializeBinary());
    expect(commitStatus.error?.code).to.equal(grpc.status.INVALID_ARGUMENT);
    expect(commitStatus.error?.details).to.include('invalid status request: malformed gateway.CommitStatusRequest');

    // A submitted envelope is the orderer's to judge: Fabric's gateway reports its BAD_REQUEST as ABORTED.
    const envelope = new common.Envelope();
    envelope.setPayload(SIX_BYTES);
    envelope.setSignature(Buffer.from('signature'));
    const submit = new gateway.SubmitRequest();
    submit.setTransactionId('t');
    submit.setChannelId(CHANNEL);
    submit.setPreparedTransaction(envelope);
    const heightBefore = net.height(CHANNEL);
    const submitted = await rawUnaryCall(raw, '/gateway.Gateway/Submit', submit.serializeBinary());
    expect(submitted.error?.code).to.equal(grpc.status.ABORTED);
    expect(submitted.error?.details).to.equal(
      'received unsuccessful response from orderer: status=BAD_REQUEST, info=could not determine channel ID: malformed common.Payload: field 1 claims 4294967295 bytes but only 0 remain',
    );
    await net.settle();
    expect(net.height(CHANNEL)).to.equal(heightBefore);
    await stillServing('after-nested');
  });

  it('answers every request of a bounded fuzz of mutated valid requests, then still serves', async () => {
    const random = prng(8);
    const { assemble, channelHeader, proposalBytes } = await evaluateRequest('fuzz');
    const valid = await assemble({});
    const answered = new Map<number, number>();
    for (let round = 0; round < 12; round++) {
      const batch = await Promise.all(
        Array.from({ length: 16 }, async (_, i) => {
          // Tamper at each level: the request itself, the signed proposal's bytes, the channel header.
          switch ((round * 16 + i) % 3) {
            case 0:
              return mutate(valid, random);
            case 1:
              return assemble({ proposalBytes: mutate(proposalBytes, random) });
            default:
              return assemble({ channelHeader: mutate(channelHeader, random) });
          }
        }),
      );
      const outcomes = await Promise.all(batch.map((body) => rawUnaryCall(raw, '/gateway.Gateway/Evaluate', body)));
      for (const { error } of outcomes) {
        const code = error?.code ?? grpc.status.OK;
        answered.set(code, (answered.get(code) ?? 0) + 1);
        expect(code, error?.details).to.not.equal(grpc.status.INTERNAL);
      }
    }
    expect([...answered.values()].reduce((a, b) => a + b)).to.equal(12 * 16);
    expect(answered.get(grpc.status.INVALID_ARGUMENT)).to.be.greaterThan(0);
    await stillServing('after-fuzz');
  });
});
