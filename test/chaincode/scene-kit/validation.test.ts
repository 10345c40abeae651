import '../support/quiet-contract-api';
import { expect } from 'chai';
import { z } from 'zod';
import {
  identifier,
  isoInstant,
  pageFields,
  parseRequest,
  quantity,
  sha256Hex,
  ValidationError,
} from '../../../chaincode/scene-kit/src';

const request = z.strictObject({
  id: identifier,
  quantity,
  hash: sha256Hex.optional(),
  at: isoInstant.optional(),
  ...pageFields,
});

function refusal(text: string): ValidationError {
  try {
    parseRequest(request, text);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('scene kit: request validation', () => {
  it('parses a valid request and fills defaults', () => {
    expect(parseRequest(request, '{"id":"B-1","quantity":5}')).to.deep.equal({
      id: 'B-1',
      quantity: 5,
      pageSize: 20,
      bookmark: '',
    });
  });

  it('refuses text that is not JSON', () => {
    expect(refusal('{id:').message).to.equal('INVALID_ARGUMENT: request is not valid JSON');
  });

  it('refuses an oversize request before parsing it', () => {
    expect(() => parseRequest(request, `{"id":"${'x'.repeat(100)}"}`, 50)).to.throw(
      /^INVALID_ARGUMENT: request is 109 characters long; the limit is 50$/,
    );
  });

  it('names each missing, mistyped and extra field', () => {
    const error = refusal('{"quantity":"5","extra":1}');
    expect(error.issues.map((issue) => issue.path)).to.have.members(['id', 'quantity', '']);
    expect(error.message).to.match(/^INVALID_ARGUMENT: invalid request: /);
    expect(error.message).to.include('id: Invalid input: expected string, received undefined');
    expect(error.message).to.include('quantity: Invalid input: expected number, received string');
    expect(error.message).to.include('Unrecognized key: "extra"');
  });

  for (const [label, body, path] of [
    ['a zero quantity', '{"id":"B-1","quantity":0}', 'quantity'],
    ['a fractional quantity', '{"id":"B-1","quantity":1.5}', 'quantity'],
    ['an identifier with a reserved character', '{"id":"B\\u0000","quantity":1}', 'id'],
    ['an oversize identifier', `{"id":"${'B'.repeat(65)}","quantity":1}`, 'id'],
    ['an upper-case digest', `{"id":"B","quantity":1,"hash":"${'A'.repeat(64)}"}`, 'hash'],
    ['a local time', '{"id":"B","quantity":1,"at":"2025-01-01T00:00:00"}', 'at'],
    ['a page too large', '{"id":"B","quantity":1,"pageSize":101}', 'pageSize'],
    ['a request that is an array', '[]', ''],
  ] as const) {
    it(`refuses ${label}`, () => {
      expect(refusal(body).issues.map((issue) => issue.path)).to.deep.equal([path]);
    });
  }
});
