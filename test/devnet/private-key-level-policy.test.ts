import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { common, ledger as protos, peer } from '@hyperledger/fabric-protos';
import { KeyLevelEndorsement, type EndorsedWrites } from '../../network/devnet/src/committer/key-level-policy';
import { chaincodeInterest } from '../../network/devnet/src/endorser/chaincode-interest';
import { PrivateRwSetBuilder } from '../../network/devnet/src/endorser/private-rwset';
import type { WritesetMetadata } from '../../network/devnet/src/endorser/writeset-metadata';
import {
  LedgerStore,
  serializeStateMetadata,
  VALIDATION_PARAMETER,
  type ChannelLedger,
  type CollectionHashedWrites,
  type OrgPrivateWrites,
} from '../../network/devnet/src/ledger';
import {
  parseSignaturePolicy,
  resolveEndorsementPolicy,
  toSignaturePolicyEnvelope,
  type SignerIdentity,
} from '../../network/devnet/src/policy';
import { commitTxs } from '../support/ledger-blocks';

const sha256 = (data: string | Uint8Array): Buffer => createHash('sha256').update(data).digest();
const NS = 'cc';
const COLL = 'coll';
const MEMBERS = ['Org1MSP', 'Org2MSP'];
const policyBytes = (expression: string): Uint8Array =>
  toSignaturePolicyEnvelope(parseSignaturePolicy(expression)).serializeBinary();
const policyMetadata = (expression: string): Uint8Array =>
  serializeStateMetadata(new Map([[VALIDATION_PARAMETER, policyBytes(expression)]]))!;

/** One transaction's private operations on collection `coll`: values (undefined deletes) and metadata. */
interface TxSpec {
  writes?: Array<{ key: string; value?: string; purge?: boolean }>;
  /** Key -> policy expression; undefined removes the key's metadata. */
  policies?: Array<{ key: string; policy?: string }>;
  blockToLive?: number;
  /** Orgs whose stores get the plaintext (default both members). */
  members?: string[];
}

/** Commits the next block with one valid transaction per spec, as the committer hands private data to the ledger. */
async function commitNext(channel: ChannelLedger, specs: TxSpec[]): Promise<common.Block> {
  const number = channel.height();
  const txs = specs.map((spec, txNum) => {
    const writes = spec.writes ?? [];
    const policies = spec.policies ?? [];
    const blockToLive = spec.blockToLive ?? 0;
    const hashed: CollectionHashedWrites = {
      namespace: NS,
      collection: COLL,
      blockToLive,
      writes: writes.map((write) => ({
        keyHash: sha256(write.key),
        ...(write.value !== undefined ? { valueHash: sha256(write.value) } : {}),
        isDelete: write.value === undefined,
        isPurge: write.purge ?? false,
      })),
      metadataWrites: policies.map(({ key, policy }) => ({
        keyHash: sha256(key),
        ...(policy ? { metadata: policyMetadata(policy) } : {}),
      })),
    };
    const kv = new protos.rwset.kvrwset.KVRWSet();
    kv.setWritesList(
      writes.map((write) => {
        const kvWrite = new protos.rwset.kvrwset.KVWrite();
        kvWrite.setKey(write.key);
        kvWrite.setIsDelete(write.value === undefined);
        if (write.value !== undefined) kvWrite.setValue(Buffer.from(write.value));
        return kvWrite;
      }),
    );
    kv.setMetadataWritesList(
      policies.map(({ key }) => {
        const metadataWrite = new protos.rwset.kvrwset.KVMetadataWrite();
        metadataWrite.setKey(key);
        return metadataWrite;
      }),
    );
    const privateWrites: OrgPrivateWrites[] = (spec.members ?? MEMBERS).map((mspId) => ({
      mspId,
      namespace: NS,
      collection: COLL,
      blockToLive,
      rwset: kv.serializeBinary(),
    }));
    return {
      txId: `tx-${number}-${txNum}`,
      txNum,
      validationCode: 0,
      timestamp: { seconds: 1_700_000_000, nanos: txNum },
      writes: [],
      hashedWrites: [hashed],
      privateWrites,
    };
  });
  return commitTxs(channel, txs);
}

