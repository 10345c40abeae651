import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import type { Gateway } from 'fabric-network';
import { common, gateway as gatewayProtos, msp, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { connectGateway, nodeCryptoSigner, type ClientIdentityFiles, type Devnet } from '@scenechain/devnet';
import { connectLegacyGateway } from '../support/legacy-sdk';
import { connectClient, tlsClientOf } from '../support/fabric-client';
import { startTestDevnet } from '../support/devnet';
import { rawPeerClient, rawUnaryCall } from '../support/grpc-client';

type TestDevnet = Awaited<ReturnType<typeof startTestDevnet>>;

const PROCESS_PROPOSAL = '/protos.Endorser/ProcessProposal';

/** An org peer's signing certificate, as its MSP folder holds it. */
function peerCertPem(net: Devnet, mspId: string): string {
  const org = net.topology.orgs.find((each) => each.mspId === mspId)!;
  const host = `peer0.${org.domain}`;
  const dir = path.join(net.cryptoDir, 'peerOrganizations', org.domain, 'peers', host, 'msp');
  return readFileSync(path.join(dir, 'signcerts', `${host}-cert.pem`), 'utf8');
}

/** Checks an endorsement as a committer does: the endorser is the peer, its signature covers payload ‖ endorser. */
function expectEndorsedBy(
  net: Devnet,
  mspId: string,
  payload: Uint8Array,
  endorser: Uint8Array,
  signature: Uint8Array,
): void {
  const identity = msp.SerializedIdentity.deserializeBinary(endorser);
  expect(identity.getMspid()).to.equal(mspId);
  const certPem = Buffer.from(identity.getIdBytes_asU8()).toString('utf8');
  expect(certPem).to.equal(peerCertPem(net, mspId));
  const signed = Buffer.concat([payload, endorser]);
  expect(verify('sha256', signed, createPublicKey(certPem), signature)).to.equal(true);
  // The signature is over these exact bytes: one flipped bit and it no longer verifies.
  signed[0] ^= 1;
  expect(verify('sha256', signed, createPublicKey(certPem), signature)).to.equal(false);
}

/** The SignedProposal the real fabric-gateway client builds for a call, signed with the identity's key. */
async function signedProposal(
  net: Devnet,
  channel: string,
  chaincode: string,
  fn: string,
  args: string[],
  identity: ClientIdentityFiles = net.identity('Org1MSP'),
): Promise<peer.SignedProposal> {
  const connection = connectGateway(net.org('Org1MSP'), identity, { tlsClient: tlsClientOf(net, 'Org1MSP') });
  try {
    const proposal = connection.gateway.getNetwork(channel).getContract(chaincode).newProposal(fn, { arguments: args });
    // The client signs a proposal when it sends it; this one goes out raw, so it is signed here as it would be.
    const signed = gatewayProtos.ProposedTransaction.deserializeBinary(proposal.getBytes()).getProposal()!;
    signed.setSignature(await nodeCryptoSigner(identity.keyPem)(signed.getProposalBytes_asU8()));
    return signed;
  } finally {
    connection.close();
  }
}

async function processProposal(net: Devnet, mspId: string, body: Uint8Array) {
  const client = rawPeerClient(net, mspId);
  try {
    const { error, response } = await rawUnaryCall(client, PROCESS_PROPOSAL, body);
    return { error, response: response && peer.ProposalResponse.deserializeBinary(response) };
  } finally {
    client.close();
  }
}

describe('protos.Endorser/ProcessProposal and the legacy fabric-network 2.2 SDK', function () {
  // Starting the network and its chaincode processes, as the other network suites allow on a loaded machine.
  this.timeout(180_000);
  let net: TestDevnet;
  const gateways: Gateway[] = [];

  before(async function () {
    net = await startTestDevnet();
    // A value written through the gateway client, for the legacy SDK to read back.
    await connectClient(net, 'Org1MSP').contract('testchannel', 'probe').submitTransaction('put', 'legacy-key', 'v1');
  });

  after(async function () {
    for (const gateway of gateways) gateway.disconnect();
    await net?.dispose();
  });

  async function legacyGateway(mspId: string, options: Parameters<typeof connectLegacyGateway>[2]) {
    const connected = await connectLegacyGateway(net, mspId, options);
    gateways.push(connected);
    return connected;
  }

  describe('fabric-network 2.2', function () {
    it('evaluates a transaction with discovery on (asLocalhost)', async function () {
      const gw = await legacyGateway('Org1MSP', { discovery: true });
      const contract = (await gw.getNetwork('testchannel')).getContract('probe');
      expect((await contract.evaluateTransaction('get', 'legacy-key')).toString()).to.equal('v1');
    });

    it('evaluates a transaction with discovery off and an explicit profile', async function () {
      const gw = await legacyGateway('Org2MSP', { discovery: false, channel: 'testchannel' });
      const contract = (await gw.getNetwork('testchannel')).getContract('probe');
      expect((await contract.evaluateTransaction('get', 'legacy-key')).toString()).to.equal('v1');
    });

    it("surfaces a chaincode's error on evaluate", async function () {
      const gw = await legacyGateway('Org1MSP', { discovery: true });
      const contract = (await gw.getNetwork('testchannel')).getContract('probe');
      const err = await contract.evaluateTransaction('fail', 'legacy refusal').then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).to.contain('legacy refusal');
    });

    it("endorses on a layout of the chaincode's policy chosen by discovery, each endorsement signed by its peer", async function () {
      const gw = await legacyGateway('Org1MSP', { discovery: true });
      const network = await gw.getNetwork('testchannel');
      // What Transaction.submit does before ordering: a proposal sent through the discovery handler.
      const contract = network.getContract('probe');
      const endorsement = network.getChannel().newEndorsement('probe');
      const identityContext = (gw as unknown as { identityContext: Parameters<typeof endorsement.build>[0] })
        .identityContext;
      endorsement.build(identityContext, { fcn: 'put', args: ['legacy-endorsed', 'v2'] });
      endorsement.sign(identityContext);
      // The contract's own discovery asks for the chaincode's endorsement descriptor (its interest).
      const handler = await (contract as unknown as { getDiscoveryHandler(): Promise<unknown> }).getDiscoveryHandler();
      const { responses, errors } = await endorsement.send({
        handler: handler as never,
        requestTimeout: 30_000,
      });
      expect(errors).to.deep.equal([]);
      // AND('Org1MSP.peer', 'Org2MSP.peer'): one endorsement from each org.
      const endorsers = responses.map((response) => {
        const endorsed = response.endorsement!;
        const mspId = msp.SerializedIdentity.deserializeBinary(endorsed.endorser).getMspid();
        expect(response.response.status).to.equal(200);
        expectEndorsedBy(net, mspId, response.payload, endorsed.endorser, endorsed.signature);
        return mspId;
      });
      expect(endorsers.sort()).to.deep.equal(['Org1MSP', 'Org2MSP']);
      expect(Buffer.from(responses[0].payload).equals(Buffer.from(responses[1].payload))).to.equal(true);
    });
  });

  describe('raw ProcessProposal', function () {
    it("returns the simulation signed by the peer, bound to the proposal's hash", async function () {
      const signed = await signedProposal(net, 'testchannel', 'probe', 'get', ['legacy-key']);
      const { error, response } = await processProposal(net, 'Org2MSP', signed.serializeBinary());
      expect(error).to.equal(undefined);
      expect(response!.getVersion()).to.equal(1);
      expect(response!.getResponse()!.getStatus()).to.equal(200);
      const endorsement = response!.getEndorsement()!;
      expectEndorsedBy(
        net,
        'Org2MSP',
        response!.getPayload_asU8(),
        endorsement.getEndorser_asU8(),
        endorsement.getSignature_asU8(),
      );
      const payload = peer.ProposalResponsePayload.deserializeBinary(response!.getPayload_asU8());
      const action = peer.ChaincodeAction.deserializeBinary(payload.getExtension_asU8());
      expect(Buffer.from(action.getResponse()!.getPayload_asU8()).toString()).to.equal('v1');
      expect(action.getChaincodeId()!.getName()).to.equal('probe');
      expect(action.getChaincodeId()!.getVersion()).to.equal('1.0');
      expect(payload.getProposalHash_asU8().length).to.equal(32);
    });

    it("answers a chaincode error with the chaincode's response and the simulation, unendorsed", async function () {
      const signed = await signedProposal(net, 'testchannel', 'probe', 'fail', ['raw refusal']);
      const { error, response } = await processProposal(net, 'Org1MSP', signed.serializeBinary());
      expect(error).to.equal(undefined);
      expect(response!.getResponse()!.getStatus()).to.equal(500);
      expect(response!.getResponse()!.getMessage()).to.equal('raw refusal');
      expect(response!.getPayload_asU8().length).to.be.greaterThan(0);
      expect(response!.hasEndorsement()).to.equal(false);
    });

    it('endorses system chaincode queries (qscc) without the Writers ACL', async function () {
      const signed = await signedProposal(net, 'testchannel', 'qscc', 'GetChainInfo', ['testchannel']);
      const { error, response } = await processProposal(net, 'Org3MSP', signed.serializeBinary());
      expect(error).to.equal(undefined);
      expect(response!.getResponse()!.getStatus()).to.equal(200);
      expect(response!.hasEndorsement()).to.equal(true);
    });

    it("answers a channel-less qscc query (peer channel getinfo) unendorsed, for the peer's own org only", async function () {
      const signed = await signedProposal(net, '', 'qscc', 'GetChainInfo', ['testchannel']);
      const own = await processProposal(net, 'Org1MSP', signed.serializeBinary());
      expect(own.error).to.equal(undefined);
      expect(own.response!.getResponse()!.getStatus()).to.equal(200);
      expect(own.response!.hasEndorsement()).to.equal(false);
      const info = common.BlockchainInfo.deserializeBinary(own.response!.getResponse()!.getPayload_asU8());
      expect(info.getHeight()).to.equal(net.height('testchannel'));

      // Without a channel the peer validates against its local MSP: another org's member is unknown to it.
      const other = await processProposal(net, 'Org2MSP', signed.serializeBinary());
      expect(other.error?.code).to.equal(grpc.status.UNKNOWN);
      expect(other.error?.details).to.equal(
        'error validating proposal: access denied: channel [] creator org unknown, creator is malformed',
      );

      const unknown = await signedProposal(net, '', 'qscc', 'GetChainInfo', ['nochannel']);
      const refused = await processProposal(net, 'Org1MSP', unknown.serializeBinary());
      expect(refused.response!.getResponse()!.getMessage()).to.equal('Invalid chain ID, nochannel');
    });

    it('answers a channel-less call of an application chaincode with status 500', async function () {
      const signed = await signedProposal(net, '', 'probe', 'get', ['legacy-key']);
      const { error, response } = await processProposal(net, 'Org1MSP', signed.serializeBinary());
      expect(error).to.equal(undefined);
      expect(response!.getResponse()!.getStatus()).to.equal(500);
      expect(response!.getResponse()!.getMessage()).to.equal(
        'channel-less proposals are served by the dev network only for qscc and cscc, not probe: name a channel',
      );
    });

    describe('bad input (Fabric 2.5 answers; the peer keeps serving)', function () {
      afterEach(async function () {
        const signed = await signedProposal(net, 'testchannel', 'probe', 'get', ['legacy-key']);
        const { response } = await processProposal(net, 'Org1MSP', signed.serializeBinary());
        expect(response!.getResponse()!.getStatus()).to.equal(200);
      });

      it('refuses an unsigned proposal', async function () {
        const signed = await signedProposal(net, 'testchannel', 'probe', 'get', ['legacy-key']);
        signed.setSignature(new Uint8Array());
        const { error } = await processProposal(net, 'Org1MSP', signed.serializeBinary());
        expect(error?.code).to.equal(grpc.status.UNKNOWN);
        expect(error?.details).to.equal('error validating proposal: empty signature bytes');
      });

      it('refuses a proposal whose signature does not verify', async function () {
        const signed = await signedProposal(net, 'testchannel', 'probe', 'get', ['legacy-key']);
        const other = await signedProposal(net, 'testchannel', 'probe', 'get', ['another-key']);
        signed.setSignature(other.getSignature_asU8());
        const { error } = await processProposal(net, 'Org1MSP', signed.serializeBinary());
        expect(error?.code).to.equal(grpc.status.UNKNOWN);
        expect(error?.details).to.equal(
          'error validating proposal: access denied: channel [testchannel] creator org [Org1MSP]',
        );
      });

      it('answers a channel the peer has not joined with status 500', async function () {
        const signed = await signedProposal(net, 'nochannel', 'probe', 'get', ['legacy-key']);
        const { error, response } = await processProposal(net, 'Org1MSP', signed.serializeBinary());
        expect(error).to.equal(undefined);
        expect(response!.getResponse()!.getStatus()).to.equal(500);
        expect(response!.getResponse()!.getMessage()).to.equal("channel 'nochannel' not found");
      });

      it('answers an undefined chaincode with status 500', async function () {
        const signed = await signedProposal(net, 'testchannel', 'nope', 'get', ['legacy-key']);
        const { response } = await processProposal(net, 'Org1MSP', signed.serializeBinary());
        expect(response!.getResponse()!.getStatus()).to.equal(500);
        expect(response!.getResponse()!.getMessage()).to.equal(
          'make sure the chaincode nope has been successfully defined on channel testchannel and try again: chaincode nope not found',
        );
      });

      it('answers a chaincode not installed on the peer with status 500', async function () {
        const signed = await signedProposal(net, 'testchannel', 'probe', 'get', ['legacy-key']);
        const { response } = await processProposal(net, 'Org3MSP', signed.serializeBinary());
        expect(response!.getResponse()!.getStatus()).to.equal(500);
        expect(response!.getResponse()!.getMessage()).to.equal(
          "make sure the chaincode probe has been successfully defined on channel testchannel and try again: chaincode definition for 'probe' exists, but chaincode is not installed",
        );
      });

      it("refuses a proposal whose creator is not one of the channel's Writers", async function () {
        const org = net.topology.orgs.find((each) => each.mspId === 'Org1MSP')!;
        const peerMsp = path.join(
          net.cryptoDir,
          'peerOrganizations',
          org.domain,
          'peers',
          `peer0.${org.domain}`,
          'msp',
        );
        const peerIdentity = {
          mspId: 'Org1MSP',
          certPem: peerCertPem(net, 'Org1MSP'),
          keyPem: readFileSync(path.join(peerMsp, 'keystore', 'priv_sk'), 'utf8'),
        };
        const signed = await signedProposal(net, 'testchannel', 'probe', 'get', ['legacy-key'], peerIdentity);
        const { error } = await processProposal(net, 'Org1MSP', signed.serializeBinary());
        expect(error?.code).to.equal(grpc.status.UNKNOWN);
        expect(error?.details).to.match(
          /^Failed evaluating policy on signed data during check policy on channel \[testchannel\] with policy \[\/Channel\/Application\/Writers\]: \[.*Writers.*\]$/,
        );
      });

      it("refuses a proposal dated outside the peer's time window before anything else", async function () {
        const identity = net.identity('Org1MSP');
        const signed = await signedProposal(net, 'testchannel', 'probe', 'get', ['legacy-key']);
        const proposal = peer.Proposal.deserializeBinary(signed.getProposalBytes_asU8());
        const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
        const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
        const sent = channelHeader.getTimestamp()!.getSeconds();
        const stale = new Timestamp();
        stale.setSeconds(sent - (2 * net.timeWindowMs) / 1000);
        channelHeader.setTimestamp(stale);
        header.setChannelHeader(channelHeader.serializeBinary());
        proposal.setHeader(header.serializeBinary());
        signed.setProposalBytes(proposal.serializeBinary());
        signed.setSignature(await nodeCryptoSigner(identity.keyPem)(signed.getProposalBytes_asU8()));
        const { error } = await processProposal(net, 'Org1MSP', signed.serializeBinary());
        expect(error?.code).to.equal(grpc.status.UNKNOWN);
        expect(error?.details).to.match(
          /^request unauthorized due to incorrect timestamp \S+, peer time \S+, peer\.authentication\.timewindow /,
        );
      });

      it('refuses bytes that are not a SignedProposal', async function () {
        const { error } = await processProposal(net, 'Org1MSP', Buffer.from('this is not a protobuf message \xff\xff'));
        expect(error?.code).to.equal(grpc.status.INVALID_ARGUMENT);
      });

      it('refuses a SignedProposal whose proposal bytes are garbage', async function () {
        const signed = new peer.SignedProposal();
        signed.setProposalBytes(Buffer.from([0x0a, 0xff, 0xff, 0xff]));
        signed.setSignature(Buffer.from([1, 2, 3]));
        const { error } = await processProposal(net, 'Org1MSP', signed.serializeBinary());
        expect(error?.code).to.equal(grpc.status.UNKNOWN);
        expect(error?.details).to.match(/^failed to unpack transaction proposal: /);
      });
    });
  });
});
