import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { gateway as gatewayProtos } from '@hyperledger/fabric-protos';
import { Gateway, Wallets, type BlockEvent, type CommitEvent, type X509Identity } from 'fabric-network';
import { parse as parseYaml } from 'yaml';
import { findExample, loadTopology, nodeCryptoSigner, startDevnet, type Devnet } from '@scenechain/devnet';
import { REPO_ROOT, startTestDevnet } from '../support/devnet';
import { connectClient } from '../support/fabric-client';
import { freePortOffset } from '../support/ports';

const TOPOLOGY = path.join(REPO_ROOT, 'test', 'fixtures', 'topology', 'devnet-two-channels.yaml');
const CHANNEL = 'testchannel';
/** Every port of the test-network example: orderer (+admin, operations), two peers (+chaincode, operations), two CAs. */
const TEST_NETWORK_PORTS = [7050, 7053, 9443, 7051, 7052, 9444, 9051, 9052, 9445, 7054, 8054];

/** A profile as the JSON and YAML files hold it; only the parts the tests read are typed. */
interface Profile {
  name: string;
  version: string;
  client: { organization: string; connection: { timeout: { peer: { endorser: string } } } };
  organizations: Record<string, { mspid: string; peers: string[]; certificateAuthorities?: string[] }>;
  peers: Record<string, { url: string; tlsCACerts?: { pem: string }; grpcOptions: Record<string, string> }>;
  certificateAuthorities?: Record<
    string,
    { url: string; caName: string; tlsCACerts: { pem: string[] }; httpOptions: { verify: boolean } }
  >;
  orderers?: Record<string, unknown>;
  channels?: Record<string, unknown>;
}

/** Reads an org's two profile files, checks they say the same, and returns the profile. */
function readProfiles(net: Devnet, mspId: string): { profile: Profile; json: string; yaml: string } {
  const files = net.connectionProfiles.find((candidate) => candidate.mspId === mspId);
  if (!files) throw new Error(`no connection profile for ${mspId}`);
  const profile = JSON.parse(readFileSync(files.json, 'utf8')) as Profile;
  expect(parseYaml(readFileSync(files.yaml, 'utf8'))).to.deep.equal(profile);
  return { profile, ...files };
}

function orgFolder(net: Devnet, domain: string): string {
  return path.join(net.cryptoDir, 'peerOrganizations', domain);
}

/** fabric-common's ServiceEndpoint.connected (set once its gRPC channel is ready; not in its typings). */
const isConnected = (endpoint: object): boolean => (endpoint as { connected?: boolean }).connected === true;

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const portOf = (endpoint: string): number => Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));

