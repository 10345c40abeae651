import { expect } from 'chai';
import { agreementRefusal, pickWinner, tenderPhase } from '../../../chaincode/scene-kit/src';

const bid = (bidder: string, amount: number, committedAt: string) => ({ bidder, amount, committedAt });

describe('scene kit: sealed-bid and secured-agreement rules', () => {
  describe('pickWinner', () => {
    const bids = [
      bid('BMSP', 60, '2027-01-01T10:00:00Z'),
      bid('AMSP', 75, '2027-01-01T11:00:00Z'),
      bid('CMSP', 40, '2027-01-01T09:00:00Z'),
    ];

    it('picks the highest or the lowest figure by the declared rule', () => {
      expect(pickWinner(bids, 'highest')?.bidder).to.equal('AMSP');
      expect(pickWinner(bids, 'lowest')?.bidder).to.equal('CMSP');
    });

    it('breaks a tie by the earlier commitment, then by the lower org ID, whatever the order given', () => {
      const tied = [bid('ZMSP', 50, '2027-01-01T12:00:00Z'), bid('YMSP', 50, '2027-01-01T08:00:00Z')];
      expect(pickWinner(tied, 'highest')?.bidder).to.equal('YMSP');
      expect(pickWinner([...tied].reverse(), 'highest')?.bidder).to.equal('YMSP');
      const sameTime = [bid('QMSP', 50, '2027-01-01T08:00:00Z'), bid('PMSP', 50, '2027-01-01T08:00:00Z')];
      expect(pickWinner(sameTime, 'lowest')?.bidder).to.equal('PMSP');
      expect(pickWinner([...sameTime].reverse(), 'lowest')?.bidder).to.equal('PMSP');
    });

    it('has no winner without bids', () => {
      expect(pickWinner([], 'highest')).to.equal(undefined);
    });
  });

  describe('tenderPhase', () => {
    const tender = { commitDeadline: '2027-01-01T10:00:00Z', revealDeadline: '2027-01-01T12:00:00Z' };
    const at = (iso: string) => tenderPhase(tender, Date.parse(iso));

    it('commits before the commit deadline, reveals until the reveal deadline, then awards', () => {
      expect(at('2027-01-01T09:59:59Z')).to.equal('commit');
      expect(at('2027-01-01T10:00:00Z')).to.equal('reveal');
      expect(at('2027-01-01T11:59:59Z')).to.equal('reveal');
      expect(at('2027-01-01T12:00:00Z')).to.equal('award');
    });
  });

  describe('agreementRefusal', () => {
    const parties = { proposer: 'AMSP', counterparty: 'BMSP' };
    const h = (c: string) => c.repeat(64);

    it('agrees only when both kept copies hash as recorded', () => {
      expect(agreementRefusal('X-1', parties, { recorded: h('a'), proposer: h('a'), counterparty: h('a') })).to.equal(
        undefined,
      );
    });

    it('names what is wrong: a missing copy, changed terms, or terms that differ', () => {
      const refusal = (hashes: { proposer?: string; counterparty?: string }) =>
        agreementRefusal('X-1', parties, { recorded: h('a'), ...hashes })?.text;
      expect(refusal({ counterparty: h('a') })).to.equal('X-1: AMSP no longer keeps its terms');
      expect(refusal({ proposer: h('b'), counterparty: h('a') })).to.equal(
        'X-1: AMSP changed its terms after proposing; propose again',
      );
      expect(refusal({ proposer: h('a') })).to.equal('X-1: BMSP has not kept its copy of the terms yet');
      expect(refusal({ proposer: h('a'), counterparty: h('c') })).to.match(/terms BMSP kept differ from AMSP's/);
      expect(
        agreementRefusal('X-1', parties, { recorded: h('a'), proposer: h('a'), counterparty: h('c') })?.code,
      ).to.equal('CONFLICT');
    });
  });
});
