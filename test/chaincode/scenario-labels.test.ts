import './support/quiet-contract-api';
import { expect } from 'chai';
import { z } from 'zod';
import { attributeName, describeScenario, documentNumber, type Scenario } from '@scenechain/scene-kit';
import { scenario as carbonCredits } from '@scenechain/carbon-credits';
import { scenario as charity } from '@scenechain/charity';
import { scenario as coldChain } from '@scenechain/cold-chain';
import { scenario as education } from '@scenechain/education';
import { scenario as eInvoices } from '@scenechain/e-invoices';
import { scenario as govRecords } from '@scenechain/gov-records';
import { scenario as judicialEvidence } from '@scenechain/judicial-evidence';
import { scenario as patents } from '@scenechain/patents';
import { scenario as supplyChainFinance } from '@scenechain/supply-chain-finance';
import { scenario as supplyChain } from '@scenechain/supply-chain';
// The kit's own fixture is built on the kit's sources (as the kit's tests are), hence its defineScenario.
import * as kit from '../../chaincode/scene-kit/src';
import { spec } from './scene-kit/kit-fixture';

type Described = ReturnType<typeof describeScenario>;
interface JsonSchema {
  properties?: Record<string, unknown>;
}

/** Every string enum value (and const) anywhere in a JSON schema. */
function enumValues(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((item) => enumValues(item, into));
  else if (typeof schema === 'object' && schema !== null) {
    const node = schema as { enum?: unknown[]; const?: unknown };
    for (const value of node.enum ?? []) if (typeof value === 'string') into.add(value);
    if (typeof node.const === 'string') into.add(node.const);
    Object.values(schema).forEach((item) => enumValues(item, into));
  }
  return into;
}

/**
 * What a Chinese user must find a word for: `<kind>.<name>` of every name the descriptor shows (records, states,
 * machine transitions and events, flows and their descriptions, top-level fields, enum values).
 */
function namesToLabel(described: Described): string[] {
  const names = new Set<string>();
  const add = (kind: string, name: string) => names.add(`${kind}.${name}`);
  for (const record of described.records) {
    add('records', record.type);
    for (const state of record.machine?.states ?? []) add('states', state);
    for (const transition of record.machine?.transitions ?? []) {
      add('transitions', transition.name);
      add('events', transition.event);
    }
    for (const field of Object.keys((record.schema as JsonSchema).properties ?? {})) add('fields', field);
    enumValues(record.schema).forEach((value) => add('values', value));
  }
  for (const flow of described.flows) {
    add('flows', flow.name);
    add('descriptions', flow.name);
    for (const field of Object.keys((flow.request as JsonSchema).properties ?? {})) add('fields', field);
    enumValues(flow.request).forEach((value) => add('values', value));
  }
  return [...names].sort();
}

