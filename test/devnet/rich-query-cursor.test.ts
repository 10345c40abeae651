import { expect } from 'chai';
import { ledger, peer } from '@hyperledger/fabric-protos';
import type { StateEntry } from '../../network/devnet/src/ledger';
import { RichQueryCursor, type QueryDocumentSource } from '../../network/devnet/src/endorser/rich-query-requests';

/** A document source over `count` JSON documents in key order that counts the entries the query pulled. */
function source(count: number, onResult?: (entry: StateEntry) => void): QueryDocumentSource & { pulled: number } {
  const entries: StateEntry[] = Array.from({ length: count }, (_, i) => ({
    key: `k${String(i).padStart(5, '0')}`,
    value: Buffer.from(JSON.stringify({ n: i })),
    version: { blockNum: 1, txNum: i },
  }));
  const state = {
    pulled: 0,
    indexes: [],
    onResult,
    scan: async function* (startKey: string): AsyncIterable<StateEntry> {
      for (const entry of entries) {
        if (entry.key < startKey) continue;
        state.pulled++;
        yield entry;
      }
    },
  };
  return state;
}

const keysOf = (response: peer.QueryResponse): string[] =>
  response
    .getResultsList()
    .map((result) => ledger.queryresult.KV.deserializeBinary(result.getResultbytes_asU8()).getKey());

describe('rich query cursor over a document source (unit)', () => {
  it('answers in batches of 100 and pulls documents one CouchDB request (1,000) at a time', async () => {
    const seen: string[] = [];
    const documents = source(5_000, (entry) => seen.push(entry.key));
    const cursor = await RichQueryCursor.open(documents, 'cc', '{"selector":{"n":{"$gte":0}}}');
    const first = await cursor.respond('it');
    expect(first.done).to.equal(false);
    expect(first.response.getHasMore()).to.equal(true);
    expect(first.response.getId()).to.equal('it');
    expect(keysOf(first.response)).to.have.length(100);
    expect(keysOf(first.response)[0]).to.equal('k00000');
    expect(documents.pulled).to.be.at.most(1_000); // the first request of 1,000, not the whole state
    let total = 100;
    for (let next = await cursor.respond('it'); ; next = await cursor.respond('it')) {
      total += next.response.getResultsList().length;
      if (next.done) {
        expect(next.response.getHasMore()).to.equal(false);
        break;
      }
    }
    expect(total).to.equal(5_000);
    expect(seen).to.have.length(5_000); // every result handed out reached the source's hook
  });

  it("caps the first response at the call's total limit, as Fabric's totalReturnLimit does", async () => {
    const cursor = await RichQueryCursor.open(source(500), 'cc', '{"selector":{}}');
    const capped = await cursor.respond('it', 30);
    expect(capped.done).to.equal(true);
    expect(keysOf(capped.response)).to.have.length(30);
    expect(capped.response.getHasMore()).to.equal(false);
  });

  it('pages with a bookmark and a fetched count when paginated', async () => {
    const cursor = await RichQueryCursor.open(source(500), 'cc', '{"selector":{}}', { pageSize: 250, bookmark: '' });
    const page = await cursor.respond('it', 250);
    expect(page.done).to.equal(true);
    expect(keysOf(page.response)).to.have.length(250); // one page, no batches of 100
    const metadata = peer.QueryResponseMetadata.deserializeBinary(page.response.getMetadata_asU8());
    expect(metadata.getFetchedRecordsCount()).to.equal(250);
    expect(metadata.getBookmark()).to.not.equal('');
  });

  it('fails at open on a query CouchDB refuses', async () => {
    let error: Error | undefined;
    try {
      await RichQueryCursor.open(source(1), 'cc', '{"selector":{"n":{"$where":1}}}');
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).to.include('Unsupported operator: $where');
  });
});
