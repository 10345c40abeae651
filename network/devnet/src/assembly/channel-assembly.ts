import path from 'node:path';
import { CommitNotifier } from '../committer/commit-notifier';
import { Committer } from '../committer/committer';
import type { ChannelRuntime, DeployedChaincode } from '../gateway/network-view';
import { MembershipRegistry, type SigningIdentity } from '../identity';
import type { LedgerStore } from '../ledger';
import { Orderer } from '../orderer/orderer';
import type { OrdererMetrics } from '../operations/orderer-metrics';
import { resolveEndorsementPolicy, toApplicationPolicy } from '../policy';
import { createGenesisBlock } from '../channel/genesis';
import { collectionConfigPackage } from '../privdata/collection-config-package';
import { ChaincodeCollections } from '../privdata/collection-store';
import { PrivateDataChannel } from '../privdata/private-data-channel';
import { readablePrivateData } from '../privdata/readable-private-data';
import { loadCollectionsConfig } from '../topology/collections';
import { endorsingOrgs, type LoadedTopology } from '../topology/load';
import type { ChannelSpec } from '../topology/schema';

export interface ChannelAssemblyOptions {
  topology: LoadedTopology;
  cryptoDir: string;
  store: LedgerStore;
  ordererIdentity: SigningIdentity;
  /** Loopback address written into the genesis block's orderer addresses. */
  host: string;
  /** The ordering service's metrics, which report this channel too. */
  ordererMetrics?: OrdererMetrics;
}

/**
 * Wires one channel: its ledger (with block 0 on first start), membership, chaincode definitions,
 * committer and orderer.
 */
export async function assembleChannel(spec: ChannelSpec, options: ChannelAssemblyOptions): Promise<ChannelRuntime> {
  const { topology, cryptoDir, ordererIdentity } = options;
  const ledger = await options.store.channel(spec.name);
  const membership = MembershipRegistry.fromCrypto(topology, cryptoDir, spec.orgs);
  if (ledger.height() === 0) {
    const genesis = createGenesisBlock(topology, cryptoDir, spec, ordererIdentity, options.host);
    await ledger.commitBlock(genesis, []);
  }
  const privateData = new PrivateDataChannel(spec.name, membership);
  const collectionSpecs = spec.chaincodes.map((chaincode) =>
    chaincode.collectionsConfig === undefined
      ? []
      : loadCollectionsConfig(path.resolve(topology.baseDir, chaincode.collectionsConfig), spec, chaincode.name),
  );
  const chaincodes = new Map<string, DeployedChaincode>(
    spec.chaincodes.map((chaincode, index) => [
      chaincode.name,
      {
        name: chaincode.name,
        version: chaincode.version,
        policy: resolveEndorsementPolicy(chaincode.endorsementPolicy, spec),
        installedOn: endorsingOrgs(spec, chaincode),
        collections: new ChaincodeCollections(privateData, chaincode.name, spec, collectionSpecs[index]),
        definition: {
          sequence: chaincode.sequence,
          validationParameter: toApplicationPolicy(chaincode.endorsementPolicy).serializeBinary(),
          initRequired: chaincode.initRequired,
          collections: collectionConfigPackage(collectionSpecs[index]),
        },
      },
    ]),
  );
  const notifier = new CommitNotifier(ledger);
  const committer = new Committer(
    { channelId: spec.name, membership, chaincodes, ledger, privateData },
    ledger,
    ordererIdentity,
    notifier,
  );
  const orderer = new Orderer(
    spec.name,
    topology.ordering,
    membership,
    async (batch) => {
      await committer.commit(batch);
    },
    options.ordererMetrics,
  );
  options.ordererMetrics?.watchLedger(ledger);
  return {
    name: spec.name,
    ledger,
    membership,
    chaincodes,
    orderer,
    notifier,
    privateData,
    blockPrivateData: (mspId, blockNum) => ledger.privateState.blockPrivateData(mspId, blockNum),
    privateDataOf: async (mspId, blockNum, requester) =>
      readablePrivateData(
        await ledger.privateState.blockPrivateData(mspId, blockNum),
        (namespace) => chaincodes.get(namespace)?.collections,
        requester,
      ),
  };
}
