/**
 * `@scenechain/patents`: the scenario descriptor and the pure pieces other packages use (commitments,
 * application numbers, the filing request, bulk filing through a gateway). Loads no contract API; the chaincode
 * process loads `./chaincode` (package.json `main`).
 */
export { scenario } from './scenario';
export {
  APPLICATION_NUMBER_DIGITS,
  applicationNumber,
  applicationRequest,
  MAX_APPLICATIONS_PER_CALL,
  specificationCommitment,
} from './flows/file';
export { MAX_SPECIFICATION_LENGTH, SPECIFICATION_HOLDERS } from './flows/unpublished-specification';
export { patentLife, patentLifecycle } from './lifecycle/patent-lifecycle';
export { pledgeLife, pledgeLifecycle } from './lifecycle/pledge-lifecycle';
export { MAX_LICENCES_PER_PATENT } from './model/licence';
export type { Patent } from './model/patent';
export { applicantSide, authorities, examiners, lenders } from './parties';
export * from './client/bulk-filing';
