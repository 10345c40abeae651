import { evaluateFlow, identifier, mspId, pageFields, type EvaluateFlowSpec } from '@scenechain/scene-kit';
import { z } from 'zod';
import { patentLife } from '../lifecycle/patent-lifecycle';
import { pledgeLife } from '../lifecycle/pledge-lifecycle';
import { licences } from '../model/licence';
import { patents, patentStatuses } from '../model/patent';
import { pledges, pledgeStatuses } from '../model/pledge';
import { publications } from '../model/publication';
import { registerReaders } from '../parties';

/** A query of the public register: every one is read by `registerReaders`. */
function registerQuery<S extends z.ZodType, O>(spec: Omit<EvaluateFlowSpec<S, O>, 'readers'>) {
  return evaluateFlow({ ...spec, readers: registerReaders });
}

const aPatent = z.strictObject({ applicationId: identifier });

export const getPatent = registerQuery({
  description: 'An application or patent.',
  request: aPatent,
  on: patentLife,
  run: (scene, input) => patentLife.read(scene, input.applicationId),
});

export const getPublication = registerQuery({
  description: 'The published specification of an application.',
  request: aPatent,
  on: publications,
  run: (scene, input) => publications.mustGet(scene, { applicationId: input.applicationId }),
});

export const getPledge = registerQuery({
  description: 'A pledge.',
  request: z.strictObject({ pledgeId: identifier }),
  on: pledgeLife,
  run: (scene, input) => pledgeLife.read(scene, input.pledgeId),
});

export const listByApplicant = registerQuery({
  description: 'Applications and patents an org owns, optionally in one state.',
  request: z.strictObject({ owner: mspId, status: z.enum(patentStatuses).optional(), ...pageFields }),
  on: patentLife,
  run: (scene, input) =>
    patents.list(scene, 'byOwner', input.status ? [input.owner, input.status] : [input.owner], input),
});

export const listByIpcClass = registerQuery({
  description: 'Applications and patents in an IPC subclass such as G06F.',
  request: z.strictObject({
    subclass: z.string().regex(/^[A-H]\d{2}[A-Z]$/, 'an IPC subclass such as G06F'),
    ...pageFields,
  }),
  on: patentLife,
  run: (scene, input) => patents.list(scene, 'byIpcClass', [input.subclass], input),
});

export const listByStatus = registerQuery({
  description: 'Applications and patents in one state, e.g. every application awaiting examination.',
  request: z.strictObject({ status: z.enum(patentStatuses), ...pageFields }),
  on: patentLife,
  run: (scene, input) => patents.list(scene, 'byStatus', [input.status], input),
});

export const listLicences = registerQuery({
  description: 'Licences recorded on one application or patent.',
  request: z.strictObject({ applicationId: identifier, ...pageFields }),
  on: licences,
  run: (scene, input) => licences.listByKey(scene, [input.applicationId], input),
});

export const listLicencesByLicensee = registerQuery({
  description: 'Licences an org holds.',
  request: z.strictObject({ licensee: mspId, ...pageFields }),
  on: licences,
  run: (scene, input) => licences.list(scene, 'byLicensee', [input.licensee], input),
});

export const listPledgesByBank = registerQuery({
  description: 'Pledges naming a bank, optionally in one state.',
  request: z.strictObject({ bank: mspId, status: z.enum(pledgeStatuses).optional(), ...pageFields }),
  on: pledgeLife,
  run: (scene, input) => pledges.list(scene, 'byBank', input.status ? [input.bank, input.status] : [input.bank], input),
});

export const patentHistory = registerQuery({
  description: 'Every version of an application or patent, newest first, with transaction, time, actor and transition.',
  request: z.strictObject({ applicationId: identifier, ...pageFields }),
  on: patentLife,
  run: (scene, input) => patents.history(scene, { id: input.applicationId }, input),
});
