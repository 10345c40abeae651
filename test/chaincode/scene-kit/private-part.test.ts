import '../support/quiet-contract-api';
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { z } from 'zod';
import {
  anyone,
  defineScenario,
  describeScenario,
  matchesCommitment,
  parseWithTransient,
  privateCommitment,
  submitFlow,
  text,
} from '../../../chaincode/scene-kit/src';
import { spec } from './kit-fixture';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const schema = z.strictObject({ id: z.string(), secret: z.strictObject({ name: text(50) }), salt: z.string().min(16) });
const transient = { fields: ['secret', 'salt'], salts: ['salt'] };
const salt = 'a-salt-of-enough-length';

describe('scene kit: private parts and transient input', () => {
  it('commits to the canonical JSON of { data, salt }, whatever the key order', () => {
    const expected = createHash('sha256')
      .update('{"data":{"a":1,"b":"名"},"salt":"' + salt + '"}')
      .digest('hex');
    expect(privateCommitment({ data: { b: '名', a: 1 }, salt })).to.equal(expected);
    expect(matchesCommitment({ data: { a: 1, b: '名' }, salt }, expected)).to.equal(true);
    expect(matchesCommitment({ data: { a: 2, b: '名' }, salt }, expected)).to.equal(false);
    expect(matchesCommitment({ data: { a: 1, b: '名' }, salt: `${salt}x` }, expected)).to.equal(false);
    expect(matchesCommitment({ data: { a: 1, b: '名' }, salt }, undefined)).to.equal(false);
  });

  it('takes transient fields from the transient map and refuses them in the arguments', () => {
    const entries = new Map([
      ['secret', encode({ name: '王五' })],
      ['salt', encode(salt)],
    ]);
    expect(parseWithTransient(schema, '{"id":"X"}', transient, entries)).to.deep.equal({
      id: 'X',
      secret: { name: '王五' },
      salt,
    });
    const refuse = (argument: string, map: Map<string, Uint8Array>, message: string) =>
      expect(() => parseWithTransient(schema, argument, transient, map)).to.throw(message);
    refuse(
      JSON.stringify({ id: 'X', secret: { name: '王五' } }),
      entries,
      'INVALID_ARGUMENT: invalid request: secret: travels as transient data, never in the arguments',
    );
    refuse('{"id":"X"}', new Map([...entries, ['other', encode(1)]]), 'transient data "other" is not an input');
    refuse(
      '{"id":"X"}',
      new Map([['secret', new TextEncoder().encode('{nope')]]),
      'secret: transient data is not JSON',
    );
    refuse('{"id":"X"}', new Map([['secret', encode({ name: '王五' })]]), 'salt');
    refuse('x'.repeat(1024 * 1024 + 1), entries, 'the limit is');
    refuse('{nope', entries, 'request is not valid JSON');
  });

  it('describes transient fields and endorsing orgs, and refuses ones its request lacks at load', () => {
    const flow = submitFlow({
      description: 'A private flow.',
      request: schema,
      transient,
      endorsingOrgs: { orgs: ['SchoolMSP'], fields: ['id'] },
      by: anyone,
      run: async () => null,
    });
    const described = describeScenario(defineScenario({ ...spec, flows: { ...spec.flows, privateFlow: flow } }));
    expect(described.flows.find((f) => f.name === 'privateFlow')).to.deep.include({
      transient: { fields: ['secret', 'salt'], salts: ['salt'] },
      endorsingOrgs: { orgs: ['SchoolMSP'], fields: ['id'] },
    });
    const refuses = (changes: object, message: string) =>
      expect(() =>
        defineScenario({ ...spec, flows: { ...spec.flows, privateFlow: { ...flow, ...changes } } }),
      ).to.throw(`INTERNAL: scenario kit-diplomas: flow privateFlow: ${message}`);
    refuses(
      { transient: { fields: ['secret', 'pin'], salts: [] } },
      'transient field pin is not a field of its request',
    );
    refuses({ transient: { fields: ['secret'], salts: ['salt'] } }, 'salt salt is not one of its transient fields');
    refuses({ endorsingOrgs: { fields: ['grantee'] } }, 'endorsing-org field grantee is not a field of its request');
  });
});
