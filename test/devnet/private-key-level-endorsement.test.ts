import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Contract } from '@hyperledger/fabric-gateway';
import { common, gateway, ledger, msp, peer } from '@hyperledger/fabric-protos';
import { REPO_ROOT, startTestDevnet } from '../support/devnet';
import { failure } from '../support/failure';
import { connectClient, type TestClient } from '../support/fabric-client';

const CHANNEL = 'testchannel';
const TOPOLOGY = path.join(REPO_ROOT, 'test', 'fixtures', 'topology', 'devnet-private-data.yaml');
const utf8 = new TextDecoder();
const { VALID, ENDORSEMENT_POLICY_FAILURE, MVCC_READ_CONFLICT } = peer.TxValidationCode;
const sha256 = (data: string | Uint8Array): Buffer => createHash('sha256').update(data).digest();

/** What one org's client needs: the private data probe and the private key-level policy probe of `private`. */
interface OrgContracts {
  data: Contract;
  policy: Contract;
}

interface SubmitOptions {
  value?: string;
  orgs?: string[];
}

/** The namespace `private` of a transaction in a committed block: public KVRWSet and collection hashed sets. */
function namespaceOf(blockBytes: Uint8Array, txId: string) {
  const block = common.Block.deserializeBinary(blockBytes);
  for (const [txNum, envelope] of block.getData()!.getDataList_asU8().entries()) {
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelope).getPayload_asU8());
    const header = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
    if (header.getTxId() !== txId) continue;
    const ns = rwsetOf(payload)
      .getNsRwsetList()
      .find((set) => set.getNamespace() === 'private')!;
    return {
      txNum,
      kv: ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8()),
      collections: ns.getCollectionHashedRwsetList().map((set) => ({
        name: set.getCollectionName(),
        hashed: ledger.rwset.kvrwset.HashedRWSet.deserializeBinary(set.getHashedRwset_asU8()),
        pvtRwsetHash: set.getPvtRwsetHash_asU8(),
      })),
    };
  }
  throw new Error(`transaction ${txId} is not in the block`);
}

function actionPayloadOf(payload: common.Payload): peer.ChaincodeActionPayload {
  const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
  return peer.ChaincodeActionPayload.deserializeBinary(transaction.getActionsList()[0].getPayload_asU8());
}

function rwsetOf(payload: common.Payload): ledger.rwset.TxReadWriteSet {
  const responsePayload = peer.ProposalResponsePayload.deserializeBinary(
    actionPayloadOf(payload).getAction()!.getProposalResponsePayload_asU8(),
  );
  const action = peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8());
  return ledger.rwset.TxReadWriteSet.deserializeBinary(action.getResults_asU8());
}

/** The MSP IDs of the endorsements the gateway collected for a prepared transaction. */
function endorsingMsps(preparedTransaction: Uint8Array): string[] {
  const envelope = gateway.PreparedTransaction.deserializeBinary(preparedTransaction).getEnvelope()!;
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  return actionPayloadOf(payload)
    .getAction()!
    .getEndorsementsList()
    .map((endorsement) => msp.SerializedIdentity.deserializeBinary(endorsement.getEndorser_asU8()).getMspid());
}

/** The MSP IDs a stored validation parameter (SignaturePolicyEnvelope bytes) names. */
function policyMsps(parameter: Uint8Array): string[] {
  return common.SignaturePolicyEnvelope.deserializeBinary(parameter)
    .getIdentitiesList()
    .map((identity) => msp.MSPRole.deserializeBinary(identity.getPrincipal_asU8()).getMspIdentifier())
    .sort();
}

/**
 * Key-level endorsement of private data keys (setPrivateDataValidationParameter), on the private data topology:
 * chaincode `private` under MAJORITY (two of Org1, Org2, Org3); collection `shared` has members Org1 and Org2 and
 * no endorsement policy of its own, so a key-level policy naming one org differs from both the chaincode's and
 * the collection's. Org3 is the non-member peer throughout.
 */
