import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { GatewayError, type Contract } from '@hyperledger/fabric-gateway';
import { startTestDevnet } from '../support/devnet';
import { failure } from '../support/failure';
import { connectClient, type TestClient } from '../support/fabric-client';

const CHANNEL = 'testchannel';
const utf8 = new TextDecoder();

describe('dev network: transactions through the real fabric-gateway client', function () {
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

  it('submits a transaction that a later evaluate reads back', async () => {
    await probe.submitTransaction('put', 'greeting', 'hello');
    expect(utf8.decode(await probe.evaluateTransaction('get', 'greeting'))).to.equal('hello');
  });

  it('reports the commit status and block of an async submit', async () => {
    const commit = await probe.submitAsync('put', { arguments: ['async-key', 'v1'] });
    const status = await commit.getStatus();
    expect(status.successful).to.equal(true);
    expect(status.code).to.equal(0);
    expect(status.transactionId).to.equal(commit.getTransactionId());
    expect(status.blockNumber > 0n).to.equal(true);
    expect(Number(status.blockNumber)).to.be.lessThan(net.height(CHANNEL));
  });

  it('delivers creator, transaction ID, channel, timestamp, binding and transient data as Fabric does', async () => {
    const proposal = probe.newProposal('context', { transientData: { secret: 'sesame' } });
    const before = Math.floor(Date.now() / 1000);
    const context = JSON.parse(utf8.decode(await proposal.evaluate())) as Record<string, unknown>;
    expect(context.txId).to.equal(proposal.getTransactionId());
    expect(context.channelId).to.equal(CHANNEL);
    expect(context.mspId).to.equal('Org1MSP');
    expect(context.clientId).to.match(/^x509::\/.*CN=User1@org1\.example\.com.*::\/.*CN=ca\.org1\.example\.com/);
    expect(context.peerMspId).to.equal('Org1MSP');
    expect(context.transient).to.deep.equal({ secret: 'sesame' });
    expect(context.seconds as number).to.be.within(before - 5, before + 5);
    expect(context.args).to.deep.equal(['context']);
    // Binding = hex SHA-256(nonce ‖ creator ‖ epoch as 8 little-endian bytes); recompute it from the proposal.
    const { gateway, peer, common } = await import('@hyperledger/fabric-protos');
    const signedProposal = gateway.ProposedTransaction.deserializeBinary(proposal.getBytes()).getProposal()!;
    const header = common.Header.deserializeBinary(
      peer.Proposal.deserializeBinary(signedProposal.getProposalBytes_asU8()).getHeader_asU8(),
    );
    const signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
    const binding = createHash('sha256')
      .update(signatureHeader.getNonce_asU8())
      .update(signatureHeader.getCreator_asU8())
      .update(Buffer.alloc(8))
      .digest('hex');
    expect(context.binding).to.equal(binding);
  });

  it('gives chaincode the attributes of the caller certificate', async () => {
    const examiner = connectClient(net, 'Org1MSP', 'examiner1');
    try {
      const context = JSON.parse(
        utf8.decode(await examiner.contract(CHANNEL, 'probe').evaluateTransaction('context')),
      ) as Record<string, unknown>;
      expect(context.role).to.equal('examiner');
    } finally {
      examiner.close();
    }
    await net.addUser('Org2MSP', 'auditor1', { role: 'auditor' });
    const auditor = connectClient(net, 'Org2MSP', 'auditor1', 'Org1MSP');
    try {
      const context = JSON.parse(
        utf8.decode(await auditor.contract(CHANNEL, 'probe').evaluateTransaction('context')),
      ) as Record<string, unknown>;
      expect(context.mspId).to.equal('Org2MSP');
      expect(context.role).to.equal('auditor');
    } finally {
      auditor.close();
    }
  });

  it('returns objects that fabric-contract-api serializes, and serves contract metadata', async () => {
    await probe.submitTransaction('put', 'described', 'four');
    expect(JSON.parse(utf8.decode(await probe.evaluateTransaction('describeKey', 'described')))).to.deep.equal({
      key: 'described',
      length: 4,
    });
    const metadata = JSON.parse(utf8.decode(await probe.evaluateTransaction('org.hyperledger.fabric:GetMetadata'))) as {
      contracts: Record<string, unknown>;
    };
    expect(Object.keys(metadata.contracts)).to.include('probe');
  });

  it('returns the committed value to a read after a write in the same transaction', async () => {
    await probe.submitTransaction('put', 'ryw', 'committed');
    expect(utf8.decode(await probe.submitTransaction('putThenGet', 'ryw', 'pending'))).to.equal('committed');
    expect(utf8.decode(await probe.evaluateTransaction('get', 'ryw'))).to.equal('pending');
  });

  it('deletes keys', async () => {
    await probe.submitTransaction('put', 'doomed', 'x');
    await probe.submitTransaction('del', 'doomed');
    const error = await failure(probe.evaluateTransaction('get', 'doomed'));
    expect(error.details[0].message).to.include('NOT_FOUND: key doomed does not exist');
  });

  it('serves range queries across batches of 100 in UTF-8 byte order', async () => {
    const keys = Array.from({ length: 230 }, (_, i) => `r/${String(i).padStart(3, '0')}`);
    await Promise.all(keys.map((key) => probe.submitAsync('put', { arguments: [key, key.toUpperCase()] })));
    await net.settle();
    const all = JSON.parse(utf8.decode(await probe.evaluateTransaction('range', 'r/', 'r/~'))) as Array<{
      key: string;
      value: string;
    }>;
    expect(all.map((entry) => entry.key)).to.deep.equal(keys);
    expect(all[7].value).to.equal('R/007');
    await probe.submitTransaction('put', 'u/\u00e9', 'e-acute');
    await probe.submitTransaction('put', 'u/z', 'z');
    await probe.submitTransaction('put', 'u/\u{1F600}', 'emoji');
    const unicode = JSON.parse(utf8.decode(await probe.evaluateTransaction('range', 'u/', 'u/\u{10FFFF}'))) as Array<{
      key: string;
    }>;
    expect(unicode.map((entry) => entry.key)).to.deep.equal(['u/z', 'u/\u00e9', 'u/\u{1F600}']);
  });

  it('paginates range queries with bookmarks', async () => {
    const pages: string[][] = [];
    let bookmark = '';
    do {
      const page = JSON.parse(
        utf8.decode(await probe.evaluateTransaction('rangePage', 'r/', 'r/~', '100', bookmark)),
      ) as {
        entries: Array<{ key: string }>;
        fetched: number;
        bookmark: string;
      };
      expect(page.fetched).to.equal(page.entries.length);
      pages.push(page.entries.map((entry) => entry.key));
      bookmark = page.bookmark;
    } while (bookmark !== '');
    expect(pages.map((page) => page.length)).to.deep.equal([100, 100, 30]);
    expect(pages[1][0]).to.equal('r/100');
  });

  it('refuses a write after a paginated query, as Fabric does', async () => {
    const error = await failure(probe.submitTransaction('pageThenWrite', 'nope'));
    expect(error).to.be.instanceOf(Error);
    expect(JSON.stringify(error.details ?? error.message)).to.match(/paginated query/i);
  });

  it('finds composite keys by partial key', async () => {
    await probe.submitTransaction('putComposite', 'batch', JSON.stringify(['acme', 'B1']), 'one');
    await probe.submitTransaction('putComposite', 'batch', JSON.stringify(['acme', 'B2']), 'two');
    await probe.submitTransaction('putComposite', 'batch', JSON.stringify(['other', 'B3']), 'three');
    const found = JSON.parse(
      utf8.decode(await probe.evaluateTransaction('partialComposite', 'batch', JSON.stringify(['acme']))),
    ) as Array<{ objectType: string; attributes: string[]; value: string }>;
    expect(found).to.deep.equal([
      { objectType: 'batch', attributes: ['acme', 'B1'], value: 'one' },
      { objectType: 'batch', attributes: ['acme', 'B2'], value: 'two' },
    ]);
  });

  it('keeps the history of a key, newest first, with transaction IDs and deletes', async () => {
    const txIds: string[] = [];
    for (const value of ['v1', 'v2']) {
      const commit = await probe.submitAsync('put', { arguments: ['hist', value] });
      await commit.getStatus();
      txIds.push(commit.getTransactionId());
    }
    const del = await probe.submitAsync('del', { arguments: ['hist'] });
    await del.getStatus();
    txIds.push(del.getTransactionId());
    const history = JSON.parse(utf8.decode(await probe.evaluateTransaction('history', 'hist'))) as Array<{
      txId: string;
      value: string;
      isDelete: boolean;
    }>;
    expect(history.map((entry) => entry.txId)).to.deep.equal([...txIds].reverse());
    expect(history.map((entry) => entry.isDelete)).to.deep.equal([true, false, false]);
    expect(history[1].value).to.equal('v2');
  });

  it('carries the chaincode error message to the client in err.details', async () => {
    const evaluateError = await failure(probe.evaluateTransaction('fail', 'CONFLICT: nope'));
    expect(evaluateError).to.be.instanceOf(GatewayError);
    expect(evaluateError.code).to.equal(2); // UNKNOWN, as a real peer answers
    expect(evaluateError.message).to.include(
      'evaluate call to endorser returned error: chaincode response 500, CONFLICT: nope',
    );
    expect(evaluateError.details[0]).to.include({
      mspId: 'Org1MSP',
      message: 'chaincode response 500, CONFLICT: nope',
    });
    // Fabric addresses peers by host name and port.
    const port = net.endpoint('Org1MSP').split(':').pop();
    expect(evaluateError.details[0].address).to.equal(`peer0.org1.example.com:${port}`);

    const submitError = await failure(probe.submitTransaction('fail', 'FORBIDDEN: no'));
    expect(submitError.code).to.equal(10); // ABORTED
    expect(submitError.message).to.include('failed to endorse transaction, see attached details for more info');
    expect(submitError.details.map((detail) => detail.message)).to.deep.equal([
      'chaincode response 500, FORBIDDEN: no',
    ]);
  });

  it('answers unknown channels and chaincodes with clear errors', async () => {
    const unknownChannel = await failure(
      org1.gateway.getNetwork('nochannel').getContract('probe').evaluateTransaction('get', 'x'),
    );
    expect(unknownChannel.code).to.equal(5); // NOT_FOUND
    expect(unknownChannel.message).to.include("channel 'nochannel' not found");
    const unknownChaincode = await failure(org1.contract(CHANNEL, 'nochaincode').evaluateTransaction('get', 'x'));
    expect(unknownChaincode.code).to.equal(9); // FAILED_PRECONDITION
    expect(unknownChaincode.message).to.include('no peers available to evaluate chaincode nochaincode');
  });
});
