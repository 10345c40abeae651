import { createHash, createPublicKey, verify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import type { Gateway } from 'fabric-network';
import { common, discovery, gossip, msp, peer } from '@hyperledger/fabric-protos';
import { nodeCryptoSigner, type ClientIdentityFiles, type Devnet } from '@scenechain/devnet';
import { connectLegacyGateway } from '../support/legacy-sdk';
import { connectClient } from '../support/fabric-client';
import { startTestDevnet } from '../support/devnet';
import { rawPeerClient, rawUnaryCall } from '../support/grpc-client';

type TestDevnet = Awaited<ReturnType<typeof startTestDevnet>>;

const DISCOVER = '/discovery.Discovery/Discover';
const CHANNEL = 'testchannel';

interface RequestOptions {
  identity?: ClientIdentityFiles;
  /** Replaces the signature over the request. */
  signature?: Uint8Array;
  /** The hash of the client's TLS certificate the request claims. */
  tlsCertHash?: Uint8Array;
  /** Leaves the authentication out. */
  noAuthentication?: boolean;
}

function serialized(identity: ClientIdentityFiles): Uint8Array {
  const id = new msp.SerializedIdentity();
  id.setMspid(identity.mspId);
  id.setIdBytes(Buffer.from(identity.certPem));
  return id.serializeBinary();
}

/** A discovery SignedRequest as Fabric's clients build one: the Request bytes signed by the client. */
async function signedRequest(
  net: Devnet,
  queries: discovery.Query[],
  options: RequestOptions = {},
): Promise<discovery.SignedRequest> {
  const identity = options.identity ?? net.identity('Org1MSP');
  const request = new discovery.Request();
  if (!options.noAuthentication) {
    const auth = new discovery.AuthInfo();
    auth.setClientIdentity(serialized(identity));
    if (options.tlsCertHash) auth.setClientTlsCertHash(options.tlsCertHash);
    request.setAuthentication(auth);
  }
  request.setQueriesList(queries);
  const payload = request.serializeBinary();
  const signed = new discovery.SignedRequest();
  signed.setPayload(payload);
  signed.setSignature(options.signature ?? (await nodeCryptoSigner(identity.keyPem)(payload)));
  return signed;
}

async function rawDiscover(net: Devnet, mspId: string, body: Uint8Array) {
  const client = rawPeerClient(net, mspId);
  try {
    const { error, response } = await rawUnaryCall(client, DISCOVER, body);
    return { error, response: response && discovery.Response.deserializeBinary(response) };
  } finally {
    client.close();
  }
}

async function discover(net: Devnet, queries: discovery.Query[], options: RequestOptions = {}, mspId = 'Org1MSP') {
  const { error, response } = await rawDiscover(
    net,
    mspId,
    (await signedRequest(net, queries, options)).serializeBinary(),
  );
  expect(error, error?.message).to.equal(undefined);
  return response!.getResultsList();
}

function query(channel: string, kind: 'config' | 'peers' | 'local' | discovery.ChaincodeQuery, filter?: string[]) {
  const q = new discovery.Query();
  q.setChannel(channel);
  if (kind === 'config') q.setConfigQuery(new discovery.ConfigQuery());
  else if (kind === 'local') q.setLocalPeers(new discovery.LocalPeerQuery());
  else if (kind === 'peers') {
    const peerQuery = new discovery.PeerMembershipQuery();
    if (filter) peerQuery.setFilter(interest(...filter));
    q.setPeerQuery(peerQuery);
  } else q.setCcQuery(kind);
  return q;
}

function interest(...chaincodes: string[]): peer.ChaincodeInterest {
  const result = new peer.ChaincodeInterest();
  result.setChaincodesList(
    chaincodes.map((name) => {
      const call = new peer.ChaincodeCall();
      call.setName(name);
      return call;
    }),
  );
  return result;
}

function ccQuery(...interests: peer.ChaincodeInterest[]): discovery.ChaincodeQuery {
  const result = new discovery.ChaincodeQuery();
  result.setInterestsList(interests);
  return result;
}

function errorOf(result: discovery.QueryResult): string | undefined {
  return result.getError()?.getContent();
}

interface PeerView {
  mspId: string;
  endpoint: string;
  ledgerHeight?: number;
  chaincodes?: string[];
}

/** A discovery Peer read as clients read it; its gossip envelopes must verify with the peer's own certificate. */
function peerView(entry: discovery.Peer): PeerView {
  const identity = msp.SerializedIdentity.deserializeBinary(entry.getIdentity_asU8());
  const key = createPublicKey(Buffer.from(identity.getIdBytes_asU8()).toString());
  const open = (envelope: gossip.Envelope | undefined) => {
    expect(envelope, 'gossip envelope').to.not.equal(undefined);
    expect(verify('sha256', envelope!.getPayload_asU8(), key, envelope!.getSignature_asU8())).to.equal(true);
    return gossip.GossipMessage.deserializeBinary(envelope!.getPayload_asU8());
  };
  const alive = open(entry.getMembershipInfo()).getAliveMsg()!;
  const pkiId = createHash('sha256').update(identity.getMspid()).update(identity.getIdBytes_asU8()).digest();
  expect(Buffer.from(alive.getMembership()!.getPkiId_asU8()).equals(pkiId)).to.equal(true);
  const view: PeerView = { mspId: identity.getMspid(), endpoint: alive.getMembership()!.getEndpoint() };
  if (entry.hasStateInfo()) {
    const properties = open(entry.getStateInfo()).getStateInfo()!.getProperties()!;
    view.ledgerHeight = properties.getLedgerHeight();
    view.chaincodes = properties.getChaincodesList().map((cc) => `${cc.getName()}:${cc.getVersion()}`);
  }
  return view;
}

function membersOf(result: discovery.QueryResult): Record<string, PeerView[]> {
  expect(errorOf(result)).to.equal(undefined);
  const byOrg: Record<string, PeerView[]> = {};
  for (const [mspId, peers] of result.getMembers()!.getPeersByOrgMap().entries()) {
    byOrg[mspId] = peers.getPeersList().map(peerView);
  }
  return byOrg;
}

/** A descriptor's layouts as sets of orgs, and the org of each group. */
function layoutsOf(descriptor: discovery.EndorsementDescriptor): string[][] {
  const orgOfGroup = new Map<string, string>();
  for (const [group, peers] of descriptor.getEndorsersByGroupsMap().entries()) {
    const orgs = peers.getPeersList().map((entry) => peerView(entry).mspId);
    expect(new Set(orgs).size).to.equal(1);
    orgOfGroup.set(group, orgs[0]);
  }
  return descriptor.getLayoutsList().map((layout) =>
    [...layout.getQuantitiesByGroupMap().entries()].map(([group, quantity]) => {
      expect(quantity).to.equal(1);
      return orgOfGroup.get(group)!;
    }),
  );
}

describe('discovery.Discovery/Discover', function () {
  // Starting the network and its chaincode processes, as the other network suites allow on a loaded machine.
  this.timeout(180_000);
  let net: TestDevnet;

  before(async function () {
    net = await startTestDevnet();
    await connectClient(net, 'Org1MSP').contract(CHANNEL, 'probe').submitTransaction('put', 'discovery-key', 'v');
    await connectClient(net, 'Org1MSP')
      .contract(CHANNEL, 'probe-majority')
      .submitTransaction('put', 'discovery-key', 'everywhere');
  });

  after(async function () {
    await net?.dispose();
  });

  it("answers a config query with the channel's MSPs and the orderer endpoints of its configuration", async function () {
    const [result] = await discover(net, [query(CHANNEL, 'config')]);
    expect(errorOf(result)).to.equal(undefined);
    const config = result.getConfigResult()!;
    const msps = config.getMspsMap();
    expect([...msps.keys()].sort()).to.deep.equal(['OrdererMSP', 'Org1MSP', 'Org2MSP', 'Org3MSP']);
    for (const org of net.orgs) {
      const fabric = msps.get(org.mspId)!;
      expect(fabric.getName()).to.equal(org.mspId);
      const tlsRoots = fabric.getTlsRootCertsList_asU8().map((cert) => Buffer.from(cert).toString());
      expect(tlsRoots).to.deep.equal([readFileSync(org.tlsCaCertPath, 'utf8')]);
      expect(fabric.getRootCertsList().length).to.equal(1);
    }

    // The orderer endpoints are those the channel configuration names (cscc's config block).
    const block = common.Block.deserializeBinary(
      await connectClient(net, 'Org1MSP').contract(CHANNEL, 'cscc').evaluateTransaction('GetConfigBlock', CHANNEL),
    );
    const envelope = common.Envelope.deserializeBinary(block.getData()!.getDataList_asU8()[0]);
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const channelGroup = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8())
      .getConfig()!
      .getChannelGroup()!;
    const ordererOrgs = [...channelGroup.getGroupsMap().get('Orderer')!.getGroupsMap().entries()];
    expect(ordererOrgs).to.have.length(1);
    const configured = common.OrdererAddresses.deserializeBinary(
      ordererOrgs[0][1].getValuesMap().get('Endpoints')!.getValue_asU8(),
    ).getAddressesList();
    expect(configured.length).to.be.greaterThan(0);
    const advertised = config
      .getOrderersMap()
      .get('OrdererMSP')!
      .getEndpointList()
      .map((endpoint) => `${endpoint.getHost()}:${endpoint.getPort()}`);
    expect(advertised).to.deep.equal(configured);
    // The channel's config names the orderers where they listen.
    expect(configured).to.deep.equal(net.orderers.map((orderer) => orderer.endpoint));
  });

  it('lists the peers of the channel by org with endpoint, ledger height and installed chaincodes', async function () {
    const [result] = await discover(net, [query(CHANNEL, 'peers')], {}, 'Org2MSP');
    const byOrg = membersOf(result);
    expect(Object.keys(byOrg).sort()).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
    const heights = new Set<number>();
    for (const org of net.orgs) {
      expect(byOrg[org.mspId]).to.have.length(1);
      const [view] = byOrg[org.mspId];
      expect(view.mspId).to.equal(org.mspId);
      expect(view.endpoint).to.equal(`${org.hostAlias}:${org.endpoint.split(':').pop()}`);
      heights.add(view.ledgerHeight!);
    }
    expect(heights.size).to.equal(1);
    expect([...heights][0]).to.be.greaterThan(1); // genesis plus the block of the put
    expect(byOrg.Org1MSP[0].chaincodes).to.deep.equal(['probe:1.0', 'probe-majority:1.0']);
    expect(byOrg.Org3MSP[0].chaincodes).to.deep.equal(['probe-majority:1.0']);
  });

  it('keeps to peers with the chaincodes of a membership filter installed', async function () {
    const [result] = await discover(net, [query(CHANNEL, 'peers', ['probe'])]);
    const byOrg = membersOf(result);
    expect(byOrg.Org1MSP).to.have.length(1);
    expect(byOrg.Org2MSP).to.have.length(1);
    expect(byOrg.Org3MSP).to.deep.equal([]);
    const [unknown] = await discover(net, [query(CHANNEL, 'peers', ['nope'])]);
    expect(errorOf(unknown)).to.equal(`No metadata was found for chaincode nope in channel ${CHANNEL}`);
  });

  it("gives endorsement descriptors from the chaincode's endorsement policy", async function () {
    const [result] = await discover(net, [query(CHANNEL, ccQuery(interest('probe'), interest('probe-majority')))]);
    expect(errorOf(result)).to.equal(undefined);
    const [andPolicy, majority] = result.getCcQueryRes()!.getContentList();
    expect(andPolicy.getChaincode()).to.equal('probe');
    expect(layoutsOf(andPolicy).map((orgs) => orgs.sort())).to.deep.equal([['Org1MSP', 'Org2MSP']]);
    expect(majority.getChaincode()).to.equal('probe-majority');
    expect(
      layoutsOf(majority)
        .map((orgs) => orgs.sort().join('+'))
        .sort(),
    ).to.deep.equal(['Org1MSP+Org2MSP', 'Org1MSP+Org3MSP', 'Org2MSP+Org3MSP']);
  });

  it('answers local peer queries for admins of the peer org only', async function () {
    const [result] = await discover(net, [query('', 'local')], { identity: net.identity('Org1MSP', 'Admin') });
    const byOrg = membersOf(result);
    expect(Object.keys(byOrg).sort()).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
    expect(byOrg.Org2MSP[0].ledgerHeight).to.equal(undefined); // no channel, no state info
    const [user] = await discover(net, [query('', 'local')]);
    expect(errorOf(user)).to.equal('access denied');
    const [config] = await discover(net, [query('', 'config')], { identity: net.identity('Org1MSP', 'Admin') });
    expect(errorOf(config)).to.equal('unknown or missing request type');
  });

  it('is what fabric-network 2.2 builds its channel view and endorsement plan from', async function () {
    let gateway: Gateway | undefined;
    try {
      gateway = await connectLegacyGateway(net, 'Org3MSP', { discovery: true });
      const network = await gateway.getNetwork(CHANNEL);
      const endorsers = network.getChannel().getEndorsers();
      expect(endorsers.map((endorser) => endorser.name).sort()).to.deep.equal(
        net.orgs.map((org) => `${org.hostAlias}:${org.endpoint.split(':').pop()}`).sort(),
      );
      // Each peer's chaincodes come from its discovery state info.
      const hasProbe = Object.fromEntries(
        endorsers.map((endorser) => [endorser.mspid, endorser.hasChaincode('probe')]),
      );
      expect(hasProbe).to.deep.equal({ Org1MSP: true, Org2MSP: true, Org3MSP: false });
      const result = await network.getContract('probe-majority').evaluateTransaction('get', 'discovery-key');
      expect(result.toString()).to.equal('everywhere');
    } finally {
      gateway?.disconnect();
    }
  });

  describe('bad requests (Fabric 2.5 answers; the peer keeps serving)', function () {
    afterEach(async function () {
      const [result] = await discover(net, [query(CHANNEL, 'config')]);
      expect(errorOf(result)).to.equal(undefined);
    });

    it('denies channel queries to a client that is not one of the channel Writers', async function () {
      const results = await discover(net, [query(CHANNEL, 'config'), query(CHANNEL, 'peers')], {
        identity: net.identity('OrdererMSP', 'Admin'),
      });
      expect(results.map(errorOf)).to.deep.equal(['access denied', 'access denied']);
    });

    it('denies a request whose signature does not verify', async function () {
      const other = await signedRequest(net, [query(CHANNEL, 'peers')]);
      const results = await discover(net, [query(CHANNEL, 'config')], { signature: other.getSignature_asU8() });
      expect(results.map(errorOf)).to.deep.equal(['access denied']);
    });

    it('denies a channel the peer has not joined', async function () {
      const results = await discover(net, [query('nochannel', 'config')]);
      expect(results.map(errorOf)).to.deep.equal(['access denied']);
    });

    it('refuses chaincode queries without interests, and interests it cannot satisfy', async function () {
      const empty = new peer.ChaincodeInterest();
      const results = await discover(net, [
        query(CHANNEL, ccQuery()),
        query(CHANNEL, ccQuery(empty)),
        query(CHANNEL, ccQuery(interest(''))),
        query(CHANNEL, ccQuery(interest('nope'))),
        query(CHANNEL, new discovery.ChaincodeQuery()),
      ]);
      expect(results.map(errorOf)).to.deep.equal([
        'chaincode query must have at least one chaincode interest',
        'chaincode interest must contain at least one chaincode',
        'chaincode name in interest cannot be empty',
        'failed constructing descriptor for chaincodes:{name:"nope"}',
        'chaincode query must have at least one chaincode interest',
      ]);
    });

    it('answers a query of no kind as Fabric does', async function () {
      const blank = new discovery.Query();
      blank.setChannel(CHANNEL);
      const results = await discover(net, [blank]);
      expect(results.map(errorOf)).to.deep.equal(['unknown or missing request type']);
    });

    it('refuses requests without authentication or client identity', async function () {
      const noAuth = await signedRequest(net, [query(CHANNEL, 'config')], { noAuthentication: true });
      const { error } = await rawDiscover(net, 'Org1MSP', noAuth.serializeBinary());
      expect(error?.code).to.equal(grpc.status.UNKNOWN);
      expect(error?.details).to.equal('access denied, no authentication info in request');

      const request = new discovery.Request();
      request.setAuthentication(new discovery.AuthInfo());
      const signed = new discovery.SignedRequest();
      signed.setPayload(request.serializeBinary());
      const { error: noIdentity } = await rawDiscover(net, 'Org1MSP', signed.serializeBinary());
      expect(noIdentity?.details).to.equal("access denied, client identity wasn't supplied");
    });

    it('refuses a payload that is not a Request, and bytes that are not a SignedRequest', async function () {
      const signed = new discovery.SignedRequest();
      signed.setPayload(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f]));
      const { error } = await rawDiscover(net, 'Org1MSP', signed.serializeBinary());
      expect(error?.code).to.equal(grpc.status.UNKNOWN);
      expect(error?.details).to.match(/^failed parsing request: /);

      const { error: garbage } = await rawDiscover(net, 'Org1MSP', Buffer.from('\xff\xff\xff garbage'));
      expect(garbage?.code).to.equal(grpc.status.INVALID_ARGUMENT);
    });
  });
});

