/**
 * Scene kit: the Fabric plumbing every Scenechain scenario shares, so that a scenario declares records, state
 * machines and flows in business words. See README.md for the conventions (keys, events, errors, time).
 */
export * from './access';
export * from './authority';
export * from './canonical-json';
export * from './describe-contract';
export * from './errors';
export * from './events';
export * from './flow';
export * from './keys';
export * from './lifecycle';
export * from './pagination';
export * from './read-rule';
export * from './record-metadata';
export * from './record-type';
export * from './scene';
export * from './scene-contract';
export * from './state-machine';
export * from './store';
export * from './time';
export * from './time-trust';
export * from './validation/fields';
export * from './validation/parse-request';
export * from './wire-error';
