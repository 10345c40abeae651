import { sceneContract } from '@scenechain/scene-kit/contract';
import { authorities } from './parties';
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

/** The IP registry, in the order an application lives its life. */
export const PatentsContract = sceneContract({
  name: 'Patents',
  title: 'Patent registry',
  version: '1.0',
  authorities,
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
