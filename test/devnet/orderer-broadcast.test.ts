import path from 'node:path';
import { expect } from 'chai';
import * as grpc from '@grpc/grpc-js';
import { common, gateway, orderer, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { loadTopology, nodeCryptoSigner, type ClientIdentityFiles, type Devnet } from '@scenechain/devnet';
import { REFUSAL_REASON_TRAILER } from '../../network/devnet/src/deliver/peer-deliver-service';
import { serializeIdentity } from '../../network/devnet/src/identity';
import { presentedCertificate } from '../support/tls-probe';
import { REPO_ROOT, startTestDevnet } from '../support/devnet';
import { connectClient, type TestClient } from '../support/fabric-client';
import { rawDuplexCall, rawOrdererClient, type RawStreamResult } from '../support/grpc-client';

const TOPOLOGY = path.join(REPO_ROOT, 'test', 'fixtures', 'topology', 'devnet-two-channels.yaml');
const CHANNEL = 'testchannel';
/** Org1 and Org2 only: Org3's users are not members. */
const OTHER_CHANNEL = 'otherchannel';
const BROADCAST = '/orderer.AtomicBroadcast/Broadcast';
const DELIVER = '/orderer.AtomicBroadcast/Deliver';
/** The orderer's absolute maximum message size in this suite (small, so that an oversize envelope is cheap). */
const MAX_BYTES = 64 * 1024;
const Status = common.Status;
const { SeekBehavior } = orderer.SeekInfo;
const WRITERS_REFUSED =
  "implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the 'Writers' sub-policies to be satisfied: permission denied";
const utf8 = new TextDecoder();

interface Answer {
  status: number;
  info: string;
}

function broadcastAnswers(result: RawStreamResult): Answer[] {
  return result.responses.map((bytes) => {
    const response = orderer.BroadcastResponse.deserializeBinary(bytes);
    return { status: response.getStatus(), info: response.getInfo() };
  });
}

/** Signs an envelope payload as `identity` (low-S ECDSA over SHA-256, as Fabric clients do). */
async function signedEnvelope(payload: Uint8Array, identity: ClientIdentityFiles): Promise<Uint8Array> {
  const envelope = new common.Envelope();
  envelope.setPayload(payload);
  envelope.setSignature(await nodeCryptoSigner(identity.keyPem)(payload));
  return envelope.serializeBinary();
}

/** The payload of an envelope with its channel header and/or creator replaced. */
function rewritePayload(
  payloadBytes: Uint8Array,
  change: { channel?: string; type?: number; creator?: ClientIdentityFiles },
): Uint8Array {
  const payload = common.Payload.deserializeBinary(payloadBytes);
  const header = payload.getHeader()!;
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  if (change.channel !== undefined) channelHeader.setChannelId(change.channel);
  if (change.type !== undefined) channelHeader.setType(change.type);
  header.setChannelHeader(channelHeader.serializeBinary());
  if (change.creator) {
    const signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
    signatureHeader.setCreator(serializeIdentity(change.creator.mspId, change.creator.certPem));
    header.setSignatureHeader(signatureHeader.serializeBinary());
  }
  return payload.serializeBinary();
}

type Position = 'oldest' | 'newest' | number;

function position(value: Position): orderer.SeekPosition {
  const result = new orderer.SeekPosition();
  if (value === 'oldest') result.setOldest(new orderer.SeekOldest());
  else if (value === 'newest') result.setNewest(new orderer.SeekNewest());
  else {
    const specified = new orderer.SeekSpecified();
    specified.setNumber(value);
    result.setSpecified(specified);
  }
  return result;
}

interface Seek {
  channel?: string;
  start: Position;
  stop: Position;
  behavior?: orderer.SeekInfo.SeekBehaviorMap[keyof orderer.SeekInfo.SeekBehaviorMap];
  seekInfoBytes?: Uint8Array;
  tamper?: boolean;
}

/** A signed DELIVER_SEEK_INFO envelope, built independently of any SDK. */
async function seekEnvelope(identity: ClientIdentityFiles, seek: Seek): Promise<Uint8Array> {
  const info = new orderer.SeekInfo();
  info.setStart(position(seek.start));
  info.setStop(position(seek.stop));
  info.setBehavior(seek.behavior ?? SeekBehavior.BLOCK_UNTIL_READY);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.DELIVER_SEEK_INFO);
  channelHeader.setChannelId(seek.channel ?? CHANNEL);
  channelHeader.setTimestamp(Timestamp.fromDate(new Date()));
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(serializeIdentity(identity.mspId, identity.certPem));
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(seek.seekInfoBytes ?? info.serializeBinary());
  const envelope = common.Envelope.deserializeBinary(await signedEnvelope(payload.serializeBinary(), identity));
  if (seek.tamper) {
    const signature = Buffer.from(envelope.getSignature_asU8());
    signature[signature.length - 1] ^= 0x01;
    envelope.setSignature(signature);
  }
  return envelope.serializeBinary();
}

