import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadCollectionsConfig } from '../../network/devnet/src/topology/collections';
import { loadTopology, validateTopology } from '../../network/devnet/src/topology/load';
import { startTestDevnet } from '../support/devnet';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const channel = { name: 'testchannel', orgs: ['Org1MSP', 'Org2MSP'], policies: {} };
const valid = { name: 'shared', policy: "OR('Org1MSP.member', 'Org2MSP.member')" };

describe('devnet topology: private data collections files', () => {
  let dir: string;
  const write = (content: unknown): string => {
    const file = path.join(dir, `collections-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  const refusal = (content: unknown): string => {
    const file = write(content);
    try {
      loadCollectionsConfig(file, channel, 'probe');
    } catch (err) {
      const message = (err as Error).message;
      expect(message).to.include(`collections config ${file} of chaincode probe on channel testchannel`);
      return message;
    }
    throw new Error('expected the collections file to be refused');
  };

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-collections-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reads Fabric's collections_config.json with the peer CLI's defaults", () => {
    const [shared, strict] = loadCollectionsConfig(
      write([
        valid,
        {
          name: 'strict',
          policy: "OR('Org1MSP.member')",
          requiredPeerCount: 1,
          maxPeerCount: 3,
          blockToLive: 100,
          memberOnlyRead: true,
          memberOnlyWrite: true,
          endorsementPolicy: { signaturePolicy: "AND('Org1MSP.peer', 'Org2MSP.peer')" },
        },
      ]),
      channel,
      'probe',
    );
    expect(shared).to.include({
      name: 'shared',
      requiredPeerCount: 0,
      maxPeerCount: 1,
      blockToLive: 0,
      memberOnlyRead: false,
      memberOnlyWrite: false,
    });
    expect(shared.endorsementPolicy).to.equal(undefined);
    expect(strict).to.include({ requiredPeerCount: 1, maxPeerCount: 3, blockToLive: 100, memberOnlyRead: true });
    expect(strict.endorsementPolicy).to.deep.equal({ signature: "AND('Org1MSP.peer', 'Org2MSP.peer')" });
  });

  it("accepts the repository's collections files and the test fixture's", () => {
    const topologies = [
      path.join(REPO_ROOT, 'network', 'topology.yaml'),
      path.join(REPO_ROOT, 'test', 'fixtures', 'topology', 'devnet-private-data.yaml'),
    ];
    const checked: string[] = [];
    for (const file of topologies) {
      for (const spec of loadTopology(file, REPO_ROOT).channels) {
        for (const chaincode of spec.chaincodes.filter((c) => c.collectionsConfig)) {
          const collections = loadCollectionsConfig(
            path.join(REPO_ROOT, chaincode.collectionsConfig!),
            spec,
            chaincode.name,
          );
          checked.push(...collections.map((collection) => `${chaincode.name}/${collection.name}`));
        }
      }
    }
    expect(checked).to.include.members(['gov-records/subjectIdentities', 'private/shared', 'private/dual']);
  });

  it('refuses what Fabric refuses, naming the file, chaincode and channel', () => {
    expect(refusal('[{')).to.match(/^invalid collections config .*:\n {2}not valid JSON: /);
    expect(refusal({ ...valid })).to.include('(root): Invalid input: expected array');
    expect(refusal([valid, valid])).to.include(
      'collection-name: shared -- found duplicate in collection configuration',
    );
    expect(refusal([{ ...valid, name: '_hidden' }])).to.include(
      "invalid collection name '_hidden'. Names can only consist of alphanumerics, '_', and '-' and cannot begin with '_'",
    );
    expect(refusal([{ ...valid, requiredPeerCount: 2, maxPeerCount: 1 }])).to.include(
      'collection-name: shared -- maximum peer count (1) cannot be less than the required peer count (2)',
    );
    expect(refusal([{ ...valid, requiredPeerCount: -1 }])).to.include(
      'collection-name: shared -- requiredPeerCount (-1) cannot be less than zero',
    );
    expect(refusal([{ ...valid, policy: "AND('Org1MSP.member', 'Org2MSP.member')" }])).to.include(
      'collection-name: shared -- error in member org policy: signature policy is not an OR concatenation, NOutOf 2',
    );
    expect(refusal([{ ...valid, policy: "OR('Org9MSP.member')" }])).to.include(
      "collection-name: shared -- collection member 'Org9MSP' is not part of the channel",
    );
    expect(refusal([{ ...valid, policy: "OR('Org1MSP.member'" }])).to.include(`invalid policy OR('Org1MSP.member'`);
    expect(
      refusal([
        {
          ...valid,
          endorsementPolicy: { signaturePolicy: "OR('Org1MSP.peer')", channelConfigPolicy: '/Channel/Application/X' },
        },
      ]),
    ).to.include('cannot specify both "--signature-policy" and "--channel-config-policy"');
    expect(refusal([{ ...valid, endorsementPolicy: { channelConfigPolicy: '/Channel/Application/Nope' } }])).to.include(
      "channel testchannel has no Application policy 'Nope'",
    );
    expect(refusal([{ ...valid, blockToLive: -1 }])).to.include('0.blockToLive');
    expect(refusal([{ ...valid, blocktolive: 3 }])).to.include('0: Unrecognized key: "blocktolive"');
  });

  it('reports a missing file', () => {
    const file = path.join(dir, 'absent.json');
    expect(() => loadCollectionsConfig(file, channel, 'probe')).to.throw(
      `cannot read collections config ${file} of chaincode probe on channel testchannel: no such file`,
    );
  });

  it('stops the dev network from starting with a bad collections file, naming it', async () => {
    const file = write([valid, valid]);
    const topology = validateTopology(
      {
        name: 't',
        ordererOrg: {
          name: 'Orderer',
          mspId: 'OrdererMSP',
          domain: 'example.com',
          orderers: [{ name: 'o', port: 7050 }],
        },
        orgs: [
          { name: 'Org1', mspId: 'Org1MSP', domain: 'org1.example.com', peers: [{ name: 'peer0', port: 7051 }] },
          { name: 'Org2', mspId: 'Org2MSP', domain: 'org2.example.com', peers: [{ name: 'peer0', port: 9051 }] },
        ],
        channels: [
          {
            name: 'testchannel',
            orgs: ['Org1MSP', 'Org2MSP'],
            chaincodes: [{ name: 'probe', version: '1', path: 'cc', collectionsConfig: path.basename(file) }],
          },
        ],
      },
      dir,
    );
    const error = await startTestDevnet({ topology, dataDir: path.join(dir, 'net') }).then(
      async (net) => {
        await net.dispose();
        return new Error('the dev network started');
      },
      (err: Error) => err,
    );
    expect(error.message).to.include(`invalid collections config ${file} of chaincode probe on channel testchannel`);
    expect(error.message).to.include('collection-name: shared -- found duplicate in collection configuration');
  });
});
