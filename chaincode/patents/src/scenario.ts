import { defineScenario } from '@scenechain/scene-kit';
import { assign } from './flows/assign';
import {
  decideExamination,
  decideReexamination,
  examineFormalities,
  requestExamination,
  requestReexamination,
} from './flows/examine';
import { expire, lapse, payAnnualFee, withdraw } from './flows/fees';
import { file, fileMany } from './flows/file';
import { recordLicence } from './flows/licence';
import { declinePledge, recordPledge, releasePledge, requestPledge } from './flows/pledge';
import { publish } from './flows/publish';
import * as queries from './flows/queries';
import { patentLife } from './lifecycle/patent-lifecycle';
import { pledgeLife } from './lifecycle/pledge-lifecycle';
import { licences } from './model/licence';
import { publications } from './model/publication';
import { authorities } from './parties';

/** The IP registry, its flows in the order an application lives its life. */
export const scenario = defineScenario({
  id: 'patents',
  contract: 'Patents',
  title: 'Patent registry',
  summary: 'Applications from filing to grant and expiry, with fees, assignments, licences and pledges.',
  version: '1.0',
  authorities,
  records: [
    {
      type: patentLife,
      title: 'Applications and patents',
      collection: 'applications',
      get: 'getPatent',
      history: 'patentHistory',
      columns: ['owner', 'agent'],
    },
    {
      type: licences,
      title: 'Licences',
      collection: 'licences',
      keyField: 'licenceId',
      columns: ['applicationId', 'licensee', 'kind'],
    },
    {
      type: pledgeLife,
      title: 'Pledges',
      collection: 'pledges',
      get: 'getPledge',
      columns: ['applicationId', 'bank', 'owner'],
    },
    {
      type: publications,
      title: 'Publications',
      collection: 'publications',
      keyField: 'applicationId',
      get: 'getPublication',
      columns: ['specificationHash'],
    },
  ],
  flows: {
    file,
    fileMany,
    examineFormalities,
    publish,
    requestExamination,
    decideExamination,
    requestReexamination,
    decideReexamination,
    payAnnualFee,
    lapse,
    expire,
    withdraw,
    assign,
    recordLicence,
    requestPledge,
    recordPledge,
    declinePledge,
    releasePledge,
    ...queries,
  },
});
