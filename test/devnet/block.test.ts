import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { common, msp } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import {
  blockDataHash,
  blockHeaderBytes,
  blockHeaderHash,
  buildBlock,
  computeCommitHash,
  headerFields,
  stateUpdatesBytes,
  type BlockSigner,
} from '../../network/devnet/src/block';
import { goDuration } from '../../network/devnet/src/block/config/go-duration';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => Buffer.from(text, 'hex');
const sha256 = (...parts: Uint8Array[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** DER written out byte by byte (independent of asn1js): tag, short or long length, content. */
function tlv(tag: number, content: Uint8Array): Buffer {
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
}

/** Minimal two's complement big-endian INTEGER content of a non-negative number. */
function derUnsigned(value: bigint): Buffer {
  const bytes: number[] = [];
  for (let rest = value; rest > 0n; rest >>= 8n) bytes.unshift(Number(rest & 0xffn));
  if (bytes.length === 0 || bytes[0] & 0x80) bytes.unshift(0);
  return Buffer.from(bytes);
}

function handDer(number: bigint, previousHash: Uint8Array, dataHash: Uint8Array): Buffer {
  return tlv(0x30, Buffer.concat([tlv(0x02, derUnsigned(number)), tlv(0x04, previousHash), tlv(0x04, dataHash)]));
}

function testSigner(): BlockSigner & { publicKey: ReturnType<typeof generateKeyPairSync>['publicKey'] } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const identity = new msp.SerializedIdentity();
  identity.setMspid('OrdererMSP');
  identity.setIdBytes(Buffer.from('-----BEGIN CERTIFICATE-----\n(orderer)\n-----END CERTIFICATE-----\n'));
  return { serialized: identity.serializeBinary(), sign: (message) => sign('sha256', message, privateKey), publicKey };
}

describe('block header and data hashes', () => {
  it('encodes the header as the DER SEQUENCE Fabric hashes, for numbers at every length boundary', () => {
    const previousHash = sha256(Buffer.from('previous'));
    const dataHash = sha256(Buffer.from('data'));
    const numbers = [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 31, 2 ** 32, Number.MAX_SAFE_INTEGER];
    for (const number of numbers) {
      const expected = handDer(BigInt(number), previousHash, dataHash);
      expect(hex(blockHeaderBytes({ number, previousHash, dataHash })), `number ${number}`).to.equal(hex(expected));
      expect(hex(blockHeaderHash({ number, previousHash, dataHash }))).to.equal(hex(sha256(expected)));
    }
  });

  it('encodes an empty previous hash (block 0) as a zero-length OCTET STRING', () => {
    const dataHash = sha256(Buffer.from('genesis'));
    const der = blockHeaderBytes({ number: 0, previousHash: new Uint8Array(0), dataHash });
    expect(hex(der)).to.equal(`3027020100${'0400'}0420${hex(dataHash)}`);
  });

  it('reproduces header hashes of a real Fabric 2.x chain (sample ledger in Fabric internal/ledgerutil testdata)', () => {
    // Block 3 and block 4 headers; each hash is the next block's previous_hash as stored by the real peer.
    const block3 = {
      number: 3,
      previousHash: fromHex('0fe6b0856a5e8d74cea299466591035af24aafe455de11c2ef350d944b6c463e'),
      dataHash: fromHex('28bb5bca666c26c8c907fb02b03ed907af08229621ce25757a6a6e300dc1aeeb'),
    };
    const block4 = {
      number: 4,
      previousHash: fromHex('ad341e2d64cb236d5f045033ffa214c780fc66faccfd5aec1f5e4219d62704bb'),
      dataHash: fromHex('bdb354b028815cb3faf8f6b04ea5e0977563b85510e7eb043ae0f82256f4b17f'),
    };
    expect(hex(blockHeaderHash(block3))).to.equal(hex(block4.previousHash));
    expect(hex(blockHeaderHash(block4))).to.equal('a7228dbad12761c5c09606efa32887dc5082bce0d9349dd4841b75f6bbf87313');
  });

  it('rejects block numbers that are not non-negative safe integers', () => {
    const empty = new Uint8Array(0);
    for (const number of [-1, 1.5, 2 ** 53]) {
      expect(() => blockHeaderBytes({ number, previousHash: empty, dataHash: empty })).to.throw(RangeError);
    }
  });

  it('hashes the concatenated envelope bytes', () => {
    const envelopes = [Buffer.from('first'), Buffer.from(''), Buffer.from([0, 1, 2, 255])];
    expect(hex(blockDataHash(envelopes))).to.equal(hex(sha256(...envelopes)));
    expect(hex(blockDataHash([]))).to.equal('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(blockDataHash([Buffer.from('ab'), Buffer.from('c')]))).to.equal(
      hex(blockDataHash([Buffer.from('abc')])),
    );
  });
});

describe('commit hash', () => {
  it('encodes the update batch as Fabric txmgr.Updates, writing namespace and collection only where they change', () => {
    const bytes = stateUpdatesBytes([
      { namespace: 'cc2', key: 'x', isDelete: true, version: { blockNum: 1, txNum: 1 } },
      { namespace: 'cc', key: 'k', isDelete: false, value: Buffer.from('v'), version: { blockNum: 1, txNum: 0 } },
      { namespace: 'cc', key: 'j', isDelete: false, value: Buffer.from('w'), version: { blockNum: 300, txNum: 2 } },
      {
        namespace: 'cc',
        collection: 'c1',
        key: Buffer.from([0xab]),
        isDelete: false,
        value: Buffer.from([1]),
        version: { blockNum: 1, txNum: 0 },
      },
      {
        namespace: '',
        key: 'resourcesconfigtx.CHANNEL_CONFIG_KEY',
        isDelete: false,
        value: Buffer.from('cfg'),
        version: { blockNum: 1, txNum: 0 },
      },
    ]);
    // KVWrite{1 namespace, 2 collection, 3 key, 4 isDelete, 5 value, 6 version_bytes}, proto3 defaults left out;
    // versions are order-preserving: 300 -> 02 01 2c, 2 -> 01 02, 1 -> 01 01, 0 -> 00. Namespace "" is skipped.
    const kvWrites = [
      '0a026363' + '1a016a' + '2a0177' + '320502012c0102', // ns "cc", key "j", value "w", version (300, 2)
      '1a016b' + '2a0176' + '3203010100', // key "k", value "v", version (1, 0)
      '12026331' + '1a01ab' + '2a0101' + '3203010100', // collection "c1", key ab, value 01, version (1, 0)
      '0a03636332' + '1a0178' + '2001' + '320401010101', // ns "cc2", key "x", delete, version (1, 1)
    ];
    const expected = kvWrites.map((kv) => `0a${(kv.length / 2).toString(16).padStart(2, '0')}${kv}`).join('');
    expect(hex(bytes)).to.equal(expected);
  });

  it('reproduces the COMMIT_HASH of a real Fabric 2.x block (block 4 of the sample ledger)', () => {
    const compositeKey = '\u0000color~name\u0000blue\u0000marble1\u0000';
    const marble = '{"docType":"marble","name":"marble1","color":"blue","size":35,"owner":"tom"}';
    const updates = stateUpdatesBytes([
      {
        namespace: 'marbles',
        key: 'marble1',
        isDelete: false,
        value: Buffer.from(marble),
        version: { blockNum: 4, txNum: 0 },
      },
      {
        namespace: 'marbles',
        key: compositeKey,
        isDelete: false,
        value: Buffer.from([0]),
        version: { blockNum: 4, txNum: 0 },
      },
    ]);
    const previous = fromHex('aa520683da6156cfef3f1172adb75542893bdfd48b35a5ee0581e7c9cf9e5456');
    expect(hex(computeCommitHash(Uint8Array.of(0), updates, previous))).to.equal(
      'c094344b24a44061451f76132f0963698cb85ead8d76616f70d8578a95589185',
    );
  });

  it('hashes varint(filter length) ‖ filter ‖ updates ‖ previous hash', () => {
    const filter = new Uint8Array(200).fill(11); // 200 -> varint c8 01
    const updates = Buffer.from('updates');
    const previous = sha256(Buffer.from('previous'));
    expect(hex(computeCommitHash(filter, updates, previous))).to.equal(
      hex(sha256(Buffer.from([0xc8, 0x01]), filter, updates, previous)),
    );
  });
});

describe('buildBlock', () => {
  const signer = testSigner();
  const envelopes = [Buffer.from('tx-0'), Buffer.from('tx-1'), Buffer.from('tx-2')];
  const previousHash = sha256(Buffer.from('block 6'));
  const block = buildBlock({
    number: 7,
    previousHash,
    envelopes,
    validationCodes: [0, 11, 0],
    lastConfigIndex: 2,
    signer,
  });
  const parsed = common.Block.deserializeBinary(block.serializeBinary());

  it('writes header and data as an orderer does', () => {
    const header = parsed.getHeader()!;
    expect(header.getNumber()).to.equal(7);
    expect(hex(header.getPreviousHash_asU8())).to.equal(hex(previousHash));
    expect(hex(header.getDataHash_asU8())).to.equal(hex(sha256(...envelopes)));
    expect(
      parsed
        .getData()!
        .getDataList_asU8()
        .map((data) => Buffer.from(data).toString()),
    ).to.deep.equal(['tx-0', 'tx-1', 'tx-2']);
  });

  it('has five metadata entries: SIGNATURES, LAST_CONFIG, TRANSACTIONS_FILTER, empty ORDERER and COMMIT_HASH', () => {
    const entries = parsed.getMetadata()!.getMetadataList_asU8();
    expect(entries).to.have.length(5);
    expect([...entries[common.BlockMetadataIndex.TRANSACTIONS_FILTER]]).to.deep.equal([0, 11, 0]);
    expect(entries[common.BlockMetadataIndex.ORDERER]).to.have.length(0);
    expect(entries[common.BlockMetadataIndex.COMMIT_HASH]).to.have.length(0);
    const lastConfig = common.Metadata.deserializeBinary(entries[common.BlockMetadataIndex.LAST_CONFIG]);
    expect(common.LastConfig.deserializeBinary(lastConfig.getValue_asU8()).getIndex()).to.equal(2);
    expect(lastConfig.getSignaturesList()).to.have.length(0);
  });

  it('signs value ‖ signature header ‖ DER header with the orderer identity, as Fabric verifies it', () => {
    const metadata = common.Metadata.deserializeBinary(parsed.getMetadata()!.getMetadataList_asU8()[0]);
    const value = common.OrdererBlockMetadata.deserializeBinary(metadata.getValue_asU8());
    expect(value.getLastConfig()!.getIndex()).to.equal(2);
    expect(value.getConsenterMetadata_asU8()).to.have.length(0);
    const [signature] = metadata.getSignaturesList();
    expect(metadata.getSignaturesList()).to.have.length(1);
    const signatureHeader = common.SignatureHeader.deserializeBinary(signature.getSignatureHeader_asU8());
    expect(hex(signatureHeader.getCreator_asU8())).to.equal(hex(signer.serialized));
    expect(signatureHeader.getNonce_asU8()).to.have.length(24);
    const signed = Buffer.concat([
      metadata.getValue_asU8(),
      signature.getSignatureHeader_asU8(),
      handDer(7n, previousHash, sha256(...envelopes)),
    ]);
    expect(verify('sha256', signed, signer.publicKey, signature.getSignature_asU8())).to.equal(true);
    expect(
      verify('sha256', Buffer.concat([signed, Buffer.of(0)]), signer.publicKey, signature.getSignature_asU8()),
    ).to.equal(false);
  });

  it('writes the SIGNATURES value byte for byte as Fabric does for last config 0 (real block: 0a00)', () => {
    const first = buildBlock({
      number: 1,
      previousHash,
      envelopes,
      validationCodes: [0, 0, 0],
      lastConfigIndex: 0,
      signer,
    });
    const metadata = common.Metadata.deserializeBinary(first.getMetadata()!.getMetadataList_asU8()[0]);
    expect(hex(metadata.getValue_asU8())).to.equal('0a00');
    expect(first.getMetadata()!.getMetadataList_asU8()[common.BlockMetadataIndex.LAST_CONFIG]).to.have.length(0);
    expect(hex(blockHeaderHash(headerFields(first)))).to.equal(
      hex(sha256(handDer(1n, previousHash, sha256(...envelopes)))),
    );
  });

  it('refuses a validation code count that does not match the envelopes', () => {
    expect(() =>
      buildBlock({ number: 1, previousHash, envelopes, validationCodes: [0], lastConfigIndex: 0, signer }),
    ).to.throw(RangeError);
    expect(() =>
      buildBlock({ number: 1, previousHash, envelopes, validationCodes: [0, 0, 256], lastConfigIndex: 0, signer }),
    ).to.throw(RangeError);
  });
});

describe('goDuration', () => {
  it('formats milliseconds as Go time.Duration.String()', () => {
    const cases: Array<[number, string]> = [
      [0, '0s'],
      [20, '20ms'],
      [999, '999ms'],
      [1000, '1s'],
      [1500, '1.5s'],
      [2010, '2.01s'],
      [60_000, '1m0s'],
      [90_500, '1m30.5s'],
      [3_600_000, '1h0m0s'],
      [3_723_004, '1h2m3.004s'],
    ];
    for (const [ms, text] of cases) expect(goDuration(ms), `${ms}ms`).to.equal(text);
  });
});
