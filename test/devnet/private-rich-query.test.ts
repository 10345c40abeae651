import path from 'node:path';
import { expect } from 'chai';
import type { Contract } from '@hyperledger/fabric-gateway';
import { common, ledger, peer } from '@hyperledger/fabric-protos';
import { REPO_ROOT, startTestDevnet } from '../support/devnet';
import { failure } from '../support/failure';
import { connectClient, type TestClient } from '../support/fabric-client';

const CHANNEL = 'testchannel';
const TOPOLOGY = path.join(REPO_ROOT, 'test', 'fixtures', 'topology', 'devnet-private-data.yaml');
const utf8 = new TextDecoder();

interface Entry {
  key: string;
  value: string;
}

interface Item {
  docType: string;
  name: string;
  owner: string;
  size: number;
}

const OWNERS = ['alice', 'bob', 'carol'];
/**
 * 250 documents of collection `shared` (members Org1 and Org2), more than two batches of 100. Sizes are a
 * permutation of 0..249 (37 and 250 are coprime), so size order differs from key order. Fields are written in
 * Go's key order, so JSON.stringify gives the bytes Fabric's peer returns.
 */
const ITEMS: Array<[string, Item]> = Array.from({ length: 250 }, (_, i) => [
  `item${String(i).padStart(3, '0')}`,
  { docType: 'item', name: `n${i}`, owner: OWNERS[i % 3], size: (i * 37) % 250 },
]);
const entryOf = ([key, item]: [string, Item]): Entry => ({ key, value: JSON.stringify(item) });
const bySize = (a: [string, Item], b: [string, Item]): number => a[1].size - b[1].size;

