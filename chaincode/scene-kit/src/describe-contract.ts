import { describeAuthorities } from './authority';
import { describeReadRule } from './read-rule';
import type { ContractDeclaration } from './scene-contract';

/**
 * A contract as plain data, for docs, the app's catalog and tests: which org vouches for each role, and each
 * transaction's kind and, for queries, who may read the answer. Who may submit is in the state machines
 * (`describeStateMachine`) and the flows' own checks.
 */
export function describeContract(declaration: ContractDeclaration) {
  return {
    name: declaration.name,
    title: declaration.title,
    version: declaration.version,
    authorities: describeAuthorities(declaration.authorities),
    transactions: Object.entries(declaration.flows).map(([name, flow]) => ({
      name,
      kind: flow.kind,
      description: flow.description,
      ...(flow.kind === 'evaluate' ? { readers: describeReadRule(flow.readers) } : {}),
    })),
  };
}
