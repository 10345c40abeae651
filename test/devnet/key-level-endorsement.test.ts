import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Contract } from '@hyperledger/fabric-gateway';
import { ledger } from '@hyperledger/fabric-protos';
import { startTestDevnet } from '../support/devnet';
import { failure } from '../support/failure';
import { connectClient, type TestClient } from '../support/fabric-client';

const CHANNEL = 'testchannel';
const utf8 = new TextDecoder();
const VALID = 0;
const ENDORSEMENT_POLICY_FAILURE = 10;
const ORG1_ORG2 = ['Org1MSP', 'Org2MSP'];

/**
 * Key-level endorsement through the shim's setStateValidationParameter, on `probe-majority` (chaincode policy:
 * any 2 of Org1, Org2, Org3), so a key-level policy naming Org3 alone differs from the chaincode's in both ways.
 */
describe('dev network: key-level endorsement (state-based endorsement policies)', function () {
  this.timeout(120_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-sbe-'));
  let net: Awaited<ReturnType<typeof startTestDevnet>>;
  let org1: TestClient;
  let majority: Contract;

  before(async () => {
    net = await startTestDevnet({ dataDir });
    org1 = connectClient(net, 'Org1MSP');
    majority = org1.contract(CHANNEL, 'probe-majority');
  });

  after(async () => {
    org1?.close();
    await net?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Endorses on exactly `orgs` and submits; returns the commit status code. */
  async function submitOn(orgs: string[], name: string, ...args: string[]): Promise<number> {
    const proposal = majority.newProposal(name, { arguments: args, endorsingOrganizations: orgs });
    const status = await (await (await proposal.endorse()).submit()).getStatus();
    return status.code;
  }

  const value = async (key: string): Promise<string> => utf8.decode(await majority.evaluateTransaction('get', key));
  const policyOf = async (key: string): Promise<string[] | null> =>
    JSON.parse(utf8.decode(await majority.evaluateTransaction('keyPolicy:getPolicy', key))) as string[] | null;

  it('sets a key-level policy; a write endorsed only by the wrong orgs is ENDORSEMENT_POLICY_FAILURE', async () => {
    expect(await submitOn(ORG1_ORG2, 'put', 'sbe/a', 'v0')).to.equal(VALID);
    expect(await policyOf('sbe/a')).to.equal(null);
    // No key-level policy yet: setting one is governed by the chaincode policy (Org1 + Org2 satisfy it).
    expect(await submitOn(ORG1_ORG2, 'keyPolicy:setPolicy', 'sbe/a', '["Org3MSP"]')).to.equal(VALID);
    expect(await policyOf('sbe/a')).to.deep.equal(['Org3MSP']);

    // Org1 + Org2 satisfy the chaincode policy but not the key's: the write is refused at commit.
    expect(await submitOn(ORG1_ORG2, 'put', 'sbe/a', 'wrong-orgs')).to.equal(ENDORSEMENT_POLICY_FAILURE);
    expect(await value('sbe/a')).to.equal('v0');
  });

  it("commits a write endorsed by the key's orgs alone, though they fall short of the chaincode policy", async () => {
    expect(await submitOn(['Org3MSP'], 'put', 'sbe/a', 'by-org3')).to.equal(VALID);
    expect(await value('sbe/a')).to.equal('by-org3');
    expect(await submitOn(['Org1MSP', 'Org3MSP'], 'put', 'sbe/a', 'by-org1-org3')).to.equal(VALID);
    // Other keys of the namespace keep the chaincode policy: Org3 alone is not enough there.
    expect(await submitOn(['Org3MSP'], 'put', 'sbe/other', 'x')).to.equal(ENDORSEMENT_POLICY_FAILURE);
    await failure(majority.evaluateTransaction('get', 'sbe/other'));
  });

  it('governs changes to the policy itself by the current key-level policy', async () => {
    expect(await submitOn(ORG1_ORG2, 'keyPolicy:setPolicy', 'sbe/a', '["Org1MSP"]')).to.equal(
      ENDORSEMENT_POLICY_FAILURE,
    );
    expect(await policyOf('sbe/a')).to.deep.equal(['Org3MSP']);
    expect(await submitOn(['Org3MSP'], 'keyPolicy:setPolicy', 'sbe/a', '["Org1MSP"]')).to.equal(VALID);
    expect(await policyOf('sbe/a')).to.deep.equal(['Org1MSP']);
    // Changing only the metadata keeps the value and gives the key a new version.
    expect(await value('sbe/a')).to.equal('by-org1-org3');
    const history = JSON.parse(utf8.decode(await majority.evaluateTransaction('history', 'sbe/a'))) as unknown[];
    expect(history).to.have.length(3); // value writes only, as Fabric's history database keeps them
  });

  it('records the policy write in the rwset as KVRWSet.metadata_writes, and its read as a read of the key', async () => {
    const proposal = majority.newProposal('keyPolicy:putWithPolicy', {
      arguments: ['sbe/rw', 'v', '["Org2MSP","Org1MSP"]'],
      endorsingOrganizations: ORG1_ORG2,
    });
    const transaction = await proposal.endorse();
    const { peer, common } = await import('@hyperledger/fabric-protos');
    const { gateway } = await import('@hyperledger/fabric-protos');
    const envelope = gateway.PreparedTransaction.deserializeBinary(transaction.getBytes()).getEnvelope()!;
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const action = peer.ChaincodeActionPayload.deserializeBinary(
      peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()[0].getPayload_asU8(),
    );
    const chaincodeAction = peer.ChaincodeAction.deserializeBinary(
      peer.ProposalResponsePayload.deserializeBinary(
        action.getAction()!.getProposalResponsePayload_asU8(),
      ).getExtension_asU8(),
    );
    const nsRwSet = ledger.rwset.TxReadWriteSet.deserializeBinary(chaincodeAction.getResults_asU8())
      .getNsRwsetList()
      .find((ns) => ns.getNamespace() === 'probe-majority')!;
    const kv = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(nsRwSet.getRwset_asU8());
    expect(kv.getWritesList().map((write) => write.getKey())).to.deep.equal(['sbe/rw']);
    const [metadataWrite] = kv.getMetadataWritesList();
    expect(metadataWrite.getKey()).to.equal('sbe/rw');
    expect(metadataWrite.getEntriesList().map((entry) => entry.getName())).to.deep.equal(['VALIDATION_PARAMETER']);
    expect((await (await transaction.submit()).getStatus()).code).to.equal(VALID);
    expect(await policyOf('sbe/rw')).to.deep.equal(['Org1MSP', 'Org2MSP']);

    const reading = await majority
      .newProposal('keyPolicy:readPolicyThenPut', { arguments: ['sbe/rw', 'w'], endorsingOrganizations: ORG1_ORG2 })
      .endorse();
    // A concurrent change of the key's policy gives the key a new version, so the reader's MVCC check fails.
    expect(await submitOn(ORG1_ORG2, 'keyPolicy:setPolicy', 'sbe/rw', '["Org2MSP"]')).to.equal(VALID);
    expect((await (await reading.submit()).getStatus()).code).to.equal(11); // MVCC_READ_CONFLICT
  });

  it('drops the key-level policy with the key when it is deleted', async () => {
    expect(await submitOn(['Org1MSP'], 'del', 'sbe/a')).to.equal(VALID);
    expect(await policyOf('sbe/a')).to.equal(null);
    // Recreated, the key is under the chaincode policy again: Org1 alone no longer suffices.
    expect(await submitOn(['Org1MSP'], 'put', 'sbe/a', 'again')).to.equal(ENDORSEMENT_POLICY_FAILURE);
    expect(await submitOn(['Org1MSP', 'Org3MSP'], 'put', 'sbe/a', 'again')).to.equal(VALID);
  });

  it('refuses writes under a malformed stored policy without stalling the channel', async () => {
    // A length prefix of 2^32-1: google-protobuf would loop for ever decoding it.
    expect(await submitOn(ORG1_ORG2, 'put', 'sbe/bad', 'v')).to.equal(VALID);
    expect(await submitOn(ORG1_ORG2, 'keyPolicy:setRawPolicy', 'sbe/bad', '0aFFFFFFFF0F')).to.equal(VALID);
    // Fabric's endorser cannot build the ChaincodeInterest (its KeyPolicies) for a write to the key, so it refuses.
    const error = await failure(submitOn(ORG1_ORG2, 'put', 'sbe/bad', 'x'));
    expect(error.details[0].message).to.match(
      /^error in simulation: error unmarshalling SignaturePolicyEnvelope: malformed common\.SignaturePolicyEnvelope/,
    );
    expect(await value('sbe/bad')).to.equal('v');
    expect(await submitOn(ORG1_ORG2, 'put', 'sbe/fine', 'y')).to.equal(VALID);
  });

  it('keeps key-level policies across a restart', async () => {
    org1.close();
    await net.stop();
    net = await startTestDevnet({ dataDir });
    org1 = connectClient(net, 'Org1MSP');
    majority = org1.contract(CHANNEL, 'probe-majority');
    expect(await policyOf('sbe/rw')).to.deep.equal(['Org2MSP']);
    expect(await submitOn(['Org1MSP', 'Org3MSP'], 'put', 'sbe/rw', 'no-org2')).to.equal(ENDORSEMENT_POLICY_FAILURE);
    expect(await submitOn(['Org2MSP'], 'put', 'sbe/rw', 'org2')).to.equal(VALID);
    expect(await value('sbe/rw')).to.equal('org2');
  });

  it("answers metadata of a collection the chaincode does not have with Fabric's error", async () => {
    const error = await failure(majority.evaluateTransaction('keyPolicy:getPrivatePolicy', 'marbles', 'sbe/a'));
    expect(error.details[0].message).to.match(
      /GET_STATE_METADATA failed: transaction ID: [0-9a-f]{64}: collection testchannel\/probe-majority\/marbles could not be found$/,
    );
  });
});
