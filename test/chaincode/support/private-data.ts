import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import { CHANNEL, type ScenarioClient, type ScenarioNetwork } from './scenario-network';

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

/** No secret is in any block, and no org outside `holders` holds one in its private store for any block. */
export async function expectNoLeak(
  network: ScenarioNetwork,
  secrets: readonly string[],
  holders: readonly string[],
): Promise<void> {
  const { net } = network;
  const orgs = net.topology.channels.find((channel) => channel.name === CHANNEL)!.orgs;
  const height = net.height(CHANNEL);
  for (let number = 0; number < height; number++) {
    const block = Buffer.from((await net.block(CHANNEL, number))!);
    // Every transaction payload: arguments, read-write sets, answers and events are all inside the block bytes.
    expect(common.Block.deserializeBinary(block).getData()!.getDataList().length).to.be.greaterThan(0);
    for (const secret of secrets) expect(block.indexOf(secret), `block ${number} holds ${secret}`).to.equal(-1);
    for (const mspId of orgs.filter((org) => !holders.includes(org))) {
      for (const [txNum, rwset] of await net.blockPrivateData(CHANNEL, mspId, number)) {
        const bytes = Buffer.from(rwset.serializeBinary());
        for (const secret of secrets) {
          expect(bytes.indexOf(secret), `${mspId} holds ${secret} (block ${number}, tx ${txNum})`).to.equal(-1);
        }
      }
    }
  }
}
