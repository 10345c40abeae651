import 'reflect-metadata';
import { createHash, generateKeyPairSync, sign, verify, webcrypto } from 'node:crypto';
import { common, msp, orderer } from '@hyperledger/fabric-protos';
import * as x509 from '@peculiar/x509';
import { expect } from 'chai';
import {
  blockDataHash,
  blockHeaderBytes,
  buildGenesisBlock,
  headerFields,
  type GenesisBlockInput,
} from '../../network/devnet/src/block';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

async function selfSignedCa(commonName: string): Promise<string> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, false, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: `CN=${commonName}`,
      keys,
      signingAlgorithm: algorithm,
      notBefore: new Date(),
      notAfter: new Date(Date.now() + 86_400_000),
    },
    webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1],
  );
  return cert.toString('pem');
}

interface Parsed {
  block: common.Block;
  envelope: common.Envelope;
  payload: common.Payload;
  channelHeader: common.ChannelHeader;
  signatureHeader: common.SignatureHeader;
  config: common.Config;
}

function parse(block: common.Block): Parsed {
  const reparsed = common.Block.deserializeBinary(block.serializeBinary());
  const envelope = common.Envelope.deserializeBinary(reparsed.getData()!.getDataList_asU8()[0]);
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
  const signatureHeader = common.SignatureHeader.deserializeBinary(payload.getHeader()!.getSignatureHeader_asU8());
  const config = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig()!;
  return { block: reparsed, envelope, payload, channelHeader, signatureHeader, config };
}

function value(group: common.ConfigGroup, key: string): common.ConfigValue {
  const found = group.getValuesMap().get(key);
  expect(found, `value ${key}`).to.not.equal(undefined);
  return found!;
}

function policy(group: common.ConfigGroup, name: string): common.ConfigPolicy {
  const found = group.getPoliciesMap().get(name);
  expect(found, `policy ${name}`).to.not.equal(undefined);
  return found!;
}

function implicitMeta(group: common.ConfigGroup, name: string): string {
  const configPolicy = policy(group, name).getPolicy()!;
  expect(configPolicy.getType()).to.equal(common.Policy.PolicyType.IMPLICIT_META);
  const meta = common.ImplicitMetaPolicy.deserializeBinary(configPolicy.getValue_asU8());
  const rule = Object.entries(common.ImplicitMetaPolicy.Rule).find(([, code]) => code === meta.getRule())![0];
  return `${rule} ${meta.getSubPolicy()}`;
}

const ROLE_NAMES = ['member', 'admin', 'client', 'peer', 'orderer'];

/** Reads a 1-out-of-n signature policy back as "OR(msp.role, ...)" straight from the protos. */
function signaturePolicyText(group: common.ConfigGroup, name: string): string {
  const configPolicy = policy(group, name).getPolicy()!;
  expect(configPolicy.getType()).to.equal(common.Policy.PolicyType.SIGNATURE);
  const envelope = common.SignaturePolicyEnvelope.deserializeBinary(configPolicy.getValue_asU8());
  expect(envelope.getVersion()).to.equal(0);
  const principals = envelope.getIdentitiesList().map((principal) => {
    expect(principal.getPrincipalClassification()).to.equal(msp.MSPPrincipal.Classification.ROLE);
    const role = msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8());
    return `${role.getMspIdentifier()}.${ROLE_NAMES[role.getRole()]}`;
  });
  const outOf = envelope.getRule()!.getNOutOf()!;
  expect(outOf.getN()).to.equal(1);
  const rules = outOf.getRulesList().map((rule) => {
    expect(rule.getTypeCase()).to.equal(common.SignaturePolicy.TypeCase.SIGNED_BY);
    return principals[rule.getSignedBy()];
  });
  return `OR(${rules.join(', ')})`;
}

/** Fabric's config parser refuses value keys it does not know, so each group must hold exactly these. */
function valueKeys(group: common.ConfigGroup): string[] {
  return group
    .getValuesMap()
    .getEntryList()
    .map(([key]) => key)
    .sort();
}

function groupNames(group: common.ConfigGroup): string[] {
  return group
    .getGroupsMap()
    .getEntryList()
    .map(([name]) => name)
    .sort();
}

function capabilities(group: common.ConfigGroup): string[] {
  const decoded = common.Capabilities.deserializeBinary(value(group, 'Capabilities').getValue_asU8());
  return decoded
    .getCapabilitiesMap()
    .getEntryList()
    .map(([name]) => name);
}

