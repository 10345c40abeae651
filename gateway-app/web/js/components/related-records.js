/**
 * Which record a field's value names, from the catalog: a field named as another record type's key field
 * (`applicationId` → the patent), or ending with that record type's name or key (`rootBatchId`, `batches`,
 * `university` → the accreditation keyed by `universityId`); a few fields whose names say nothing of it follow
 * small rules per record type below.
 */
const stem = (name) =>
  String(name)
    .toLowerCase()
    .replace(/ids?$/, '')
    .replace(/(ch|sh|x|s)es$/, '$1')
    .replace(/s$/, '');

/** Fields that name records of another type without saying so: record type → field path → record type. */
const RULES = {
  Pallet: { contents: 'Batch' },
  Batch: { 'origin.eventId': (data) => (data.origin?.kind === 'split' ? 'Batch' : 'Transformation') },
};

/**
 * The record view a value at `path` (dot-separated, array positions left out) of a `view` record links to, or
 * undefined. The record's own key never links to itself.
 */
export function relatedView(scenario, view, path, data) {
  const field = path.split('.').pop();
  if (path === 'id' || path === view.keyField) return undefined;
  const rule = RULES[view.type]?.[path];
  if (rule) {
    const type = typeof rule === 'function' ? rule(data) : rule;
    return scenario.records.find((r) => r.type === type);
  }
  const readable = scenario.records.filter((r) => r.get);
  const exact = readable.find((r) => r.keyField === field);
  if (exact) return exact;
  const name = stem(field);
  if (!name) return undefined;
  return readable.find((r) => name.endsWith(stem(r.type)) || name.endsWith(stem(r.keyField)));
}

export const recordHref = (scenario, view, id) => `#/s/${scenario.id}/r/${view.type}/${encodeURIComponent(id)}`;
