import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { KeyLevelEndorsement, type EndorsedWrites } from '../../network/devnet/src/committer/key-level-policy';
import {
  LedgerStore,
  serializeStateMetadata,
  VALIDATION_PARAMETER,
  type ChannelLedger,
  type KeyMetadataWrite,
  type KeyWrite,
} from '../../network/devnet/src/ledger';
import { encodeState } from '../../network/devnet/src/ledger/record-codec';
import {
  parseSignaturePolicy,
  resolveEndorsementPolicy,
  toSignaturePolicyEnvelope,
  type SignerIdentity,
} from '../../network/devnet/src/policy';
import { commitTxs } from '../support/ledger-blocks';

const utf8 = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

const put = (key: string, value: string): KeyWrite => ({
  namespace: 'cc',
  key,
  isDelete: false,
  value: Buffer.from(value),
});
const policyMetadata = (expression: string): Uint8Array =>
  serializeStateMetadata(
    new Map([[VALIDATION_PARAMETER, toSignaturePolicyEnvelope(parseSignaturePolicy(expression)).serializeBinary()]]),
  )!;
const setPolicy = (key: string, expression?: string): KeyMetadataWrite => ({
  namespace: 'cc',
  key,
  metadata: expression === undefined ? undefined : policyMetadata(expression),
});

async function commitNext(
  ledger: ChannelLedger,
  txs: Array<{ writes?: KeyWrite[]; metadataWrites?: KeyMetadataWrite[]; code?: number }>,
): Promise<void> {
  const number = ledger.height();
  await commitTxs(
    ledger,
    txs.map((tx, txNum) => ({
      txId: `tx-${number}-${txNum}`,
      txNum,
      validationCode: tx.code ?? 0,
      timestamp: { seconds: number, nanos: txNum },
      writes: tx.writes ?? [],
      metadataWrites: tx.metadataWrites,
    })),
  );
}

const peerOf = (mspId: string): SignerIdentity => ({ mspId, role: 'peer' });