describe('dev network: rich queries on private data collections through the real fabric-gateway client', function () {
  this.timeout(120_000);
  let net: Awaited<ReturnType<typeof startTestDevnet>>;
  let org1: TestClient;
  let org2: TestClient;
  let org3: TestClient;
  let query1: Contract;
  let query2: Contract;
  let query3: Contract;

  const query = async (contract: Contract, collection: string, mango: unknown): Promise<Entry[]> =>
    JSON.parse(
      utf8.decode(await contract.evaluateTransaction('privateQuery:query', collection, JSON.stringify(mango))),
    ) as Entry[];
  const keys = async (contract: Contract, collection: string, mango: unknown): Promise<string[]> =>
    (await query(contract, collection, mango)).map((entry) => entry.key);
  const queryError = async (contract: Contract, collection: string, mango: unknown): Promise<string> => {
    const text = typeof mango === 'string' ? mango : JSON.stringify(mango);
    return (await failure(contract.evaluateTransaction('privateQuery:query', collection, text))).details[0].message;
  };

  /** Writes private entries in one transaction; the values travel as transient data. */
  async function putMany(
    contract: Contract,
    collection: string,
    entries: Array<[string, string]>,
    endorsingOrganizations: string[],
  ): Promise<void> {
    const commit = await contract.submitAsync('privateQuery:putMany', {
      arguments: [collection],
      transientData: { entries: JSON.stringify(entries) },
      endorsingOrganizations,
    });
    expect((await commit.getStatus()).code).to.equal(peer.TxValidationCode.VALID);
  }

  before(async () => {
    net = await startTestDevnet({ topologyFile: TOPOLOGY });
    org1 = connectClient(net, 'Org1MSP');
    org2 = connectClient(net, 'Org2MSP');
    org3 = connectClient(net, 'Org3MSP');
    query1 = org1.contract(CHANNEL, 'private');
    query2 = org2.contract(CHANNEL, 'private');
    query3 = org3.contract(CHANNEL, 'private');
    const members = ['Org1MSP', 'Org2MSP'];
    await putMany(
      query1,
      'shared',
      [...ITEMS.map(([key, item]) => [key, JSON.stringify(item)] as [string, string])],
      members,
    );
    await putMany(query1, 'shared', [['note1', 'plain text']], members);
    await putMany(
      query1,
      'org1Only',
      [
        ['o1', '{"size":1}'],
        ['o2', '{"size":2}'],
      ],
      ['Org1MSP'],
    );
    await putMany(query1, 'org1Secrets', [['s1', '{"secret":true}']], ['Org1MSP']);
    await putMany(
      query1,
      '_implicit_org_Org1MSP',
      [
        ['m1', '{"size":2}'],
        ['m2', '{"size":1}'],
      ],
      ['Org1MSP'],
    );
  });

  after(() => {
    for (const client of [org1, org2, org3]) client?.close();
    return net?.dispose();
  });

  it("matches selectors over the peer's own plaintext of the collection, values re-encoded as Fabric does", async () => {
    const mango = { selector: { owner: 'alice', size: { $lt: 40 } } };
    // The collection index on [owner, size] serves this selector best, so results come in size order.
    const expected = ITEMS.filter(([, item]) => item.owner === 'alice' && item.size < 40)
      .sort(bySize)
      .map(entryOf);
    expect(expected.length).to.be.greaterThan(5);
    expect(await query(query1, 'shared', mango)).to.deep.equal(expected);
    expect(await query(query2, 'shared', mango)).to.deep.equal(expected);

    const projected = await query(query1, 'shared', { selector: { size: { $gte: 248 } }, fields: ['name', 'size'] });
    expect(projected.map((entry) => JSON.parse(entry.value) as unknown)).to.deep.equal(
      ITEMS.filter(([, item]) => item.size >= 248)
        .sort(bySize)
        .map(([, item]) => ({ name: item.name, size: item.size })),
    );
    expect(
      await keys(query1, 'shared', { selector: { $or: [{ name: 'n7' }, { name: 'n9' }], owner: { $ne: 'alice' } } }),
    ).to.deep.equal(['item007']);
    // A value that is not a JSON object is an attachment: only _id selectors see it, its bytes come back as stored.
    expect(await query(query1, 'shared', { selector: { _id: { $regex: '^note' } } })).to.deep.equal([
      { key: 'note1', value: 'plain text' },
    ]);
    expect(await keys(query1, 'shared', { selector: { name: { $exists: false } } })).to.deep.equal(['note1']);
  });

  it("sorts with the collection's own indexes, and refuses a sort no index of the collection serves", async () => {
    const descending = await query(query1, 'shared', { selector: { size: { $gte: 200 } }, sort: [{ size: 'desc' }] });
    expect(descending.map((entry) => entry.key)).to.deep.equal(
      ITEMS.filter(([, item]) => item.size >= 200)
        .sort(bySize)
        .reverse()
        .map(([key]) => key),
    );

    // Both indexes serve this selector: by default the one on [owner, size]; use_index picks the one on [size].
    const selector = { owner: { $gt: null }, size: { $gte: 240 } };
    const ownerOrder = ITEMS.filter(([, item]) => item.size >= 240).sort(
      (a, b) => a[1].owner.localeCompare(b[1].owner) || bySize(a, b),
    );
    expect(await keys(query1, 'shared', { selector })).to.deep.equal(ownerOrder.map(([key]) => key));
    expect(await keys(query1, 'shared', { selector, use_index: ['sharedSizeDoc', 'sharedSize'] })).to.deep.equal(
      [...ownerOrder].sort(bySize).map(([key]) => key),
    );

    const noIndex =
      'error handling CouchDB request. Error:no_usable_index,  Status Code:400,  Reason:No index exists for this sort, try indexing by the sort fields.';
    // The chaincode's public indexes (on name, on size) are not the collection's.
    const byName = await queryError(query1, 'shared', { selector: { name: { $gt: null } }, sort: ['name'] });
    expect(byName).to.include('GET_QUERY_RESULT failed: transaction ID: ');
    expect(byName).to.include(noIndex);
    expect(await queryError(query1, 'org1Only', { selector: { size: { $gt: 0 } }, sort: ['size'] })).to.include(
      noIndex,
    );
    // Fabric creates collection indexes for static collections only: the implicit collection's folder is ignored.
    expect(
      await queryError(query1, '_implicit_org_Org1MSP', { selector: { size: { $gt: 0 } }, sort: ['size'] }),
    ).to.include(noIndex);
    expect(await keys(query1, '_implicit_org_Org1MSP', { selector: { size: { $gt: 0 } } })).to.deep.equal(['m1', 'm2']);
  });

  it('answers on a non-member peer from the data it holds: none', async () => {
    expect(await query(query3, 'shared', { selector: { docType: 'item' } })).to.deep.equal([]);
    // The collection's indexes exist on every peer, so the sort is served there too.
    expect(await query(query3, 'shared', { selector: { size: { $gte: 0 } }, sort: ['size'] })).to.deep.equal([]);
    expect(await query(query2, 'org1Only', { selector: { size: { $gt: 0 } } })).to.deep.equal([]);
    expect(await query(query2, '_implicit_org_Org1MSP', { selector: { size: { $gt: 0 } } })).to.deep.equal([]);
    // A read of one of those keys fails there instead, as on Fabric.
    const read = await failure(query2.evaluateTransaction('private:get', 'org1Only', 'o1'));
    expect(read.details[0].message).to.include('private data matching public hash version is not available');
  });

  it('refuses a client that is no member of a memberOnlyRead collection', async () => {
    expect(await query(query1, 'org1Secrets', { selector: { secret: true } })).to.deep.equal([
      { key: 's1', value: '{"secret":true}' },
    ]);
    const viaOrg1 = connectClient(net, 'Org2MSP', 'User1', 'Org1MSP');
    try {
      const error = await failure(
        viaOrg1
          .contract(CHANNEL, 'private')
          .evaluateTransaction('privateQuery:query', 'org1Secrets', JSON.stringify({ selector: { secret: true } })),
      );
      expect(error.details[0].mspId).to.equal('Org1MSP');
      expect(error.details[0].message).to.include('GET_QUERY_RESULT failed: transaction ID: ');
      expect(error.details[0].message).to.include(
        'tx creator does not have read access permission on privatedata in chaincodeName:private collectionName: org1Secrets',
      );
    } finally {
      viaOrg1.close();
    }
  });

  it('streams many results to the chaincode in batches of 100, sorted or not, and closes early', async () => {
    const all = await query(query1, 'shared', { selector: { docType: 'item' }, limit: 5 });
    expect(all).to.deep.equal(ITEMS.map(entryOf)); // key order; `limit` is replaced by the peer, as on Fabric
    const sorted = await keys(query1, 'shared', { selector: { size: { $gte: 0 } }, sort: [{ size: 'asc' }] });
    expect(sorted).to.deep.equal([...ITEMS].sort(bySize).map(([key]) => key));
    const skipped = await keys(query1, 'shared', { selector: { docType: 'item' }, skip: 10 });
    expect(skipped).to.deep.equal(ITEMS.slice(10).map(([key]) => key));
    const first = JSON.parse(
      utf8.decode(
        await query1.evaluateTransaction(
          'privateQuery:first',
          'shared',
          JSON.stringify({ selector: { docType: 'item' } }),
          '150',
        ),
      ),
    ) as Entry[];
    expect(first.map((entry) => entry.key)).to.deep.equal(ITEMS.slice(0, 150).map(([key]) => key));
  });

  it('keeps a transaction that queries private data read-only, and records no reads for the query', async () => {
    const mango = JSON.stringify({ selector: { owner: 'bob' } });
    const after = await failure(query1.submitTransaction('privateQuery:queryThenWrite', 'shared', mango, 'marker'));
    expect(JSON.stringify(after.details)).to.include(
      'unsuppored transaction. Transaction has already performed queries on pvt data. Writes are not allowed',
    );

    const proposal = query1.newProposal('privateQuery:writeThenQuery', { arguments: ['shared', mango, 'marker'] });
    const txId = proposal.getTransactionId();
    const before = await failure(proposal.endorse());
    expect(before.details[0].message).to.include(
      `GET_QUERY_RESULT failed: transaction ID: ${txId}: txid [${txId}]: unsuppored transaction. Queries on pvt data is supported only in a read-only transaction`,
    );

    // A read-only transaction with a private query commits; the query leaves no read (plain or hashed) behind.
    const commit = await query1.submitAsync('privateQuery:query', {
      arguments: ['shared', mango],
      endorsingOrganizations: ['Org1MSP', 'Org2MSP'],
    });
    expect((JSON.parse(utf8.decode(commit.getResult())) as Entry[]).length).to.equal(83);
    const status = await commit.getStatus();
    expect(status.code).to.equal(peer.TxValidationCode.VALID);
    const rwset = readWriteSetOf((await net.block(CHANNEL, Number(status.blockNumber)))!, status.transactionId);
    for (const ns of rwset.getNsRwsetList()) {
      const kv = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8());
      expect(kv.getReadsList().map((read) => read.getKey())).to.not.include.members(['item001', 'item004']);
      expect(kv.getWritesList()).to.have.length(0);
      for (const collection of ns.getCollectionHashedRwsetList()) {
        const hashed = ledger.rwset.kvrwset.HashedRWSet.deserializeBinary(collection.getHashedRwset_asU8());
        expect(hashed.getHashedReadsList(), collection.getCollectionName()).to.have.length(0);
      }
    }
  });

  it('reports bad queries and unknown collections with Fabric and CouchDB errors', async () => {
    expect(await queryError(query1, 'shared', { selector: { owner: { $where: 'true' } } })).to.include(
      'Error:not_supported,  Status Code:400,  Reason:Unsupported operator: $where',
    );
    expect(await queryError(query1, 'shared', { owner: 'bob' })).to.include('Reason:Missing required key: selector');
    expect(await queryError(query1, 'shared', '{"selector":')).to.include('GET_QUERY_RESULT failed: transaction ID: ');
    expect(await queryError(query1, 'nope', { selector: {} })).to.include(
      'collection testchannel/private/nope could not be found',
    );
    expect(await queryError(query1, '_implicit_org_NopeMSP', { selector: {} })).to.include(
      'collection [_implicit_org_NopeMSP] not defined in the collection config for chaincode [private]',
    );
  });
});

/** The read-write set of a transaction in a committed block. */
function readWriteSetOf(blockBytes: Uint8Array, txId: string): ledger.rwset.TxReadWriteSet {
  const block = common.Block.deserializeBinary(blockBytes);
  for (const envelopeBytes of block.getData()!.getDataList_asU8()) {
    const payload = common.Payload.deserializeBinary(
      common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8(),
    );
    const header = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
    if (header.getTxId() !== txId) continue;
    const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
    const action = peer.ChaincodeActionPayload.deserializeBinary(transaction.getActionsList()[0].getPayload_asU8());
    const response = peer.ProposalResponsePayload.deserializeBinary(
      action.getAction()!.getProposalResponsePayload_asU8(),
    );
    return ledger.rwset.TxReadWriteSet.deserializeBinary(
      peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8()).getResults_asU8(),
    );
  }
  throw new Error(`transaction ${txId} is not in the block`);
}
