import { InternalError } from './errors';
import type { Scene } from './scene';

/**
 * Fabric's state-based (key-level) endorsement: after this transaction commits, a change to `key` is valid only
 * if a peer of every org in `orgs` endorsed it, whatever the chaincode's own policy says (the committer checks
 * the key's validation parameter). The shim's KeyEndorsementPolicy builds the policy; it is loaded here, not at
 * the kit's entry, so that apps reading scenario descriptors never load fabric-shim.
 */
export async function requireKeyEndorsers(scene: Scene, key: string, orgs: readonly string[]): Promise<void> {
  if (scene.store.readOnly) throw new InternalError(`a read-only transaction tried to set the policy of ${key}`);
  if (orgs.length === 0) throw new InternalError(`a key-level policy for ${key} names no org`);
  const { KeyEndorsementPolicy } = await import('fabric-shim');
  const policy = new KeyEndorsementPolicy();
  policy.addOrgs('PEER', ...[...new Set(orgs)].sort());
  await scene.stub.setStateValidationParameter(key, policy.getPolicy());
}

/** The orgs a key's own policy requires (sorted), or undefined when the chaincode's policy applies. */
export async function keyEndorsers(scene: Scene, key: string): Promise<string[] | undefined> {
  const parameter = await scene.stub.getStateValidationParameter(key);
  if (!parameter || parameter.length === 0) return undefined;
  const { KeyEndorsementPolicy } = await import('fabric-shim');
  return new KeyEndorsementPolicy(Buffer.from(parameter)).listOrgs().sort();
}
