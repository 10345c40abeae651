import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { checkpointers, type ChaincodeEvent } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { startTestDevnet } from '../support/devnet';
import { connectClient } from '../support/fabric-client';

const CHANNEL = 'testchannel';
const utf8 = new TextDecoder();

/** DER of the block header written out by hand, independently of the network's ASN.1 library. */
function derInteger(value: number): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}
function derOctets(bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([0x04, bytes.length]), Buffer.from(bytes)]);
}
function headerHash(header: common.BlockHeader): Buffer {
  const body = Buffer.concat([
    derInteger(header.getNumber()),
    derOctets(header.getPreviousHash_asU8()),
    derOctets(header.getDataHash_asU8()),
  ]);
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from([0x30, body.length]), body]))
    .digest();
}

async function firstEvents(
  iterator: AsyncIterable<ChaincodeEvent> & { close(): void },
  count: number,
): Promise<ChaincodeEvent[]> {
  const events: ChaincodeEvent[] = [];
  for await (const event of iterator) {
    events.push(event);
    if (events.length === count) break;
  }
  iterator.close();
  return events;
}

describe('dev network: events, blocks and a durable ledger', function () {
  this.timeout(120_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-durable-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('streams events live, replays them from block 0, chains block hashes and survives a restart', async () => {
    let net = await startTestDevnet({ dataDir });
    let height: number;
    try {
      const client = connectClient(net, 'Org1MSP');
      const network = client.gateway.getNetwork(CHANNEL);
      const probe = network.getContract('probe');
      const live = await network.getChaincodeEvents('probe');
      const liveEvents = firstEvents(live, 3);
      for (const value of ['a', 'b', 'c']) await probe.submitTransaction('put', `ev-${value}`, value);
      const received = await liveEvents;
      expect(received.map((event) => event.eventName)).to.deep.equal(['put', 'put', 'put']);
      expect(received.map((event) => JSON.parse(utf8.decode(event.payload)).value)).to.deep.equal(['a', 'b', 'c']);
      expect(received.every((event) => event.chaincodeName === 'probe' && event.transactionId.length === 64)).to.equal(
        true,
      );

      const replayed = await firstEvents(await network.getChaincodeEvents('probe', { startBlock: 0n }), 3);
      expect(replayed.map((event) => event.transactionId)).to.deep.equal(received.map((event) => event.transactionId));
      expect(replayed.map((event) => event.blockNumber)).to.deep.equal(received.map((event) => event.blockNumber));

      // Resume after the first event, as an application with a checkpointer does.
      const checkpointer = checkpointers.inMemory();
      await checkpointer.checkpointChaincodeEvent(received[0]);
      const afterFirst = await firstEvents(await network.getChaincodeEvents('probe', { checkpoint: checkpointer }), 2);
      expect(afterFirst.map((event) => event.transactionId)).to.deep.equal(
        received.slice(1).map((event) => event.transactionId),
      );
      client.close();

      height = net.height(CHANNEL);
      let previous: Buffer | undefined;
      for (let number = 0; number < height; number++) {
        const block = common.Block.deserializeBinary((await net.block(CHANNEL, number))!);
        const header = block.getHeader()!;
        expect(header.getNumber()).to.equal(number);
        if (previous) expect(Buffer.from(header.getPreviousHash_asU8()).equals(previous)).to.equal(true);
        const dataHash = createHash('sha256');
        for (const envelope of block.getData()!.getDataList_asU8()) dataHash.update(envelope);
        expect(Buffer.from(header.getDataHash_asU8()).equals(dataHash.digest())).to.equal(true);
        previous = headerHash(header);
      }
      const genesis = common.Block.deserializeBinary((await net.block(CHANNEL, 0))!);
      const payload = common.Payload.deserializeBinary(
        common.Envelope.deserializeBinary(genesis.getData()!.getDataList_asU8()[0]).getPayload_asU8(),
      );
      const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
      expect(channelHeader.getType()).to.equal(common.HeaderType.CONFIG);
      const config = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig()!;
      const orgs = config.getChannelGroup()!.getGroupsMap().get('Application')!.getGroupsMap();
      expect(
        orgs
          .toArray()
          .map(([name]) => name)
          .sort(),
      ).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
    } finally {
      await net.stop();
    }

    net = await startTestDevnet({ dataDir });
    try {
      expect(net.height(CHANNEL)).to.equal(height);
      const client = connectClient(net, 'Org2MSP');
      const probe = client.contract(CHANNEL, 'probe');
      expect(utf8.decode(await probe.evaluateTransaction('get', 'ev-b'))).to.equal('b');
      await probe.submitTransaction('put', 'after-restart', 'yes');
      expect(net.height(CHANNEL)).to.equal(height + 1);
      const block = common.Block.deserializeBinary((await net.block(CHANNEL, height))!);
      const last = common.Block.deserializeBinary((await net.block(CHANNEL, height - 1))!);
      expect(Buffer.from(block.getHeader()!.getPreviousHash_asU8()).equals(headerHash(last.getHeader()!))).to.equal(
        true,
      );
      client.close();
    } finally {
      await net.stop();
    }
  });
});
