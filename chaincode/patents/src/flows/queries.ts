import { evaluateFlow, identifier, mspId, pageFields } from '@scenechain/scene-kit';
import { registerReaders } from '../parties';
import { z } from 'zod';
import { licences } from '../model/licence';
import { patents, patentStatuses } from '../model/patent';
import { pledges, pledgeStatuses } from '../model/pledge';
import { publications } from '../model/publication';

export const getPatent = evaluateFlow(
  'An application or patent.',
  z.strictObject({ applicationId: identifier }),
  registerReaders,
  (scene, input) => patents.mustGet(scene, { id: input.applicationId }),
);

export const getPublication = evaluateFlow(
  'The published specification of an application.',
  z.strictObject({ applicationId: identifier }),
  registerReaders,
  (scene, input) => publications.mustGet(scene, { applicationId: input.applicationId }),
);

export const getPledge = evaluateFlow(
  'A pledge.',
  z.strictObject({ pledgeId: identifier }),
  registerReaders,
  (scene, input) => pledges.mustGet(scene, { id: input.pledgeId }),
);

export const listByApplicant = evaluateFlow(
  'Applications and patents an org owns, optionally in one state.',
  z.strictObject({ owner: mspId, status: z.enum(patentStatuses).optional(), ...pageFields }),
  registerReaders,
  (scene, input) => patents.list(scene, 'byOwner', input.status ? [input.owner, input.status] : [input.owner], input),
);

export const listByIpcClass = evaluateFlow(
  'Applications and patents in an IPC subclass such as G06F.',
  z.strictObject({ subclass: z.string().regex(/^[A-H]\d{2}[A-Z]$/, 'an IPC subclass such as G06F'), ...pageFields }),
  registerReaders,
  (scene, input) => patents.list(scene, 'byIpcClass', [input.subclass], input),
);

export const listByStatus = evaluateFlow(
  'Applications and patents in one state, e.g. every application awaiting examination.',
  z.strictObject({ status: z.enum(patentStatuses), ...pageFields }),
  registerReaders,
  (scene, input) => patents.list(scene, 'byStatus', [input.status], input),
);

export const listLicences = evaluateFlow(
  'Licences recorded on one application or patent.',
  z.strictObject({ applicationId: identifier, ...pageFields }),
  registerReaders,
  (scene, input) => licences.listByKey(scene, [input.applicationId], input),
);

export const listLicencesByLicensee = evaluateFlow(
  'Licences an org holds.',
  z.strictObject({ licensee: mspId, ...pageFields }),
  registerReaders,
  (scene, input) => licences.list(scene, 'byLicensee', [input.licensee], input),
);

export const listPledgesByBank = evaluateFlow(
  'Pledges naming a bank, optionally in one state.',
  z.strictObject({ bank: mspId, status: z.enum(pledgeStatuses).optional(), ...pageFields }),
  registerReaders,
  (scene, input) => pledges.list(scene, 'byBank', input.status ? [input.bank, input.status] : [input.bank], input),
);

export const patentHistory = evaluateFlow(
  'Every version of an application or patent, newest first, with transaction, time, actor and transition.',
  z.strictObject({ applicationId: identifier, ...pageFields }),
  registerReaders,
  (scene, input) => patents.history(scene, { id: input.applicationId }, input),
);