interface DeliverAnswer {
  blocks: common.Block[];
  statuses: number[];
  grpcCode: number;
  reason?: string;
}

function deliverAnswer(result: RawStreamResult): DeliverAnswer {
  const responses = result.responses.map((bytes) => orderer.DeliverResponse.deserializeBinary(bytes));
  return {
    blocks: responses.filter((r) => r.hasBlock()).map((r) => r.getBlock()!),
    statuses: responses
      .filter((r) => r.getTypeCase() === orderer.DeliverResponse.TypeCase.STATUS)
      .map((r) => r.getStatus()),
    grpcCode: result.status.code,
    reason: result.status.metadata.get(REFUSAL_REASON_TRAILER)[0]?.toString(),
  };
}

const numbers = (answer: DeliverAnswer): number[] => answer.blocks.map((block) => block.getHeader()!.getNumber());

/** The transaction IDs and validation codes of a block. */
function transactionsOf(block: common.Block): Array<{ txId: string; code: number }> {
  const codes = block.getMetadata()!.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
  return block
    .getData()!
    .getDataList_asU8()
    .map((bytes, index) => {
      const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(bytes).getPayload_asU8());
      const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
      return { txId: channelHeader.getTxId(), code: codes[index] };
    });
}

describe('dev network: the orderer endpoint (orderer.AtomicBroadcast)', function () {
  this.timeout(180_000);
  let net: Devnet & { dispose(): Promise<void> };
  let client: TestClient;
  let orderers: grpc.Client[];
  let counter = 0;

  before(async () => {
    const loaded = loadTopology(TOPOLOGY, REPO_ROOT);
    const topology = {
      ...loaded,
      // Two ordering nodes, as a raft cluster lists them: each must serve the same channels.
      ordererOrg: { ...loaded.ordererOrg, orderers: [...loaded.ordererOrg.orderers, { name: 'orderer2', port: 8050 }] },
      ordering: { ...loaded.ordering, absoluteMaxBytes: MAX_BYTES, preferredMaxBytes: MAX_BYTES },
    };
    net = await startTestDevnet({ topology, launch: 'lazy' });
    client = connectClient(net, 'Org1MSP');
    orderers = [rawOrdererClient(net, 0), rawOrdererClient(net, 1)];
  });
  after(async () => {
    for (const ordererClient of orderers ?? []) ordererClient.close();
    client?.close();
    await net?.dispose();
  });

  /**
   * A transaction endorsed through the real fabric-gateway client (`newProposal(...).endorse()`), and the envelope of
   * its prepared transaction signed by the client as `submit()` would sign it.
   */
  async function endorsed(value = 'v', signed = true): Promise<{ txId: string; key: string; envelope: Uint8Array }> {
    const key = `orderer-${++counter}`;
    const transaction = await client
      .contract(CHANNEL, 'probe')
      .newProposal('put', { arguments: [key, value] })
      .endorse();
    const envelope = gateway.PreparedTransaction.deserializeBinary(transaction.getBytes()).getEnvelope()!;
    if (signed)
      envelope.setSignature(await nodeCryptoSigner(net.identity('Org1MSP').keyPem)(envelope.getPayload_asU8()));
    return { txId: transaction.getTransactionId(), key, envelope: envelope.serializeBinary() };
  }

  async function valueOf(key: string): Promise<string> {
    return utf8.decode(await client.contract(CHANNEL, 'probe').evaluateTransaction('get', key));
  }

  it("serves TLS on each orderer's port with its own certificate from the orderer org's TLS CA", async () => {
    expect(net.orderers.map((o) => o.hostAlias)).to.deep.equal(['orderer.example.com', 'orderer2.example.com']);
    for (const orderer of net.orderers) {
      const certificate = await presentedCertificate(orderer.endpoint, orderer.tlsRootCertPem!, orderer.hostAlias);
      expect(certificate.subject).to.include(`CN=${orderer.hostAlias}`);
      expect(certificate.subjectAltName).to.include(`DNS:${orderer.hostAlias}`);
    }
    // A client that trusts a peer org's TLS CA instead does not accept the orderer.
    const { endpoint, hostAlias } = net.orderers[0];
    const refused = await presentedCertificate(endpoint, net.org('Org1MSP').tlsRootCertPem!, hostAlias).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(refused?.message).to.match(/unable to verify|self.signed/i);
  });

  describe('Broadcast', () => {
    it('admits an endorsed, signed transaction with SUCCESS; it commits VALID in the next block', async () => {
      const { txId, key, envelope } = await endorsed('from-broadcast');
      const height = net.height(CHANNEL);
      const result = await rawDuplexCall(orderers[0], BROADCAST, [envelope]);
      expect(result.status.code).to.equal(grpc.status.OK);
      expect(broadcastAnswers(result)).to.deep.equal([{ status: Status.SUCCESS, info: '' }]);
      await net.settle();
      expect(net.height(CHANNEL)).to.equal(height + 1);
      const block = common.Block.deserializeBinary((await net.block(CHANNEL, height))!);
      expect(transactionsOf(block)).to.deep.equal([{ txId, code: peer.TxValidationCode.VALID }]);
      expect(await valueOf(key)).to.equal('from-broadcast');
    });

    it('answers every envelope of a stream in order, and every orderer of the topology serves the channel', async () => {
      const first = await endorsed('one');
      const second = await endorsed('two');
      const third = await endorsed('three');
      const onFirst = await rawDuplexCall(orderers[0], BROADCAST, [first.envelope, second.envelope]);
      const onSecond = await rawDuplexCall(orderers[1], BROADCAST, [third.envelope]);
      expect(broadcastAnswers(onFirst).map((a) => a.status)).to.deep.equal([Status.SUCCESS, Status.SUCCESS]);
      expect(broadcastAnswers(onSecond).map((a) => a.status)).to.deep.equal([Status.SUCCESS]);
      await net.settle();
      expect([await valueOf(first.key), await valueOf(second.key), await valueOf(third.key)]).to.deep.equal([
        'one',
        'two',
        'three',
      ]);
    });

    it('commits a transaction broadcast twice only once: the second copy is a duplicate txid', async () => {
      const { txId, envelope } = await endorsed('twice');
      const height = net.height(CHANNEL);
      const result = await rawDuplexCall(orderers[0], BROADCAST, [envelope, envelope]);
      // The orderer does not look inside transactions; the committer marks the copy.
      expect(broadcastAnswers(result).map((a) => a.status)).to.deep.equal([Status.SUCCESS, Status.SUCCESS]);
      await net.settle();
      const codes: number[] = [];
      for (let number = height; number < net.height(CHANNEL); number++) {
        const block = common.Block.deserializeBinary((await net.block(CHANNEL, number))!);
        codes.push(
          ...transactionsOf(block)
            .filter((tx) => tx.txId === txId)
            .map((tx) => tx.code),
        );
      }
      expect(codes).to.deep.equal([peer.TxValidationCode.VALID, peer.TxValidationCode.DUPLICATE_TXID]);
    });

    describe("refuses bad envelopes with Fabric's status and info, orders nothing, and keeps serving", () => {
      const cases: Array<{ name: string; make: () => Promise<Uint8Array>; status: number; info: string | RegExp }> = [
        {
          name: 'a payload of garbage bytes',
          make: async () => signedEnvelope(Buffer.from([0x0a, 0x05, 0x01]), net.identity('Org1MSP')),
          status: Status.BAD_REQUEST,
          info: /^could not determine channel ID: error unmarshalling Payload: /,
        },
        {
          name: 'a payload without a header',
          make: async () => signedEnvelope(new common.Payload().serializeBinary(), net.identity('Org1MSP')),
          status: Status.BAD_REQUEST,
          info: 'could not determine channel ID: header not set',
        },
        {
          name: 'an unsigned transaction',
          make: async () => (await endorsed('unsigned', false)).envelope,
          status: Status.FORBIDDEN,
          info: WRITERS_REFUSED,
        },
        {
          name: 'a signature that does not verify',
          make: async () => {
            const envelope = common.Envelope.deserializeBinary((await endorsed('tampered')).envelope);
            const signature = Buffer.from(envelope.getSignature_asU8());
            signature[signature.length - 1] ^= 0x01;
            envelope.setSignature(signature);
            return envelope.serializeBinary();
          },
          status: Status.FORBIDDEN,
          info: WRITERS_REFUSED,
        },
        {
          name: 'a channel the orderer does not have',
          make: async () => {
            const payload = common.Envelope.deserializeBinary((await endorsed('nowhere')).envelope).getPayload_asU8();
            return signedEnvelope(rewritePayload(payload, { channel: 'nochannel' }), net.identity('Org1MSP'));
          },
          status: Status.BAD_REQUEST,
          info: 'channel creation request not allowed because the orderer system channel is not defined',
        },
        {
          name: 'a creator that is not a member of the channel (Org3 on otherchannel)',
          make: async () => {
            const org3 = net.identity('Org3MSP');
            const payload = common.Envelope.deserializeBinary((await endorsed('outsider')).envelope).getPayload_asU8();
            return signedEnvelope(rewritePayload(payload, { channel: OTHER_CHANNEL, creator: org3 }), org3);
          },
          status: Status.FORBIDDEN,
          info: WRITERS_REFUSED,
        },
        {
          name: 'a CONFIG message',
          make: async () => {
            const payload = common.Envelope.deserializeBinary((await endorsed('config')).envelope).getPayload_asU8();
            const config = rewritePayload(payload, { type: common.HeaderType.CONFIG });
            return signedEnvelope(config, net.identity('Org1MSP'));
          },
          status: Status.BAD_REQUEST,
          info: 'message is of type that cannot be processed directly',
        },
        {
          name: 'an envelope over AbsoluteMaxBytes',
          make: async () => (await endorsed('x'.repeat(MAX_BYTES))).envelope,
          status: Status.BAD_REQUEST,
          info: /^message payload is \d+ bytes and exceeds maximum allowed 65536 bytes$/,
        },
      ];
      for (const { name, make, status, info } of cases) {
        it(name, async () => {
          const bad = await make();
          const good = await endorsed('after-refusal');
          await net.settle();
          const height = net.height(CHANNEL);
          // As Fabric's broadcast handler: the refusal is the stream's last answer; what follows is not taken.
          const refused = await rawDuplexCall(orderers[0], BROADCAST, [bad, good.envelope]);
          expect(refused.status.code).to.equal(grpc.status.OK);
          const answers = broadcastAnswers(refused);
          expect(answers).to.have.length(1);
          expect(answers[0].status).to.equal(status);
          if (typeof info === 'string') expect(answers[0].info).to.equal(info);
          else expect(answers[0].info).to.match(info);
          await net.settle();
          expect(net.height(CHANNEL)).to.equal(height);

          const next = await rawDuplexCall(orderers[0], BROADCAST, [good.envelope]);
          expect(broadcastAnswers(next)).to.deep.equal([{ status: Status.SUCCESS, info: '' }]);
          await net.settle();
          expect(await valueOf(good.key)).to.equal('after-refusal');
        });
      }

      it('bytes that are no Envelope end the call with INVALID_ARGUMENT; the connection still serves', async () => {
        const refused = await rawDuplexCall(orderers[0], BROADCAST, [
          Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]),
        ]);
        expect(refused.status.code).to.equal(grpc.status.INVALID_ARGUMENT);
        expect(refused.responses).to.have.length(0);
        const good = await endorsed('after-garbage');
        const next = await rawDuplexCall(orderers[0], BROADCAST, [good.envelope]);
        expect(broadcastAnswers(next)).to.deep.equal([{ status: Status.SUCCESS, info: '' }]);
      });
    });
  });

  describe('Deliver', () => {
    async function deliver(seeks: Seek[], as = 'Org1MSP', ordererIndex = 0): Promise<DeliverAnswer> {
      const envelopes = await Promise.all(seeks.map((seek) => seekEnvelope(net.identity(as), seek)));
      return deliverAnswer(await rawDuplexCall(orderers[ordererIndex], DELIVER, envelopes));
    }

    before(async () => {
      // At least blocks 0-3 exist.
      while (net.height(CHANNEL) < 4) await client.contract(CHANNEL, 'probe').submitTransaction('put', 'seed', 'x');
    });

    it('newest: the newest block as stored, from every orderer', async () => {
      // Envelopes earlier tests broadcast may still be on their way into blocks.
      await net.settle();
      const height = net.height(CHANNEL);
      const stored = await net.block(CHANNEL, height - 1);
      for (const index of [0, 1]) {
        const answer = await deliver([{ start: 'newest', stop: 'newest' }], 'Org1MSP', index);
        expect(numbers(answer)).to.deep.equal([height - 1]);
        expect(Buffer.from(answer.blocks[0].serializeBinary())).to.deep.equal(Buffer.from(stored!));
        expect(answer.statuses).to.deep.equal([Status.SUCCESS]);
        expect(answer.grpcCode).to.equal(grpc.status.OK);
      }
    });

    it('oldest: the genesis config block', async () => {
      const answer = await deliver([{ start: 'oldest', stop: 'oldest' }]);
      expect(numbers(answer)).to.deep.equal([0]);
      const payload = common.Payload.deserializeBinary(
        common.Envelope.deserializeBinary(answer.blocks[0].getData()!.getDataList_asU8()[0]).getPayload_asU8(),
      );
      const type = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8()).getType();
      expect(type).to.equal(common.HeaderType.CONFIG);
      expect(answer.statuses).to.deep.equal([Status.SUCCESS]);
      // The channel's config names the orderers where they listen (what service discovery hands to clients).
      const config = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig()!;
      const addresses = (group: common.ConfigGroup, key: string): string[] =>
        common.OrdererAddresses.deserializeBinary(group.getValuesMap().get(key)!.getValue_asU8()).getAddressesList();
      const channelGroup = config.getChannelGroup()!;
      const ordererOrg = channelGroup.getGroupsMap().get('Orderer')!.getGroupsMap().get(net.topology.ordererOrg.mspId)!;
      const endpoints = net.orderers.map((o) => o.endpoint);
      expect(addresses(channelGroup, 'OrdererAddresses')).to.deep.equal(endpoints);
      expect(addresses(ordererOrg, 'Endpoints')).to.deep.equal(endpoints);
    });

    it('a specified range, then a second seek on the same stream', async () => {
      const answer = await deliver([
        { start: 1, stop: 3 },
        { start: 2, stop: 2 },
      ]);
      expect(numbers(answer)).to.deep.equal([1, 2, 3, 2]);
      expect(answer.statuses).to.deep.equal([Status.SUCCESS, Status.SUCCESS]);
    });

    it('BLOCK_UNTIL_READY waits for a block not yet committed and sends it once it is', async () => {
      const next = net.height(CHANNEL);
      const waiting = deliver([{ start: next, stop: next }]);
      const { txId, envelope } = await endorsed('awaited');
      const broadcast = await rawDuplexCall(orderers[1], BROADCAST, [envelope]);
      expect(broadcastAnswers(broadcast).map((a) => a.status)).to.deep.equal([Status.SUCCESS]);
      const answer = await waiting;
      expect(numbers(answer)).to.deep.equal([next]);
      expect(transactionsOf(answer.blocks[0]).map((tx) => tx.txId)).to.include(txId);
      expect(answer.statuses).to.deep.equal([Status.SUCCESS]);
    });

    it('FAIL_IF_NOT_READY past the newest block: the blocks there are, then NOT_FOUND', async () => {
      const height = net.height(CHANNEL);
      const answer = await deliver([{ start: height - 1, stop: height, behavior: SeekBehavior.FAIL_IF_NOT_READY }]);
      expect(numbers(answer)).to.deep.equal([height - 1]);
      expect(answer.statuses).to.deep.equal([Status.NOT_FOUND]);
      expect(answer.reason).to.equal(`block ${height} not found, block number greater than chain length bounds`);
    });

    it('a start beyond the chain: NOT_FOUND', async () => {
      const answer = await deliver([{ start: net.height(CHANNEL) + 5, stop: net.height(CHANNEL) + 6 }]);
      expect(answer.blocks).to.have.length(0);
      expect(answer.statuses).to.deep.equal([Status.NOT_FOUND]);
    });

    it('a channel the orderer does not have: NOT_FOUND', async () => {
      const answer = await deliver([{ channel: 'nochannel', start: 'oldest', stop: 'oldest' }]);
      expect(answer.statuses).to.deep.equal([Status.NOT_FOUND]);
      expect(answer.reason).to.equal('channel nochannel not found');
    });

    it('a reader outside /Channel/Readers (Org3 on otherchannel): FORBIDDEN; on its own channel it may read', async () => {
      const refused = await deliver([{ channel: OTHER_CHANNEL, start: 'oldest', stop: 'oldest' }], 'Org3MSP');
      expect(refused.blocks).to.have.length(0);
      expect(refused.statuses).to.deep.equal([Status.FORBIDDEN]);
      expect(refused.reason).to.equal(
        "client is not authorized: implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the 'Readers' sub-policies to be satisfied: permission denied",
      );
      const member = await deliver([{ channel: OTHER_CHANNEL, start: 'oldest', stop: 'oldest' }], 'Org2MSP');
      expect(numbers(member)).to.deep.equal([0]);
      const ownChannel = await deliver([{ start: 'oldest', stop: 'oldest' }], 'Org3MSP');
      expect(numbers(ownChannel)).to.deep.equal([0]);
    });

    it('a seek whose signature does not verify: FORBIDDEN', async () => {
      const answer = await deliver([{ start: 'oldest', stop: 'oldest', tamper: true }]);
      expect(answer.blocks).to.have.length(0);
      expect(answer.statuses).to.deep.equal([Status.FORBIDDEN]);
    });

    it('malformed seek info or a stop before the start: BAD_REQUEST; the orderer goes on serving', async () => {
      const garbage = await deliver([{ start: 'oldest', stop: 'oldest', seekInfoBytes: Buffer.from([0x0a, 0x05]) }]);
      expect(garbage.statuses).to.deep.equal([Status.BAD_REQUEST]);
      expect(garbage.reason).to.match(/^malformed seekInfo payload: /);
      const backwards = await deliver([{ start: 3, stop: 1 }]);
      expect(backwards.statuses).to.deep.equal([Status.BAD_REQUEST]);
      expect(backwards.reason).to.equal('start number 3 greater than stop number 1');
      const after = await deliver([{ start: 'oldest', stop: 'oldest' }]);
      expect(after.statuses).to.deep.equal([Status.SUCCESS]);
    });
  });
});
