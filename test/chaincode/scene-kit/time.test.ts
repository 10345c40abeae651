import '../support/quiet-contract-api';
import { expect } from 'chai';
import { addDays, addMonths, transactionInstant } from '../../../chaincode/scene-kit/src';
import { FakeLedger } from './fake-stub';

describe('scene kit: transaction time', () => {
  it('reads the proposal timestamp with millisecond precision', () => {
    const stub = new FakeLedger().transaction(1_700_000_000_123);
    expect(transactionInstant(stub.asStub())).to.deep.equal({ iso: '2023-11-14T22:13:20.123Z', ms: 1_700_000_000_123 });
  });

  it('adds calendar months, clamping to the end of shorter months', () => {
    expect(addMonths('2024-01-31T10:00:00.000Z', 1)).to.equal('2024-02-29T10:00:00.000Z');
    expect(addMonths('2023-08-15T00:00:00.000Z', 18)).to.equal('2025-02-15T00:00:00.000Z');
    expect(addMonths('2025-03-01T00:00:00.000Z', 12 * 20)).to.equal('2045-03-01T00:00:00.000Z');
  });

  it('adds days', () => {
    expect(addDays('2025-12-31T00:00:00.000Z', 1)).to.equal('2026-01-01T00:00:00.000Z');
  });
});
