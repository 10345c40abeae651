import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { checkpointers, type Checkpointer, type Network } from '@hyperledger/fabric-gateway';
import { common, orderer, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { nodeCryptoSigner, type ClientIdentityFiles } from '@scenechain/devnet';
import { CertificateAuthority, loadOrgCas, orgLayout, serializeIdentity } from '../../network/devnet/src/identity';
import { REFUSAL_REASON_TRAILER } from '../../network/devnet/src/deliver/peer-deliver-service';
import { REPO_ROOT, startTestDevnet } from '../support/devnet';
import { connectClient, type TestClient } from '../support/fabric-client';
import { rawDuplexCall, rawPeerClient, type RawStreamResult } from '../support/grpc-client';

const TOPOLOGY = path.join(REPO_ROOT, 'test', 'fixtures', 'topology', 'devnet-two-channels.yaml');
const CHANNEL = 'testchannel';
const DELIVER = '/protos.Deliver/Deliver';
const DELIVER_FILTERED = '/protos.Deliver/DeliverFiltered';
const Status = common.Status;
const { SeekBehavior } = orderer.SeekInfo;

type Position = 'oldest' | 'newest' | 'next' | number;

interface Seek {
  channel?: string;
  start?: Position;
  stop?: Position;
  behavior?: orderer.SeekInfo.SeekBehaviorMap[keyof orderer.SeekInfo.SeekBehaviorMap];
  /** Channel header time; now by default. */
  time?: Date;
  /** Replaces the serialized SeekInfo. */
  seekInfoBytes?: Uint8Array;
  /** Replaces the serialized payload. */
  payloadBytes?: Uint8Array;
  /** Flips a bit of the signature. */
  tamper?: boolean;
}

function position(value: Position): orderer.SeekPosition {
  const result = new orderer.SeekPosition();
  if (value === 'oldest') result.setOldest(new orderer.SeekOldest());
  else if (value === 'newest') result.setNewest(new orderer.SeekNewest());
  else if (value === 'next') result.setNextCommit(new orderer.SeekNextCommit());
  else {
    const specified = new orderer.SeekSpecified();
    specified.setNumber(value);
    result.setSpecified(specified);
  }
  return result;
}

/** A signed DELIVER_SEEK_INFO envelope, built here independently of fabric-gateway. */
async function seekEnvelope(identity: ClientIdentityFiles, seek: Seek): Promise<Uint8Array> {
  const info = new orderer.SeekInfo();
  if (seek.start !== undefined) info.setStart(position(seek.start));
  if (seek.stop !== undefined) info.setStop(position(seek.stop));
  info.setBehavior(seek.behavior ?? SeekBehavior.BLOCK_UNTIL_READY);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.DELIVER_SEEK_INFO);
  channelHeader.setChannelId(seek.channel ?? CHANNEL);
  channelHeader.setTimestamp(Timestamp.fromDate(seek.time ?? new Date()));
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(serializeIdentity(identity.mspId, identity.certPem));
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(seek.seekInfoBytes ?? info.serializeBinary());
  const payloadBytes = seek.payloadBytes ?? payload.serializeBinary();
  const signature = Buffer.from(await nodeCryptoSigner(identity.keyPem)(payloadBytes));
  if (seek.tamper) signature[signature.length - 1] ^= 0x01;
  const envelope = new common.Envelope();
  envelope.setPayload(payloadBytes);
  envelope.setSignature(signature);
  return envelope.serializeBinary();
}

interface Answer {
  blocks: number[];
  filtered: peer.FilteredBlock[];
  statuses: number[];
  grpcCode: number;
  reason?: string;
}

function answer(result: RawStreamResult): Answer {
  const responses = result.responses.map((bytes) => peer.DeliverResponse.deserializeBinary(bytes));
  return {
    blocks: responses.filter((r) => r.hasBlock()).map((r) => r.getBlock()!.getHeader()!.getNumber()),
    filtered: responses.filter((r) => r.hasFilteredBlock()).map((r) => r.getFilteredBlock()!),
    statuses: responses
      .filter((r) => r.getTypeCase() === peer.DeliverResponse.TypeCase.STATUS)
      .map((r) => r.getStatus()),
    grpcCode: result.status.code,
    reason: result.status.metadata.get(REFUSAL_REASON_TRAILER)[0]?.toString(),
  };
}

