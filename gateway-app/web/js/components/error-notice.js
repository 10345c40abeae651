import { h, humanise, notice } from '../dom.js';

/**
 * A refusal in words, built from the error's facts (the `facts` of the REST error body) rather than its text:
 * an illegal transition names the record's state and what may be done from it. `attempted` is the action's
 * label, if known.
 */
export function illegalTransitionSentence(facts, attempted) {
  const record = facts.recordType && facts.id ? `${facts.recordType} ${facts.id}` : 'The record';
  const state = facts.currentState;
  const allowed = facts.allowedTransitions.map((name) => humanise(name).toLowerCase());
  const refused = attempted ? `${attempted} is not possible now: ` : '';
  const next = allowed.length
    ? `from ${state} only these steps are allowed: ${allowed.join(', ')}.`
    : `no further step is allowed from ${state}.`;
  return `${refused}${record} is ${state}, and ${next}`;
}

function isIllegalTransition(err, facts) {
  return (
    err.code === 'ILLEGAL_TRANSITION' &&
    typeof facts.currentState === 'string' &&
    Array.isArray(facts.allowedTransitions)
  );
}

/**
 * A notice for an ApiError (or an error body): its code and message, or a sentence and the issues it lists.
 * `unplaced`: when a form has put the error's issues next to its fields, the ones it could not place (so none
 * is shown twice, and the raw "invalid request: ..." text not at all).
 */
export function errorNotice(err, attempted, unplaced) {
  const body = err.details ?? err;
  const facts = body.facts ?? {};
  if (isIllegalTransition(err, facts)) {
    return notice(
      'bad',
      h('strong', {}, 'Not allowed in this state. '),
      h('span', { className: 'illegal-transition' }, illegalTransitionSentence(facts, attempted)),
    );
  }
  if (unplaced) {
    return notice(
      'bad',
      h('strong', {}, 'Some values were refused. '),
      unplaced.length
        ? h(
            'ul',
            {},
            unplaced.map((i) => h('li', {}, `${i.path || 'request'}: ${i.message}`)),
          )
        : 'See the marked fields.',
    );
  }
  const issues = body.issues ?? facts.issues ?? [];
  return notice(
    'bad',
    h('strong', {}, err.code),
    ` ${err.message}`,
    issues.length
      ? h(
          'ul',
          {},
          issues.map((i) => h('li', {}, `${i.path || 'request'}: ${i.message}`)),
        )
      : null,
  );
}
