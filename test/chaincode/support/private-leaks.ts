import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import type { Devnet } from '@scenechain/devnet';
import { CHANNEL } from './scenario-network';

/**
 * Asserts that no secret is in any block of the channel (arguments, read-write sets, answers and events are all
 * inside the block bytes) nor in the private store of any channel org outside `holders`, for any block.
 */
export async function expectNoLeak(net: Devnet, secrets: readonly string[], holders: readonly string[]): Promise<void> {
  const channelOrgs = net.topology.channels.find((channel) => channel.name === CHANNEL)!.orgs;
  const height = net.height(CHANNEL);
  for (let number = 0; number < height; number++) {
    const block = Buffer.from((await net.block(CHANNEL, number))!);
    expect(common.Block.deserializeBinary(block).getData()!.getDataList().length).to.be.greaterThan(0);
    for (const secret of secrets) expect(block.indexOf(secret), `block ${number} holds ${secret}`).to.equal(-1);
    for (const mspId of channelOrgs.filter((org) => !holders.includes(org))) {
      for (const [txNum, rwset] of await net.blockPrivateData(CHANNEL, mspId, number)) {
        const bytes = Buffer.from(rwset.serializeBinary());
        for (const secret of secrets) {
          expect(bytes.indexOf(secret), `${mspId} holds ${secret} (block ${number}, tx ${txNum})`).to.equal(-1);
        }
      }
    }
  }
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
