import { expect } from 'chai';
import { EndorseError, type Contract } from '@hyperledger/fabric-gateway';
import { validateTopology, type LoadedTopology } from '@scenechain/devnet';
import { status as Code } from '@grpc/grpc-js';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { REPO_ROOT, startTestDevnet, TEST_TOPOLOGY } from '../support/devnet';
import { failure } from '../support/failure';
import { proposalTimeMs } from '../support/proposal-time';
import { connectClient, type TestClient } from '../support/fabric-client';

const CHANNEL = 'testchannel';
const WINDOW_MS = 5 * 60_000;
const utf8 = new TextDecoder();
const REFUSAL =
  /^request unauthorized due to incorrect timestamp \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, peer time \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, peer\.authentication\.timewindow 5m0s$/;

describe("dev network: proposals timestamped outside the peers' time window are refused", function () {
  this.timeout(120_000);
  let net: Awaited<ReturnType<typeof startTestDevnet>>;
  let org1: TestClient;
  let probe: Contract;
  /** The peers' clock: real time unless a test pins it. */
  let pinned: number | undefined;

  before(async () => {
    net = await startTestDevnet({ launch: 'lazy', clock: () => pinned ?? Date.now() });
    org1 = connectClient(net, 'Org1MSP');
    probe = org1.contract(CHANNEL, 'probe');
    await probe.submitTransaction('put', 'clock-key', 'before');
  });

  afterEach(() => {
    pinned = undefined;
  });

  after(async () => {
    org1?.close();
    await net?.dispose();
  });

  /** Height and the key's value, to show a refused proposal changed nothing. */
  async function ledger(): Promise<{ height: number; value: string }> {
    await net.settle();
    return { height: net.height(CHANNEL), value: utf8.decode(await probe.evaluateTransaction('get', 'clock-key')) };
  }

  it('defaults to a window of 5 minutes', () => {
    expect(net.timeWindowMs).to.equal(WINDOW_MS);
  });

  for (const [direction, offset] of [
    ['more than 5 minutes behind the peers (backdated)', WINDOW_MS + 1],
    ['more than 5 minutes ahead of the peers (forward-dated)', -(WINDOW_MS + 1)],
  ] as const) {
    it(`evaluate: refuses a proposal ${direction} with Fabric 3's message on every peer`, async () => {
      const proposal = probe.newProposal('get', { arguments: ['clock-key'] });
      pinned = proposalTimeMs(proposal) + offset;
      const err = await failure(proposal.evaluate());
      expect(err.code).to.equal(Code.UNAVAILABLE);
      expect(err.message).to.contain('failed to evaluate transaction, see attached details for more info');
      expect(err.details.length).to.be.greaterThan(0);
      for (const detail of err.details) expect(detail.message).to.match(REFUSAL);
    });

    it(`endorse: refuses a proposal ${direction}; nothing reaches the ledger`, async () => {
      const before = await ledger();
      const proposal = probe.newProposal('put', { arguments: ['clock-key', 'after'] });
      const sent = proposalTimeMs(proposal);
      pinned = sent + offset;
      const err = await failure(proposal.endorse());
      expect(err).to.be.instanceOf(EndorseError);
      expect(err.code).to.equal(Code.ABORTED);
      expect(err.message).to.contain('failed to endorse transaction, see attached details for more info');
      expect(err.details).to.have.length(1);
      expect(err.details[0].mspId).to.equal('Org1MSP');
      expect(err.details[0].message).to.match(REFUSAL);
      // The message names both times as Fabric prints them (RFC 3339, whole seconds).
      expect(err.details[0].message).to.contain(`incorrect timestamp ${new Date(sent).toISOString().slice(0, 19)}Z`);
      expect(err.details[0].message).to.contain(`peer time ${new Date(sent + offset).toISOString().slice(0, 19)}Z`);
      pinned = undefined;
      expect(await ledger()).to.deep.equal(before);
    });
  }

  it('accepts proposals exactly 5 minutes either side of the peers’ clock (both ends inclusive, as Fabric)', async () => {
    for (const offset of [WINDOW_MS, -WINDOW_MS]) {
      const read = probe.newProposal('get', { arguments: ['clock-key'] });
      pinned = proposalTimeMs(read) + offset;
      expect(utf8.decode(await read.evaluate())).to.be.oneOf(['before', 'edge']);

      const write = probe.newProposal('put', { arguments: ['clock-key', 'edge'] });
      pinned = proposalTimeMs(write) + offset;
      const transaction = await write.endorse();
      pinned = undefined;
      const commit = await transaction.submit();
      expect((await commit.getStatus()).successful).to.equal(true);
    }
    expect((await ledger()).value).to.equal('edge');
  });

  it('takes the window from the topology (authentication.timeWindow), refusing zero and bad text', () => {
    const raw = parse(readFileSync(TEST_TOPOLOGY, 'utf8')) as Record<string, unknown>;
    const withWindow = (timeWindow: string): LoadedTopology =>
      validateTopology({ ...raw, authentication: { timeWindow } }, REPO_ROOT);
    expect(validateTopology(raw, REPO_ROOT).authentication.timeWindow).to.equal(WINDOW_MS);
    expect(withWindow('90s').authentication.timeWindow).to.equal(90_000);
    expect(() => withWindow('0m')).to.throw(/authentication\.timeWindow: must be more than 0/);
    expect(() => withWindow('5 minutes')).to.throw(/authentication\.timeWindow: a duration such as 20ms, 2s or 1m/);
  });
});

describe('dev network: the time window set through DevnetOptions', function () {
  this.timeout(120_000);
  let net: Awaited<ReturnType<typeof startTestDevnet>>;
  let org1: TestClient;
  let pinned = 0;

  before(async () => {
    net = await startTestDevnet({ launch: 'lazy', timeWindowMs: 1500, clock: () => pinned });
    org1 = connectClient(net, 'Org1MSP');
  });

  after(async () => {
    org1?.close();
    await net?.dispose();
  });

  it('overrides the topology: 1.5 s either side is accepted, a millisecond more is refused', async () => {
    const probe = org1.contract(CHANNEL, 'probe');
    const proposal = probe.newProposal('context');
    pinned = proposalTimeMs(proposal) + 1500;
    expect(JSON.parse(utf8.decode(await proposal.evaluate()))).to.have.property('txId');
    pinned += 1;
    const err = await failure(proposal.evaluate());
    expect(err.code).to.equal(Code.UNAVAILABLE);
    expect(err.details[0].message).to.match(/, peer\.authentication\.timewindow 1\.5s$/);
  });
});
