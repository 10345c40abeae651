/**
 * `@scenechain/gov-records`: the scenario descriptor and the pure pieces other packages use. Loads no contract
 * API; the chaincode process loads `./chaincode` (package.json `main`).
 */
export { scenario } from './scenario';
export { authorities, CITIZEN, consentHolders, REGISTRAR, REPRESENTATIVE, registrars, subjects } from './parties';
export { verdictOf, type VerificationVerdict } from './flows/register';
export { consentLifecycle, recordLifecycle, transferLifecycle } from './machines';
