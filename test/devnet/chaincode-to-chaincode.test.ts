import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Contract } from '@hyperledger/fabric-gateway';
import { common, ledger, peer } from '@hyperledger/fabric-protos';
import { parse } from 'yaml';
import { validateTopology, type Devnet } from '@scenechain/devnet';
import { REPO_ROOT, startTestDevnet, TEST_TOPOLOGY } from '../support/devnet';
import { failure } from '../support/failure';
import { connectClient, type TestClient } from '../support/fabric-client';

const CHANNEL = 'testchannel';
const OTHER = 'otherchannel';
const utf8 = new TextDecoder();

interface CallOutcome {
  status?: number;
  message?: string;
  payload?: string;
  error?: string;
}

/** The ChaincodeAction a committed transaction carries, read back from its block. */
async function committedAction(net: Devnet, channel: string, blockNumber: bigint, txId: string) {
  const block = common.Block.deserializeBinary((await net.block(channel, Number(blockNumber)))!);
  for (const bytes of block.getData()!.getDataList_asU8()) {
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(bytes).getPayload_asU8());
    const header = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
    if (header.getTxId() !== txId) continue;
    const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
    const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(
      transaction.getActionsList()[0].getPayload_asU8(),
    );
    const responsePayload = peer.ProposalResponsePayload.deserializeBinary(
      actionPayload.getAction()!.getProposalResponsePayload_asU8(),
    );
    return peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8());
  }
  throw new Error(`transaction ${txId} is not in block ${blockNumber}`);
}

/** Written keys per namespace of a committed action. */
function writesOf(action: peer.ChaincodeAction): Record<string, string[]> {
  const writes: Record<string, string[]> = {};
  for (const ns of ledger.rwset.TxReadWriteSet.deserializeBinary(action.getResults_asU8()).getNsRwsetList()) {
    const kv = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8());
    writes[ns.getNamespace()] = kv.getWritesList().map((write) => write.getKey());
  }
  return writes;
}