describe('dev network: key-level endorsement of private data keys', function () {
  this.timeout(120_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-private-sbe-'));
  let net: Awaited<ReturnType<typeof startTestDevnet>>;
  let clients: TestClient[] = [];
  const orgs = new Map<string, OrgContracts>();
  const of = (mspId: string): OrgContracts => orgs.get(mspId)!;

  const connectAll = (): void => {
    clients = ['Org1MSP', 'Org2MSP', 'Org3MSP'].map((mspId) => {
      const client = connectClient(net, mspId);
      const network = client.gateway.getNetwork(CHANNEL);
      orgs.set(mspId, {
        data: network.getContract('private', 'private'),
        policy: network.getContract('private', 'privateKeyPolicy'),
      });
      return client;
    });
  };
  const closeAll = (): void => {
    for (const client of clients) client.close();
  };

  /** Submits (endorsed by exactly `orgs` when given, else as the gateway plans) and waits for the commit. */
  async function submit(
    contract: Contract,
    name: string,
    args: string[],
    options: SubmitOptions = {},
  ): Promise<{ code: number; blockNumber: number; txId: string }> {
    const commit = await contract.submitAsync(name, {
      arguments: args,
      ...(options.value !== undefined ? { transientData: { value: options.value } } : {}),
      ...(options.orgs ? { endorsingOrganizations: options.orgs } : {}),
    });
    const status = await commit.getStatus();
    return { code: status.code, blockNumber: Number(status.blockNumber), txId: status.transactionId };
  }

  const putValue = (key: string, value: string, endorsers?: string[]) =>
    submit(of('Org1MSP').data, 'put', ['shared', key], { value, orgs: endorsers });
  const setPolicy = (key: string, policyOrgs: string[], endorsers?: string[], collection = 'shared') =>
    submit(of('Org1MSP').policy, 'setPolicy', [collection, key, JSON.stringify(policyOrgs)], { orgs: endorsers });
  const policyAt = async (mspId: string, key: string, collection = 'shared'): Promise<string[] | null> =>
    JSON.parse(utf8.decode(await of(mspId).policy.evaluateTransaction('getPolicy', collection, key))) as
      string[] | null;
  const valueAt = async (mspId: string, key: string, collection = 'shared'): Promise<string> =>
    utf8.decode(await of(mspId).data.evaluateTransaction('get', collection, key));
  const hashAt = async (mspId: string, key: string, collection = 'shared'): Promise<string> =>
    utf8.decode(await of(mspId).data.evaluateTransaction('hash', collection, key));

  /** Commits `count` public transactions: how the test moves the ledger on (never by waiting). */
  async function commitBlocks(count: number): Promise<void> {
    const contract = clients[0].contract(CHANNEL, 'private');
    for (let i = 0; i < count; i++) await contract.submitTransaction('probe:put', `filler-${randomUUID()}`, 'x');
  }

  before(async () => {
    net = await startTestDevnet({ topologyFile: TOPOLOGY, dataDir });
    connectAll();
  });

  after(async () => {
    closeAll();
    await net?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("replaces the chaincode's policy for writes to the key: wrong orgs ENDORSEMENT_POLICY_FAILURE, its org VALID", async () => {
    expect((await putValue('kle/a', 'v0', ['Org1MSP', 'Org2MSP'])).code).to.equal(VALID);
    expect(await policyAt('Org1MSP', 'kle/a')).to.equal(null);
    // No key-level policy yet: the chaincode's MAJORITY governs setting one; Org3 (not a member) may endorse it.
    expect((await setPolicy('kle/a', ['Org2MSP'], ['Org1MSP', 'Org3MSP'])).code).to.equal(VALID);
    for (const mspId of ['Org1MSP', 'Org2MSP', 'Org3MSP']) {
      expect(await policyAt(mspId, 'kle/a'), `policy read on ${mspId}'s peer`).to.deep.equal(['Org2MSP']);
    }
    // The metadata-only write moved the key to a new version; members' plaintext moved with it.
    expect(await valueAt('Org1MSP', 'kle/a')).to.equal('v0');
    expect(await valueAt('Org2MSP', 'kle/a')).to.equal('v0');

    // Org1 + Org3 satisfy the chaincode's policy but not the key's: refused at commit.
    expect((await putValue('kle/a', 'wrong-orgs', ['Org1MSP', 'Org3MSP'])).code).to.equal(ENDORSEMENT_POLICY_FAILURE);
    expect(await valueAt('Org1MSP', 'kle/a')).to.equal('v0');
    // Org2 alone falls short of the chaincode's policy, yet is all the key needs.
    expect((await putValue('kle/a', 'by-org2', ['Org2MSP'])).code).to.equal(VALID);
    expect(await valueAt('Org1MSP', 'kle/a')).to.equal('by-org2');
    expect(await policyAt('Org2MSP', 'kle/a')).to.deep.equal(['Org2MSP']); // a value write keeps the policy
    // Other keys of the collection keep the chaincode's policy.
    expect((await putValue('kle/other', 'x', ['Org2MSP'])).code).to.equal(ENDORSEMENT_POLICY_FAILURE);
    // And the policy itself changes only with its own org's endorsement.
    expect((await setPolicy('kle/a', ['Org1MSP'], ['Org1MSP', 'Org3MSP'])).code).to.equal(ENDORSEMENT_POLICY_FAILURE);
    expect(await policyAt('Org1MSP', 'kle/a')).to.deep.equal(['Org2MSP']);
  });

  it("has the gateway plan the key-level policy's orgs from the endorser's ChaincodeInterest (KeyPolicies)", async () => {
    // Org1's gateway endorses first, learns the key's policy from the interest, and collects Org2's endorsement.
    const transaction = await of('Org1MSP')
      .data.newProposal('put', { arguments: ['shared', 'kle/a'], transientData: { value: 'planned' } })
      .endorse();
    expect(endorsingMsps(transaction.getBytes())).to.deep.equal(['Org2MSP']);
    expect((await (await transaction.submit()).getStatus()).code).to.equal(VALID);
    expect(await valueAt('Org2MSP', 'kle/a')).to.equal('planned');
    // A key without a policy of its own still gets the chaincode's MAJORITY: Org1 and another org.
    const plain = await of('Org1MSP')
      .data.newProposal('put', { arguments: ['shared', 'kle/plain'], transientData: { value: 'p' } })
      .endorse();
    expect(endorsingMsps(plain.getBytes())).to.deep.equal(['Org1MSP', 'Org2MSP']);
    expect((await (await plain.submit()).getStatus()).code).to.equal(VALID);
  });

  it("puts the metadata write under the key hash in the block, and the bare key in the members' private write set", async () => {
    expect((await putValue('kle/b', 'b0', ['Org1MSP', 'Org2MSP'])).code).to.equal(VALID);
    const { code, blockNumber, txId } = await setPolicy('kle/b', ['Org2MSP', 'Org1MSP'], ['Org1MSP', 'Org2MSP']);
    expect(code).to.equal(VALID);
    const { txNum, kv, collections } = namespaceOf((await net.block(CHANNEL, blockNumber))!, txId);
    expect(kv.getMetadataWritesList()).to.have.length(0); // nothing public
    expect(collections.map((coll) => coll.name)).to.deep.equal(['shared']);
    const [{ hashed, pvtRwsetHash }] = collections;
    expect(hashed.getHashedWritesList()).to.have.length(0);
    const [metadataWrite] = hashed.getMetadataWritesList();
    expect(Buffer.from(metadataWrite.getKeyHash_asU8()).equals(sha256('kle/b'))).to.equal(true);
    const [entry] = metadataWrite.getEntriesList();
    expect(entry.getName()).to.equal('VALIDATION_PARAMETER');
    expect(policyMsps(entry.getValue_asU8())).to.deep.equal(['Org1MSP', 'Org2MSP']);

    for (const mspId of ['Org1MSP', 'Org2MSP']) {
      const collSet = (await net.blockPrivateData(CHANNEL, mspId, blockNumber))
        .get(txNum)!
        .getNsPvtRwsetList()[0]
        .getCollectionPvtRwsetList()[0];
      expect(sha256(collSet.getRwset_asU8()).equals(Buffer.from(pvtRwsetHash))).to.equal(true);
      const pvt = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(collSet.getRwset_asU8());
      expect(pvt.getWritesList()).to.have.length(0);
      expect(pvt.getMetadataWritesList().map((write) => [write.getKey(), write.getEntriesList().length])).to.deep.equal(
        [['kle/b', 0]],
      );
    }
    expect((await net.blockPrivateData(CHANNEL, 'Org3MSP', blockNumber)).size).to.equal(0);
    expect(await hashAt('Org3MSP', 'kle/b')).to.equal(sha256('b0').toString('hex'));
  });

  it('records a read of the policy as a hashed read of the key: a concurrent policy change makes it conflict', async () => {
    const reading = await of('Org1MSP')
      .policy.newProposal('readPolicyThenSet', {
        arguments: ['shared', 'kle/b', JSON.stringify(['Org1MSP'])],
        endorsingOrganizations: ['Org1MSP', 'Org2MSP'],
      })
      .endorse();
    expect(utf8.decode(reading.getResult())).to.equal(JSON.stringify(['Org1MSP', 'Org2MSP']));
    const envelope = gateway.PreparedTransaction.deserializeBinary(reading.getBytes()).getEnvelope()!;
    const ns = rwsetOf(common.Payload.deserializeBinary(envelope.getPayload_asU8()))
      .getNsRwsetList()
      .find((set) => set.getNamespace() === 'private')!;
    const hashed = ledger.rwset.kvrwset.HashedRWSet.deserializeBinary(
      ns.getCollectionHashedRwsetList()[0].getHashedRwset_asU8(),
    );
    const [read] = hashed.getHashedReadsList();
    expect(Buffer.from(read.getKeyHash_asU8()).equals(sha256('kle/b'))).to.equal(true);
    expect(read.getVersion()).to.not.equal(undefined);

    expect((await setPolicy('kle/b', ['Org2MSP'], ['Org1MSP', 'Org2MSP'])).code).to.equal(VALID);
    expect((await (await reading.submit()).getStatus()).code).to.equal(MVCC_READ_CONFLICT);
    expect(await policyAt('Org1MSP', 'kle/b')).to.deep.equal(['Org2MSP']);
  });

  it('writes a value and its policy in one transaction; a non-member org named by it endorses alone', async () => {
    const { code } = await submit(of('Org1MSP').policy, 'putWithPolicy', ['shared', 'kle/c', '["Org3MSP"]'], {
      value: 'c0',
      orgs: ['Org1MSP', 'Org2MSP'],
    });
    expect(code).to.equal(VALID);
    expect(await policyAt('Org3MSP', 'kle/c')).to.deep.equal(['Org3MSP']);
    expect(await valueAt('Org2MSP', 'kle/c')).to.equal('c0');
    expect((await putValue('kle/c', 'members', ['Org1MSP', 'Org2MSP'])).code).to.equal(ENDORSEMENT_POLICY_FAILURE);
    // Org3 holds no plaintext of `shared`, but a write needs none: its endorsement alone commits the new value.
    expect((await putValue('kle/c', 'by-non-member', ['Org3MSP'])).code).to.equal(VALID);
    expect(await valueAt('Org1MSP', 'kle/c')).to.equal('by-non-member');
    const refused = await failure(of('Org3MSP').data.evaluateTransaction('get', 'shared', 'kle/c'));
    expect(refused.details[0].message).to.include('private data matching public hash version is not available');
  });

  it('applies memberOnlyRead and memberOnlyWrite to the policy calls, and names unknown collections', async () => {
    // org1Secrets: Org1 only, member-only reads and writes, endorsed by Org1's peer.
    const secret = await submit(of('Org1MSP').data, 'put', ['org1Secrets', 'kle/s'], {
      value: 's0',
      orgs: ['Org1MSP'],
    });
    expect(secret.code).to.equal(VALID);
    expect((await setPolicy('kle/s', ['Org1MSP'], ['Org1MSP'], 'org1Secrets')).code).to.equal(VALID);
    expect(await policyAt('Org1MSP', 'kle/s', 'org1Secrets')).to.deep.equal(['Org1MSP']);

    const outsider = connectClient(net, 'Org2MSP', 'User1', 'Org1MSP'); // an Org2 user at Org1's peer
    try {
      const policy = outsider.gateway.getNetwork(CHANNEL).getContract('private', 'privateKeyPolicy');
      const readError = await failure(policy.evaluateTransaction('getPolicy', 'org1Secrets', 'kle/s'));
      expect(readError.details[0].message).to.match(
        /GET_STATE_METADATA failed: transaction ID: [0-9a-f]{64}: tx creator does not have read access permission on privatedata in chaincodeName:private collectionName: org1Secrets$/,
      );
      const writeError = await failure(
        policy.submit('setPolicy', {
          arguments: ['org1Secrets', 'kle/s', '["Org2MSP"]'],
          endorsingOrganizations: ['Org1MSP'],
        }),
      );
      expect(writeError.details[0].message).to.include('PUT_STATE_METADATA failed: transaction ID: ');
      expect(writeError.details[0].message).to.include(
        'tx creator does not have write access permission on privatedata in chaincodeName:private collectionName: org1Secrets',
      );
    } finally {
      outsider.close();
    }
    const unknown = await failure(of('Org1MSP').policy.evaluateTransaction('getPolicy', 'nope', 'kle/s'));
    expect(unknown.details[0].message).to.include('collection testchannel/private/nope could not be found');
    expect(await policyAt('Org1MSP', 'kle/s', 'org1Secrets')).to.deep.equal(['Org1MSP']);
  });

  it('drops the policy with the key when it is deleted or purged', async () => {
    // kle/a is under Org2's policy: deleting it needs Org2 and drops the policy with it.
    expect((await submit(of('Org1MSP').data, 'del', ['shared', 'kle/a'], { orgs: ['Org2MSP'] })).code).to.equal(VALID);
    expect(await policyAt('Org1MSP', 'kle/a')).to.equal(null);
    expect(await hashAt('Org1MSP', 'kle/a')).to.equal('');
    // Recreated, the key is under the chaincode's policy again: Org2 alone no longer suffices.
    expect((await putValue('kle/a', 'again', ['Org2MSP'])).code).to.equal(ENDORSEMENT_POLICY_FAILURE);
    expect((await putValue('kle/a', 'again', ['Org1MSP', 'Org2MSP'])).code).to.equal(VALID);
    expect(await policyAt('Org2MSP', 'kle/a')).to.equal(null);

    // A policy set on a key that does not exist has nothing to stay on, as in Fabric.
    expect((await setPolicy('kle/ghost', ['Org2MSP'], ['Org1MSP', 'Org2MSP'])).code).to.equal(VALID);
    expect(await policyAt('Org1MSP', 'kle/ghost')).to.equal(null);

    // kle/c is under Org3's policy: purging it needs Org3.
    const purge = (orgsToAsk: string[]) =>
      submit(of('Org1MSP').data, 'purge', ['shared', 'kle/c'], { orgs: orgsToAsk });
    expect((await purge(['Org1MSP', 'Org2MSP'])).code).to.equal(ENDORSEMENT_POLICY_FAILURE);
    expect((await purge(['Org3MSP'])).code).to.equal(VALID);
    expect(await policyAt('Org3MSP', 'kle/c')).to.equal(null);
    await failure(of('Org1MSP').data.evaluateTransaction('get', 'shared', 'kle/c'));
  });

  it('expires the policy with the key after blockToLive, counted from the policy change', async () => {
    // shortLived: blockToLive 2. A key written in block b would go with block b+3; the policy set in b+1 gives it
    // a new version, so it stays until block b+4, as Fabric schedules expiry from every hashed-state update.
    const put = await submit(of('Org1MSP').data, 'put', ['shortLived', 'kle/e'], { value: 'e0' });
    expect(put.code).to.equal(VALID);
    const set = await setPolicy('kle/e', ['Org2MSP'], ['Org1MSP', 'Org2MSP'], 'shortLived');
    expect([set.code, set.blockNumber]).to.deep.equal([VALID, put.blockNumber + 1]);
    await commitBlocks(2); // blocks b+2 and b+3
    expect(net.height(CHANNEL)).to.equal(put.blockNumber + 4);
    expect(await valueAt('Org2MSP', 'kle/e', 'shortLived')).to.equal('e0');
    expect(await policyAt('Org1MSP', 'kle/e', 'shortLived')).to.deep.equal(['Org2MSP']);
    await commitBlocks(1); // block b+4
    expect(await policyAt('Org1MSP', 'kle/e', 'shortLived')).to.equal(null);
    expect(await hashAt('Org1MSP', 'kle/e', 'shortLived')).to.equal('');
    const gone = await failure(of('Org2MSP').data.evaluateTransaction('get', 'shortLived', 'kle/e'));
    expect(gone.details[0].message).to.include('NOT_FOUND');
  });

  it("refuses at endorsement a write under a stored policy that does not decode, as Fabric's endorser does", async () => {
    expect((await putValue('kle/bad', 'v', ['Org1MSP', 'Org2MSP'])).code).to.equal(VALID);
    // A length prefix of 2^32-1: google-protobuf would loop for ever decoding it.
    const raw = await submit(of('Org1MSP').policy, 'setRawPolicy', ['shared', 'kle/bad', '0aFFFFFFFF0F'], {
      orgs: ['Org1MSP', 'Org2MSP'],
    });
    expect(raw.code).to.equal(VALID);
    const error = await failure(putValue('kle/bad', 'w', ['Org1MSP', 'Org2MSP']));
    expect(error.details[0].message).to.match(
      /^error in simulation: error unmarshalling SignaturePolicyEnvelope: malformed common\.SignaturePolicyEnvelope/,
    );
    expect((await putValue('kle/fine', 'y', ['Org1MSP', 'Org2MSP'])).code).to.equal(VALID);
  });

  it('keeps private key-level policies across a restart', async () => {
    expect(await policyAt('Org1MSP', 'kle/b')).to.deep.equal(['Org2MSP']);
    closeAll();
    await net.stop();
    net = await startTestDevnet({ topologyFile: TOPOLOGY, dataDir });
    connectAll();
    for (const mspId of ['Org1MSP', 'Org3MSP']) expect(await policyAt(mspId, 'kle/b')).to.deep.equal(['Org2MSP']);
    expect(await valueAt('Org1MSP', 'kle/b')).to.equal('b0');
    expect((await putValue('kle/b', 'no-org2', ['Org1MSP', 'Org3MSP'])).code).to.equal(ENDORSEMENT_POLICY_FAILURE);
    expect((await putValue('kle/b', 'org2', ['Org2MSP'])).code).to.equal(VALID);
    expect(await valueAt('Org1MSP', 'kle/b')).to.equal('org2');
  });
});
