import 'reflect-metadata';
import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import { common, orderer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import {
  DeliverHandler,
  type DeliverChannel,
  type DeliverKind,
} from '../../network/devnet/src/deliver/deliver-handler';
import { identityExpiresAt, SessionAccess } from '../../network/devnet/src/deliver/session-access';
import { CertificateAuthority, serializeIdentity } from '../../network/devnet/src/identity';

const LOOP = Buffer.from('0affffffff0f', 'hex');
const HOUR = 3_600_000;

const ca = CertificateAuthority.create('ca.org1.example.com', 'org1.example.com').ca;
const notAfter = new Date(Date.UTC(2030, 0, 1));
const cert = ca.issue({
  commonName: 'User1@org1.example.com',
  purpose: 'identity',
  nodeOu: 'client',
  notBefore: new Date(Date.UTC(2020, 0, 1)),
  notAfter,
});
const creator = serializeIdentity('Org1MSP', cert.certPem);

describe('deliver session access', () => {
  it('checks the read policy once per seek and refuses blocks after the certificate expires', async () => {
    let now = notAfter.getTime() - HOUR;
    let checks = 0;
    const access = new SessionAccess(
      async () => {
        checks++;
      },
      identityExpiresAt(creator),
      () => now,
    );
    await access.evaluate();
    await access.evaluate();
    expect(checks).to.equal(1);
    now = notAfter.getTime() + 1_000;
    let refusal: Error | undefined;
    await access.evaluate().catch((err: Error) => (refusal = err));
    expect(refusal?.message).to.equal('deliver client identity expired 1000ms before');
  });

  it('keeps a refused policy check refused', async () => {
    const access = new SessionAccess(
      () => Promise.reject(new Error('no')),
      undefined,
      () => 0,
    );
    for (let i = 0; i < 2; i++) expect(await access.evaluate().catch((err: Error) => err.message)).to.equal('no');
  });

  it("reads an X.509 identity's expiry, and none from bytes that are not one", () => {
    expect(identityExpiresAt(creator)).to.equal(notAfter.getTime());
    expect(identityExpiresAt(Buffer.from('garbage'))).to.equal(undefined);
    expect(identityExpiresAt(LOOP)).to.equal(undefined);
    expect(identityExpiresAt(serializeIdentity('Org1MSP', 'not a certificate'))).to.equal(undefined);
  });
});

describe('deliver handler', () => {
  /** A channel whose blocks are plain numbered bytes, committed by hand. */
  function memoryChannel(): DeliverChannel & { commit(): void; listeners(): number } {
    const blocks: Uint8Array[] = [Buffer.from('block 0')];
    const events = new EventEmitter();
    return {
      name: 'mychannel',
      height: () => blocks.length,
      block: async (number) => blocks[number],
      onBlock: (listener) => {
        events.on('block', listener);
        return () => events.off('block', listener);
      },
      commit() {
        blocks.push(Buffer.from(`block ${blocks.length}`));
        events.emit('block');
      },
      listeners: () => events.listenerCount('block'),
    };
  }

  const kind: DeliverKind = {
    dataType: 'block',
    filtered: false,
    checkPolicy: async () => undefined,
    blockResponse: async (_channel, number) => Buffer.from(`sent ${number}`),
    statusResponse: (status) => Buffer.from(`status ${status}`),
  };

  function seek(start: orderer.SeekPosition, time: Date): common.Envelope {
    const info = new orderer.SeekInfo();
    info.setStart(start);
    const stop = new orderer.SeekPosition();
    const max = new orderer.SeekSpecified();
    max.setNumber(Number.MAX_SAFE_INTEGER);
    stop.setSpecified(max);
    info.setStop(stop);
    const channelHeader = new common.ChannelHeader();
    channelHeader.setType(common.HeaderType.DELIVER_SEEK_INFO);
    channelHeader.setChannelId('mychannel');
    channelHeader.setTimestamp(Timestamp.fromDate(time));
    const signatureHeader = new common.SignatureHeader();
    signatureHeader.setCreator(creator);
    const header = new common.Header();
    header.setChannelHeader(channelHeader.serializeBinary());
    header.setSignatureHeader(signatureHeader.serializeBinary());
    const payload = new common.Payload();
    payload.setHeader(header);
    payload.setData(info.serializeBinary());
    const envelope = new common.Envelope();
    envelope.setPayload(payload.serializeBinary());
    return envelope;
  }

  it('ends a live stream with FORBIDDEN once the requester certificate expires', async () => {
    const channel = memoryChannel();
    let now = notAfter.getTime() - HOUR;
    const handler = new DeliverHandler({ channel: () => channel, now: () => now });
    const sent: string[] = [];
    const oldest = new orderer.SeekPosition();
    oldest.setOldest(new orderer.SeekOldest());
    const controller = new AbortController();
    const outcome = handler.handle(
      {
        requests: (async function* () {
          yield seek(oldest, new Date(now));
        })(),
        signal: controller.signal,
        send: async (message) => {
          sent.push(Buffer.from(message).toString());
          if (sent.length === 2) {
            // Block 1 went out live; the certificate then expires before block 2.
            now = notAfter.getTime() + 1;
            channel.commit();
          }
        },
      },
      kind,
    );
    await new Promise<void>((resolve) => setImmediate(resolve));
    channel.commit();
    const result = await outcome;
    expect(sent).to.deep.equal(['sent 0', 'sent 1', `status ${common.Status.FORBIDDEN}`]);
    expect(result?.reason).to.match(/client authorization revoked: deliver client identity expired/);
  });

  it('stops waiting for a block when the client cancels', async () => {
    const channel = memoryChannel();
    const handler = new DeliverHandler({ channel: () => channel, now: () => Date.now() });
    const next = new orderer.SeekPosition();
    next.setNextCommit(new orderer.SeekNextCommit());
    const controller = new AbortController();
    const outcome = handler
      .handle(
        {
          requests: (async function* () {
            yield seek(next, new Date());
          })(),
          signal: controller.signal,
          send: async () => undefined,
        },
        kind,
      )
      .catch((err: Error) => err);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(channel.listeners()).to.equal(1);
    controller.abort();
    expect(((await outcome) as Error).name).to.equal('StreamCancelled');
    expect(channel.listeners()).to.equal(0);
  });
});
