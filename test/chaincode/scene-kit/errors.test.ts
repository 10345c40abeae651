import '../support/quiet-contract-api';
import { expect } from 'chai';
import {
  AlreadyExistsError,
  ConflictError,
  ErrorCodes,
  ForbiddenError,
  IllegalTransitionError,
  InsufficientQuantityError,
  InternalError,
  LimitExceededError,
  MAX_ISSUES_IN_FACTS,
  NotFoundError,
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

  it('carries the facts its message states, as plain data', () => {
    expect(new IllegalTransitionError('x', 'RECALLED', ['destroy'], 'Batch', 'B-1').facts).to.deep.equal({
      recordType: 'Batch',
      id: 'B-1',
      currentState: 'RECALLED',
      allowedTransitions: ['destroy'],
    });
    // Callers that name no record still get the state facts.
    expect(new IllegalTransitionError('x', 'RECALLED', []).facts).to.deep.equal({
      currentState: 'RECALLED',
      allowedTransitions: [],
    });
    expect(new NotFoundError('x', { recordType: 'Batch', id: 'B-1' }).facts).to.deep.equal({
      recordType: 'Batch',
      id: 'B-1',
    });
    expect(new NotFoundError('no Batch or Pallet X exists').facts).to.deep.equal({});
    expect(new AlreadyExistsError('x', { recordType: 'Patent', id: 'PA-1' }).facts).to.deep.equal({
      recordType: 'Patent',
      id: 'PA-1',
    });
    expect(new LimitExceededError('more than 4', 4).facts).to.deep.equal({ limit: 4 });
    expect(new ValidationError('bad', [{ path: 'a.b', message: 'Required' }]).facts).to.deep.equal({
      issues: [{ path: 'a.b', message: 'Required' }],
    });
    expect(new ForbiddenError('no').facts).to.deep.equal({});
    expect(new InternalError('oops').facts).to.deep.equal({});
  });

  it('caps the issues in a validation error’s facts and counts the rest', () => {
    const issues = Array.from({ length: MAX_ISSUES_IN_FACTS + 5 }, (_, index) => ({
      path: `items.${index}`,
      message: 'Expected string',
    }));
    const error = new ValidationError('invalid request: ...', issues);
    expect(error.issues).to.have.length(MAX_ISSUES_IN_FACTS + 5);
    expect(error.facts.issues).to.deep.equal(issues.slice(0, MAX_ISSUES_IN_FACTS));
    expect(error.facts.moreIssues).to.equal(5);
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
