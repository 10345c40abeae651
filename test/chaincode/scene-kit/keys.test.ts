import '../support/quiet-contract-api';
import { expect } from 'chai';
import { compositeKey, partialKeyRange, splitCompositeKey } from '../../../chaincode/scene-kit/src';

// Fabric's layout (fabric-shim's createCompositeKey, Go shim's CreateCompositeKey): U+0000, the object type,
// then each attribute followed by U+0000. (Loading fabric-shim here would put a second copy of the Fabric
// protobuf classes into the test process, so the expected keys are spelled out.)
const fabricKey = (type: string, attrs: string[]): string =>
  `\u0000${type}\u0000${attrs.map((a) => `${a}\u0000`).join('')}`;

describe('scene kit: composite keys', () => {
  it('builds keys in the layout of the Fabric shims', () => {
    for (const [type, attrs] of [
      ['Batch', ['B-1']],
      ['Batch~byOwner', ['ManufacturerMSP', 'ACTIVE', 'B-1']],
      ['Patent', []],
      ['Licence', ['PA2025-1', 'L/7']],
    ] as [string, string[]][]) {
      expect(compositeKey(type, attrs)).to.equal(fabricKey(type, attrs));
    }
  });

  it('splits a key back into its type and attributes', () => {
    const key = compositeKey('Batch~byOwner', ['LogisticsMSP', 'IN_TRANSIT', 'B-9']);
    expect(splitCompositeKey(key)).to.deep.equal({
      objectType: 'Batch~byOwner',
      attributes: ['LogisticsMSP', 'IN_TRANSIT', 'B-9'],
    });
  });

  it('gives a range that holds every extension of a partial key and nothing else', () => {
    const { start, end } = partialKeyRange('Batch~byOwner', ['LogisticsMSP']);
    const inside = compositeKey('Batch~byOwner', ['LogisticsMSP', 'ACTIVE', 'B-1']);
    const otherOwner = compositeKey('Batch~byOwner', ['LogisticsMSPX', 'ACTIVE', 'B-1']);
    const otherType = compositeKey('Batch', ['LogisticsMSP']);
    expect(inside >= start && inside < end).to.equal(true);
    expect(otherOwner >= start && otherOwner < end).to.equal(false);
    expect(otherType >= start && otherType < end).to.equal(false);
  });

  it('keeps record keys and index keys of a type apart', () => {
    const { start, end } = partialKeyRange('Batch', []);
    const indexKey = compositeKey('Batch~byStatus', ['ACTIVE', 'B-1']);
    expect(indexKey >= start && indexKey < end).to.equal(false);
  });

  for (const bad of ['a\u0000b', 'x\u{10FFFF}', 'lone\uD800']) {
    it(`refuses the attribute ${JSON.stringify(bad)}`, () => {
      expect(() => compositeKey('Batch', [bad])).to.throw(/^INTERNAL: composite key attribute/);
    });
  }
});