/** Reads events until one for block `last` arrives (checkpointing each), then closes the stream. */
async function readThrough<T>(
  events: AsyncIterable<T> & { close(): void },
  numberOf: (event: T) => number,
  last: number,
  checkpointer: Checkpointer,
  onEach: (event: T) => void | Promise<void> = () => undefined,
): Promise<T[]> {
  const seen: T[] = [];
  try {
    for await (const event of events) {
      seen.push(event);
      await onEach(event);
      await checkpointer.checkpointBlock(BigInt(numberOf(event)));
      if (numberOf(event) >= last) break;
    }
  } finally {
    events.close();
  }
  return seen;
}

describe('dev network: block delivery (protos.Deliver)', function () {
  this.timeout(180_000);
  let net: Awaited<ReturnType<typeof startTestDevnet>>;
  let client: TestClient;
  let tmp: string;
  const utf8 = new TextDecoder();

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'scenechain-deliver-'));
    net = await startTestDevnet({ topologyFile: TOPOLOGY, launch: 'lazy' });
    client = connectClient(net, 'Org1MSP');
    await client.contract(CHANNEL, 'probe').submitTransaction('put', 'deliver-seed', 'x');
  });
  after(async () => {
    client?.close();
    await net?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function submit(value: string): Promise<void> {
    await client.contract(CHANNEL, 'probe').submitTransaction('put', `deliver-${value}`, value);
  }

  /**
   * The checkpointed-restart scenario for one kind of block event: replay from block 0 with a file checkpointer,
   * receive a live block, stop; commit blocks while no client listens; restart a new client from the same file and
   * read through a further live block. Returns every event received, in order.
   */
  async function checkpointedRestart<T>(
    kind: string,
    open: (network: Network, checkpointer: Checkpointer) => Promise<AsyncIterable<T> & { close(): void }>,
    numberOf: (event: T) => number,
  ): Promise<T[]> {
    const file = path.join(tmp, `${kind}.checkpoint.json`);
    const first = await checkpointers.file(file);
    const before = net.height(CHANNEL);
    let live = false;
    const firstRun = await readThrough(
      await open(client.gateway.getNetwork(CHANNEL), first),
      numberOf,
      before,
      first,
      async (event) => {
        // Once the replay reached the newest block, commit one more: it must arrive live on the same stream.
        if (numberOf(event) === before - 1 && !live) {
          live = true;
          await submit(`${kind}-live-1`);
        }
      },
    );
    expect(live).to.equal(true);

    await submit(`${kind}-offline-1`);
    await submit(`${kind}-offline-2`);
    const target = net.height(CHANNEL);

    const restarted = connectClient(net, 'Org2MSP');
    try {
      const second = await checkpointers.file(file);
      expect(second.getBlockNumber()).to.equal(BigInt(before + 1));
      const secondRun = await readThrough(
        await open(restarted.gateway.getNetwork(CHANNEL), second),
        numberOf,
        target,
        second,
        async (event) => {
          if (numberOf(event) === target - 1) await submit(`${kind}-live-2`);
        },
      );
      const all = [...firstRun, ...secondRun];
      expect(all.map(numberOf)).to.deep.equal(Array.from({ length: target + 1 }, (_, n) => n));
      return all;
    } finally {
      restarted.close();
    }
  }

  it('replays block events from a file checkpoint after a client restart, then follows live blocks', async () => {
    const blocks = await checkpointedRestart(
      'blocks',
      (network, checkpoint) => network.getBlockEvents({ checkpoint, startBlock: 0n }),
      (block) => block.getHeader()!.getNumber(),
    );
    for (const block of blocks) {
      const stored = await net.block(CHANNEL, block.getHeader()!.getNumber());
      expect(Buffer.from(block.serializeBinary()).equals(Buffer.from(stored!))).to.equal(true);
    }
  });

  it('replays filtered block events with transaction IDs, validation codes and payload-free chaincode events', async () => {
    const blocks = await checkpointedRestart(
      'filtered',
      (network, checkpoint) => network.getFilteredBlockEvents({ checkpoint, startBlock: 0n }),
      (block) => block.getNumber(),
    );
    for (const filtered of blocks) {
      expect(filtered.getChannelId()).to.equal(CHANNEL);
      const block = common.Block.deserializeBinary((await net.block(CHANNEL, filtered.getNumber()))!);
      const codes = block.getMetadata()!.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
      const envelopes = block.getData()!.getDataList_asU8();
      const transactions = filtered.getFilteredTransactionsList();
      expect(transactions).to.have.length(envelopes.length);
      transactions.forEach((transaction, txNum) => {
        const payload = common.Payload.deserializeBinary(
          common.Envelope.deserializeBinary(envelopes[txNum]).getPayload_asU8(),
        );
        const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
        expect(transaction.getTxid()).to.equal(channelHeader.getTxId());
        expect(transaction.getType()).to.equal(channelHeader.getType());
        expect(transaction.getTxValidationCode()).to.equal(codes[txNum]);
        if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) {
          expect(transaction.hasTransactionActions()).to.equal(false);
          return;
        }
        const events = transaction.getTransactionActions()!.getChaincodeActionsList();
        expect(events).to.have.length(1);
        const event = events[0].getChaincodeEvent()!;
        expect(event.getChaincodeId()).to.equal('probe');
        expect(event.getEventName()).to.equal('put');
        expect(event.getTxId()).to.equal(channelHeader.getTxId());
        expect(event.getPayload_asU8()).to.have.length(0);
      });
    }
  });

  it('replays block-and-private-data events: the stored blocks, with the private data this peer holds (none here)', async () => {
    const events = await checkpointedRestart(
      'private',
      (network, checkpoint) => network.getBlockAndPrivateDataEvents({ checkpoint, startBlock: 0n }),
      (event) => event.getBlock()!.getHeader()!.getNumber(),
    );
    for (const event of events) {
      const stored = await net.block(CHANNEL, event.getBlock()!.getHeader()!.getNumber());
      expect(Buffer.from(event.getBlock()!.serializeBinary()).equals(Buffer.from(stored!))).to.equal(true);
      expect(event.getPrivateDataMapMap().getLength()).to.equal(0);
    }
  });

  it('ends a refused seek with FORBIDDEN for a non-member, a bad signature, a foreign or an expired certificate', async () => {
    const raw = rawPeerClient(net, 'Org1MSP');
    try {
      const org3 = net.identity('Org3MSP');
      const refusals: Array<[string, Uint8Array]> = [
        ['non-member', await seekEnvelope(org3, { channel: 'otherchannel', start: 'oldest', stop: 'newest' })],
        [
          'bad signature',
          await seekEnvelope(net.identity('Org1MSP'), { start: 'oldest', stop: 'newest', tamper: true }),
        ],
      ];
      const foreign = CertificateAuthority.create('ca.org1.example.com', 'org1.example.com').ca.issue({
        commonName: 'User1@org1.example.com',
        purpose: 'identity',
        nodeOu: 'client',
      });
      refusals.push([
        'foreign CA',
        await seekEnvelope({ mspId: 'Org1MSP', ...foreign }, { start: 'oldest', stop: 'newest' }),
      ]);
      const { signing } = await loadOrgCas(orgLayout(net.topology, net.cryptoDir, 'Org1MSP'));
      const expired = signing.issue({
        commonName: 'expired@org1.example.com',
        purpose: 'identity',
        nodeOu: 'client',
        notBefore: new Date(Date.now() - 2 * 86_400_000),
        notAfter: new Date(Date.now() - 86_400_000),
      });
      refusals.push([
        'expired',
        await seekEnvelope({ mspId: 'Org1MSP', ...expired }, { start: 'oldest', stop: 'newest' }),
      ]);

      for (const [name, envelope] of refusals) {
        for (const method of [DELIVER, DELIVER_FILTERED, '/protos.Deliver/DeliverWithPrivateData']) {
          // The client keeps its side open: the server must end the stream itself after the status.
          const result = answer(await rawDuplexCall(raw, method, [envelope], { keepOpen: true }));
          expect(result, `${name} on ${method}`).to.deep.include({
            blocks: [],
            filtered: [],
            statuses: [Status.FORBIDDEN],
            grpcCode: GrpcStatus.OK,
          });
          expect(result.reason, name).to.include(
            name === 'expired' ? 'deliver client identity expired' : 'sub-policies were satisfied',
          );
        }
      }
      // Org3 reads `testchannel`, of which it is a member, through Org1's peer.
      const member = answer(
        await rawDuplexCall(raw, DELIVER, [await seekEnvelope(org3, { start: 0, stop: 0 })], { keepOpen: false }),
      );
      expect(member).to.deep.include({ blocks: [0], statuses: [Status.SUCCESS], grpcCode: GrpcStatus.OK });
    } finally {
      raw.close();
    }

    // The fabric-gateway client surfaces the status as an error from its iterator.
    const outsider = connectClient(net, 'Org3MSP', 'User1', 'Org1MSP');
    try {
      const events = await outsider.gateway.getNetwork('otherchannel').getBlockEvents({ startBlock: 0n });
      const error = await (async () => {
        try {
          for await (const block of events) return block;
        } catch (err) {
          return err as Error;
        } finally {
          events.close();
        }
      })();
      expect((error as Error).message).to.equal(`Unexpected status response: ${Status.FORBIDDEN}`);
    } finally {
      outsider.close();
    }
  });

  it('answers NOT_FOUND, BAD_REQUEST and INVALID_ARGUMENT as Fabric does, and keeps serving', async () => {
    const raw = rawPeerClient(net, 'Org1MSP');
    const user = net.identity('Org1MSP');
    const org3Peer = rawPeerClient(net, 'Org3MSP');
    try {
      const cases: Array<[string, Uint8Array, number]> = [
        ['unknown channel', await seekEnvelope(user, { channel: 'nochannel', start: 0, stop: 0 }), Status.NOT_FOUND],
        ['start past the height', await seekEnvelope(user, { start: 10_000, stop: 10_001 }), Status.NOT_FOUND],
        ['missing stop', await seekEnvelope(user, { start: 0 }), Status.BAD_REQUEST],
        ['stop before start', await seekEnvelope(user, { start: 1, stop: 0 }), Status.BAD_REQUEST],
        [
          'stale timestamp',
          await seekEnvelope(user, { start: 0, stop: 0, time: new Date(Date.now() - 3_600_000) }),
          Status.BAD_REQUEST,
        ],
        [
          'payload that is no Payload',
          await seekEnvelope(user, { payloadBytes: Buffer.from('not a payload') }),
          Status.BAD_REQUEST,
        ],
        // The bytes that make google-protobuf loop for ever, nested as the SeekInfo and as the payload.
        [
          'looping SeekInfo',
          await seekEnvelope(user, { seekInfoBytes: Buffer.from('0affffffff0f', 'hex') }),
          Status.BAD_REQUEST,
        ],
        [
          'looping payload',
          await seekEnvelope(user, { payloadBytes: Buffer.from('0affffffff0f', 'hex') }),
          Status.BAD_REQUEST,
        ],
      ];
      for (const [name, envelope, status] of cases) {
        const result = answer(await rawDuplexCall(raw, DELIVER, [envelope], { keepOpen: true }));
        expect(result, name).to.deep.include({ blocks: [], statuses: [status], grpcCode: GrpcStatus.OK });
        expect(result.reason, name).to.be.a('string').and.not.equal('');
      }

      // A peer serves only the channels its org has joined.
      const notJoined = answer(
        await rawDuplexCall(org3Peer, DELIVER, [
          await seekEnvelope(net.identity('Org3MSP'), { channel: 'otherchannel', start: 0, stop: 0 }),
        ]),
      );
      expect(notJoined).to.deep.include({ statuses: [Status.NOT_FOUND], grpcCode: GrpcStatus.OK });

      // A request that is not an Envelope at all fails the stream with a gRPC error.
      const garbage = await rawDuplexCall(raw, DELIVER, [Buffer.from('0affffffff0f', 'hex')], { keepOpen: true });
      expect(garbage.status.code).to.equal(GrpcStatus.INVALID_ARGUMENT);
      expect(garbage.status.details).to.include('malformed common.Envelope');

      // Still serving.
      const ok = answer(await rawDuplexCall(raw, DELIVER, [await seekEnvelope(user, { start: 'oldest', stop: 1 })]));
      expect(ok).to.deep.include({ blocks: [0, 1], statuses: [Status.SUCCESS], grpcCode: GrpcStatus.OK });
    } finally {
      raw.close();
      org3Peer.close();
    }
  });

  it('FAIL_IF_NOT_READY stops with NOT_FOUND past the end; BLOCK_UNTIL_READY waits for the next commit', async () => {
    const raw = rawPeerClient(net, 'Org1MSP');
    const user = net.identity('Org1MSP');
    try {
      const height = net.height(CHANNEL);
      const pastEnd = answer(
        await rawDuplexCall(raw, DELIVER, [
          await seekEnvelope(user, { start: height - 2, stop: height + 5, behavior: SeekBehavior.FAIL_IF_NOT_READY }),
        ]),
      );
      expect(pastEnd).to.deep.include({
        blocks: [height - 2, height - 1],
        statuses: [Status.NOT_FOUND],
        grpcCode: GrpcStatus.OK,
      });
      const future = answer(
        await rawDuplexCall(raw, DELIVER, [
          await seekEnvelope(user, { start: 'next', stop: height, behavior: SeekBehavior.FAIL_IF_NOT_READY }),
        ]),
      );
      expect(future).to.deep.include({ blocks: [], statuses: [Status.NOT_FOUND] });

      const newest = answer(
        await rawDuplexCall(raw, DELIVER, [await seekEnvelope(user, { start: 'newest', stop: 'newest' })]),
      );
      expect(newest).to.deep.include({ blocks: [height - 1], statuses: [Status.SUCCESS] });

      // One stream, two seeks: the first waits for a block not yet committed, the second replays block 0; then
      // the client half-closes and the server ends the stream with OK.
      let secondSent = false;
      const waiting = rawDuplexCall(
        raw,
        DELIVER_FILTERED,
        [await seekEnvelope(user, { start: height, stop: height })],
        {
          keepOpen: true,
          onResponse: (call, responses) => {
            const last = peer.DeliverResponse.deserializeBinary(responses[responses.length - 1]);
            if (last.getTypeCase() !== peer.DeliverResponse.TypeCase.STATUS || secondSent) return;
            secondSent = true;
            void seekEnvelope(user, { start: 0, stop: 0 }).then((envelope) => {
              call.write(Buffer.from(envelope));
              call.end();
            });
          },
        },
      );
      await submit('waited-for');
      const twoSeeks = answer(await waiting);
      expect(twoSeeks.filtered.map((block) => block.getNumber())).to.deep.equal([height, 0]);
      expect(twoSeeks.statuses).to.deep.equal([Status.SUCCESS, Status.SUCCESS]);
      expect(twoSeeks.grpcCode).to.equal(GrpcStatus.OK);
    } finally {
      raw.close();
    }
  });

  it('leaves the network serving after clients cancel live streams', async () => {
    const network = client.gateway.getNetwork(CHANNEL);
    // Streams waiting for a block that is not there yet, cancelled by the client while they wait.
    for (let i = 0; i < 3; i++) {
      const events = await network.getBlockEvents({ startBlock: BigInt(net.height(CHANNEL)) });
      const pending = events[Symbol.asyncIterator]()
        .next()
        .catch((err: unknown) => err);
      events.close();
      expect(await pending).to.be.instanceOf(Error);
    }
    const events = await network.getFilteredBlockEvents({ startBlock: BigInt(net.height(CHANNEL)) });
    const iterator = events[Symbol.asyncIterator]();
    const next = iterator.next();
    await submit('after-cancel');
    const block = (await next).value as peer.FilteredBlock;
    events.close();
    expect(block.getNumber()).to.equal(net.height(CHANNEL) - 1);
    const value = await client.contract(CHANNEL, 'probe').evaluateTransaction('get', 'deliver-after-cancel');
    expect(utf8.decode(value)).to.equal('after-cancel');
  });
});
