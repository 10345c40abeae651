import '../support/quiet-contract-api';
import { expect } from 'chai';
import {
  AlreadyExistsError,
  ConflictError,
  ErrorCodes,
  ForbiddenError,
  IllegalTransitionError,
  InsufficientQuantityError,
  NotFoundError,
  parseChaincodeError,
  toSceneError,
  ValidationError,
} from '../../../chaincode/scene-kit/src';

describe('scene kit: errors', () => {
  it('starts every message with its code', () => {
    expect(new NotFoundError('Batch B-1 does not exist').message).to.equal('NOT_FOUND: Batch B-1 does not exist');
    expect(new ValidationError('bad').message).to.equal('INVALID_ARGUMENT: bad');
    expect(new ForbiddenError('no').message).to.equal('FORBIDDEN: no');
    expect(new AlreadyExistsError('dup').message).to.equal('ALREADY_EXISTS: dup');
    expect(new InsufficientQuantityError('short').message).to.equal('INSUFFICIENT_QUANTITY: short');
  });

  it('groups codes into the four kinds of the hierarchy', () => {
    const illegal = new IllegalTransitionError('x', 'RECALLED', []);
    expect(illegal).to.be.instanceOf(ConflictError);
    expect(illegal.kind).to.equal('conflict');
    expect(new AlreadyExistsError('x').kind).to.equal('conflict');
    expect(new NotFoundError('x').kind).to.equal('not-found');
    expect(new ForbiddenError('x').kind).to.equal('forbidden');
    expect(new ValidationError('x').kind).to.equal('validation');
  });

  it('gives anything else thrown the INTERNAL code and keeps its text', () => {
    const wrapped = toSceneError(new Error('peer went away'));
    expect(wrapped.message).to.equal('INTERNAL: peer went away');
    const own = new NotFoundError('x');
    expect(toSceneError(own)).to.equal(own);
  });

  it('finds the code inside the message a gateway client reports', () => {
    const reported =
      'evaluate call to endorser returned error: chaincode response 500, NOT_FOUND: Batch B-1 does not exist';
    expect(parseChaincodeError(reported)).to.deep.equal({ code: 'NOT_FOUND', text: 'Batch B-1 does not exist' });
    expect(parseChaincodeError('no code here')).to.equal(undefined);
  });

  it('documents a fixed set of codes', () => {
    expect(ErrorCodes).to.include.members([
      'INVALID_ARGUMENT',
      'NOT_FOUND',
      'CONFLICT',
      'FORBIDDEN',
      'ILLEGAL_TRANSITION',
    ]);
  });
});
