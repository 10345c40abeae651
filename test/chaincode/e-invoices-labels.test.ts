import { expect } from 'chai';
import { z } from 'zod';
import { labels, scenario } from '@scenechain/e-invoices';
import { recordTypeOf, type SomeLifecycle } from '@scenechain/scene-kit';

/** Every property name and string enum value of a JSON schema, at any depth. */
function walk(schema: unknown, fields: Set<string>, values: Set<string>): void {
  if (Array.isArray(schema)) return schema.forEach((item) => walk(item, fields, values));
  if (typeof schema !== 'object' || schema === null) return;
  const node = schema as { properties?: Record<string, unknown>; enum?: unknown[] };
  for (const name of Object.keys(node.properties ?? {})) fields.add(name);
  for (const value of node.enum ?? []) if (typeof value === 'string') values.add(value);
  for (const [key, child] of Object.entries(node)) if (key !== 'enum') walk(child, fields, values);
}

const sorted = (names: Iterable<string>) => [...names].sort();

/**
 * The Chinese words cover exactly what the scenario has (the shape of the kit's coming scenario labels): a
 * renamed field or a new state without a word, or a word for something gone, fails here.
 */
describe('e-invoices labels: a Chinese word for every record, field, state, flow, event and value', () => {
  const words = labels['zh-CN'];
  const fields = new Set<string>();
  const values = new Set<string>();
  for (const flow of Object.values(scenario.flows)) {
    walk(z.toJSONSchema(flow.request, { io: 'input', unrepresentable: 'any' }), fields, values);
  }
  const machines = scenario.records.map((record) => (record.type as SomeLifecycle).machine.spec);
  for (const record of scenario.records) {
    walk(z.toJSONSchema(recordTypeOf(record.type).spec.schema, { unrepresentable: 'any' }), fields, values);
  }

  it('names each record type, state, flow (label and description) and event', () => {
    expect(sorted(Object.keys(words.records))).to.deep.equal(sorted(machines.map((m) => m.entity)));
    expect(sorted(Object.keys(words.states))).to.deep.equal(sorted(machines.flatMap((m) => m.states)));
    expect(Object.keys(words.flows)).to.deep.equal(Object.keys(scenario.flows));
    expect(Object.keys(words.descriptions)).to.deep.equal(Object.keys(scenario.flows));
    const events = machines.flatMap((m) => Object.values(m.transitions).map((t) => t.event));
    expect(sorted(Object.keys(words.events))).to.deep.equal(sorted(events));
  });

  it('names each request and record field and each enum value', () => {
    expect(sorted(Object.keys(words.fields))).to.deep.equal(sorted(fields));
    expect(sorted(Object.keys(words.values))).to.deep.equal(sorted(values));
    for (const word of [...Object.values(words.fields), ...Object.values(words.values)]) {
      expect(word.trim()).to.not.equal('');
    }
  });
});