describe('scenario labels: every word a Chinese user reads comes from the descriptor', () => {
  const scenarios: Scenario[] = [
    supplyChain,
    patents,
    govRecords,
    education,
    eInvoices,
    judicialEvidence,
    carbonCredits,
    charity,
    coldChain,
    supplyChainFinance,
  ];

  for (const scenario of scenarios) {
    it(`${scenario.id}: zh-CN has a word for every name the descriptor shows`, () => {
      const described = describeScenario(scenario);
      const zh = described.labels['zh-CN'];
      expect(zh, 'zh-CN labels').to.be.an('object');
      expect(zh.title).to.match(/\p{Script=Han}/u);
      expect(zh.summary).to.match(/\p{Script=Han}/u);
      const names = namesToLabel(described);
      expect(names.length).to.be.greaterThan(40);
      const missing = names.filter((name) => {
        const [kind, key] = [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)];
        const word = (zh as Record<string, Record<string, string> | undefined>)[kind]?.[key];
        return typeof word !== 'string' || !/\p{Script=Han}/u.test(word);
      });
      expect(missing, `${scenario.id}: no Chinese word for`).to.deep.equal([]);
    });
  }

  it('describeScenario gives labels ({} without any) and each record type’s data schema', () => {
    const bare = kit.describeScenario(kit.defineScenario(spec));
    expect(bare.labels).to.deep.equal({});
    const batch = describeScenario(supplyChain).records.find((record) => record.type === 'Batch');
    expect(Object.keys((batch?.schema as JsonSchema).properties ?? {})).to.include.members(['id', 'custodian']);
    expect(describeScenario(supplyChain).labels['zh-CN'].fields?.batchId).to.equal('批次号');
  });

  describe('defineScenario refuses labels naming what the scenario lacks', () => {
    const refuses = (labels: kit.ScenarioLabelSet, message: string) =>
      expect(() => kit.defineScenario({ ...spec, labels })).to.throw(`INTERNAL: scenario kit-diplomas: ${message}`);

    it('accepts labels naming records, fields at any depth, states, transitions, flows, events and enum values', () => {
      const labels = {
        'zh-CN': {
          title: '学历',
          records: { KitDiploma: '证书' },
          fields: { diplomaId: '证书编号', school: '学校' },
          states: { SUSPENDED: '已暂停' },
          transitions: { suspend: '暂停', annotate: '批注' },
          flows: { suspendDiploma: '暂停证书' },
          descriptions: { suspendDiploma: '暂停一份证书。' },
          events: { DiplomaSuspended: '证书已暂停' },
          values: { ISSUED: '有效' },
        },
      };
      expect(kit.defineScenario({ ...spec, labels }).labels).to.equal(labels);
    });

    it('names the culprit: any record type, field, state, transition, flow, description or value it lacks', () => {
      const lacks = (kind: string, name: string, what: string) =>
        refuses(
          { 'zh-CN': { [kind]: { [name]: '词' } } },
          `labels zh-CN: ${kind} names ${name}, which is not one of the scenario's ${what}`,
        );
      lacks('records', 'KitCastle', 'record types');
      lacks('fields', 'diplomaNumber', 'request or record fields');
      lacks('states', 'BURNT', 'states');
      lacks('transitions', 'burn', 'machine transitions');
      // A transaction is not a machine transition: suspendDiploma fires suspend.
      lacks('transitions', 'suspendDiploma', 'machine transitions');
      lacks('flows', 'burnDiploma', 'flows');
      lacks('descriptions', 'burnDiploma', 'flows');
      lacks('values', 'PLATINUM', 'enum values');
    });

    it('refuses an empty word, a non-event name and a malformed language tag', () => {
      refuses({ 'zh-CN': { flows: { suspendDiploma: ' ' } } }, 'labels zh-CN: flows.suspendDiploma is empty');
      refuses({ 'zh-CN': { title: '' } }, 'labels zh-CN: title is empty');
      refuses(
        { 'zh-CN': { events: { 'diploma suspended': '证书已暂停' } } },
        'labels zh-CN: events names diploma suspended, which is not an event name',
      );
      refuses({ Chinese: { title: '学历' } }, 'labels Chinese: "Chinese" is not a language tag such as zh-CN');
    });
  });
});

describe('attribute names and document numbers in any script', () => {
  const attributes = z.record(attributeName, z.string());
  const refusal = (value: unknown) => {
    const result = attributes.safeParse(value);
    return result.success
      ? 'accepted'
      : result.error.issues.flatMap((issue) => ('issues' in issue ? issue.issues : [issue]))[0].message;
  };

  it('accepts Chinese, Latin and mixed names with inner spaces and _ - . ·', () => {
    for (const name of [
      '持有人',
      'parcelId',
      '经营 范围',
      '证书·等级',
      'class_2',
      '面积-平方米',
      'ISO.9001',
      '第3项',
    ]) {
      expect(refusal({ [name]: 'x' }), name).to.equal('accepted');
    }
  });

  it('refuses, saying why: control characters, edge spaces, non-NFC, reserved names, punctuation, length', () => {
    expect(refusal({ 'a\u0000b': 'x' })).to.equal('an attribute name may not contain a control character');
    expect(refusal({ '持有人\n': 'x' })).to.equal('an attribute name may not contain a control character');
    expect(refusal({ ' 持有人': 'x' })).to.equal('an attribute name may not start or end with a space');
    expect(refusal({ 'e\u0301': 'x' })).to.equal('an attribute name must be in Unicode NFC form');
    expect(refusal({ constructor: 'x' })).to.equal('constructor is reserved and may not be an attribute name');
    expect(refusal({ prototype: 'x' })).to.equal('prototype is reserved and may not be an attribute name');
    expect(refusal({ 'a  b': 'x' })).to.match(/single spaces/);
    expect(refusal({ 'a{b}': 'x' })).to.match(/letters and digits/);
    expect(refusal({ ['长'.repeat(65)]: 'x' })).to.match(/64/);
  });

  it('document numbers: 京(2024)0001号 and PAY-2 are numbers, a padded or control-laden one is not', () => {
    for (const number of ['京(2024)0001号', 'PAY-2', '国知收〔2025〕12号', 'No.7/2025']) {
      expect(documentNumber.safeParse(number).success, number).to.equal(true);
    }
    for (const number of [' 京0001号', '京0001号 ', '京\u00070001号', '']) {
      expect(documentNumber.safeParse(number).success, JSON.stringify(number)).to.equal(false);
    }
  });
});
