import { generateKeyPairSync, sign } from 'node:crypto';
import { expect } from 'chai';
import { connect, GatewayError, hash, type Contract } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { nodeCryptoSigner } from '@scenechain/devnet';
import { startTestDevnet } from '../support/devnet';
import { failure } from '../support/failure';
import { connectClient, type TestClient } from '../support/fabric-client';
import { rawPeerClient } from '../support/grpc-client';

const CHANNEL = 'testchannel';
const utf8 = new TextDecoder();
const VALID = 0;
const MVCC_READ_CONFLICT = 11;
const PHANTOM_READ_CONFLICT = 12;
const ENDORSEMENT_POLICY_FAILURE = 10;
const DUPLICATE_TXID = 9;

describe('dev network: validation and endorsement policy', function () {
  this.timeout(120_000);
  let net: Awaited<ReturnType<typeof startTestDevnet>>;
  let org1: TestClient;
  let probe: Contract;

  before(async () => {
    net = await startTestDevnet();
    org1 = connectClient(net, 'Org1MSP');
    probe = org1.contract(CHANNEL, 'probe');
  });

  after(async () => {
    org1?.close();
    await net?.dispose();
  });

  async function filterOf(blockNumber: bigint): Promise<number[]> {
    const bytes = await net.block(CHANNEL, Number(blockNumber));
    const block = common.Block.deserializeBinary(bytes!);
    return [...block.getMetadata()!.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER]];
  }

  it('commits exactly one of two racing read-modify-writes; the other gets MVCC_READ_CONFLICT', async () => {
    await probe.submitTransaction('put', 'counter', '0');
    // Both are endorsed against the same committed version before either is submitted.
    const first = await probe.newProposal('increment', { arguments: ['counter'] }).endorse();
    const second = await probe.newProposal('increment', { arguments: ['counter'] }).endorse();
    const [a, b] = await Promise.all([first.submit(), second.submit()]);
    const codes = [(await a.getStatus()).code, (await b.getStatus()).code];
    expect(codes).to.have.members([VALID, MVCC_READ_CONFLICT]);
    expect(utf8.decode(await probe.evaluateTransaction('get', 'counter'))).to.equal('1');
    const invalid = (await a.getStatus()).code === VALID ? b : a;
    const filter = await filterOf((await invalid.getStatus()).blockNumber);
    expect(filter).to.include(MVCC_READ_CONFLICT);
  });

  it('invalidates a range read when a key appears in the range before commit (PHANTOM_READ_CONFLICT)', async () => {
    await probe.submitTransaction('put', 'ph/a', '1');
    const counting = await probe.newProposal('countRange', { arguments: ['ph/', 'ph/~', 'ph-count'] }).endorse();
    await probe.submitTransaction('put', 'ph/b', '2');
    const status = await (await counting.submit()).getStatus();
    expect(status.code).to.equal(PHANTOM_READ_CONFLICT);
    expect(status.successful).to.equal(false);
    await failure(probe.evaluateTransaction('get', 'ph-count'));
  });

  it('re-checks the endorsement policy at commit: one org endorsing an AND policy is ENDORSEMENT_POLICY_FAILURE', async () => {
    const proposal = probe.newProposal('put', { arguments: ['lonely', 'x'], endorsingOrganizations: ['Org1MSP'] });
    const commit = await (await proposal.endorse()).submit();
    const status = await commit.getStatus();
    expect(status.code).to.equal(ENDORSEMENT_POLICY_FAILURE);
    await failure(probe.evaluateTransaction('get', 'lonely'));
  });

  it('fails endorsement of an AND policy while one org is unavailable, and recovers when it returns', async () => {
    await net.stopPeer('Org2MSP');
    try {
      const error = await failure(probe.submitTransaction('put', 'and-key', 'x'));
      expect(error).to.be.instanceOf(GatewayError);
      // As Fabric's gateway: the own org endorses first, then no layout of the policy can be completed.
      expect(error.code).to.equal(9); // FAILED_PRECONDITION
      const port = net.endpoint('Org2MSP').split(':').pop();
      expect(error.message).to.include(
        `failed to select a set of endorsers that satisfy the endorsement policy due to unavailability of peers: [peer0.org2.example.com:${port}]`,
      );
      // The majority policy (2 of 3) still has Org1 and Org3.
      const majority = org1.contract(CHANNEL, 'probe-majority');
      await majority.submitTransaction('put', 'majority-key', 'ok');
      expect(utf8.decode(await majority.evaluateTransaction('get', 'majority-key'))).to.equal('ok');
    } finally {
      await net.startPeer('Org2MSP');
    }
    await probe.submitTransaction('put', 'and-key', 'after');
    expect(utf8.decode(await probe.evaluateTransaction('get', 'and-key'))).to.equal('after');
  });

  it('rejects a proposal whose signature does not match the creator', async () => {
    const identity = net.identity('Org1MSP');
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const client = rawPeerClient(net, 'Org1MSP');
    const gateway = connect({
      client,
      identity: { mspId: 'Org1MSP', credentials: Buffer.from(identity.certPem) },
      signer: async (message) => sign('sha256', message, stranger),
      hash: hash.none,
    });
    try {
      const error = await failure(
        gateway.getNetwork(CHANNEL).getContract('probe').evaluateTransaction('get', 'greeting'),
      );
      expect(error).to.be.instanceOf(GatewayError);
      expect(error.message).to.include(`access denied: channel [${CHANNEL}] creator org [Org1MSP]`);
    } finally {
      gateway.close();
      client.close();
    }
  });

  it('rejects a creator from an unknown MSP', async () => {
    const identity = net.identity('Org1MSP');
    const client = rawPeerClient(net, 'Org1MSP');
    const gateway = connect({
      client,
      identity: { mspId: 'RogueMSP', credentials: Buffer.from(identity.certPem) },
      signer: nodeCryptoSigner(identity.keyPem),
      hash: hash.none,
    });
    try {
      const error = await failure(
        gateway.getNetwork(CHANNEL).getContract('probe').submitTransaction('put', 'rogue', 'x'),
      );
      expect(error).to.be.instanceOf(GatewayError);
      expect(JSON.stringify(error.details)).to.include('creator org unknown');
    } finally {
      gateway.close();
      client.close();
    }
  });

  it("rejects a certificate presented under another org's MSP ID", async () => {
    const identity = net.identity('Org1MSP');
    const client = rawPeerClient(net, 'Org1MSP');
    const gateway = connect({
      client,
      identity: { mspId: 'Org2MSP', credentials: Buffer.from(identity.certPem) },
      signer: nodeCryptoSigner(identity.keyPem),
      hash: hash.none,
    });
    try {
      const error = await failure(gateway.getNetwork(CHANNEL).getContract('probe').evaluateTransaction('get', 'x'));
      expect(error.code).to.equal(9); // FAILED_PRECONDITION
      expect(error.message).to.include(`access denied: channel [${CHANNEL}] creator org [Org2MSP]`);
    } finally {
      gateway.close();
      client.close();
    }
  });

  it('refuses a replayed proposal and marks a replayed transaction DUPLICATE_TXID', async () => {
    const identity = net.identity('Org1MSP');
    const signer = nodeCryptoSigner(identity.keyPem);
    const unsigned = probe.newProposal('put', { arguments: ['replayed', 'once'] });
    const proposalBytes = unsigned.getBytes();
    const proposalSignature = await signer(unsigned.getDigest());
    const endorsed = await org1.gateway.newSignedProposal(proposalBytes, proposalSignature).endorse();
    const transactionBytes = endorsed.getBytes();
    const transactionSignature = await signer(endorsed.getDigest());
    const commit = await org1.gateway.newSignedTransaction(transactionBytes, transactionSignature).submit();
    expect((await commit.getStatus()).code).to.equal(VALID);

    const replayedProposal = await failure(org1.gateway.newSignedProposal(proposalBytes, proposalSignature).endorse());
    expect(replayedProposal).to.be.instanceOf(GatewayError);
    expect(JSON.stringify(replayedProposal.details)).to.include(
      `duplicate transaction found [${unsigned.getTransactionId()}]`,
    );

    const heightBefore = net.height(CHANNEL);
    await org1.gateway.newSignedTransaction(transactionBytes, transactionSignature).submit();
    await net.settle();
    expect(net.height(CHANNEL)).to.equal(heightBefore + 1);
    expect(await filterOf(BigInt(heightBefore))).to.deep.equal([DUPLICATE_TXID]);
    expect((await commit.getStatus()).code).to.equal(VALID); // the first commit keeps its status
  });

  it('refuses a transaction envelope whose signature was forged (orderer FORBIDDEN)', async () => {
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const endorsed = await probe.newProposal('put', { arguments: ['forged', 'x'] }).endorse();
    const bytes = endorsed.getBytes();
    const error = await failure(org1.gateway.newSignedTransaction(bytes, sign('sha256', bytes, stranger)).submit());
    expect(error).to.be.instanceOf(GatewayError);
    expect(error.message).to.include('status=FORBIDDEN');
    await failure(probe.evaluateTransaction('get', 'forged'));
  });
});
