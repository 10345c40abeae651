import { common, orderer } from '@hyperledger/fabric-protos';
import { goDuration } from './go-duration';
import { mspConfig, type OrgMsp } from './msp-value';
import { DEFAULT_APPLICATION_POLICIES, ORG_SUB_POLICY_NAMES, orgSubPolicy, outOf, signedBy } from '../../policy';
import { implicitMetaPolicy, implicitMetaPolicyOf, signaturePolicy } from './policies';

const ADMINS = 'Admins';
/** configtxgen gives the channel-level OrdererAddresses value to the orderer admins. */
const ORDERER_ADMINS = '/Channel/Orderer/Admins';
/** BlockDataHashingStructure width: Fabric only accepts MaxUint32. */
const MAX_UINT32 = 0xffffffff;

export interface BatchConfig {
  readonly maxMessageCount: number;
  readonly absoluteMaxBytes: number;
  readonly preferredMaxBytes: number;
  readonly batchTimeoutMs: number;
}

export interface EtcdRaftConsenter {
  readonly host: string;
  readonly port: number;
  readonly clientTlsCertPem: string;
  readonly serverTlsCertPem: string;
}

/** `solo` (one ordering node, no consenter metadata) or `etcdraft` with its consenter set. */
export type ConsensusConfig =
  { readonly type: 'solo' } | { readonly type: 'etcdraft'; readonly consenters: readonly EtcdRaftConsenter[] };

export interface ChannelConfigInput {
  /** Application organizations; each becomes a group named by its MSP ID. */
  readonly orgs: readonly OrgMsp[];
  readonly ordererOrg: OrgMsp;
  /** host:port of the ordering service, written at channel level and as the orderer org's Endpoints. */
  readonly ordererAddresses: readonly string[];
  readonly batch: BatchConfig;
  /** Defaults to solo. */
  readonly consensus?: ConsensusConfig;
  /** Application-level ImplicitMeta policies (`MAJORITY Endorsement`) replacing the fabric-samples defaults. */
  readonly applicationPolicies?: Readonly<Record<string, string>>;
}

function newGroup(): common.ConfigGroup {
  const group = new common.ConfigGroup();
  group.setModPolicy(ADMINS);
  return group;
}

function putValue(
  group: common.ConfigGroup,
  key: string,
  value: { serializeBinary(): Uint8Array },
  modPolicy = ADMINS,
) {
  const configValue = new common.ConfigValue();
  configValue.setValue(value.serializeBinary());
  configValue.setModPolicy(modPolicy);
  group.getValuesMap().set(key, configValue);
}

function putPolicy(group: common.ConfigGroup, name: string, policy: common.Policy) {
  const configPolicy = new common.ConfigPolicy();
  configPolicy.setPolicy(policy);
  configPolicy.setModPolicy(ADMINS);
  group.getPoliciesMap().set(name, configPolicy);
}

function putStandardPolicies(group: common.ConfigGroup) {
  putPolicy(group, 'Readers', implicitMetaPolicy('ANY', 'Readers'));
  putPolicy(group, 'Writers', implicitMetaPolicy('ANY', 'Writers'));
  putPolicy(group, 'Admins', implicitMetaPolicy('MAJORITY', 'Admins'));
}

function capabilities(...names: string[]): common.Capabilities {
  const value = new common.Capabilities();
  for (const name of names) value.getCapabilitiesMap().set(name, new common.Capability());
  return value;
}

function ordererAddresses(addresses: readonly string[]): common.OrdererAddresses {
  const value = new common.OrdererAddresses();
  value.setAddressesList([...addresses]);
  return value;
}

function applicationOrgGroup(org: OrgMsp): common.ConfigGroup {
  const group = newGroup();
  for (const name of ORG_SUB_POLICY_NAMES) putPolicy(group, name, signaturePolicy(orgSubPolicy(org.mspId, name)));
  putValue(group, 'MSP', mspConfig(org));
  return group;
}

function applicationGroup(input: ChannelConfigInput): common.ConfigGroup {
  const group = newGroup();
  const policies = { ...DEFAULT_APPLICATION_POLICIES, ...input.applicationPolicies };
  for (const [name, rule] of Object.entries(policies)) putPolicy(group, name, implicitMetaPolicyOf(rule));
  putValue(group, 'Capabilities', capabilities('V2_5'));
  for (const org of input.orgs) group.getGroupsMap().set(org.mspId, applicationOrgGroup(org));
  return group;
}

