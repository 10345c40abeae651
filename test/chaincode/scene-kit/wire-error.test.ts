import { expect } from 'chai';
import {
  ConflictError,
  ForbiddenError,
  IllegalTransitionError,
  InternalError,
  LimitExceededError,
  NotFoundError,
  ValidationError,
} from '../../../chaincode/scene-kit/src/errors';
import { decodeChaincodeError, encodeChaincodeError } from '../../../chaincode/scene-kit/src/wire-error';

describe('scene kit: errors on the wire', () => {
  const illegal = new IllegalTransitionError(
    'Batch B-1 is CONSUMED; ship is allowed only from ACTIVE; transitions allowed from CONSUMED: none',
    'CONSUMED',
    [],
    'Batch',
    'B-1',
  );
  const encoded = encodeChaincodeError(illegal);

  it('encodes code, facts and the text without its code as canonical JSON', () => {
    expect(encoded).to.equal(
      '{"code":"ILLEGAL_TRANSITION","facts":{"allowedTransitions":[],"currentState":"CONSUMED","id":"B-1","recordType":"Batch"},' +
        '"message":"Batch B-1 is CONSUMED; ship is allowed only from ACTIVE; transitions allowed from CONSUMED: none"}',
    );
    expect(encodeChaincodeError(new ForbiddenError('no'))).to.equal('{"code":"FORBIDDEN","facts":{},"message":"no"}');
    expect(encodeChaincodeError(new LimitExceededError('more than 4', 4))).to.equal(
      '{"code":"LIMIT_EXCEEDED","facts":{"limit":4},"message":"more than 4"}',
    );
  });

  it('keeps the code and text when the facts cannot be canonical JSON (a raiser’s defect)', () => {
    const broken = new ConflictError('odd', 'CONFLICT', { when: new Date(0), count: Number.NaN });
    expect(encodeChaincodeError(broken)).to.equal('{"code":"CONFLICT","facts":{},"message":"odd"}');
  });

  const expected = {
    code: 'ILLEGAL_TRANSITION',
    message: illegal.text,
    facts: { allowedTransitions: [], currentState: 'CONSUMED', id: 'B-1', recordType: 'Batch' },
  };

  it('decodes the bare JSON and the JSON after a real peer’s and a gateway’s prefixes', () => {
    expect(decodeChaincodeError(encoded)).to.deep.equal(expected);
    expect(decodeChaincodeError(`chaincode response 500, ${encoded}`)).to.deep.equal(expected);
    expect(
      decodeChaincodeError(`evaluate call to endorser returned error: chaincode response 500, ${encoded}`),
    ).to.deep.equal(expected);
    // A wrapper that adds a suffix still leaves the object findable.
    expect(decodeChaincodeError(`rpc error: ${encoded} (peer0.org1.example.com:7051)`)).to.deep.equal(expected);
  });

  it('round-trips every kind of error, texts with braces, quotes and escapes included', () => {
    const errors = [
      new NotFoundError('Batch {"code":"X"} does not exist', { recordType: 'Batch', id: '{"code":"X"}' }),
      new ValidationError('invalid request: a: } ] \\ " \n \u2028 \ud800', [{ path: 'a', message: '{[' }]),
      new InternalError('peer said: {"code":"NOT_FOUND","facts":{},"message":"spoof"}'),
      new ConflictError('nested', 'CONFLICT', { deep: { list: [{ a: '}' }, [[]]], n: -1.5e-7 } }),
    ];
    for (const error of errors) {
      expect(decodeChaincodeError(`chaincode response 500, ${encodeChaincodeError(error)}`), error.text).to.deep.equal({
        code: error.code,
        message: error.text,
        facts: error.facts,
      });
    }
  });

  it('answers undefined for texts that hold no chaincode error', () => {
    const refusals: string[] = [
      '',
      '{',
      '}',
      '{"code":',
      'chaincode response 500, NOT_FOUND: Batch B-1 does not exist', // the old "CODE: text" form
      'chaincode response 500, ',
      encoded.slice(0, -1), // truncated: the object never closes
      encoded.slice(0, encoded.length / 2),
      `chaincode response 500, ${encoded.slice(0, 40)}`,
      '{"code":"NOT_FOUND","facts":{},"message":"x"', // one brace short
      '{"code":"NOT_FOUND","facts":{},"message":"x"]', // closed by the wrong bracket
      '{"code":"NOT_FOUND","facts":{},"message":"x}', // the brace is inside an unclosed string
      '{"code":"NOT_A_CODE","facts":{},"message":"x"}',
      '{"code":7,"facts":{},"message":"x"}',
      '{"code":"NOT_FOUND","facts":[],"message":"x"}',
      '{"code":"NOT_FOUND","facts":null,"message":"x"}',
      '{"code":"NOT_FOUND","facts":"x","message":"x"}',
      '{"code":"NOT_FOUND","facts":{},"message":7}',
      '{"code":"NOT_FOUND","facts":{}}',
      '{"code":"NOT_FOUND","facts":{},"message":"x","extra":1}',
      '{"code":"NOT_FOUND","message":"x","facts":{}', // not closed
      '{"code":"NOT_FOUND",,"facts":{},"message":"x"}', // not JSON
      '{ "code": "NOT_FOUND", "facts": {}, "message": "x" }', // not the canonical form
      '["code","NOT_FOUND"]',
      'null',
    ];
    for (const text of refusals) expect(decodeChaincodeError(text), JSON.stringify(text)).to.equal(undefined);
    expect(decodeChaincodeError(undefined as unknown as string)).to.equal(undefined);
    expect(decodeChaincodeError(42 as unknown as string)).to.equal(undefined);
  });

  it('skips a broken candidate and finds a well-formed error after it', () => {
    const broken = '{"code":"NOPE","facts":{},"message":"x"}';
    expect(decodeChaincodeError(`${broken} then ${encoded}`)).to.deep.equal(expected);
    // …but stops after a few candidates, so a hostile text cannot make it search without end.
    const many = Array.from({ length: 10 }, () => broken).join(' ');
    expect(decodeChaincodeError(`${many} ${encoded}`)).to.equal(undefined);
  });

  it('stays linear on huge texts: megabytes of prefix, of unclosed nesting, and of candidates', () => {
    const huge = 'x'.repeat(8 * 1024 * 1024);
    expect(decodeChaincodeError(`${huge}${encoded}`)).to.deep.equal(expected);
    expect(decodeChaincodeError(huge)).to.equal(undefined);
    expect(decodeChaincodeError(`{"code":${'['.repeat(1024 * 1024)}`)).to.equal(undefined);
    expect(decodeChaincodeError('{"code":'.repeat(1024 * 1024))).to.equal(undefined);
    const longMessage = new ValidationError('y'.repeat(4 * 1024 * 1024));
    expect(decodeChaincodeError(`chaincode response 500, ${encodeChaincodeError(longMessage)}`)?.message).to.equal(
      longMessage.text,
    );
    // Deep nesting inside facts parses (the scanner keeps a counter, not a stack).
    const deep = `{"code":"CONFLICT","facts":{"d":${'['.repeat(5000)}${']'.repeat(5000)}},"message":"m"}`;
    expect(decodeChaincodeError(deep)?.facts).to.have.property('d');
  });
});
