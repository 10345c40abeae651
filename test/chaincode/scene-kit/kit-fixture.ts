import { z } from 'zod';
import {
  ConflictError,
  defineRecordType,
  defineScenario,
  defineStateMachine,
  evaluateFlow,
  ForbiddenError,
  identifier,
  lifecycle,
  mspId,
  party,
  roleAuthorities,
  submitFlow,
  transitionFlow,
  type Flow,
  type Guard,
  type ScenarioSpec,
} from '../../../chaincode/scene-kit/src';

/**
 * A small scenario for the kit's own tests: a ministry accredits schools; a school issues, suspends and
 * reinstates diplomas, only while accredited (an async check reading the school's record).
 */
export const authorities = roleAuthorities({
  registrar: { issuedBy: ['SchoolMSP'], attributes: ['desk'] },
  inspector: { issuedBy: ['MinistryMSP'] },
});
export const registrars = [party(['SchoolMSP'], ['registrar'])];
const inspectors = [party(['MinistryMSP'], ['inspector'])];

const schoolSchema = z.strictObject({ id: identifier, status: z.enum(['ACCREDITED', 'WITHDRAWN']) });
export const schools = defineRecordType({ name: 'KitSchool', schema: schoolSchema, key: ['id'] });

const diplomaSchema = z.strictObject({
  id: identifier,
  school: mspId,
  status: z.enum(['ISSUED', 'SUSPENDED']),
  note: z.string().optional(),
});
export type Diploma = z.output<typeof diplomaSchema>;
export const diplomas = defineRecordType({ name: 'KitDiploma', schema: diplomaSchema, key: ['id'] });

const ownSchool: Guard<Diploma> = ({ record, actor }) =>
  record.school === actor.mspId ? undefined : new ForbiddenError(`only ${record.school} may change ${record.id}`);

/** Records which checks ran, so tests can see the order (guards before checks) and that checks ran at all. */
export const checkLog: string[] = [];

export const diplomaMachine = defineStateMachine({
  entity: 'KitDiploma',
  states: ['ISSUED', 'SUSPENDED'] as const,
  transitions: {
    issue: {
      from: 'new',
      to: 'ISSUED',
      by: registrars,
      event: 'DiplomaIssued',
      checks: [
        async ({ scene, record }) => {
          checkLog.push(`accredited ${record.id}`);
          const school = await schools.get(scene, { id: scene.actor.mspId });
          return school?.data.status === 'ACCREDITED'
            ? undefined
            : new ConflictError(`${scene.actor.mspId} is not accredited`);
        },
      ],
    },
    suspend: { from: ['ISSUED'], to: 'SUSPENDED', by: registrars, event: 'DiplomaSuspended', guards: [ownSchool] },
    reinstate: { from: ['SUSPENDED'], to: 'ISSUED', by: registrars, event: 'DiplomaReinstated', guards: [ownSchool] },
    annotate: {
      from: ['ISSUED', 'SUSPENDED'],
      by: [party(['SchoolMSP'], ['registrar'])],
      event: 'DiplomaAnnotated',
      guards: [({ attribute }) => (attribute('desk') === 'front' ? undefined : new ForbiddenError('front desk only'))],
    },
    inspect: { from: ['ISSUED'], by: inspectors, event: 'DiplomaInspected' },
  },
});
export const diplomaLife = lifecycle(diplomas, diplomaMachine, 'diplomaId');

const aDiploma = z.strictObject({ diplomaId: identifier });

export const flows = {
  issueDiploma: submitFlow({
    description: 'A school issues a diploma.',
    request: aDiploma,
    on: diplomaLife,
    transition: 'issue',
    run: (scene, input) =>
      diplomaLife.create(scene, 'issue', { id: input.diplomaId, school: scene.actor.mspId, status: 'ISSUED' }),
  }),
  suspendDiploma: transitionFlow(diplomaLife, 'suspend', { description: 'Suspends a diploma.', request: aDiploma }),
  reinstateDiploma: transitionFlow(diplomaLife, 'reinstate', {
    description: 'Lifts a suspension.',
    request: aDiploma,
    label: 'Reinstate',
  }),
  annotateDiploma: transitionFlow(diplomaLife, 'annotate', {
    description: 'Notes something on a diploma.',
    request: z.strictObject({ diplomaId: identifier, note: z.string() }),
    change: async (data, input) => ({ ...data, note: input.note }),
  }),
  inspectDiploma: transitionFlow(diplomaLife, 'inspect', { description: 'The ministry inspects.', request: aDiploma }),
  flagDiploma: submitFlow({
    description: 'Flags a diploma for review (no transition: its own rule).',
    request: aDiploma,
    on: diplomas,
    by: inspectors,
    run: async () => ({ flagged: true }),
  }),
  accredit: submitFlow({
    description: 'The ministry accredits a school.',
    request: z.strictObject({ school: mspId }),
    on: schools,
    by: inspectors,
    run: (scene, input) =>
      schools.create(
        scene,
        { id: input.school, status: 'ACCREDITED' },
        { step: { action: 'accredit', event: 'SchoolAccredited', from: null, to: 'ACCREDITED' } },
      ),
  }),
  getDiploma: evaluateFlow({
    description: 'A diploma.',
    request: aDiploma,
    readers: { parties: [{}] },
    on: diplomaLife,
    run: (scene, input) => diplomaLife.read(scene, input.diplomaId),
  }),
  verifyDiploma: evaluateFlow({
    description: 'Verifies a diploma digest.',
    request: z.strictObject({ documentHash: z.string() }),
    readers: { parties: [{}] },
    run: async () => ({ valid: false }),
  }),
};

/** Typed loosely, so tests can vary any part of it. */
export const spec: ScenarioSpec<Readonly<Record<string, Flow>>> = {
  id: 'kit-diplomas',
  contract: 'KitDiplomas',
  title: 'Diplomas',
  summary: 'Test scenario.',
  version: '1.0',
  authorities,
  records: [
    { type: diplomaLife, title: 'Diplomas', collection: 'diplomas', get: 'getDiploma', columns: ['school'] },
    { type: schools, title: 'Schools', collection: 'schools', keyField: 'school', columns: [] },
  ],
  flows,
  verify: { transaction: 'verifyDiploma' },
};

export const scenario = defineScenario(spec);