describe('buildGenesisBlock', () => {
  let input: GenesisBlockInput;

  before(async () => {
    const [org1, org1Tls, org2, org2Tls, ord, ordTls] = await Promise.all(
      ['ca.org1', 'tlsca.org1', 'ca.org2', 'tlsca.org2', 'ca.orderer', 'tlsca.orderer'].map(selfSignedCa),
    );
    input = {
      channelName: 'mychannel',
      orgs: [
        { mspId: 'Org1MSP', rootCertPem: org1, tlsRootCertPem: org1Tls },
        { mspId: 'Org2MSP', rootCertPem: org2, tlsRootCertPem: org2Tls },
      ],
      ordererOrg: { mspId: 'OrdererMSP', rootCertPem: ord, tlsRootCertPem: ordTls },
      ordererAddresses: ['127.0.0.1:7050'],
      batch: {
        maxMessageCount: 500,
        absoluteMaxBytes: 10 * 1024 * 1024,
        preferredMaxBytes: 2 * 1024 * 1024,
        batchTimeoutMs: 2000,
      },
      timestamp: new Date('2025-03-01T12:00:00.750Z'),
    };
  });

  it('is block 0 with one CONFIG transaction for the channel, unsigned as configtxgen writes it', () => {
    const { block, envelope, channelHeader, signatureHeader } = parse(buildGenesisBlock(input));
    const header = block.getHeader()!;
    expect(header.getNumber()).to.equal(0);
    expect(header.getPreviousHash_asU8()).to.have.length(0);
    expect(hex(header.getDataHash_asU8())).to.equal(hex(blockDataHash(block.getData()!.getDataList_asU8())));
    expect(block.getData()!.getDataList()).to.have.length(1);
    expect(channelHeader.getType()).to.equal(common.HeaderType.CONFIG);
    expect(channelHeader.getChannelId()).to.equal('mychannel');
    expect(channelHeader.getVersion()).to.equal(1);
    expect(channelHeader.getEpoch()).to.equal(0);
    expect(channelHeader.getTimestamp()!.getSeconds()).to.equal(Date.parse('2025-03-01T12:00:00Z') / 1000);
    expect(channelHeader.getTimestamp()!.getNanos()).to.equal(0);
    expect(signatureHeader.getCreator_asU8()).to.have.length(0);
    expect(signatureHeader.getNonce_asU8()).to.have.length(24);
    const txId = createHash('sha256').update(signatureHeader.getNonce_asU8()).digest('hex');
    expect(channelHeader.getTxId()).to.equal(txId);
    expect(envelope.getSignature_asU8()).to.have.length(0);
  });

  it('carries configtxgen metadata plus the VALID filter a joining peer adds', () => {
    const entries = parse(buildGenesisBlock(input)).block.getMetadata()!.getMetadataList_asU8();
    expect(entries).to.have.length(5);
    const signatures = common.Metadata.deserializeBinary(entries[common.BlockMetadataIndex.SIGNATURES]);
    expect(hex(signatures.getValue_asU8())).to.equal('0a00'); // OrdererBlockMetadata{last_config{index 0}}
    expect(signatures.getSignaturesList()).to.have.length(0);
    expect(entries[common.BlockMetadataIndex.LAST_CONFIG]).to.have.length(0); // Metadata{LastConfig{0}} is empty
    expect([...entries[common.BlockMetadataIndex.TRANSACTIONS_FILTER]]).to.deep.equal([0]);
    expect(entries[common.BlockMetadataIndex.COMMIT_HASH]).to.have.length(0);
  });

  it('holds a channel config with sequence 0 and the channel-level values Fabric requires', () => {
    const { config } = parse(buildGenesisBlock(input));
    expect(config.getSequence()).to.equal(0);
    const channel = config.getChannelGroup()!;
    expect(channel.getModPolicy()).to.equal('Admins');
    expect(groupNames(channel)).to.deep.equal(['Application', 'Orderer']);
    expect(
      common.HashingAlgorithm.deserializeBinary(value(channel, 'HashingAlgorithm').getValue_asU8()).getName(),
    ).to.equal('SHA256');
    const width = common.BlockDataHashingStructure.deserializeBinary(
      value(channel, 'BlockDataHashingStructure').getValue_asU8(),
    );
    expect(width.getWidth()).to.equal(4294967295);
    const addresses = value(channel, 'OrdererAddresses');
    expect(common.OrdererAddresses.deserializeBinary(addresses.getValue_asU8()).getAddressesList()).to.deep.equal([
      '127.0.0.1:7050',
    ]);
    expect(addresses.getModPolicy()).to.equal('/Channel/Orderer/Admins');
    expect(capabilities(channel)).to.deep.equal(['V2_0']);
    expect(valueKeys(channel)).to.deep.equal([
      'BlockDataHashingStructure',
      'Capabilities',
      'HashingAlgorithm',
      'OrdererAddresses',
    ]);
    expect(implicitMeta(channel, 'Readers')).to.equal('ANY Readers');
    expect(implicitMeta(channel, 'Writers')).to.equal('ANY Writers');
    expect(implicitMeta(channel, 'Admins')).to.equal('MAJORITY Admins');
  });

  it('defines the application group with one MSP per org and fabric-samples policies', () => {
    const application = parse(buildGenesisBlock(input)).config.getChannelGroup()!.getGroupsMap().get('Application')!;
    expect(capabilities(application)).to.deep.equal(['V2_5']);
    expect(valueKeys(application)).to.deep.equal(['Capabilities']);
    expect(implicitMeta(application, 'Endorsement')).to.equal('MAJORITY Endorsement');
    expect(implicitMeta(application, 'LifecycleEndorsement')).to.equal('MAJORITY Endorsement');
    expect(implicitMeta(application, 'Admins')).to.equal('MAJORITY Admins');
    expect(groupNames(application)).to.deep.equal(['Org1MSP', 'Org2MSP']);
    input.orgs.forEach((org) => {
      const group = application.getGroupsMap().get(org.mspId)!;
      expect(valueKeys(group)).to.deep.equal(['MSP']);
      expect(group.getGroupsMap().getLength()).to.equal(0);
      expect(signaturePolicyText(group, 'Readers')).to.equal(
        `OR(${org.mspId}.admin, ${org.mspId}.peer, ${org.mspId}.client)`,
      );
      expect(signaturePolicyText(group, 'Writers')).to.equal(`OR(${org.mspId}.admin, ${org.mspId}.client)`);
      expect(signaturePolicyText(group, 'Admins')).to.equal(`OR(${org.mspId}.admin)`);
      expect(signaturePolicyText(group, 'Endorsement')).to.equal(`OR(${org.mspId}.peer)`);
      const mspValue = msp.MSPConfig.deserializeBinary(value(group, 'MSP').getValue_asU8());
      expect(mspValue.getType()).to.equal(0);
      const fabric = msp.FabricMSPConfig.deserializeBinary(mspValue.getConfig_asU8());
      expect(fabric.getName()).to.equal(org.mspId);
      expect(fabric.getRootCertsList_asU8().map(text)).to.deep.equal([org.rootCertPem]);
      expect(fabric.getTlsRootCertsList_asU8().map(text)).to.deep.equal([org.tlsRootCertPem]);
      expect(fabric.getAdminsList()).to.have.length(0);
      expect(fabric.getCryptoConfig()!.getSignatureHashFamily()).to.equal('SHA2');
      expect(fabric.getCryptoConfig()!.getIdentityIdentifierHashFunction()).to.equal('SHA256');
      const nodeOUs = fabric.getFabricNodeOus()!;
      expect(nodeOUs.getEnable()).to.equal(true);
      const ous = [
        nodeOUs.getClientOuIdentifier(),
        nodeOUs.getPeerOuIdentifier(),
        nodeOUs.getAdminOuIdentifier(),
        nodeOUs.getOrdererOuIdentifier(),
      ];
      expect(ous.map((ou) => ou!.getOrganizationalUnitIdentifier())).to.deep.equal([
        'client',
        'peer',
        'admin',
        'orderer',
      ]);
      for (const ou of ous) expect(text(ou!.getCertificate_asU8())).to.equal(org.rootCertPem);
      expect(new x509.X509Certificate(fabric.getRootCertsList_asU8()[0]).subject).to.match(/^CN=ca\.org/);
    });
  });

  it('applies channel-specific application policies over the defaults', () => {
    const block = buildGenesisBlock({ ...input, applicationPolicies: { Endorsement: 'ANY Endorsement' } });
    const application = parse(block).config.getChannelGroup()!.getGroupsMap().get('Application')!;
    expect(implicitMeta(application, 'Endorsement')).to.equal('ANY Endorsement');
    expect(implicitMeta(application, 'Readers')).to.equal('ANY Readers');
    expect(() => buildGenesisBlock({ ...input, applicationPolicies: { Endorsement: 'MOST Endorsement' } })).to.throw(
      /MOST/,
    );
  });

  it('defines the orderer group: solo by default, batch limits, BlockValidation and the orderer org', () => {
    const ordererGroup = parse(buildGenesisBlock(input)).config.getChannelGroup()!.getGroupsMap().get('Orderer')!;
    const consensus = orderer.ConsensusType.deserializeBinary(value(ordererGroup, 'ConsensusType').getValue_asU8());
    expect(consensus.getType()).to.equal('solo');
    expect(valueKeys(ordererGroup)).to.deep.equal([
      'BatchSize',
      'BatchTimeout',
      'Capabilities',
      'ChannelRestrictions',
      'ConsensusType',
    ]);
    expect(consensus.getMetadata_asU8()).to.have.length(0);
    const batchSize = orderer.BatchSize.deserializeBinary(value(ordererGroup, 'BatchSize').getValue_asU8());
    expect([
      batchSize.getMaxMessageCount(),
      batchSize.getAbsoluteMaxBytes(),
      batchSize.getPreferredMaxBytes(),
    ]).to.deep.equal([500, 10 * 1024 * 1024, 2 * 1024 * 1024]);
    expect(
      orderer.BatchTimeout.deserializeBinary(value(ordererGroup, 'BatchTimeout').getValue_asU8()).getTimeout(),
    ).to.equal('2s');
    expect(value(ordererGroup, 'ChannelRestrictions').getValue_asU8()).to.have.length(0);
    expect(capabilities(ordererGroup)).to.deep.equal(['V2_0']);
    expect(implicitMeta(ordererGroup, 'BlockValidation')).to.equal('ANY Writers');
    const org = ordererGroup.getGroupsMap().get('OrdererMSP')!;
    expect(valueKeys(org)).to.deep.equal(['Endpoints', 'MSP']);
    expect(signaturePolicyText(org, 'Readers')).to.equal('OR(OrdererMSP.member)');
    expect(signaturePolicyText(org, 'Writers')).to.equal('OR(OrdererMSP.member)');
    expect(signaturePolicyText(org, 'Admins')).to.equal('OR(OrdererMSP.admin)');
    expect(
      common.OrdererAddresses.deserializeBinary(value(org, 'Endpoints').getValue_asU8()).getAddressesList(),
    ).to.deep.equal(['127.0.0.1:7050']);
    const mspConfig = msp.MSPConfig.deserializeBinary(value(org, 'MSP').getValue_asU8());
    expect(msp.FabricMSPConfig.deserializeBinary(mspConfig.getConfig_asU8()).getName()).to.equal('OrdererMSP');
  });

  it('writes etcdraft consenters when asked for raft', () => {
    const consenter = { host: '127.0.0.1', port: 7050, clientTlsCertPem: 'client-pem', serverTlsCertPem: 'server-pem' };
    const block = buildGenesisBlock({ ...input, consensus: { type: 'etcdraft', consenters: [consenter] } });
    const ordererGroup = parse(block).config.getChannelGroup()!.getGroupsMap().get('Orderer')!;
    const consensus = orderer.ConsensusType.deserializeBinary(value(ordererGroup, 'ConsensusType').getValue_asU8());
    expect(consensus.getType()).to.equal('etcdraft');
    const metadata = orderer.etcdraft.ConfigMetadata.deserializeBinary(consensus.getMetadata_asU8());
    const [decoded] = metadata.getConsentersList();
    expect([
      decoded.getHost(),
      decoded.getPort(),
      text(decoded.getClientTlsCert_asU8()),
      text(decoded.getServerTlsCert_asU8()),
    ]).to.deep.equal(['127.0.0.1', 7050, 'client-pem', 'server-pem']);
    expect(metadata.getOptions()!.getTickInterval()).to.equal('500ms');
  });

  it('refuses batch limits the orderer would reject', () => {
    const batch = { ...input.batch, preferredMaxBytes: input.batch.absoluteMaxBytes + 1 };
    expect(() => buildGenesisBlock({ ...input, batch })).to.throw(RangeError);
    expect(() => buildGenesisBlock({ ...input, batch: { ...input.batch, maxMessageCount: 0 } })).to.throw(RangeError);
    expect(() => buildGenesisBlock({ ...input, ordererAddresses: [] })).to.throw(RangeError);
  });

  it('is deterministic apart from the nonce', () => {
    const first = parse(buildGenesisBlock(input));
    const second = parse(buildGenesisBlock(input));
    expect(hex(first.payload.getData_asU8())).to.equal(hex(second.payload.getData_asU8()));
    expect(hex(first.signatureHeader.getNonce_asU8())).to.not.equal(hex(second.signatureHeader.getNonce_asU8()));
  });

  it('signs the config envelope and the block when given an orderer signer', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const serialized = Buffer.from('orderer identity');
    const signer = { serialized, sign: (message: Uint8Array) => sign('sha256', message, privateKey) };
    const { block, envelope, signatureHeader, channelHeader } = parse(buildGenesisBlock({ ...input, signer }));
    expect(hex(signatureHeader.getCreator_asU8())).to.equal(hex(serialized));
    const txId = createHash('sha256').update(signatureHeader.getNonce_asU8()).update(serialized).digest('hex');
    expect(channelHeader.getTxId()).to.equal(txId);
    expect(verify('sha256', envelope.getPayload_asU8(), publicKey, envelope.getSignature_asU8())).to.equal(true);
    const metadata = common.Metadata.deserializeBinary(block.getMetadata()!.getMetadataList_asU8()[0]);
    const [signature] = metadata.getSignaturesList();
    const signed = Buffer.concat([
      metadata.getValue_asU8(),
      signature.getSignatureHeader_asU8(),
      blockHeaderBytes(headerFields(block)),
    ]);
    expect(verify('sha256', signed, publicKey, signature.getSignature_asU8())).to.equal(true);
  });
});