describe('dev network: chaincode-to-chaincode calls', function () {
  this.timeout(120_000);
  let net: Awaited<ReturnType<typeof startTestDevnet>>;
  let org1: TestClient;
  let probe: Contract;

  /** Caller:call on `via`: what the callee answered, or the error the peer gave the caller. */
  const call = async (
    via: Contract,
    chaincode: string,
    channel: string,
    fn: string,
    args: unknown[] = [],
  ): Promise<CallOutcome> =>
    JSON.parse(
      utf8.decode(await via.evaluateTransaction('Caller:call', chaincode, channel, fn, JSON.stringify(args))),
    ) as CallOutcome;

  before(async () => {
    const raw = parse(readFileSync(TEST_TOPOLOGY, 'utf8')) as {
      channels: Array<{ name: string; orgs: string[]; chaincodes: Array<Record<string, unknown>> }>;
    };
    const [testChannel] = raw.channels;
    // A caller with a laxer policy than the probe it calls.
    testChannel.chaincodes.push({
      name: 'probe-any',
      version: '1.0',
      path: 'test/fixtures/chaincode/probe',
      installedOn: ['Org1MSP', 'Org2MSP'],
      endorsementPolicy: { signature: "OR('Org1MSP.peer', 'Org2MSP.peer')" },
    });
    // A second channel without Org3, serving the same probe package.
    raw.channels.push({
      name: OTHER,
      orgs: ['Org1MSP', 'Org2MSP'],
      chaincodes: [testChannel.chaincodes.find((chaincode) => chaincode.name === 'probe')!],
    });
    net = await startTestDevnet({ topology: validateTopology(raw, REPO_ROOT) });
    org1 = connectClient(net, 'Org1MSP');
    probe = org1.contract(CHANNEL, 'probe');
  });

  after(async () => {
    org1?.close();
    await net?.dispose();
  });

  it("reads and writes another chaincode in one transaction; the callee's writes commit under its namespace", async () => {
    const commit = await probe.submitAsync('Caller:putAndCall', {
      arguments: [
        'caller-key',
        'from caller',
        '',
        'probe-majority',
        'put',
        JSON.stringify(['callee-key', 'from callee']),
      ],
    });
    const status = await commit.getStatus();
    expect(status.successful).to.equal(true);
    const action = await committedAction(net, CHANNEL, status.blockNumber, commit.getTransactionId());
    expect(action.getChaincodeId()?.getName()).to.equal('probe');
    expect(writesOf(action)).to.deep.equal({ probe: ['caller-key'], 'probe-majority': ['callee-key'] });

    const majority = org1.contract(CHANNEL, 'probe-majority');
    expect(utf8.decode(await majority.evaluateTransaction('get', 'callee-key'))).to.equal('from callee');
    expect(utf8.decode(await probe.evaluateTransaction('get', 'caller-key'))).to.equal('from caller');
    expect(JSON.stringify((await failure(probe.evaluateTransaction('get', 'callee-key'))).details)).to.include(
      'NOT_FOUND',
    );
    expect(await call(probe, 'probe-majority', '', 'get', ['callee-key'])).to.deep.equal({
      status: 200,
      message: '',
      payload: 'from callee',
    });
  });

  it('runs the callee in the same transaction context: transaction ID, channel, creator and proposal', async () => {
    const proposal = probe.newProposal('Caller:call', {
      arguments: ['probe-majority', '', 'context', '[]'],
    });
    const outcome = JSON.parse(utf8.decode(await proposal.evaluate())) as CallOutcome;
    const seen = JSON.parse(outcome.payload!) as Record<string, unknown>;
    expect(seen).to.include({ txId: proposal.getTransactionId(), channelId: CHANNEL, mspId: 'Org1MSP' });
    expect(seen.args).to.deep.equal(['context']);
  });

  it("enforces the callee's endorsement policy; the gateway asks the orgs the callee's policy needs", async () => {
    const any = org1.contract(CHANNEL, 'probe-any');
    const args = (key: string): string[] => [key, 'x', '', 'probe', 'put', JSON.stringify([key, 'callee wrote'])];
    // Endorsed by Org1 alone, as the client asks: enough for probe-any, not for probe (Org1 and Org2).
    const proposal = any.newProposal('Caller:putAndCall', {
      arguments: args('under-endorsed'),
      endorsingOrganizations: ['Org1MSP'],
    });
    const commit = await (await proposal.endorse()).submit();
    const status = await commit.getStatus();
    expect(status.code).to.equal(peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
    await failure(probe.evaluateTransaction('get', 'under-endorsed'));

    // Left to the gateway, the first endorsement's chaincode interest brings in Org2.
    await any.submitTransaction('Caller:putAndCall', ...args('fully-endorsed'));
    expect(utf8.decode(await probe.evaluateTransaction('get', 'fully-endorsed'))).to.equal('callee wrote');
  });

  it("gives the callee's failure to the caller as a non-200 response", async () => {
    const outcome = await call(probe, 'probe-majority', '', 'fail', ['callee says no']);
    expect(outcome.status).to.equal(500);
    expect(outcome.message).to.equal('callee says no');
    const heightBefore = net.height(CHANNEL);
    const error = await failure(
      probe.submitTransaction('Caller:putAndCall', 'k', 'v', '', 'probe-majority', 'fail', '["callee says no"]'),
    );
    expect(JSON.stringify(error.details)).to.include('probe-majority answered 500: callee says no');
    expect(net.height(CHANNEL)).to.equal(heightBefore);
  });

  it('refuses a chaincode calling itself, directly or round a cycle, as Fabric does', async () => {
    const self = probe.newProposal('Caller:call', { arguments: ['probe', '', 'get', '["x"]'] });
    const outcome = JSON.parse(utf8.decode(await self.evaluate())) as CallOutcome;
    const txId = self.getTransactionId();
    expect(outcome.error).to.equal(
      `INVOKE_CHAINCODE failed: transaction ID: ${txId}: execute failed: error sending: txid: ${txId}(${CHANNEL}) exists`,
    );
    const cycle = await call(probe, 'probe-majority', '', 'Caller:call', ['probe', '', 'get', '["x"]']);
    expect(cycle.status).to.equal(200);
    expect((JSON.parse(cycle.payload!) as CallOutcome).error).to.match(/txid: [0-9a-f]{64}\(testchannel\) exists$/);
  });

  it('refuses callees that are not defined on the channel or not installed on the peer', async () => {
    expect((await call(probe, 'nosuch', '', 'get')).error).to.match(
      /execute failed: invalid invocation: \[channel testchannel\] failed to get chaincode container info for nosuch: chaincode nosuch not found$/,
    );
    const org3 = connectClient(net, 'Org3MSP');
    try {
      const outcome = await call(org3.contract(CHANNEL, 'probe-majority'), 'probe', '', 'get', ['x']);
      expect(outcome.error).to.match(/chaincode definition for 'probe' exists, but chaincode is not installed$/);
    } finally {
      org3.close();
    }
  });

  it('calls into another channel read-only, for writers of that channel on peers that joined it', async () => {
    await org1.contract(OTHER, 'probe').submitTransaction('put', 'other-key', 'on the other channel');
    expect(await call(probe, 'probe', OTHER, 'get', ['other-key'])).to.include({
      status: 200,
      payload: 'on the other channel',
    });

    // The callee's writes on the other channel are discarded: only its response comes back.
    const commit = await probe.submitAsync('Caller:call', {
      arguments: ['probe', OTHER, 'put', JSON.stringify(['discarded', 'x'])],
    });
    const status = await commit.getStatus();
    expect(status.successful).to.equal(true);
    const action = await committedAction(net, CHANNEL, status.blockNumber, commit.getTransactionId());
    expect(writesOf(action)).to.deep.equal({});
    await failure(org1.contract(OTHER, 'probe').evaluateTransaction('get', 'discarded'));

    // An Org3 user is no writer of the other channel; Org3's peer has not joined it.
    const org3ViaOrg1 = connectClient(net, 'Org3MSP', 'User1', 'Org1MSP');
    const org3 = connectClient(net, 'Org3MSP');
    try {
      expect(
        (await call(org3ViaOrg1.contract(CHANNEL, 'probe-majority'), 'probe', OTHER, 'get', ['x'])).error,
      ).to.include(
        `Failed evaluating policy on signed data during check policy on channel [${OTHER}] with policy [/Channel/Application/Writers]`,
      );
      expect((await call(org3.contract(CHANNEL, 'probe-majority'), 'probe', OTHER, 'get', ['x'])).error).to.match(
        /Failed to get policy manager for channel \[otherchannel\]$/,
      );
    } finally {
      org3ViaOrg1.close();
      org3.close();
    }
  });

  it("keeps only the calling chaincode's event, as Fabric does", async () => {
    const submit = async (eventName: string) => {
      const commit = await probe.submitAsync('Caller:putAndCall', {
        arguments: [`event-${eventName}`, 'v', eventName, 'probe-majority', 'put', '["event-callee","w"]'],
      });
      const status = await commit.getStatus();
      const action = await committedAction(net, CHANNEL, status.blockNumber, commit.getTransactionId());
      return action.getEvents_asU8().length === 0
        ? undefined
        : peer.ChaincodeEvent.deserializeBinary(action.getEvents_asU8());
    };
    const event = await submit('caller-event');
    expect(event?.getEventName()).to.equal('caller-event');
    expect(event?.getChaincodeId()).to.equal('probe');
    // The callee's `put` sets an event too; it never reaches the transaction.
    expect(await submit('')).to.equal(undefined);
  });
});
