import path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT, startTestDevnet } from '../support/devnet';
import { connectClient, type TestClient } from '../support/fabric-client';
import { failure } from '../support/failure';

const TOPOLOGY = path.join(REPO_ROOT, 'test', 'fixtures', 'topology', 'devnet-two-channels.yaml');
const CHANNEL = 'testchannel';

/** The samples of a Prometheus text exposition, by name and label set. */
class Metrics {
  constructor(private readonly text: string) {}

  /** The value of the sample with exactly these labels; undefined when there is none. */
  value(name: string, labels: Record<string, string> = {}): number | undefined {
    const wanted = Object.entries(labels)
      .map(([key, value]) => `${key}="${value}"`)
      .sort()
      .join(',');
    for (const line of this.text.split('\n')) {
      if (line.startsWith('#') || line.trim() === '') continue;
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match || match[1] !== name) continue;
      const present = (match[2] ?? '')
        .split(/,(?=[a-zA-Z_][a-zA-Z0-9_]*=")/)
        .filter((part) => part !== '')
        .sort()
        .join(',');
      if (present === wanted) return Number(match[3]);
    }
    return undefined;
  }
}

async function get(endpoint: string, route: string, method = 'GET'): Promise<Response> {
  return fetch(`http://${endpoint}${route}`, { method });
}

async function metrics(endpoint: string): Promise<Metrics> {
  const response = await get(endpoint, '/metrics');
  expect(response.status).to.equal(200);
  expect(response.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
  return new Metrics(await response.text());
}

describe('dev network: operations endpoints', function () {
  this.timeout(180_000);
  let net: Awaited<ReturnType<typeof startTestDevnet>>;
  let client: TestClient;

  before(async () => {
    net = await startTestDevnet({ topologyFile: TOPOLOGY, launch: 'lazy' });
    client = connectClient(net, 'Org1MSP');
  });
  after(async () => {
    client?.close();
    await net?.dispose();
  });

  it('gives every peer and the orderer its own loopback endpoint, listed by the devnet API', () => {
    const endpoints = [...net.orgs.map((org) => org.operationsEndpoint), net.ordererOperationsEndpoint];
    expect(new Set(endpoints).size).to.equal(4);
    for (const endpoint of endpoints) expect(endpoint).to.match(/^127\.0\.0\.1:\d+$/);
    expect(net.operationsEndpoint('Org2MSP')).to.equal(
      net.orgs.find((org) => org.mspId === 'Org2MSP')!.operationsEndpoint,
    );
    expect(() => net.operationsEndpoint('NopeMSP')).to.throw(/unknown org NopeMSP/);
  });

  it("serves /healthz and /version in Fabric's shape", async () => {
    for (const endpoint of [net.operationsEndpoint('Org1MSP'), net.ordererOperationsEndpoint]) {
      const health = await get(endpoint, '/healthz');
      expect(health.status).to.equal(200);
      expect(health.headers.get('content-type')).to.equal('application/json');
      const body = (await health.json()) as { status: string; time: string; failed_checks?: unknown };
      expect(body.status).to.equal('OK');
      expect(Number.isNaN(Date.parse(body.time))).to.equal(false);
      expect(body).to.not.have.property('failed_checks');

      const version = await get(endpoint, '/version');
      expect(version.status).to.equal(200);
      const info = (await version.json()) as Record<string, string>;
      expect(Object.keys(info).sort()).to.deep.equal(['CommitSHA', 'Version']);
      expect(info.Version).to.equal('2.5');
      expect(info.CommitSHA).to.match(/^scenechain-devnet-\d+\.\d+\.\d+/);
    }
    const endpoint = net.operationsEndpoint('Org1MSP');
    expect((await get(endpoint, '/healthz', 'POST')).status).to.equal(405);
    const badVersion = await get(endpoint, '/version', 'POST');
    expect(badVersion.status).to.equal(400);
    expect(await badVersion.json()).to.deep.equal({ Error: 'invalid request method: POST' });
    expect((await get(endpoint, '/nothing')).status).to.equal(404);
  });

  it('reports a stopped peer as unhealthy until it is started again', async () => {
    await net.stopPeer('Org2MSP');
    try {
      const down = await get(net.operationsEndpoint('Org2MSP'), '/healthz');
      expect(down.status).to.equal(503);
      const body = (await down.json()) as {
        status: string;
        failed_checks: Array<{ component: string; reason: string }>;
      };
      expect(body.status).to.equal('Service Unavailable');
      expect(body.failed_checks).to.have.length(1);
      expect(body.failed_checks[0].component).to.equal('peer');
      expect(body.failed_checks[0].reason).to.include('peer0.org2.example.com is stopped');
      expect((await get(net.operationsEndpoint('Org1MSP'), '/healthz')).status).to.equal(200);
    } finally {
      await net.startPeer('Org2MSP');
    }
    expect((await get(net.operationsEndpoint('Org2MSP'), '/healthz')).status).to.equal(200);
  });

  it("moves each org's own metrics, under Fabric's names, as transactions and blocks go through", async () => {
    const org1 = net.operationsEndpoint('Org1MSP');
    const org3 = net.operationsEndpoint('Org3MSP');
    const before1 = await metrics(org1);
    const before3 = await metrics(org3);
    const ordererBefore = await metrics(net.ordererOperationsEndpoint);
    const height = net.height(CHANNEL);
    expect(before1.value('fabric_version', { version: '2.5' })).to.equal(1);
    expect(before1.value('ledger_blockchain_height', { channel: CHANNEL })).to.equal(height);
    expect(before1.value('ledger_blockchain_height', { channel: 'otherchannel' })).to.equal(1);
    // Org3 has not joined otherchannel.
    expect(before3.value('ledger_blockchain_height', { channel: 'otherchannel' })).to.equal(undefined);

    const probe = client.contract(CHANNEL, 'probe');
    await probe.submitTransaction('put', 'metrics', 'moved');
    await failure(probe.evaluateTransaction('fail', 'on purpose'));
    const blocks = await client.gateway.getNetwork(CHANNEL).getBlockEvents({ startBlock: 0n });
    for await (const block of blocks) if (block.getHeader()!.getNumber() === height) break;
    blocks.close();

    const after1 = await metrics(org1);
    const after3 = await metrics(org3);
    const delta = (name: string, labels: Record<string, string> = {}, now = after1, then = before1) =>
      (now.value(name, labels) ?? 0) - (then.value(name, labels) ?? 0);
    expect(after1.value('ledger_blockchain_height', { channel: CHANNEL })).to.equal(height + 1);
    expect(after3.value('ledger_blockchain_height', { channel: CHANNEL })).to.equal(height + 1);
    // One endorsement for the submit and one failing evaluation, both on Org1's own endorser.
    expect(delta('endorser_proposals_received')).to.equal(2);
    expect(delta('endorser_successful_proposals')).to.equal(1);
    expect(
      delta('endorser_proposal_duration_count', { channel: CHANNEL, chaincode: 'probe', success: 'true' }),
    ).to.equal(1);
    expect(
      delta('endorser_endorsement_failures', { channel: CHANNEL, chaincode: 'probe', chaincodeerror: 'true' }),
    ).to.equal(1);
    // Org3 has no probe installed: nothing ran on its endorser.
    expect(delta('endorser_proposals_received', {}, after3, before3)).to.equal(0);
    expect(delta('ledger_block_processing_time_count', { channel: CHANNEL })).to.equal(1);
    expect(delta('ledger_blockstorage_commit_time_count', { channel: CHANNEL })).to.equal(1);
    expect(delta('ledger_block_processing_time_count', { channel: CHANNEL }, after3, before3)).to.equal(1);
    expect(
      delta('grpc_server_unary_requests_completed', { service: 'gateway_Gateway', method: 'Submit', code: 'OK' }),
    ).to.equal(1);
    expect(
      delta('grpc_server_unary_requests_completed', {
        service: 'gateway_Gateway',
        method: 'Evaluate',
        code: 'Unknown',
      }),
    ).to.equal(1);
    expect(delta('grpc_server_stream_requests_received', { service: 'protos_Deliver', method: 'Deliver' })).to.equal(1);
    const deliverLabels = { channel: CHANNEL, filtered: 'false', data_type: 'block' };
    expect(delta('deliver_requests_received', deliverLabels)).to.equal(1);
    expect(delta('deliver_blocks_sent', deliverLabels)).to.equal(height + 1);
    expect(delta('deliver_streams_opened')).to.equal(1);

    const ordererAfter = await metrics(net.ordererOperationsEndpoint);
    const broadcast = { channel: CHANNEL, type: 'ENDORSER_TRANSACTION', status: 'SUCCESS' };
    expect(delta('broadcast_processed_count', broadcast, ordererAfter, ordererBefore)).to.equal(1);
    expect(delta('broadcast_validate_duration_count', broadcast, ordererAfter, ordererBefore)).to.equal(1);
    expect(ordererAfter.value('ledger_blockchain_height', { channel: CHANNEL })).to.equal(height + 1);
    expect(ordererAfter.value('endorser_proposals_received')).to.equal(undefined);
  });
});
