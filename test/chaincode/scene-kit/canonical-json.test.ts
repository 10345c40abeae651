import '../support/quiet-contract-api';
import { expect } from 'chai';
import { canonicalBytes, canonicalJson, parseLedgerJson } from '../../../chaincode/scene-kit/src';

describe('scene kit: canonical JSON', () => {
  it('sorts keys at every depth and leaves no whitespace', () => {
    const value = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } };
    expect(canonicalJson(value)).to.equal('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('writes the same bytes whatever order the keys were added in', () => {
    const one = { id: 'B-1', quantity: 5, owner: 'ManufacturerMSP' };
    const two = { owner: 'ManufacturerMSP', quantity: 5, id: 'B-1' };
    expect(Buffer.from(canonicalBytes(one)).equals(Buffer.from(canonicalBytes(two)))).to.equal(true);
  });

  it('leaves out undefined properties and writes undefined array items as null, like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).to.equal('{"b":[null,1]}');
  });

  it('escapes strings as JSON does, including the characters composite keys reserve', () => {
    expect(canonicalJson({ s: 'a"b\u0000' })).to.equal('{"s":"a\\"b\\u0000"}');
  });

  it('round-trips through the ledger form', () => {
    const value = { list: [1, 'two', { three: 3 }], nested: { deep: { deeper: false } } };
    expect(parseLedgerJson(canonicalBytes(value))).to.deep.equal(value);
  });

  for (const [label, value] of [
    ['NaN', { n: Number.NaN }],
    ['Infinity', { n: Number.POSITIVE_INFINITY }],
    ['a Date', { d: new Date(0) }],
    ['a Map', { m: new Map() }],
    ['a function', { f: () => 1 }],
    ['a bigint', { b: BigInt(1) }],
  ] as const) {
    it(`refuses ${label} with INTERNAL instead of writing endorser-dependent bytes`, () => {
      expect(() => canonicalJson(value)).to.throw(/^INTERNAL: canonical JSON: \$\.\w/);
    });
  }
});
