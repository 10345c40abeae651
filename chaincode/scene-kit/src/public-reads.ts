import type { Flow } from './flow';

/**
 * Checks a scenario's `publicReads`: queries anyone may run without signing in, which the app asks as its own
 * service identity. Each must be an evaluate flow readable by every channel member with nothing the data decides
 * (`channelMembers`): a narrower rule would answer with what the service identity, not the public, may read.
 */
export function checkPublicReads(
  flows: Readonly<Record<string, Flow>>,
  names: readonly string[],
  fail: (problem: string) => never,
): void {
  for (const name of names) {
    const flow = Object.hasOwn(flows, name) ? flows[name] : undefined;
    if (!flow) fail(`publicReads names ${name}, which is not one of its flows`);
    if (flow.kind !== 'evaluate') fail(`publicReads names ${name}, a submit flow; only queries are public`);
    const { parties, only } = flow.readers;
    const everyone = parties.length === 1 && parties[0].orgs === undefined && parties[0].roles === undefined;
    if (!everyone || only !== undefined) fail(`publicReads names ${name}, which is not readable by every member`);
  }
}
