import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import type { Devnet } from '@scenechain/devnet';
import type { ScenarioClient } from './scenario-network';

const utf8 = new TextDecoder();
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** Submits with the named fields as transient data (the app's way), waiting for the commit. */
export async function submitPrivate<T>(
  client: ScenarioClient,
  transaction: string,
  request: Record<string, unknown>,
  transient: Record<string, unknown>,
  endorsingOrganizations?: string[],
): Promise<T> {
  const transientData = Object.fromEntries(Object.entries(transient).map(([key, value]) => [key, json(value)]));
  const submitted = await client.contract.submitAsync(transaction, {
    arguments: [JSON.stringify(request)],
    transientData,
    ...(endorsingOrganizations ? { endorsingOrganizations } : {}),
  });
  const status = await submitted.getStatus();
  expect(status.successful, `${transaction} commits`).to.equal(true);
  return JSON.parse(utf8.decode(submitted.getResult())) as T;
}

/** The transient map of `fields`, each its JSON as the app sends it. */
export function transientOf(fields: Record<string, unknown>): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, json(value)]));
}

/**
 * Searches every block of `channel` for each of `inBlocks` (arguments, read-write sets, answers and events are all
 * inside the block bytes), and each org's private store, block by block, for what `notHeldBy(org)` says it must not
 * hold. Fails naming the block, org and text found.
 */
export async function expectNoLeak(
  net: Devnet,
  channel: string,
  inBlocks: readonly string[],
  orgs: readonly string[],
  notHeldBy: (mspId: string) => readonly string[],
): Promise<void> {
  const height = net.height(channel);
  for (let number = 0; number < height; number++) {
    const block = Buffer.from((await net.block(channel, number))!);
    expect(common.Block.deserializeBinary(block).getData()!.getDataList().length).to.be.greaterThan(0);
    for (const secret of inBlocks) expect(block.indexOf(secret), `block ${number} holds ${secret}`).to.equal(-1);
    for (const mspId of orgs) {
      const secrets = notHeldBy(mspId);
      if (secrets.length === 0) continue;
      for (const [txNum, rwset] of await net.blockPrivateData(channel, mspId, number)) {
        const bytes = Buffer.from(rwset.serializeBinary());
        for (const secret of secrets) {
          expect(bytes.indexOf(secret), `${mspId} holds ${secret} (block ${number}, tx ${txNum})`).to.equal(-1);
        }
      }
    }
  }
}
