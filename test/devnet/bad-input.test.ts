import net from 'node:net';
import { expect } from 'chai';
import * as grpc from '@grpc/grpc-js';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { loadTopology, type Devnet } from '@scenechain/devnet';
import { rawPeerClient, rawUnaryCall } from '../support/grpc-client';
import { REPO_ROOT, startTestDevnet, TEST_TOPOLOGY } from '../support/devnet';
import { failure } from '../support/failure';
import { connectClient } from '../support/fabric-client';
import { freePort } from '../support/ports';

const CHANNEL = 'testchannel';
const utf8 = new TextDecoder();

/** Calls a Gateway method with raw bytes, bypassing every client-side check. */
async function rawCall(net: Devnet, method: string, body: Buffer): Promise<grpc.ServiceError | undefined> {
  const client = rawPeerClient(net, 'Org1MSP');
  try {
    return (await rawUnaryCall(client, `/gateway.Gateway/${method}`, body)).error;
  } finally {
    client.close();
  }
}

describe('dev network: bad input and failing chaincode', function () {
  this.timeout(120_000);
  let devnet: Awaited<ReturnType<typeof startTestDevnet>>;

  before(async () => {
    devnet = await startTestDevnet({ executeTimeoutMs: 1500, maxMessageBytes: 256 * 1024 });
  });
  after(async () => devnet?.dispose());

  it('answers malformed protobufs with INVALID_ARGUMENT and keeps serving', async () => {
    const garbage = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]);
    for (const method of ['Evaluate', 'Endorse']) {
      const error = await rawCall(devnet, method, garbage);
      expect(error?.code, method).to.equal(grpc.status.INVALID_ARGUMENT);
      expect(error?.details, method).to.include('field 1 claims 33554431 bytes but only 1 remain');
    }
    const empty = await rawCall(devnet, 'Evaluate', Buffer.alloc(0));
    expect(empty?.code).to.equal(grpc.status.INVALID_ARGUMENT);
    expect(empty?.details).to.include('a signed proposal is required');
    const client = connectClient(devnet, 'Org1MSP');
    await client.contract(CHANNEL, 'probe').submitTransaction('put', 'still', 'serving');
    client.close();
  });

  it('refuses oversize messages with RESOURCE_EXHAUSTED and changes nothing', async () => {
    const client = connectClient(devnet, 'Org1MSP');
    const probe = client.contract(CHANNEL, 'probe');
    const heightBefore = devnet.height(CHANNEL);
    const error = await failure(probe.submitTransaction('put', 'huge', 'x'.repeat(512 * 1024)));
    expect(error.code).to.equal(grpc.status.RESOURCE_EXHAUSTED);
    expect(devnet.height(CHANNEL)).to.equal(heightBefore);
    await failure(probe.evaluateTransaction('get', 'huge'));
    client.close();
  });

  it('times out a hanging chaincode with a clear error', async () => {
    const client = connectClient(devnet, 'Org1MSP');
    const error = await failure(client.contract(CHANNEL, 'probe').evaluateTransaction('hang'));
    expect(error).to.be.instanceOf(GatewayError);
    expect(JSON.stringify(error.details)).to.include('timeout expired while executing transaction');
    client.close();
  });

  it('survives a chaincode that crashes mid-transaction: error to the client, ledger unchanged, relaunch', async () => {
    const client = connectClient(devnet, 'Org1MSP');
    const probe = client.contract(CHANNEL, 'probe');
    const heightBefore = devnet.height(CHANNEL);
    const error = await failure(probe.submitTransaction('crash'));
    expect(JSON.stringify(error.details)).to.match(/chaincode stream terminated|exited/);
    expect(devnet.height(CHANNEL)).to.equal(heightBefore);
    await probe.submitTransaction('put', 'after-crash', 'ok');
    expect(utf8.decode(await probe.evaluateTransaction('get', 'after-crash'))).to.equal('ok');
    client.close();
  });

  it('names the busy port when a peer cannot listen', async () => {
    const port = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const topology = loadTopology(TEST_TOPOLOGY, REPO_ROOT);
      const busy = {
        ...topology,
        orgs: topology.orgs.map((org, i) => (i === 0 ? { ...org, peers: [{ ...org.peers[0], port }] } : org)),
      };
      const attempt = startTestDevnet({ topology: busy, ports: 'topology', launch: 'lazy' });
      const error = await attempt.then(
        async (started) => {
          await started.dispose();
          return undefined;
        },
        (err: unknown) => err as Error,
      );
      expect(error?.message).to.include(`port ${port}`);
      expect(error?.message).to.include('already in use');
    } finally {
      blocker.close();
    }
  });
});