describe('discovery over mutual TLS', function () {
  // Starting the network and its chaincode processes, as the other network suites allow on a loaded machine.
  this.timeout(180_000);
  let net: TestDevnet;

  before(async function () {
    net = await startTestDevnet({ tls: { enabled: true, clientAuthRequired: true } });
    await connectClient(net, 'Org1MSP').contract(CHANNEL, 'probe').submitTransaction('put', 'mtls-key', 'm');
  });

  after(async function () {
    await net?.dispose();
  });

  const certHash = () =>
    createHash('sha256')
      .update(new X509Certificate(readFileSync(net.identity('Org1MSP').tlsCertPath)).raw)
      .digest();

  it("binds the request to the client's TLS certificate", async function () {
    const [result] = await discover(net, [query(CHANNEL, 'config')], { tlsCertHash: certHash() });
    expect(errorOf(result)).to.equal(undefined);

    const wrong = Buffer.from(certHash());
    wrong[0] ^= 1;
    for (const claimed of [wrong, undefined]) {
      const request = await signedRequest(net, [query(CHANNEL, 'config')], { tlsCertHash: claimed });
      const { error } = await rawDiscover(net, 'Org1MSP', request.serializeBinary());
      expect(error?.code).to.equal(grpc.status.UNKNOWN);
      expect(error?.details).to.equal("client claimed TLS hash doesn't match computed TLS hash from gRPC stream");
    }
  });

  it('serves fabric-network 2.2 with a TLS client identity', async function () {
    const gateway = await connectLegacyGateway(net, 'Org1MSP', { discovery: true });
    try {
      const contract = (await gateway.getNetwork(CHANNEL)).getContract('probe');
      expect((await contract.evaluateTransaction('get', 'mtls-key')).toString()).to.equal('m');
    } finally {
      gateway.disconnect();
    }
  });
});
