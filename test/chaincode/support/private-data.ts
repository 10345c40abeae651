import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import type { Devnet } from '@scenechain/devnet';
import { CHANNEL, type ScenarioClient } from './scenario-network';

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
  const submitted = await client.contract.submitAsync(transaction, {
    arguments: [JSON.stringify(request)],
    transientData: transientOf(transient),
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

/** No secret is in any block, and no org outside `holders` holds one in its private store for any block. */
export async function expectNoLeak(net: Devnet, secrets: readonly string[], holders: readonly string[]): Promise<void> {
  const orgs = net.topology.channels.find((channel) => channel.name === CHANNEL)!.orgs;
  await expectSecretsKept(net, CHANNEL, secrets, orgs, (mspId) => (holders.includes(mspId) ? [] : secrets));
}

/** Whether an org's private store holds a secret for some block: the positive control of `expectNoLeak`. */
export async function privateStoreHolds(net: Devnet, mspId: string, secret: string): Promise<boolean> {
  for (let number = 0; number < net.height(CHANNEL); number++) {
    for (const [, rwset] of await net.blockPrivateData(CHANNEL, mspId, number)) {
      if (Buffer.from(rwset.serializeBinary()).indexOf(secret) !== -1) return true;
    }
  }
  return false;
}

/**
 * Searches every block of `channel` for each of `inBlocks` (arguments, read-write sets, answers and events are all
 * inside the block bytes), and each org's private store, block by block, for what `notHeldBy(org)` says it must not
 * hold. Fails naming the block, org and text found.
 */
export async function expectSecretsKept(
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
