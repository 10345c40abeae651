import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ConnectionPool } from '../../gateway-app/src/fabric/connection-pool';
import { devnetDirectory } from '../../gateway-app/src/fabric/devnet-directory';
import { TransactionRunner, type RunnerObserver } from '../../gateway-app/src/fabric/transaction-runner';
import { AppError } from '../../gateway-app/src/errors/app-error';
import { startTestDevnet } from '../support/devnet';

const CHANNEL = 'testchannel';

/**
 * The app's transaction runner against a dev network, on the probe chaincode (AND of Org1 and Org2): Fabric's
 * gateway refuses endorsements whose responses differ ("ProposalResponsePayloads do not match"), which is what
 * a block committing between the two orgs' simulations causes; the runner endorses again, as for MVCC.
 */
describe('gateway app: transaction runner retries differing endorsements', function () {
  this.timeout(120_000);
  let net: Awaited<ReturnType<typeof startTestDevnet>>;
  let pool: ConnectionPool;
  let markers: string;
  const retried: Array<{ validationCode: string; attempt: number }> = [];
  const observer: RunnerObserver = { retried: (retry) => retried.push(retry) };

  before(async () => {
    net = await startTestDevnet();
    pool = new ConnectionPool(devnetDirectory(net, CHANNEL));
    markers = mkdtempSync(path.join(os.tmpdir(), 'scenechain-differ-'));
  });
  after(async () => {
    pool?.close();
    await net?.dispose();
    if (markers) rmSync(markers, { recursive: true, force: true });
  });
  beforeEach(() => retried.splice(0));

  it('endorses again when the orgs’ endorsements differ, and commits', async () => {
    const runner = new TransactionRunner(pool, CHANNEL, { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 }, observer);
    const identity = devnetDirectory(net, CHANNEL).identity('Org1MSP', 'User1');
    const committed = await runner.submit(identity, {
      chaincode: 'probe',
      transaction: 'EndorsementProbe:differOnce',
      args: [markers, 'differ-once'],
    });
    expect(committed.attempts).to.equal(2);
    expect(committed.conflicted).to.have.length(1);
    expect(retried).to.deep.equal([
      {
        chaincode: 'probe',
        transaction: 'EndorsementProbe:differOnce',
        transactionId: committed.conflicted[0],
        validationCode: 'ENDORSEMENT_MISMATCH',
        attempt: 1,
      },
    ]);
    const value = await runner.evaluate(identity, { chaincode: 'probe', transaction: 'get', args: ['differ-once'] });
    expect(new TextDecoder().decode(value)).to.equal('agreed');
  });

  it('gives up after its attempts with 409 ENDORSEMENT_MISMATCH when they keep differing', async () => {
    const runner = new TransactionRunner(pool, CHANNEL, { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 }, observer);
    const identity = devnetDirectory(net, CHANNEL).identity('Org1MSP', 'User1');
    const heightBefore = net.height(CHANNEL);
    const error = await runner
      .submit(identity, { chaincode: 'probe', transaction: 'peerSpecific', args: ['always-differs'] })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(error).to.be.instanceOf(AppError);
    expect([(error as AppError).status, (error as AppError).code]).to.deep.equal([409, 'ENDORSEMENT_MISMATCH']);
    expect(retried.map((retry) => [retry.validationCode, retry.attempt])).to.deep.equal([
      ['ENDORSEMENT_MISMATCH', 1],
      ['ENDORSEMENT_MISMATCH', 2],
    ]);
    await net.settle();
    expect(net.height(CHANNEL)).to.equal(heightBefore);
  });
});
