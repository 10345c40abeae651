/* global location, URLSearchParams */
import { api, fillPath, ApiError } from '../api.js';
import { h, notice } from '../dom.js';
import { rememberOrganisations, scenarioText, t } from '../i18n.js';
import { errorNotice } from '../components/error-notice.js';
import { answerView } from '../components/answer-view.js';
import { schemaForm } from '../components/schema-form.js';

/**
 * Public pages: what a scenario lets anyone read without signing in (a charity project's totals and where each
 * gift went), from `/api/public/scenarios`. A page's URL carries the read and its values, so it can be shared
 * and printed as a QR code; records it mentions link to their own public page where there is one.
 */
let publicCatalog = null;
function publicScenarios() {
  publicCatalog ??= api('GET', '/api/public/scenarios')
    .then((answer) => {
      rememberOrganisations(answer.organisations);
      return answer;
    })
    .catch((err) => {
      publicCatalog = null;
      throw err;
    });
  return publicCatalog;
}

const PAGE_FIELDS = new Set(['pageSize', 'bookmark']);
const PAGE_SIZE = 100;
const readTitle = (scenario, read) => scenarioText(scenario, 'flows', read.transaction, read.summary);
const readHref = (scenario, read, values) =>
  `#/public/${scenario.id}/${read.transaction}?${new URLSearchParams(values)}`;
const inputFields = (read) => Object.keys(read.request.properties ?? {}).filter((name) => !PAGE_FIELDS.has(name));

/** The public read showing one record of a type by its key alone, if the scenario has one. */
function readOf(scenario, view) {
  return scenario.reads.find((read) => {
    const required = (read.request.required ?? []).filter((name) => !PAGE_FIELDS.has(name));
    return read.record === view.type && required.length === 1 && required[0] === view.keyField;
  });
}

/** The bookmark of the answer's page, if more follows. */
function nextBookmark(answer) {
  const pages = [answer, ...Object.values(answer ?? {})].filter((v) => v && typeof v === 'object' && 'bookmark' in v);
  return pages.find((page) => page.bookmark && page.items?.length >= PAGE_SIZE)?.bookmark;
}

function indexView(items) {
  if (!items.length) return h('section', {}, h('h1', {}, t('public:title')), notice('info', t('public:none')));
  return h(
    'section',
    {},
    h('h1', {}, t('public:title')),
    h('p', { className: 'sub' }, t('public:intro')),
    items.map((scenario) =>
      h(
        'div',
        { className: 'panel', dataset: { scenario: scenario.id } },
        h('h2', {}, scenarioText(scenario, 'title', null, scenario.title)),
        h('p', { className: 'muted' }, scenarioText(scenario, 'summary', null, scenario.summary)),
        h(
          'ul',
          { className: 'public-reads' },
          scenario.reads.map((read) =>
            h(
              'li',
              {},
              h('a', { href: readHref(scenario, read, {}) }, readTitle(scenario, read)),
              h(
                'div',
                { className: 'muted' },
                scenarioText(scenario, 'descriptions', read.transaction, read.description),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

async function readAnswer(scenario, read, values) {
  const pathValues = Object.fromEntries(read.pathParams.map((name) => [name, values[name]]));
  const rest = Object.fromEntries(Object.entries(values).filter(([name]) => !read.pathParams.includes(name)));
  const paged = Boolean(read.request.properties?.pageSize);
  const query = { ...(paged ? { pageSize: PAGE_SIZE } : {}), ...rest };
  const answer =
    read.method === 'GET'
      ? await api('GET', fillPath(read.path, pathValues, query))
      : await api('POST', fillPath(read.path, pathValues), query);
  const records = scenario.records.map((view) => ({ ...view, get: readOf(scenario, view)?.transaction }));
  const context = {
    scenario: { ...scenario, records },
    view: records.find((view) => view.type === read.record) ?? { type: read.record, keyField: inputFields(read)[0] },
    orgs: scenario.organisations,
    hrefFor: (view, id) => readHref(scenario, readOf(scenario, view), { [view.keyField]: id }),
  };
  const bookmark = nextBookmark(answer);
  return h(
    'div',
    { id: 'public-answer' },
    answerView(context, answer, read.record),
    bookmark ? h('a', { href: readHref(scenario, read, { ...values, bookmark }) }, t('public:more')) : null,
  );
}

/** `#/public`, or one read: `#/public/<scenario>/<transaction>?<field>=<value>`. */
export async function publicView(scenarioId, transaction, query) {
  const { items, organisations } = await publicScenarios();
  if (!scenarioId) return indexView(items);
  const found = items.find((s) => s.id === scenarioId);
  const read = found?.reads.find((r) => r.transaction === transaction);
  if (!read) return h('section', {}, notice('bad', t('public:unknown')));
  const scenario = { ...found, organisations: organisations.map((org) => org.mspId) };
  const title = readTitle(scenario, read);
  const fields = inputFields(read);
  const values = Object.fromEntries(
    [...query.entries()].filter(([name]) => fields.includes(name) || name === 'bookmark'),
  );
  const request = {
    ...read.request,
    properties: Object.fromEntries(fields.map((name) => [name, read.request.properties[name]])),
    required: (read.request.required ?? []).filter((name) => fields.includes(name)),
  };
  const form = schemaForm(request, {
    scenario,
    orgs: organisations,
    submitLabel: t('public:show'),
    onSubmit: (input, error) => {
      if (error) return;
      location.hash = readHref(scenario, read, Object.fromEntries(Object.entries(input).filter(([, v]) => v !== '')));
    },
  });
  for (const [name, value] of Object.entries(values)) {
    const input = form.querySelector(`#f-${name}`);
    if (input) input.value = value;
  }
  let result = null;
  if (request.required.every((name) => values[name])) {
    try {
      result = await readAnswer(scenario, read, values);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      result = errorNotice(err, title, undefined, scenario);
    }
  }
  return h(
    'section',
    { dataset: { read: read.transaction } },
    h('p', {}, h('a', { href: '#/public' }, `← ${t('public:title')}`)),
    h('h1', {}, title),
    h('p', { className: 'sub' }, scenarioText(scenario, 'descriptions', read.transaction, read.description)),
    h('div', { className: 'panel' }, form),
    result,
  );
}
