import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ClassicLevel } from 'classic-level';
import type { Contract } from '@hyperledger/fabric-gateway';
import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';
import { REPO_ROOT, startTestDevnet } from '../support/devnet';
import { failure } from '../support/failure';
import { connectClient, type TestClient } from '../support/fabric-client';

const CHANNEL = 'testchannel';
const TOPOLOGY = path.join(REPO_ROOT, 'test', 'fixtures', 'topology', 'devnet-private-data.yaml');
const utf8 = new TextDecoder();
const VALID = peer.TxValidationCode.VALID;
const lifecycle = peer.lifecycle;

const sha256 = (data: string | Uint8Array): Buffer => createHash('sha256').update(data).digest();
/** Private values of the suite: none may ever appear in a block. */
const secrets: string[] = [];
const secret = (label: string): string => {
  const value = `${label}-${randomUUID()}`;
  secrets.push(value);
  return value;
};

interface HashedCollection {
  name: string;
  hashed: ledger.rwset.kvrwset.HashedRWSet;
  pvtRwsetHash: Uint8Array;
}

/**
 * Finds a transaction in a committed block; returns its position and its read-write set (public part and
 * collection hashes per namespace).
 */
function findTx(blockBytes: Uint8Array, txId: string) {
  const block = common.Block.deserializeBinary(blockBytes);
  const payloads = block
    .getData()!
    .getDataList_asU8()
    .map((bytes) => common.Payload.deserializeBinary(common.Envelope.deserializeBinary(bytes).getPayload_asU8()));
  const txNum = payloads.findIndex(
    (payload) =>
      common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8()).getTxId() === txId,
  );
  expect(txNum, `transaction ${txId} in the block`).to.be.at.least(0);
  const transaction = peer.Transaction.deserializeBinary(payloads[txNum].getData_asU8());
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(
    transaction.getActionsList()[0].getPayload_asU8(),
  );
  const responsePayload = peer.ProposalResponsePayload.deserializeBinary(
    actionPayload.getAction()!.getProposalResponsePayload_asU8(),
  );
  const action = peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8());
  const rwset = ledger.rwset.TxReadWriteSet.deserializeBinary(action.getResults_asU8());
  const namespaces = rwset.getNsRwsetList().map((ns) => ({
    namespace: ns.getNamespace(),
    kv: ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8()),
    collections: ns.getCollectionHashedRwsetList().map((set): HashedCollection => ({
      name: set.getCollectionName(),
      hashed: ledger.rwset.kvrwset.HashedRWSet.deserializeBinary(set.getHashedRwset_asU8()),
      pvtRwsetHash: set.getPvtRwsetHash_asU8(),
    })),
  }));
  return { txNum, namespaces };
}

/** MSP IDs of the endorsements a committed transaction carries. */
function endorsingOrgs(blockBytes: Uint8Array, txId: string): string[] {
  const block = common.Block.deserializeBinary(blockBytes);
  for (const envelopeBytes of block.getData()!.getDataList_asU8()) {
    const payload = common.Payload.deserializeBinary(
      common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8(),
    );
    if (common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8()).getTxId() !== txId)
      continue;
    const action = peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()[0];
    return peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8())
      .getAction()!
      .getEndorsementsList()
      .map((endorsement) => msp.SerializedIdentity.deserializeBinary(endorsement.getEndorser_asU8()).getMspid());
  }
  throw new Error(`transaction ${txId} is not in the block`);
}

