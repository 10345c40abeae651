import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { startTestDevnet } from '../support/devnet';
import { failure } from '../support/failure';
import { connectClient, type TestClient } from '../support/fabric-client';

const CHANNEL = 'testchannel';
const VALID = 0;

/**
 * Fabric 2.5's gateway endorsement strategy, observed through a chaincode side effect: every run of
 * `EndorsementProbe:record` appends the running peer's MSP ID to a log file, so a test sees which orgs were
 * asked. `probe` is installed on Org1 and Org2 under AND(Org1, Org2); `probe-majority` on all three orgs
 * under MAJORITY Endorsement (any two).
 */
describe('dev network: the gateway endorses as Fabric 2.5 does', function () {
  this.timeout(120_000);
  let net: Awaited<ReturnType<typeof startTestDevnet>>;
  let logDir: string;
  let org1: TestClient;
  let org2: TestClient;
  let org3: TestClient;
  let run = 0;

  before(async () => {
    net = await startTestDevnet();
    logDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-endorsers-'));
    org1 = connectClient(net, 'Org1MSP');
    org2 = connectClient(net, 'Org2MSP');
    org3 = connectClient(net, 'Org3MSP');
  });

  after(async () => {
    for (const client of [org1, org2, org3]) client?.close();
    await net?.dispose();
    if (logDir) rmSync(logDir, { recursive: true, force: true });
  });

  const newLog = (): string => path.join(logDir, `run-${run++}.log`);
  const asked = (logFile: string): string[] =>
    existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter(Boolean) : [];
  const address = (mspId: string, host: string): string => `${host}:${net.endpoint(mspId).split(':').pop()}`;

  it('stops at a chaincode error on its own org: one error detail, addressed by host name, no other org asked', async () => {
    const log = newLog();
    const error = await failure(
      org1.contract(CHANNEL, 'probe').submitTransaction('EndorsementProbe:record', log, 'Org1MSP'),
    );
    expect(error).to.be.instanceOf(GatewayError);
    expect(error.code).to.equal(10); // ABORTED
    expect(error.message).to.include('failed to endorse transaction, see attached details for more info');
    expect(error.details).to.have.length(1);
    expect(error.details[0]).to.deep.include({
      address: address('Org1MSP', 'peer0.org1.example.com'),
      mspId: 'Org1MSP',
      message: 'chaincode response 500, FORBIDDEN: refused by Org1MSP',
    });
    expect(asked(log)).to.deep.equal(['Org1MSP']);
  });

  it('collects the further endorsements the policy needs only after its own org succeeded', async () => {
    const andLog = newLog();
    const commit = await org1.contract(CHANNEL, 'probe').submitAsync('EndorsementProbe:record', {
      arguments: [andLog, ''],
    });
    expect((await commit.getStatus()).code).to.equal(VALID);
    expect(asked(andLog)).to.deep.equal(['Org1MSP', 'Org2MSP']);

    // MAJORITY of three: the own org and one more; the third org is never asked.
    const majorityLog = newLog();
    const majority = await org3.contract(CHANNEL, 'probe-majority').submitAsync('EndorsementProbe:record', {
      arguments: [majorityLog, ''],
    });
    expect((await majority.getStatus()).code).to.equal(VALID);
    expect(asked(majorityLog)).to.deep.equal(['Org3MSP', 'Org1MSP']);
  });

  it('reports a failure of a further org as too few endorsements, with that org’s detail', async () => {
    const log = newLog();
    const error = await failure(
      org1.contract(CHANNEL, 'probe').submitTransaction('EndorsementProbe:record', log, 'Org2MSP'),
    );
    expect(error.code).to.equal(10); // ABORTED
    expect(error.message).to.include('failed to collect enough transaction endorsements, see attached details');
    expect(error.details.map((d) => [d.mspId, d.address, d.message])).to.deep.equal([
      [
        'Org2MSP',
        address('Org2MSP', 'peer0.org2.example.com'),
        'chaincode response 500, FORBIDDEN: refused by Org2MSP',
      ],
    ]);
    expect(asked(log)).to.deep.equal(['Org1MSP', 'Org2MSP']);
  });

  it('tries another layout of the policy when a further org fails', async () => {
    const log = newLog();
    const commit = await org1.contract(CHANNEL, 'probe-majority').submitAsync('EndorsementProbe:record', {
      arguments: [log, 'Org2MSP'],
    });
    expect((await commit.getStatus()).code).to.equal(VALID);
    expect(asked(log)).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
  });

  it('refuses endorsements whose response payloads differ from the first one', async () => {
    const and = await failure(org1.contract(CHANNEL, 'probe').submitTransaction('peerSpecific', 'mine'));
    expect(and.code).to.equal(10); // ABORTED
    expect(and.message).to.include('failed to collect enough transaction endorsements');
    expect(and.details.map((d) => [d.mspId, d.message])).to.deep.equal([
      ['Org2MSP', 'ProposalResponsePayloads do not match'],
    ]);
    const majority = await failure(org1.contract(CHANNEL, 'probe-majority').submitTransaction('peerSpecific', 'x'));
    expect(majority.details.map((d) => [d.mspId, d.message])).to.deep.equal([
      ['Org2MSP', 'ProposalResponsePayloads do not match'],
      ['Org3MSP', 'ProposalResponsePayloads do not match'],
    ]);
  });

  it('asks exactly the endorsingOrganizations a client names, all at once', async () => {
    const log = newLog();
    const proposal = org1.contract(CHANNEL, 'probe-majority').newProposal('EndorsementProbe:record', {
      arguments: [log, ''],
      endorsingOrganizations: ['Org2MSP', 'Org3MSP'],
    });
    expect((await (await (await proposal.endorse()).submit()).getStatus()).code).to.equal(VALID);
    expect(asked(log).sort()).to.deep.equal(['Org2MSP', 'Org3MSP']);

    const failing = newLog();
    const error = await failure(
      org1
        .contract(CHANNEL, 'probe')
        .newProposal('EndorsementProbe:record', {
          arguments: [failing, 'Org1MSP'],
          endorsingOrganizations: ['Org1MSP'],
        })
        .endorse(),
    );
    expect(error.message).to.include('failed to collect enough transaction endorsements');
    expect(error.details.map((d) => d.mspId)).to.deep.equal(['Org1MSP']);

    const missing = await failure(
      org1
        .contract(CHANNEL, 'probe')
        .newProposal('EndorsementProbe:record', { arguments: [newLog(), ''], endorsingOrganizations: ['Org3MSP'] })
        .endorse(),
    );
    expect(missing.code).to.equal(14); // UNAVAILABLE
    expect(missing.message).to.include('failed to find any endorsing peers for org(s): Org3MSP');
  });

  it('starts with an org that has the chaincode when its own org has not', async () => {
    const log = newLog();
    const commit = await org3.contract(CHANNEL, 'probe').submitAsync('EndorsementProbe:record', {
      arguments: [log, ''],
    });
    expect((await commit.getStatus()).code).to.equal(VALID);
    expect(asked(log)).to.deep.equal(['Org1MSP', 'Org2MSP']);

    const transient = { secret: Buffer.from('s') };
    const evaluate = await failure(
      org3.contract(CHANNEL, 'probe').evaluateTransaction('get', 'x'), // without transient data: fine to go elsewhere
    );
    expect(evaluate.message).to.include('NOT_FOUND'); // ran on another org's peer
    const protectedEvaluate = await failure(
      org3.contract(CHANNEL, 'probe').evaluate('get', { arguments: ['x'], transientData: transient }),
    );
    expect(protectedEvaluate.code).to.equal(9); // FAILED_PRECONDITION
    expect(protectedEvaluate.message).to.include(
      "no endorsers found in the gateway's organization; retry specifying target organization(s) to protect transient data",
    );
    const protectedEndorse = await failure(
      org3.contract(CHANNEL, 'probe').submit('put', { arguments: ['x', 'y'], transientData: transient }),
    );
    expect(protectedEndorse.code).to.equal(9); // FAILED_PRECONDITION
    expect(protectedEndorse.message).to.include(
      "no endorsers found in the gateway's organization; retry specifying endorsing organization(s) to protect transient data",
    );
  });

  it('evaluates on its own org only, and moves to the next org only when the peer itself fails', async () => {
    const log = newLog();
    expect(
      new TextDecoder().decode(
        await org2.contract(CHANNEL, 'probe').evaluateTransaction('EndorsementProbe:record', log, ''),
      ),
    ).to.equal('recorded');
    expect(asked(log)).to.deep.equal(['Org2MSP']);

    const chaincodeError = await failure(
      org2.contract(CHANNEL, 'probe').evaluateTransaction('EndorsementProbe:record', log, 'Org2MSP'),
    );
    expect(chaincodeError.code).to.equal(2); // UNKNOWN
    expect(chaincodeError.details.map((d) => d.mspId)).to.deep.equal(['Org2MSP']);
    expect(asked(log)).to.deep.equal(['Org2MSP', 'Org2MSP']);

    // A crashing chaincode is a peer failure (its stream terminates): Fabric tries the next org's peer.
    const crashed = await failure(org2.contract(CHANNEL, 'probe').evaluateTransaction('crash'));
    expect(crashed.code).to.equal(10); // ABORTED
    expect(crashed.message).to.include('failed to evaluate transaction, see attached details for more info');
    expect(crashed.details.map((d) => d.mspId)).to.deep.equal(['Org2MSP', 'Org1MSP']);
  });
});
