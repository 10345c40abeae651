import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import {
  averageOf,
  mod,
  randomBelow,
  SECURE_SUM_MODULUS,
  shareCommitment,
  splitIntoShares,
  sumMod,
} from '../../../chaincode/scene-kit/src';

const p = SECURE_SUM_MODULUS;

describe('scene kit: secure sum shares (additive secret sharing mod a prime)', () => {
  it('uses the Mersenne prime 2^127 - 1', () => {
    expect(p.toString()).to.equal('170141183460469231731687303715884105727');
  });

  it('splits a value into shares that add up to it mod p, each below p', () => {
    for (const count of [2, 3, 5, 8]) {
      for (const value of [0n, 1n, 48_271_939n, 10n ** 24n]) {
        const shares = splitIntoShares(value, count, p, randomBytes);
        expect(shares).to.have.length(count);
        for (const share of shares) expect(share >= 0n && share < p).to.equal(true);
        expect(sumMod(shares, p)).to.equal(value);
      }
    }
  });

  it('gives different shares each time: no share alone is the value', () => {
    const a = splitIntoShares(1200n, 3, p, randomBytes);
    const b = splitIntoShares(1200n, 3, p, randomBytes);
    expect(a).not.to.deep.equal(b);
    for (const share of [...a, ...b]) expect(share).not.to.equal(1200n);
  });

  it('adds: the sums of every org’s k-th share add up to the total of the values', () => {
    const values = [1200n, 0n, 987_654_321n, 55n];
    const split = values.map((value) => splitIntoShares(value, values.length, p, randomBytes));
    const partials = values.map((_, k) =>
      sumMod(
        split.map((shares) => shares[k]!),
        p,
      ),
    );
    expect(sumMod(partials, p)).to.equal(values.reduce((a, b) => a + b, 0n));
  });

  it('draws uniformly below the modulus by rejection, never a biased remainder', () => {
    // A source giving 0xff.. first (above the modulus once shifted) then zeros: the first draw is rejected.
    let calls = 0;
    const source = (size: number) => new Uint8Array(size).fill(calls++ === 0 ? 0xff : 0);
    expect(randomBelow(5n, source)).to.equal(0n);
    expect(calls).to.equal(2);
    expect(() => splitIntoShares(1n, 1, p, randomBytes)).to.throw('at least 2 shares');
  });

  it('reduces negative numbers into [0, p) and averages with two decimals, rounded down', () => {
    expect(mod(-1n, p)).to.equal(p - 1n);
    expect(averageOf(10n, 3)).to.equal('3.33');
    expect(averageOf(9n, 3)).to.equal('3.00');
    expect(averageOf(1n, 8)).to.equal('0.12');
  });

  it('binds a share commitment to the round, both orgs and the share', () => {
    const c = shareCommitment('R1', 'AMSP', 'BMSP', 42n);
    expect(c).to.match(/^[0-9a-f]{64}$/);
    expect(shareCommitment('R1', 'AMSP', 'BMSP', 42n)).to.equal(c);
    for (const other of [
      shareCommitment('R2', 'AMSP', 'BMSP', 42n),
      shareCommitment('R1', 'BMSP', 'AMSP', 42n),
      shareCommitment('R1', 'AMSP', 'BMSP', 43n),
    ])
      expect(other).not.to.equal(c);
  });
});