describe('private data keys: metadata in the ledger, key-level validation and endorser interest', () => {
  let dir: string;
  let store: LedgerStore;
  let channel: ChannelLedger;

  const hashed = (key: string) => channel.privateState.getHashed(NS, COLL, sha256(key));
  const plain = (mspId: string, key: string) => channel.privateState.getPrivate(mspId, NS, COLL, key);

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scenechain-private-sbe-unit-'));
    store = await LedgerStore.open(dir);
    channel = await store.channel('mychannel');
    await commitNext(channel, []); // block 0 stands in for the genesis block
  });

  afterEach(async () => {
    await store.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  describe('ledger', () => {
    it('keeps metadata on the hashed key across value writes, drops it on delete and on purge', async () => {
      expect(channel.hasStateMetadata()).to.equal(false);
      await commitNext(channel, [
        { writes: [{ key: 'a', value: '1' }], policies: [{ key: 'a', policy: "OR('Org1MSP.peer')" }] },
      ]);
      expect(channel.hasStateMetadata()).to.equal(true);
      expect((await hashed('a'))?.metadata).to.deep.equal(policyMetadata("OR('Org1MSP.peer')"));
      await commitNext(channel, [{ writes: [{ key: 'a', value: '2' }] }]);
      expect((await hashed('a'))?.metadata).to.deep.equal(policyMetadata("OR('Org1MSP.peer')"));
      expect((await hashed('a'))?.valueHash).to.deep.equal(sha256('2'));
      await commitNext(channel, [{ writes: [{ key: 'a' }] }]);
      await commitNext(channel, [{ writes: [{ key: 'a', value: '3' }] }]);
      expect((await hashed('a'))?.metadata).to.equal(undefined);

      await commitNext(channel, [{ policies: [{ key: 'a', policy: "OR('Org2MSP.peer')" }] }]);
      await commitNext(channel, [{ writes: [{ key: 'a', purge: true }] }]);
      expect(await hashed('a')).to.equal(undefined);
      await commitNext(channel, [{ writes: [{ key: 'a', value: '4' }] }]);
      expect((await hashed('a'))?.metadata).to.equal(undefined);
    });

    it("applies a metadata-only write under a new version, moving members' matching plaintext with it", async () => {
      await commitNext(channel, [{ writes: [{ key: 'b', value: 'kept' }] }]);
      // Org2's store holds a stale value of c (as a peer that missed private data would): it keeps its version.
      await commitNext(channel, [{ writes: [{ key: 'c', value: 'c1' }] }]);
      await commitNext(channel, [{ writes: [{ key: 'c', value: 'c2' }], members: ['Org1MSP'] }]);
      // One block: tx 0 rewrites b, tx 1 sets policies on b, c and on a key that does not exist.
      await commitNext(channel, [
        { writes: [{ key: 'b', value: 'newer' }] },
        {
          policies: [
            { key: 'b', policy: "OR('Org2MSP.peer')" },
            { key: 'c', policy: "OR('Org2MSP.peer')" },
            { key: 'ghost', policy: "OR('Org2MSP.peer')" },
          ],
        },
      ]);
      const b = await hashed('b');
      expect(b?.valueHash).to.deep.equal(sha256('newer'));
      expect(b?.version).to.deep.equal({ blockNum: 4, txNum: 1 });
      expect(b?.metadata).to.deep.equal(policyMetadata("OR('Org2MSP.peer')"));
      for (const mspId of MEMBERS) {
        const entry = await plain(mspId, 'b');
        expect(Buffer.from(entry!.value).toString()).to.equal('newer');
        expect(entry?.version).to.deep.equal({ blockNum: 4, txNum: 1 });
      }
      expect((await plain('Org1MSP', 'c'))?.version).to.deep.equal({ blockNum: 4, txNum: 1 });
      expect((await plain('Org2MSP', 'c'))?.version).to.deep.equal({ blockNum: 2, txNum: 0 });
      expect(await hashed('ghost')).to.equal(undefined);

      // A metadata write without entries removes the metadata and keeps the value.
      await commitNext(channel, [{ policies: [{ key: 'b' }] }]);
      expect((await hashed('b'))?.metadata).to.equal(undefined);
      expect((await hashed('b'))?.valueHash).to.deep.equal(sha256('newer'));
      // The channel has had metadata: later commits keep looking for it.
      expect(channel.hasStateMetadata()).to.equal(true);
    });

    it('puts the version a metadata-only write gives a hashed key into the commit hash', async () => {
      const other = await LedgerStore.open(`${dir}-other`);
      try {
        const second = await other.channel('mychannel');
        await commitNext(second, []);
        for (const ledger of [channel, second]) await commitNext(ledger, [{ writes: [{ key: 'k', value: 'v' }] }]);
        const a = await commitNext(channel, [{ policies: [{ key: 'k', policy: "OR('Org1MSP.peer')" }] }]);
        const b = await commitNext(second, [{ policies: [{ key: 'ghost', policy: "OR('Org1MSP.peer')" }] }]);
        const hashOf = (block: common.Block) =>
          Buffer.from(block.getMetadata()!.getMetadataList_asU8()[common.BlockMetadataIndex.COMMIT_HASH]).toString(
            'hex',
          );
        expect(hashOf(a)).to.not.equal(hashOf(b));
      } finally {
        await other.close();
        await rm(`${dir}-other`, { recursive: true, force: true });
      }
    });

    it('strips a purged key from stored write sets that only gave it metadata', async () => {
      await commitNext(channel, [{ writes: [{ key: 'p', value: 'v' }] }]);
      await commitNext(channel, [{ policies: [{ key: 'p', policy: "OR('Org1MSP.peer')" }] }]);
      expect((await channel.privateState.blockPrivateData('Org1MSP', 2)).size).to.equal(1);
      await commitNext(channel, [{ writes: [{ key: 'p', purge: true }] }]);
      expect((await channel.privateState.blockPrivateData('Org1MSP', 2)).size).to.equal(0);
      expect(await plain('Org1MSP', 'p')).to.equal(undefined);
    });

    it('keeps hashed metadata across a reopen', async () => {
      await commitNext(channel, [
        { writes: [{ key: 'd', value: 'v' }], policies: [{ key: 'd', policy: "OR('Org3MSP.peer')" }] },
      ]);
      await store.close();
      store = await LedgerStore.open(dir);
      channel = await store.channel('mychannel');
      expect(channel.hasStateMetadata()).to.equal(true);
      expect((await hashed('d'))?.metadata).to.deep.equal(policyMetadata("OR('Org3MSP.peer')"));
    });
  });

  describe('validation', () => {
    const channelSpec = { name: 'mychannel', orgs: ['Org1MSP', 'Org2MSP', 'Org3MSP'], policies: {} };
    const chaincodePolicy = resolveEndorsementPolicy({ signature: "AND('Org1MSP.peer', 'Org2MSP.peer')" }, channelSpec);
    const collectionPolicy = resolveEndorsementPolicy({ signature: "OR('Org2MSP.peer')" }, channelSpec);
    const peerOf = (mspId: string): SignerIdentity => ({ mspId, role: 'peer' });
    /** A transaction writing private keys of `coll` (with or without the collection's own policy). */
    const tx = (signers: string[], writes: string[], metadataWrites: string[] = [], own = false): EndorsedWrites => ({
      chaincodeName: NS,
      namespaces: [
        {
          namespace: NS,
          writes: [],
          metadataWrites: [],
          collections: [
            {
              collection: COLL,
              ...(own ? { policy: collectionPolicy } : {}),
              writes: writes.map((key) => sha256(key)),
              metadataWrites: metadataWrites.map((key) => sha256(key)),
            },
          ],
        },
      ],
      signers: signers.map(peerOf),
    });

    async function validate(txs: EndorsedWrites[]): Promise<Array<string | undefined>> {
      const keyLevel = await KeyLevelEndorsement.prefetch(txs, channel);
      return txs.map((entry, txNum) => keyLevel.check({ blockNum: 9, txNum }, entry, () => chaincodePolicy));
    }

    it("applies a private key's policy alone, in place of the collection's or the chaincode's", async () => {
      await commitNext(channel, [
        { writes: [{ key: 'k', value: 'v' }], policies: [{ key: 'k', policy: "OR('Org3MSP.peer')" }] },
      ]);
      const [org3OnK, org3OnBoth, ownPolicyOnK, org2OnPlainOwn, membersOnK, nothing] = await validate([
        tx(['Org3MSP'], ['k']),
        tx(['Org3MSP'], ['k', 'plain']),
        tx(['Org2MSP'], ['k'], [], true),
        tx(['Org2MSP'], ['plain'], [], true),
        tx(['Org1MSP', 'Org2MSP'], [], ['k']),
        tx(['Org3MSP'], []),
      ]);
      expect(org3OnK).to.equal(undefined);
      expect(org3OnBoth).to.match(/^validation of endorsement policy for chaincode cc in tx 9:1 failed/);
      const hash = sha256('k').toString('hex');
      expect(ownPolicyOnK).to.equal(
        `validation of key ${hash} (coll'coll':ns'cc') in tx 9:2 failed: signature set did not satisfy policy`,
      );
      expect(org2OnPlainOwn).to.equal(undefined); // the collection's own policy
      expect(membersOnK).to.match(new RegExp(`^validation of key ${hash} \\(coll'coll':ns'cc'\\) in tx 9:4 failed`));
      expect(nothing).to.match(/chaincode cc in tx 9:5 failed/);
    });

    it('fails a write to a private key whose policy an earlier transaction of the block changed', async () => {
      await commitNext(channel, [{ writes: [{ key: 'k', value: 'v' }] }]);
      const results = await validate([
        tx(['Org1MSP'], [], ['k']), // its endorsement fails: it changes nothing for the others
        tx(['Org1MSP', 'Org2MSP'], ['k']),
        tx(['Org1MSP', 'Org2MSP'], [], ['k']),
        tx(['Org1MSP', 'Org2MSP'], ['k']),
        tx(['Org1MSP', 'Org2MSP'], ['other']),
      ]);
      expect(results[0]).to.match(/chaincode cc in tx 9:0 failed/);
      expect(results[1]).to.equal(undefined);
      expect(results[2]).to.equal(undefined);
      expect(results[3]).to.equal(
        `validation parameters for key [${sha256('k').toString('hex')}] in namespace [cc:coll] have been changed in transaction 3 of block 9`,
      );
      expect(results[4]).to.equal(undefined);
    });
  });

  describe('endorser interest', () => {
    const metadata = (policy?: string): Map<string, Uint8Array> =>
      new Map(policy ? [[VALIDATION_PARAMETER, policyBytes(policy)]] : []);
    const rwset = (): protos.rwset.TxReadWriteSet => {
      const set = new protos.rwset.TxReadWriteSet();
      const ns = new protos.rwset.NsReadWriteSet();
      ns.setNamespace(NS);
      set.addNsRwset(ns);
      return set;
    };
    const calls = (interest: peer.ChaincodeInterest) =>
      interest.getChaincodesList().map((call) => ({
        name: call.getName(),
        collections: call.getCollectionNamesList(),
        keyPolicies: call.getKeyPoliciesList().length,
        disregard: call.getDisregardNamespacePolicy(),
      }));

    it("names written keys' policies as KeyPolicies, disregarding the chaincode's policy only when no key needs it", () => {
      const onlyPrivate: WritesetMetadata = new Map([
        [NS, new Map([[COLL, new Map([['k', metadata("OR('Org2MSP.peer')")]])]])],
      ]);
      expect(calls(chaincodeInterest(rwset(), new PrivateRwSetBuilder(), onlyPrivate))).to.deep.equal([
        { name: NS, collections: [], keyPolicies: 1, disregard: true },
      ]);
      const mixed: WritesetMetadata = new Map([
        [
          NS,
          new Map([
            ['', new Map([['pub', metadata()]])],
            [
              COLL,
              new Map([
                ['k', metadata("OR('Org2MSP.peer')")],
                ['plain', metadata()],
              ]),
            ],
          ]),
        ],
      ]);
      expect(calls(chaincodeInterest(rwset(), new PrivateRwSetBuilder(), mixed))).to.deep.equal([
        { name: NS, collections: [], keyPolicies: 1, disregard: false },
        { name: NS, collections: [COLL], keyPolicies: 0, disregard: false },
      ]);
      const readOnly: WritesetMetadata = new Map();
      expect(calls(chaincodeInterest(rwset(), new PrivateRwSetBuilder(), readOnly))).to.deep.equal([
        { name: NS, collections: [], keyPolicies: 0, disregard: false },
      ]);
    });

    it("fails with Fabric's message when a written key's stored policy does not decode", () => {
      const bad: WritesetMetadata = new Map([
        [
          NS,
          new Map([[COLL, new Map([['k', new Map([[VALIDATION_PARAMETER, Buffer.from('0aFFFFFFFF0F', 'hex')]])]])]]),
        ],
      ]);
      expect(() => chaincodeInterest(rwset(), new PrivateRwSetBuilder(), bad)).to.throw(
        /^error unmarshalling SignaturePolicyEnvelope: malformed common\.SignaturePolicyEnvelope/,
      );
    });
  });
});
