import { peer } from '@hyperledger/fabric-protos';
import { toApplicationPolicy, toSignaturePolicyEnvelope } from '../policy';
import type { CollectionSpec } from '../topology/collections';

/**
 * A chaincode's static collections as its `_lifecycle` definition carries them (what `peer lifecycle chaincode
 * approveformyorg --collections-config` turns a collections_config.json into).
 */
export function collectionConfigPackage(specs: readonly CollectionSpec[]): peer.CollectionConfigPackage {
  const configs = specs.map((spec) => {
    const memberPolicy = new peer.CollectionPolicyConfig();
    memberPolicy.setSignaturePolicy(toSignaturePolicyEnvelope(spec.memberPolicy));
    const config = new peer.StaticCollectionConfig();
    config.setName(spec.name);
    config.setMemberOrgsPolicy(memberPolicy);
    config.setRequiredPeerCount(spec.requiredPeerCount);
    config.setMaximumPeerCount(spec.maxPeerCount);
    config.setBlockToLive(spec.blockToLive);
    config.setMemberOnlyRead(spec.memberOnlyRead);
    config.setMemberOnlyWrite(spec.memberOnlyWrite);
    if (spec.endorsementPolicy) config.setEndorsementPolicy(toApplicationPolicy(spec.endorsementPolicy));
    const collection = new peer.CollectionConfig();
    collection.setStaticCollectionConfig(config);
    return collection;
  });
  const configPackage = new peer.CollectionConfigPackage();
  configPackage.setConfigList(configs);
  return configPackage;
}