describe('dev network: connection profiles (connection-<org>.json/.yaml, as the test network writes them)', function () {
  this.timeout(180_000);

  describe('the test-network look-alike', () => {
    let net: Devnet | undefined;
    let dataDir: string;
    let offset: number;

    before(async () => {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-ccp-'));
      offset = await freePortOffset(TEST_NETWORK_PORTS);
      net = await startDevnet({
        topology: loadTopology(findExample('test-network').topologyFile),
        dataDir,
        cryptoDir: path.join(dataDir, 'organizations'),
        portOffset: offset,
        launch: 'lazy',
      });
    });
    after(async () => {
      await net?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it("writes organizations/peerOrganizations/orgN.example.com/connection-orgN.json and .yaml with ccp-template's shape", () => {
      for (const [n, caPort] of [
        [1, 7054],
        [2, 8054],
      ]) {
        const mspId = `Org${n}MSP`;
        const folder = path.join(dataDir, 'organizations', 'peerOrganizations', `org${n}.example.com`);
        const { profile, json, yaml } = readProfiles(net!, mspId);
        expect([json, yaml]).to.deep.equal([
          path.join(folder, `connection-org${n}.json`),
          path.join(folder, `connection-org${n}.yaml`),
        ]);
        const peerName = `peer0.org${n}.example.com`;
        const caHost = `ca.org${n}.example.com`;
        expect(profile).to.deep.equal({
          name: `test-network-org${n}`,
          version: '1.0.0',
          client: { organization: `Org${n}`, connection: { timeout: { peer: { endorser: '300' } } } },
          organizations: { [`Org${n}`]: { mspid: mspId, peers: [peerName], certificateAuthorities: [caHost] } },
          peers: {
            [peerName]: {
              url: `grpcs://localhost:${portOf(net!.org(mspId).endpoint)}`,
              tlsCACerts: {
                pem: readFileSync(path.join(folder, 'tlsca', `tlsca.org${n}.example.com-cert.pem`), 'utf8'),
              },
              grpcOptions: { 'ssl-target-name-override': peerName, hostnameOverride: peerName },
            },
          },
          certificateAuthorities: {
            [caHost]: {
              url: `https://localhost:${caPort + offset}`,
              caName: `ca-org${n}`,
              // The CA serves HTTPS with a certificate from the org's TLS CA.
              tlsCACerts: {
                pem: [readFileSync(path.join(folder, 'tlsca', `tlsca.org${n}.example.com-cert.pem`), 'utf8')],
              },
              httpOptions: { verify: false },
            },
          },
        });
        // The peer port is the test network's, moved by the port offset like every port.
        expect(profile.peers[peerName].url).to.equal(`grpcs://localhost:${(n === 1 ? 7051 : 9051) + offset}`);
        // The TLS CA in the profile is the one that issued the peer's certificate.
        expect(profile.peers[peerName].tlsCACerts!.pem).to.equal(net!.org(mspId).tlsRootCertPem);
      }
    });
  });

  describe('a network with three orgs and two channels', () => {
    let net: Awaited<ReturnType<typeof startTestDevnet>>;

    before(async () => {
      net = await startTestDevnet({ topologyFile: TOPOLOGY, launch: 'lazy' });
    });
    after(async () => {
      await net?.dispose();
    });

    it("writes one profile per org into the org's folder, naming no CA where the org runs none", () => {
      expect(net.connectionProfiles.map((files) => files.mspId)).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
      for (const org of net.topology.orgs) {
        const label = org.domain.split('.')[0];
        const { profile, json } = readProfiles(net, org.mspId);
        expect(json).to.equal(path.join(orgFolder(net, org.domain), `connection-${label}.json`));
        expect(profile.name).to.equal(`devnet-two-channels-${label}`);
        expect(Object.keys(profile.peers)).to.deep.equal([`peer0.${org.domain}`]);
        expect(profile.peers[`peer0.${org.domain}`].url).to.equal(
          `grpcs://localhost:${portOf(net.endpoint(org.mspId))}`,
        );
        // This topology declares no Fabric CA: a profile names only a CA that answers.
        expect(profile).not.to.have.property('certificateAuthorities');
        expect(profile.organizations[org.name]).not.to.have.property('certificateAuthorities');
        // As in fabric-samples: discovery finds orderers and channels, the profile names none.
        expect(profile).not.to.have.property('orderers');
        expect(profile).not.to.have.property('channels');
      }
    });

    it('lets the legacy fabric-network 2.2 SDK connect, broadcast to the orderer and hear the commit', async () => {
      // As an application with discovery off: the written profile plus the orderer and channel it would list.
      const { profile } = readProfiles(net, 'Org1MSP');
      const orderer = net.orderers[0];
      const peerName = Object.keys(profile.peers)[0];
      const withChannel: Profile = {
        ...profile,
        orderers: {
          [orderer.hostAlias]: {
            url: `grpcs://localhost:${portOf(orderer.endpoint)}`,
            tlsCACerts: { pem: orderer.tlsRootCertPem },
            grpcOptions: { 'ssl-target-name-override': orderer.hostAlias },
          },
        },
        channels: { [CHANNEL]: { orderers: [orderer.hostAlias], peers: { [peerName]: { eventSource: true } } } },
      };
      const user = net.identity('Org1MSP');
      const wallet = await Wallets.newInMemoryWallet();
      const identity: X509Identity = {
        type: 'X.509',
        mspId: user.mspId,
        credentials: { certificate: user.certPem, privateKey: user.keyPem },
      };
      await wallet.put('User1', identity);
      const legacy = new Gateway();
      const modern = connectClient(net, 'Org1MSP');
      try {
        await legacy.connect(withChannel as unknown as Record<string, unknown>, {
          wallet,
          identity: 'User1',
          discovery: { enabled: false },
        });
        const network = await legacy.getNetwork(CHANNEL);
        const channel = network.getChannel();
        // Connected: the SDK reached each endpoint over TLS with the profile's CA and host name override.
        expect(channel.getEndorsers().map((endorser) => [endorser.name, isConnected(endorser)])).to.deep.equal([
          [peerName, true],
        ]);
        const [committer] = channel.getCommitters();
        expect([committer.name, isConnected(committer)]).to.deep.equal([orderer.hostAlias, true]);

        // A transaction endorsed by the gateway client; the legacy SDK's own orderer client broadcasts it.
        const transaction = await modern
          .contract(CHANNEL, 'probe')
          .newProposal('put', { arguments: ['legacy-sdk', 'broadcast'] })
          .endorse();
        const envelope = gatewayProtos.PreparedTransaction.deserializeBinary(transaction.getBytes()).getEnvelope()!;
        const signature = await nodeCryptoSigner(user.keyPem)(envelope.getPayload_asU8());
        const txId = transaction.getTransactionId();

        // Both listeners are registered (their Deliver streams open) before the broadcast.
        const commit = deferred<CommitEvent>();
        await network.addCommitListener(
          (error, event) => (error ? commit.reject(error) : commit.resolve(event!)),
          channel.getEndorsers(),
          txId,
        );
        const block = deferred<BlockEvent>();
        const blockListener = await network.addBlockListener(
          async (event) => {
            if (event.getTransactionEvents().some((tx) => tx.transactionId === txId)) block.resolve(event);
          },
          { type: 'full', startBlock: net.height(CHANNEL) },
        );
        // fabric-common takes the envelope as a plain message object (its typing says Buffer).
        const legacyEnvelope = { payload: Buffer.from(envelope.getPayload_asU8()), signature: Buffer.from(signature) };
        const response = (await committer.sendBroadcast(legacyEnvelope as unknown as Buffer, 30_000)) as {
          status: string;
          info: string;
        };
        expect(response.status).to.equal('SUCCESS');

        const commitEvent = await commit.promise;
        expect([commitEvent.transactionId, commitEvent.status, commitEvent.isValid]).to.deep.equal([
          txId,
          'VALID',
          true,
        ]);
        const blockEvent = await block.promise;
        network.removeBlockListener(blockListener);
        expect(blockEvent.blockNumber.toNumber()).to.equal(commitEvent.getBlockEvent().blockNumber.toNumber());
        const value = await modern.contract(CHANNEL, 'probe').evaluateTransaction('get', 'legacy-sdk');
        expect(new TextDecoder().decode(value)).to.equal('broadcast');
      } finally {
        legacy.disconnect();
        modern.close();
      }
    });
  });

  it('plaintext networks (--no-tls) get grpc:// peer URLs and no peer TLS CA', async () => {
    const net = await startTestDevnet({ topologyFile: TOPOLOGY, launch: 'lazy', tls: { enabled: false } });
    try {
      const { profile } = readProfiles(net, 'Org2MSP');
      expect(profile.peers['peer0.org2.example.com']).to.deep.equal({
        url: `grpc://localhost:${portOf(net.endpoint('Org2MSP'))}`,
        grpcOptions: {
          'ssl-target-name-override': 'peer0.org2.example.com',
          hostnameOverride: 'peer0.org2.example.com',
        },
      });
      expect(net.orderers[0].tlsRootCertPem).to.equal(undefined);
    } finally {
      await net.dispose();
    }
  });
});