describe('dev network: private data collections through the real fabric-gateway client', function () {
  this.timeout(120_000);
  let dataDir: string;
  let net: Awaited<ReturnType<typeof startTestDevnet>>;
  let org1: TestClient;
  let org2: TestClient;
  let org3: TestClient;
  let private1: Contract;
  let private2: Contract;
  let private3: Contract;

  const connectAll = (): void => {
    org1 = connectClient(net, 'Org1MSP');
    org2 = connectClient(net, 'Org2MSP');
    org3 = connectClient(net, 'Org3MSP');
    // Chaincode `private` runs the probe package; its PrivateProbeContract is named `private` too.
    private1 = org1.gateway.getNetwork(CHANNEL).getContract('private', 'private');
    private2 = org2.gateway.getNetwork(CHANNEL).getContract('private', 'private');
    private3 = org3.gateway.getNetwork(CHANNEL).getContract('private', 'private');
  };
  const closeAll = (): void => {
    for (const client of [org1, org2, org3]) client?.close();
  };

  /** Submits and waits for the commit; returns the validation code, block and transaction number. */
  async function submit(
    contract: Contract,
    name: string,
    args: string[],
    options: { value?: string; endorsingOrganizations?: string[] } = {},
  ): Promise<{ code: number; blockNumber: number; txId: string }> {
    const commit = await contract.submitAsync(name, {
      arguments: args,
      ...(options.value !== undefined ? { transientData: { value: options.value } } : {}),
      ...(options.endorsingOrganizations ? { endorsingOrganizations: options.endorsingOrganizations } : {}),
    });
    const status = await commit.getStatus();
    return { code: status.code, blockNumber: Number(status.blockNumber), txId: status.transactionId };
  }

  async function read(contract: Contract, name: string, ...args: string[]): Promise<string> {
    return utf8.decode(await contract.evaluateTransaction(name, ...args));
  }

  /** Commits `count` public transactions: how the tests move the ledger on (never by waiting). */
  async function commitBlocks(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      await org1.contract(CHANNEL, 'private').submitTransaction('probe:put', `filler-${randomUUID()}`, 'x');
    }
  }

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-private-'));
    net = await startTestDevnet({ topologyFile: TOPOLOGY, dataDir });
    connectAll();
  });

  after(async () => {
    closeAll();
    await net?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores transient data as private data that member peers read, and puts only hashes in the block', async () => {
    const value = secret('shared-value');
    const { code, blockNumber, txId } = await submit(private1, 'put', ['shared', 'asset1'], { value });
    expect(code).to.equal(VALID);
    expect(await read(private1, 'get', 'shared', 'asset1')).to.equal(value);
    expect(await read(private2, 'get', 'shared', 'asset1')).to.equal(value);

    const blockBytes = (await net.block(CHANNEL, blockNumber))!;
    expect(Buffer.from(blockBytes).indexOf(value)).to.equal(-1, 'plaintext or transient value in the block');
    const { txNum, namespaces } = findTx(blockBytes, txId);
    const [ns] = namespaces;
    expect(ns.namespace).to.equal('private');
    expect(ns.kv.getWritesList()).to.have.length(0);
    expect(ns.collections.map((c) => c.name)).to.deep.equal(['shared']);
    const [write] = ns.collections[0].hashed.getHashedWritesList();
    expect(Buffer.from(write.getKeyHash_asU8()).equals(sha256('asset1'))).to.equal(true);
    expect(Buffer.from(write.getValueHash_asU8()).equals(sha256(value))).to.equal(true);
    expect(write.getIsDelete()).to.equal(false);

    // Deliver-with-private-data view: members hold the write set the block's pvt_rwset_hash covers.
    for (const mspId of ['Org1MSP', 'Org2MSP']) {
      const pvt = await net.blockPrivateData(CHANNEL, mspId, blockNumber);
      const coll = pvt.get(txNum)!.getNsPvtRwsetList()[0].getCollectionPvtRwsetList()[0];
      expect(coll.getCollectionName()).to.equal('shared');
      expect(sha256(coll.getRwset_asU8()).equals(Buffer.from(ns.collections[0].pvtRwsetHash))).to.equal(true);
      const kv = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(coll.getRwset_asU8());
      expect(utf8.decode(kv.getWritesList()[0].getValue_asU8())).to.equal(value);
    }
    expect((await net.blockPrivateData(CHANNEL, 'Org3MSP', blockNumber)).size).to.equal(0);
  });

  it('delivers each block with the private data the peer holds that the requester may read', async () => {
    const shared = secret('delivered-shared');
    const guarded = secret('delivered-guarded');
    const first = await submit(private1, 'put', ['shared', 'delivered'], { value: shared });
    const second = await submit(private1, 'put', ['org1Secrets', 'delivered'], {
      value: guarded,
      endorsingOrganizations: ['Org1MSP'],
    });
    expect([first.code, second.code]).to.deep.equal([VALID, VALID]);
    const start = BigInt(Math.min(first.blockNumber, second.blockNumber));
    const end = Math.max(first.blockNumber, second.blockNumber);

    /** Collection name -> plaintext values, from block-and-private-data events of `client` through Org1's peer. */
    async function seen(client: TestClient): Promise<Map<string, string[]>> {
      const events = await client.gateway.getNetwork(CHANNEL).getBlockAndPrivateDataEvents({ startBlock: start });
      const found = new Map<string, string[]>();
      try {
        for await (const event of events) {
          const privateData = event.getPrivateDataMapMap();
          for (const txSet of Array.from(privateData.keys(), (txNum) => privateData.get(txNum)!)) {
            for (const nsSet of txSet.getNsPvtRwsetList()) {
              for (const collSet of nsSet.getCollectionPvtRwsetList()) {
                const kv = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(collSet.getRwset_asU8());
                const values = kv.getWritesList().map((write) => utf8.decode(write.getValue_asU8()));
                found.set(collSet.getCollectionName(), [...(found.get(collSet.getCollectionName()) ?? []), ...values]);
              }
            }
          }
          if (Number(event.getBlock()!.getHeader()!.getNumber()) >= end) break;
        }
      } finally {
        events.close();
      }
      return found;
    }

    const asMember = await seen(org1);
    expect(asMember.get('shared')).to.include(shared);
    expect(asMember.get('org1Secrets')).to.include(guarded);
    // An Org2 client at Org1's peer: a channel reader, but not a member of the memberOnlyRead collection.
    const org2AtOrg1 = connectClient(net, 'Org2MSP', 'User1', 'Org1MSP');
    try {
      const asOtherOrg = await seen(org2AtOrg1);
      expect(asOtherOrg.get('shared')).to.include(shared);
      expect(asOtherOrg.has('org1Secrets')).to.equal(false);
    } finally {
      org2AtOrg1.close();
    }
  });

  it('reports its collections in the chaincode definition that _lifecycle answers', async () => {
    const args = new lifecycle.QueryChaincodeDefinitionArgs();
    args.setName('private');
    const result = lifecycle.QueryChaincodeDefinitionResult.deserializeBinary(
      await org1.gateway
        .getNetwork(CHANNEL)
        .getContract('_lifecycle')
        .evaluateTransaction('QueryChaincodeDefinition', args.serializeBinary()),
    );
    const configs = result
      .getCollections()!
      .getConfigList()
      .map((config) => config.getStaticCollectionConfig()!);
    expect(configs.map((config) => config.getName())).to.deep.equal([
      'shared',
      'org1Only',
      'org1Secrets',
      'shortLived',
      'dual',
      'required',
      'org1Plain',
    ]);
    const shortLived = configs.find((config) => config.getName() === 'shortLived')!;
    expect(shortLived.getBlockToLive()).to.equal(2);
    const secrets = configs.find((config) => config.getName() === 'org1Secrets')!;
    expect(secrets.getMemberOnlyRead()).to.equal(true);
    expect(secrets.getEndorsementPolicy()?.hasSignaturePolicy()).to.equal(true);
  });

  it('returns the committed value to a private read after a write in the same transaction', async () => {
    await submit(private1, 'put', ['shared', 'ryw'], { value: 'committed' });
    const seen = await private1.submit('putThenGet', {
      arguments: ['shared', 'ryw'],
      transientData: { value: 'pending' },
    });
    expect(utf8.decode(seen)).to.equal('committed');
    expect(await read(private2, 'get', 'shared', 'ryw')).to.equal('pending');
  });

  it('answers GetPrivateDataHash on every peer with SHA-256 of the plaintext, and nothing for absent keys', async () => {
    const value = secret('hashed-value');
    await submit(private1, 'put', ['shared', 'hashed1'], { value });
    for (const contract of [private1, private2, private3]) {
      expect(await read(contract, 'hash', 'shared', 'hashed1')).to.equal(sha256(value).toString('hex'));
    }
    expect(await read(private3, 'hash', 'shared', 'never-written')).to.equal('');
  });

  it("refuses a non-member peer's read with Fabric's message", async () => {
    const value = secret('org1-value');
    // org1Only's own endorsement policy (Org1's peer) replaces the chaincode's for writes to it.
    const { code, blockNumber } = await submit(private1, 'put', ['org1Only', 'k1'], {
      value,
      endorsingOrganizations: ['Org1MSP'],
    });
    expect(code).to.equal(VALID);
    expect(await read(private1, 'get', 'org1Only', 'k1')).to.equal(value);
    const error = await failure(private2.evaluateTransaction('get', 'org1Only', 'k1'));
    const message = error.details[0].message;
    expect(message).to.include('GET_STATE failed: transaction ID: ');
    expect(message).to.include(
      `private data matching public hash version is not available. Public hash version = {BlockNum: ${blockNumber}, TxNum: 0}, Private data version = <nil>`,
    );
    expect(error.details[0].mspId).to.equal('Org2MSP');
  });

  it('sends transient data only to collection members, as Fabric gateway protects it', async () => {
    // org1Only's own endorsement policy (Org1's peer) stands in for the chaincode's, as Fabric's discovery plans it:
    // Org1 alone endorses, and the transient value never leaves the member org.
    const planned = await submit(private1, 'put', ['org1Only', 'k2'], { value: secret('guarded') });
    expect(planned.code).to.equal(VALID);
    expect(endorsingOrgs((await net.block(CHANNEL, planned.blockNumber))!, planned.txId)).to.deep.equal(['Org1MSP']);
    // org1Plain has no policy of its own: the chaincode's (two of three orgs) cannot be met by its only member.
    const guarded = await failure(
      private1.submit('put', { arguments: ['org1Plain', 'k2'], transientData: { value: secret('guarded') } }),
    );
    expect(guarded.code).to.equal(9); // FAILED_PRECONDITION
    expect(guarded.message).to.include(
      'requires endorsement from organisation(s) that are not in the distribution policy of the private data collection(s): [org1Plain]; retry specifying trusted endorsing organizations to protect transient data',
    );
  });

  it('enforces memberOnlyRead and memberOnlyWrite against non-member clients', async () => {
    const value = secret('org1-secret');
    expect(
      (await submit(private1, 'put', ['org1Secrets', 's1'], { value, endorsingOrganizations: ['Org1MSP'] })).code,
    ).to.equal(VALID);
    const viaOrg1 = connectClient(net, 'Org2MSP', 'User1', 'Org1MSP');
    try {
      const contract = viaOrg1.gateway.getNetwork(CHANNEL).getContract('private', 'private');
      const readError = await failure(contract.evaluateTransaction('get', 'org1Secrets', 's1'));
      expect(readError.details[0].mspId).to.equal('Org1MSP');
      expect(readError.details[0].message).to.include(
        'tx creator does not have read access permission on privatedata in chaincodeName:private collectionName: org1Secrets',
      );
      const writeError = await failure(
        contract.submit('put', {
          arguments: ['org1Secrets', 's2'],
          transientData: { value: secret('intruder') },
          endorsingOrganizations: ['Org1MSP'],
        }),
      );
      expect(JSON.stringify(writeError.details)).to.include(
        'tx creator does not have write access permission on privatedata in chaincodeName:private collectionName: org1Secrets',
      );
      // The hash is public: no permission is needed for it.
      expect(await read(contract, 'hash', 'org1Secrets', 's1')).to.equal(sha256(value).toString('hex'));
    } finally {
      viaOrg1.close();
    }
  });

  it('serves the implicit per-org collections without configuration', async () => {
    const value = `implicit-${randomUUID()}`; // an argument, so it is in the block: not a secret
    // No transient data: non-members may endorse a write-only transaction; the org's peer policy validates it.
    const { code, blockNumber } = await submit(private1, 'putArg', ['_implicit_org_Org1MSP', 'mine', value]);
    expect(code).to.equal(VALID);
    expect(await read(private1, 'get', '_implicit_org_Org1MSP', 'mine')).to.equal(value);
    const error = await failure(private2.evaluateTransaction('get', '_implicit_org_Org1MSP', 'mine'));
    expect(error.details[0].message).to.include('private data matching public hash version is not available');
    expect((await net.blockPrivateData(CHANNEL, 'Org2MSP', blockNumber)).size).to.equal(0);

    const own = secret('implicit-org2');
    const written = await submit(private2, 'put', ['_implicit_org_Org2MSP', 'theirs'], {
      value: own,
      endorsingOrganizations: ['Org2MSP'],
    });
    expect(written.code).to.equal(VALID);
    expect(await read(private2, 'get', '_implicit_org_Org2MSP', 'theirs')).to.equal(own);

    const unknown = await failure(private1.evaluateTransaction('get', '_implicit_org_NopeMSP', 'x'));
    expect(unknown.details[0].message).to.include(
      'collection [_implicit_org_NopeMSP] not defined in the collection config for chaincode [private]',
    );
    const missing = await failure(private1.evaluateTransaction('get', 'nope', 'x'));
    expect(missing.details[0].message).to.include('collection testchannel/private/nope could not be found');
  });

  it("enforces a collection's own endorsement policy at validation", async () => {
    const value = secret('dual');
    // The chaincode's MAJORITY policy holds for Org1 and Org3, the collection's AND(Org1, Org2) does not.
    const refused = await submit(private1, 'put', ['dual', 'd1'], {
      value,
      endorsingOrganizations: ['Org1MSP', 'Org3MSP'],
    });
    expect(refused.code).to.equal(peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
    expect(await read(private1, 'hash', 'dual', 'd1')).to.equal('');
    // Planned by the gateway from the first endorsement's interest: Org1 and Org2.
    const accepted = await submit(private3, 'put', ['dual', 'd1'], { value });
    expect(accepted.code).to.equal(VALID);
    expect(await read(private3, 'get', 'dual', 'd1')).to.equal(value);
  });

  it('serves private ranges and partial composite keys, read-only as in Fabric', async () => {
    for (const [attributes, value] of [
      [['acme', 'B1'], 'one'],
      [['acme', 'B2'], 'two'],
      [['other', 'B3'], 'three'],
    ] as const) {
      await submit(private1, 'putComposite', ['shared', 'batch', JSON.stringify(attributes)], { value });
    }
    for (const key of ['r/001', 'r/002', 'r/003']) await submit(private1, 'put', ['shared', key], { value: key });
    const range = JSON.parse(await read(private2, 'range', 'shared', 'r/', 'r/~')) as Array<{ key: string }>;
    expect(range.map((entry) => entry.key)).to.deep.equal(['r/001', 'r/002', 'r/003']);
    const found = JSON.parse(
      await read(private1, 'partialComposite', 'shared', 'batch', JSON.stringify(['acme'])),
    ) as Array<{ attributes: string[]; value: string }>;
    expect(found).to.deep.equal([
      { objectType: 'batch', attributes: ['acme', 'B1'], value: 'one' },
      { objectType: 'batch', attributes: ['acme', 'B2'], value: 'two' },
    ]);
    const error = await failure(private1.submitTransaction('rangeThenWrite', 'shared', 'r/004'));
    expect(JSON.stringify(error.details)).to.include(
      'Transaction has already performed queries on pvt data. Writes are not allowed',
    );
  });

  it('detects MVCC conflicts on hashed reads', async () => {
    await submit(private1, 'put', ['shared', 'counter'], { value: '0' });
    const first = await private1.newProposal('increment', { arguments: ['shared', 'counter'] }).endorse();
    const second = await private1.newProposal('increment', { arguments: ['shared', 'counter'] }).endorse();
    const statuses = await Promise.all([(await first.submit()).getStatus(), (await second.submit()).getStatus()]);
    expect(statuses.map((status) => status.code).sort()).to.deep.equal([
      VALID,
      peer.TxValidationCode.MVCC_READ_CONFLICT,
    ]);
    expect(await read(private1, 'get', 'shared', 'counter')).to.equal('1');
  });

  it('deletes, and purges a key from state, hashes and the stored write sets', async () => {
    const value = secret('purged');
    const put = await submit(private1, 'put', ['shared', 'gone'], { value });
    await submit(private1, 'del', ['shared', 'gone']);
    expect(await read(private1, 'hash', 'shared', 'gone')).to.equal('');
    await submit(private1, 'put', ['shared', 'gone'], { value: `${value}-again` });
    const purge = await submit(private1, 'purge', ['shared', 'gone']);
    expect(purge.code).to.equal(VALID);
    const [ns] = findTx((await net.block(CHANNEL, purge.blockNumber))!, purge.txId).namespaces;
    const [write] = ns.collections[0].hashed.getHashedWritesList();
    expect([write.getIsPurge(), write.getIsDelete()]).to.deep.equal([true, true]);
    expect(await read(private1, 'hash', 'shared', 'gone')).to.equal('');
    const error = await failure(private2.evaluateTransaction('get', 'shared', 'gone'));
    expect(error.details[0].message).to.include('NOT_FOUND');
    for (const mspId of ['Org1MSP', 'Org2MSP']) {
      const pvt = await net.blockPrivateData(CHANNEL, mspId, put.blockNumber);
      expect(pvt.size).to.equal(0, `${mspId} still holds the purged write set`);
    }
  });

  it('expires private data after blockToLive blocks, driven by later commits', async () => {
    const value = secret('short');
    const { blockNumber } = await submit(private1, 'put', ['shortLived', 'eph'], { value });
    await commitBlocks(2); // blocks blockNumber+1 and +2: still within blockToLive 2
    expect(net.height(CHANNEL)).to.equal(blockNumber + 3);
    expect(await read(private2, 'get', 'shortLived', 'eph')).to.equal(value);
    expect((await net.blockPrivateData(CHANNEL, 'Org1MSP', blockNumber)).size).to.equal(1);
    await commitBlocks(1); // block blockNumber+3 purges it, as Fabric does
    const error = await failure(private1.evaluateTransaction('get', 'shortLived', 'eph'));
    expect(error.details[0].message).to.include('NOT_FOUND');
    expect(await read(private1, 'hash', 'shortLived', 'eph')).to.equal('');
    expect((await net.blockPrivateData(CHANNEL, 'Org1MSP', blockNumber)).size).to.equal(0);
  });

  it('fails the endorsement when requiredPeerCount member peers are not up', async () => {
    await net.stopPeer('Org2MSP');
    try {
      const error = await failure(
        private1.submit('put', { arguments: ['required', 'r1'], transientData: { value: 'v' } }),
      );
      expect(error.message).to.include('failed to endorse transaction, see attached details for more info');
      expect(error.details).to.have.length(1);
      expect(error.details[0].mspId).to.equal('Org1MSP');
      expect(error.details[0].message).to.match(
        /^error in simulation: failed to distribute private collection, txID [0-9a-f]{64}, channel testchannel: could not build private data dissemination plan for chaincode private and collection required: required to disseminate to at least 1 peers, but know of only 0 eligible peers$/,
      );
    } finally {
      await net.startPeer('Org2MSP');
    }
    expect((await submit(private1, 'put', ['required', 'r1'], { value: 'v' })).code).to.equal(VALID);
  });

  it('never puts a private value into any block', async () => {
    expect(secrets.length).to.be.at.least(10);
    for (let number = 0; number < net.height(CHANNEL); number++) {
      const block = Buffer.from((await net.block(CHANNEL, number))!);
      for (const value of secrets) expect(block.indexOf(value)).to.equal(-1, `block ${number} holds ${value}`);
    }
  });

  it('keeps private data across a restart, and only member orgs ever hold the plaintext', async () => {
    const value = secret('durable');
    await submit(private1, 'put', ['org1Only', 'durable'], { value, endorsingOrganizations: ['Org1MSP'] });
    closeAll();
    await net.stop();

    // Every LevelDB entry that contains the plaintext lies in Org1's private sections.
    const db = new ClassicLevel<Buffer, Buffer>(path.join(dataDir, 'ledger'), {
      keyEncoding: 'buffer',
      valueEncoding: 'buffer',
    });
    const holders: string[] = [];
    try {
      for await (const [key, entry] of db.iterator()) {
        if (entry.indexOf(value) >= 0 || key.indexOf(value) >= 0) holders.push(key.toString('latin1'));
      }
    } finally {
      await db.close();
    }
    expect(holders).to.have.length.greaterThan(0);
    for (const holder of holders) expect(holder).to.match(/^testchannel\0[pP]Org1MSP\0/);

    net = await startTestDevnet({ topologyFile: TOPOLOGY, dataDir });
    connectAll();
    expect(await read(private1, 'get', 'org1Only', 'durable')).to.equal(value);
    expect(await read(private1, 'get', 'shared', 'asset1')).to.have.length.greaterThan(0);
  });
});