function consensusType(consensus: ConsensusConfig): orderer.ConsensusType {
  const value = new orderer.ConsensusType();
  value.setType(consensus.type);
  if (consensus.type === 'etcdraft') {
    // fabric-samples EtcdRaft options.
    const options = new orderer.etcdraft.Options();
    options.setTickInterval('500ms');
    options.setElectionTick(10);
    options.setHeartbeatTick(1);
    options.setMaxInflightBlocks(5);
    options.setSnapshotIntervalSize(16 * 1024 * 1024);
    const metadata = new orderer.etcdraft.ConfigMetadata();
    metadata.setOptions(options);
    metadata.setConsentersList(
      consensus.consenters.map((spec) => {
        const consenter = new orderer.etcdraft.Consenter();
        consenter.setHost(spec.host);
        consenter.setPort(spec.port);
        consenter.setClientTlsCert(Buffer.from(spec.clientTlsCertPem, 'utf8'));
        consenter.setServerTlsCert(Buffer.from(spec.serverTlsCertPem, 'utf8'));
        return consenter;
      }),
    );
    value.setMetadata(metadata.serializeBinary());
  }
  return value;
}

/** The orderer refuses zero sizes, a non-positive timeout and preferred > absolute; fail here instead. */
function checkBatch(batch: BatchConfig) {
  for (const [name, value] of Object.entries(batch)) {
    if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`batch ${name} must be a positive integer`);
  }
  if (batch.preferredMaxBytes > batch.absoluteMaxBytes) {
    throw new RangeError('batch preferredMaxBytes must not exceed absoluteMaxBytes');
  }
}

function ordererGroup(input: ChannelConfigInput): common.ConfigGroup {
  const { batch } = input;
  checkBatch(batch);
  const group = newGroup();
  putStandardPolicies(group);
  putPolicy(group, 'BlockValidation', implicitMetaPolicy('ANY', 'Writers'));
  const batchSize = new orderer.BatchSize();
  batchSize.setMaxMessageCount(batch.maxMessageCount);
  batchSize.setAbsoluteMaxBytes(batch.absoluteMaxBytes);
  batchSize.setPreferredMaxBytes(batch.preferredMaxBytes);
  putValue(group, 'BatchSize', batchSize);
  const batchTimeout = new orderer.BatchTimeout();
  batchTimeout.setTimeout(goDuration(batch.batchTimeoutMs));
  putValue(group, 'BatchTimeout', batchTimeout);
  putValue(group, 'ChannelRestrictions', new orderer.ChannelRestrictions());
  putValue(group, 'Capabilities', capabilities('V2_0'));
  putValue(group, 'ConsensusType', consensusType(input.consensus ?? { type: 'solo' }));

  const org = input.ordererOrg;
  const orgGroup = newGroup();
  // fabric-samples OrdererOrg: Readers and Writers OR('<msp>.member'), Admins OR('<msp>.admin').
  const member = signaturePolicy(outOf(1, [signedBy(org.mspId, 'member')]));
  putPolicy(orgGroup, 'Readers', member);
  putPolicy(orgGroup, 'Writers', member);
  putPolicy(orgGroup, 'Admins', signaturePolicy(outOf(1, [signedBy(org.mspId, 'admin')])));
  putValue(orgGroup, 'MSP', mspConfig(org));
  putValue(orgGroup, 'Endpoints', ordererAddresses(input.ordererAddresses));
  group.getGroupsMap().set(org.mspId, orgGroup);
  return group;
}

/**
 * The root /Channel group of an application channel, shaped like configtxgen's output for a fabric-samples
 * profile: SHA256 hashing, MaxUint32 data hashing width, V2_0 channel and orderer capabilities, V2_5 application
 * capabilities, ImplicitMeta policies at group level and role-based signature policies per org.
 */
export function channelGroup(input: ChannelConfigInput): common.ConfigGroup {
  if (input.ordererAddresses.length === 0) throw new RangeError('at least one orderer address is required');
  const group = newGroup();
  putStandardPolicies(group);
  const hashing = new common.HashingAlgorithm();
  hashing.setName('SHA256');
  putValue(group, 'HashingAlgorithm', hashing);
  const dataHashing = new common.BlockDataHashingStructure();
  dataHashing.setWidth(MAX_UINT32);
  putValue(group, 'BlockDataHashingStructure', dataHashing);
  putValue(group, 'OrdererAddresses', ordererAddresses(input.ordererAddresses), ORDERER_ADMINS);
  putValue(group, 'Capabilities', capabilities('V2_0'));
  group.getGroupsMap().set('Orderer', ordererGroup(input));
  group.getGroupsMap().set('Application', applicationGroup(input));
  return group;
}
