/**
 * Scene kit: the Fabric plumbing every Scenechain scenario shares, so that a scenario declares records, state
 * machines and flows in business words. See README.md for the conventions (keys, events, errors, time).
 * This entry never loads fabric-contract-api or fabric-shim (type imports only), so an app can read scenario
 * descriptors; the contract class is in `@scenechain/scene-kit/contract`.
 */
export * from './access';
export * from './available-actions';
export * from './authority';
export * from './canonical-json';
export * from './credentials';
export * from './describe-scenario';
export * from './errors';
export * from './events';
export * from './flow';
export * from './get-by-field-flow';
export * from './key-endorsement';
export * from './keys';
export * from './labels';
export * from './lifecycle';
export * from './once-only';
export * from './org-guard';
export * from './org-register';
export * from './pagination';
export * from './private-part';
export * from './public-reads';
export * from './query-flows';
export * from './read-rule';
export * from './record-reads';
export * from './record-type';
export * from './scene';
export * from './sealed-bid';
export * from './sealed-value';
export * from './secured-agreement';
export * from './scenario';
export * from './state-machine';
export * from './store';
export * from './time';
export * from './time-trust';
export * from './transient-input';
export * from './transition-flow';
export * from './verify-flow';
export * from './validation/fields';
export * from './validation/parse-request';
export * from './wire-error';
export * from './secure-sum';
