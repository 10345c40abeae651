import { h, notice } from '../dom.js';
import { formatTime, humanise, language, orgName, scenarioText, t } from '../i18n.js';

/**
 * Refusals in the user's language. The message people read comes from the error's `code` and `facts` (the REST
 * error body), never from parsing its text; the code stays shown, small, for support; the server's own text (in
 * English) is kept under "details". A code the UI has no message for shows the server's message.
 */

/** The values a message may name: the body's own fields (`retryAfterSeconds`, a commit's `attempts`) and facts. */
function valuesOf(body) {
  const values = {};
  for (const source of [body, body.facts ?? {}])
    for (const [name, value] of Object.entries(source))
      if (typeof value === 'string' || typeof value === 'number') values[name] = value;
  return values;
}

/** A record named by an error's facts, in the scenario's words when the notice knows the scenario. */
function recordName(facts, scenario) {
  if (!facts.recordType || !facts.id) return undefined;
  return `${scenarioText(scenario, 'records', facts.recordType, facts.recordType)} ${facts.id}`;
}

/**
 * An illegal transition in a sentence: the record, its state and what may be done from it (the scenario's
 * words for the state and steps when `scenario` is given). `attempted` is the refused action's label, if known.
 */
export function illegalTransitionSentence(facts, attempted, scenario) {
  const record = recordName(facts, scenario) ?? t('errors:theRecord');
  const state = scenarioText(scenario, 'states', facts.currentState, facts.currentState);
  const steps = facts.allowedTransitions.map((name) => stepWord(scenario, name));
  const refused = attempted ? t('errors:attempted', { action: attempted }) : '';
  const next = steps.length
    ? t('errors:recordIs', { record, state, steps: steps.join(t('errors:listSeparator')) })
    : t('errors:recordIsFinal', { record, state });
  return `${refused}${next}`;
}

/** A transition in words: the scenario's word for it, else its name in words. */
function stepWord(scenario, transition) {
  return scenarioText(scenario, 'transitions', transition, humanise(transition).toLowerCase());
}

function isIllegalTransition(code, facts) {
  return (
    code === 'ILLEGAL_TRANSITION' && typeof facts.currentState === 'string' && Array.isArray(facts.allowedTransitions)
  );
}

/** The facts a code's fuller message names; that message is used only when all of them are known. */
const FACT_MESSAGES = {
  NOT_FOUND: ['record'],
  ALREADY_EXISTS: ['record'],
  LIMIT_EXCEEDED: ['limit'],
  LOGIN_THROTTLED: ['retryAfterSeconds'],
  MVCC_READ_CONFLICT: ['attempts'],
  PHANTOM_READ_CONFLICT: ['attempts'],
  COMMIT_FAILED: ['validationCode'],
  ST96_MISSING_ELEMENT: ['element'],
  ST96_UNEXPECTED_ELEMENT: ['element'],
  ST96_INVALID_VALUE: ['element'],
};

/**
 * What people read for an error: its code's message in the user's language, with the facts it names (a record
 * in the scenario's words), or the server's message for a code the UI does not know.
 */
export function errorMessage(err, scenario) {
  const body = err.details ?? err;
  const code = err.code ?? body.code;
  const values = valuesOf(body);
  const record = recordName(body.facts ?? {}, scenario);
  if (record) values.record = record;
  const facts = body.facts ?? {};
  // A once-only step already taken (an invoice reimbursed): what, by whom and when, in the user's words.
  if (code === 'ALREADY_EXISTS' && record && typeof facts.step === 'string')
    return t('errors:alreadyDone', {
      record,
      step: stepWord(scenario, facts.step),
      by: typeof facts.by === 'string' ? orgName(facts.by) : '—',
      at: typeof facts.at === 'string' ? formatTime(facts.at) : '—',
    });
  const needs = FACT_MESSAGES[code];
  if (needs && needs.every((name) => values[name] !== undefined)) return t(`errors:withFacts.${code}`, values);
  // An empty default: a code with no message in either language answers '' here, then the server's words.
  const known = code ? t(`errors:codes.${code}`, { ...values, defaultValue: '' }) : '';
  return known || err.message || body.message || code;
}

/** A validation issue's field in the scenario's words (its first segment, when the scenario names it). */
function issueLine(issue, scenario) {
  const path = issue.path || '';
  const [first, ...rest] = path.split('.');
  const field = path ? [scenarioText(scenario, 'fields', first, first), ...rest].join('.') : t('errors:theRequest');
  return h('li', {}, `${field}: ${issue.message}`);
}

function issueList(issues, more, scenario) {
  if (!issues.length) return null;
  return h(
    'ul',
    {},
    issues.map((i) => issueLine(i, scenario)),
    more > 0 ? h('li', {}, t('errors:moreIssues', { count: more })) : null,
  );
}

/** The code, small: what support asks for. */
export function errorCode(code) {
  return code ? [' ', h('small', { className: 'error-code mono' }, code)] : [];
}

/**
 * The server's own words (English), folded under "details" in Chinese and open in English; left out when they
 * say nothing the message does not.
 */
function serverText(message, shown) {
  if (!message || message === shown) return null;
  return h(
    'details',
    { className: 'error-details', open: language() === 'en' },
    h('summary', {}, t('errors:details')),
    h('span', { className: 'muted' }, message),
  );
}

/**
 * A notice for an ApiError (or an error body): the message in words and the issues it lists, with its code.
 * `attempted`: the refused action's label. `unplaced`: when a form has put the error's issues next to its
 * fields, the ones it could not place (so none is shown twice, and the raw "invalid request: ..." text not at
 * all). `scenario`: the catalog item, for the scenario's words for records, states, steps and fields.
 */
export function errorNotice(err, attempted, unplaced, scenario) {
  const body = err.details ?? err;
  const code = err.code ?? body.code;
  const facts = body.facts ?? {};
  if (isIllegalTransition(code, facts)) {
    return notice(
      'bad',
      h('strong', {}, t('errors:notAllowed')),
      ' ',
      h('span', { className: 'illegal-transition' }, illegalTransitionSentence(facts, attempted, scenario)),
      ...errorCode(code),
    );
  }
  if (unplaced) {
    return notice(
      'bad',
      h('strong', {}, t('errors:valuesRefused')),
      ' ',
      unplaced.length ? issueList(unplaced, 0, scenario) : t('errors:seeFields'),
    );
  }
  const issues = body.issues ?? facts.issues ?? [];
  const message = errorMessage(err, scenario);
  return notice(
    'bad',
    h('strong', { className: 'error-message' }, message),
    ...errorCode(code),
    issueList(issues, facts.moreIssues ?? 0, scenario),
    issues.length ? null : serverText(err.message ?? body.message, message),
  );
}