describe('ledger state metadata and key-level endorsement validation', () => {
  let dir: string;
  let store: LedgerStore;
  let ledger: ChannelLedger;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scenechain-sbe-unit-'));
    store = await LedgerStore.open(dir);
    ledger = await store.channel('mychannel');
    await commitNext(ledger, []); // block 0 stands in for the genesis block
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('ledger', () => {
    it('stores metadata beside the value, keeps it across value writes and drops it on delete', async () => {
      expect(ledger.hasStateMetadata()).to.equal(false);
      await commitNext(ledger, [{ writes: [put('a', '1')], metadataWrites: [setPolicy('a', "OR('Org1MSP.peer')")] }]);
      expect(ledger.hasStateMetadata()).to.equal(true);
      const first = await ledger.getState('cc', 'a');
      expect(first?.metadata).to.deep.equal(policyMetadata("OR('Org1MSP.peer')"));
      await commitNext(ledger, [{ writes: [put('a', '2')] }]);
      const second = await ledger.getState('cc', 'a');
      expect(utf8(second?.value)).to.equal('2');
      expect(second?.metadata).to.deep.equal(first?.metadata);
      await commitNext(ledger, [{ writes: [{ namespace: 'cc', key: 'a', isDelete: true }] }]);
      await commitNext(ledger, [{ writes: [put('a', '3')] }]);
      expect((await ledger.getState('cc', 'a'))?.metadata).to.equal(undefined);
    });

    it('applies a metadata-only write to the latest value under a new version; to an absent key it does nothing', async () => {
      await commitNext(ledger, [{ writes: [put('b', 'kept')] }]);
      // In one block: the value written by tx 0 is the one tx 1's metadata lands on.
      await commitNext(ledger, [
        { writes: [put('b', 'newer')] },
        { metadataWrites: [setPolicy('b', "OR('Org2MSP.peer')"), setPolicy('ghost', "OR('Org2MSP.peer')")] },
      ]);
      const entry = await ledger.getState('cc', 'b');
      expect(utf8(entry?.value)).to.equal('newer');
      expect(entry?.version).to.deep.equal({ blockNum: 2, txNum: 1 });
      expect(entry?.metadata).to.deep.equal(policyMetadata("OR('Org2MSP.peer')"));
      expect(await ledger.getState('cc', 'ghost')).to.equal(undefined);
      expect(await ledger.getHistory('cc', 'b')).to.have.length(2); // history keeps value writes only
      // A metadata write without entries removes the metadata.
      await commitNext(ledger, [{ metadataWrites: [setPolicy('b')] }]);
      expect((await ledger.getState('cc', 'b'))?.metadata).to.equal(undefined);
      expect(utf8((await ledger.getState('cc', 'b'))?.value)).to.equal('newer');
    });

    it('reads records written before metadata existed, and keeps metadata across a reopen', async () => {
      const legacy = encodeState(Buffer.from('old layout'), { blockNum: 7, txNum: 3 });
      expect(legacy[0]).to.equal(0); // the original layout starts with the high byte of the block number
      await commitNext(ledger, [{ writes: [put('c', 'v')], metadataWrites: [setPolicy('c', "OR('Org1MSP.peer')")] }]);
      await store.close();
      store = await LedgerStore.open(dir);
      ledger = await store.channel('mychannel');
      expect(ledger.hasStateMetadata()).to.equal(true);
      expect((await ledger.getState('cc', 'c'))?.metadata).to.deep.equal(policyMetadata("OR('Org1MSP.peer')"));
    });
  });

  describe('validation', () => {
    const chaincodePolicy = resolveEndorsementPolicy(
      { signature: "AND('Org1MSP.peer', 'Org2MSP.peer')" },
      { name: 'mychannel', orgs: ['Org1MSP', 'Org2MSP', 'Org3MSP'], policies: {} },
    );
    const tx = (signers: string[], writes: string[], metadataWrites: string[] = []): EndorsedWrites => ({
      chaincodeName: 'cc',
      namespaces: [{ namespace: 'cc', writes, metadataWrites }],
      signers: signers.map(peerOf),
    });

    async function validate(txs: EndorsedWrites[]): Promise<Array<string | undefined>> {
      const keyLevel = await KeyLevelEndorsement.prefetch(txs, ledger);
      return txs.map((entry, txNum) => keyLevel.check({ blockNum: 9, txNum }, entry, () => chaincodePolicy));
    }

    it('applies the key-level policy alone to keys that have one, the chaincode policy to the others', async () => {
      await commitNext(ledger, [{ writes: [put('k', 'v')], metadataWrites: [setPolicy('k', "OR('Org3MSP.peer')")] }]);
      const [org3OnK, org3OnBoth, bothOnK, nothing] = await validate([
        tx(['Org3MSP'], ['k']),
        tx(['Org3MSP'], ['k', 'plain']),
        tx(['Org1MSP', 'Org2MSP'], ['k']),
        tx(['Org3MSP'], []),
      ]);
      expect(org3OnK).to.equal(undefined);
      expect(org3OnBoth).to.match(/^validation of endorsement policy for chaincode cc in tx 9:1 failed/);
      expect(bothOnK).to.match(/^validation of key k \(coll'':ns'cc'\) in tx 9:2 failed/);
      // A transaction that writes nothing still needs the chaincode policy.
      expect(nothing).to.match(/chaincode cc in tx 9:3 failed/);
    });

    it("fails a write to a key whose policy an earlier transaction of the block changed, once that one's endorsement held", async () => {
      await commitNext(ledger, [{ writes: [put('k', 'v')] }]);
      const results = await validate([
        tx(['Org1MSP'], [], ['k']), // its endorsement fails: it changes nothing for the others
        tx(['Org1MSP', 'Org2MSP'], ['k']),
        tx(['Org1MSP', 'Org2MSP'], [], ['k']), // endorsement holds (it may still fail MVCC later)
        tx(['Org1MSP', 'Org2MSP'], ['k']),
        tx(['Org1MSP', 'Org2MSP'], ['other']),
      ]);
      expect(results[0]).to.match(/chaincode cc in tx 9:0 failed/);
      expect(results[1]).to.equal(undefined);
      expect(results[2]).to.equal(undefined);
      expect(results[3]).to.equal(
        'validation parameters for key [k] in namespace [cc:] have been changed in transaction 3 of block 9',
      );
      expect(results[4]).to.equal(undefined);
    });

    it('refuses writes under a stored policy that does not decode, without decoding it unguarded', async () => {
      const raw = serializeStateMetadata(new Map([[VALIDATION_PARAMETER, Buffer.from('0aFFFFFFFF0F', 'hex')]]));
      await commitNext(ledger, [
        { writes: [put('bad', 'v')], metadataWrites: [{ namespace: 'cc', key: 'bad', metadata: raw }] },
      ]);
      const [result] = await validate([tx(['Org1MSP', 'Org2MSP'], ['bad'])]);
      expect(result).to.match(/invalid key-level endorsement policy: malformed common\.SignaturePolicyEnvelope/);
    });
  });
});
