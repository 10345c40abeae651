import { expect } from 'chai';
import * as grpc from '@grpc/grpc-js';
import { CertificateAuthority } from '../../network/devnet/src/identity';
import { registerAs, type RegistrationAttempt } from '../support/chaincode-listener-client';
import { startTestDevnet } from '../support/devnet';
import { rawPeerClient } from '../support/grpc-client';
import { connectClient, type TestClient } from '../support/fabric-client';

const CHANNEL = 'testchannel';
const utf8 = new TextDecoder();

interface Leaked {
  peerAddress: string;
  rootCert: string;
  clientKey: string;
  clientCert: string;
}

/** Credentials from a CA the peer never heard of, naming the chaincode it wants to pass for. */
function foreignCredentials(commonName: string): { clientKey: string; clientCert: string } {
  const issued = CertificateAuthority.create('rogue-ca', 'rogue.example').ca.issue({ commonName, purpose: 'tls' });
  return { clientKey: issued.keyPem, clientCert: issued.certPem };
}

/** A refused registration: the stream ended with `code` and the peer never said REGISTERED. */
function expectRefused(attempt: RegistrationAttempt, code: grpc.status, details?: RegExp): void {
  attempt.close();
  expect(attempt.received.map((message) => message.getType())).to.deep.equal([]);
  expect(attempt.error?.code, attempt.error?.details).to.equal(code);
  if (details) expect(attempt.error?.details).to.match(details);
}

describe('dev network: only chaincode the peer launched registers', function () {
  this.timeout(120_000);

  describe('with chaincode launched at start-up', () => {
    let net: Awaited<ReturnType<typeof startTestDevnet>>;
    let org1: TestClient;
    let listener: string;
    /** The credentials Org1's peer issued for a chaincode's current launch, as a compromised chaincode leaks them. */
    const leak = async (chaincode: string): Promise<Leaked> =>
      JSON.parse(
        utf8.decode(await org1.contract(CHANNEL, chaincode).evaluateTransaction('LaunchCredentials:leak')),
      ) as Leaked;

    before(async () => {
      net = await startTestDevnet();
      org1 = connectClient(net, 'Org1MSP');
      listener = net.orgs.find((org) => org.mspId === 'Org1MSP')!.chaincodeAddress;
    });
    after(async () => {
      org1?.close();
      await net?.dispose();
    });

    it('serves chaincode only on its own mutual-TLS listener, not on the gateway port', async () => {
      const leaked = await leak('probe');
      expect(leaked.peerAddress).to.equal(listener);
      expect(listener).to.not.equal(net.endpoint('Org1MSP'));
      expect(leaked.rootCert).to.include('BEGIN CERTIFICATE');
      const client = rawPeerClient(net, 'Org1MSP');
      const stream = client.makeBidiStreamRequest(
        '/protos.ChaincodeSupport/Register',
        (value: Buffer) => value,
        (value: Buffer) => value,
      );
      const error = await new Promise<grpc.ServiceError>((resolve) => stream.on('error', resolve));
      client.close();
      expect(error.code).to.equal(grpc.status.UNIMPLEMENTED);
    });

    it('refuses a connection without a client certificate or with one from another CA', async () => {
      expectRefused(await registerAs(listener, {}, 'probe:1.0'), grpc.status.UNAVAILABLE);
      expectRefused(await registerAs(listener, foreignCredentials('probe:1.0'), 'probe:1.0'), grpc.status.UNAVAILABLE);
      const { rootCert } = await leak('probe');
      expectRefused(
        await registerAs(listener, { rootCert, ...foreignCredentials('probe:1.0') }, 'probe:1.0'),
        grpc.status.UNAVAILABLE,
      );
    });

    it('refuses a second registration for a live slot and keeps serving the registered chaincode', async () => {
      const leaked = await leak('probe');
      expectRefused(
        await registerAs(listener, leaked, 'probe:1.0'),
        grpc.status.PERMISSION_DENIED,
        /^Chaincode probe:1\.0 with given certificate hash [0-9a-f]{64} not found in registry$/,
      );
      await org1.contract(CHANNEL, 'probe').submitTransaction('put', 'live-slot', 'real');
      expect(utf8.decode(await org1.contract(CHANNEL, 'probe').evaluateTransaction('get', 'live-slot'))).to.equal(
        'real',
      );
    });

    it("refuses another chaincode's certificate", async () => {
      const majority = await leak('probe-majority');
      expectRefused(
        await registerAs(listener, majority, 'probe:1.0'),
        grpc.status.PERMISSION_DENIED,
        /^Chaincode probe:1\.0 with given certificate hash [0-9a-f]{64} not found in registry$/,
      );
    });

    it('after a crash refuses every rogue registration, relaunches the real chaincode and commits only its writes', async () => {
      const probe = org1.contract(CHANNEL, 'probe');
      const previous = await leak('probe');
      await net.killChaincode('Org1MSP', 'probe');
      // The slot is empty now: a rogue tries with the dead launch's credentials, without any, and with a forgery.
      expectRefused(await registerAs(listener, previous, 'probe:1.0'), grpc.status.PERMISSION_DENIED);
      expectRefused(await registerAs(listener, { rootCert: previous.rootCert }, 'probe:1.0'), grpc.status.UNAVAILABLE);
      expectRefused(await registerAs(listener, foreignCredentials('probe:1.0'), 'probe:1.0'), grpc.status.UNAVAILABLE);
      const heightBefore = net.height(CHANNEL);
      await probe.submitTransaction('put', 'after-crash', 'real');
      expect(net.height(CHANNEL)).to.equal(heightBefore + 1);
      expect(utf8.decode(await probe.evaluateTransaction('get', 'after-crash'))).to.equal('real');
      // The relaunched process got new credentials; the old ones stay refused.
      const current = await leak('probe');
      expect(current.clientCert).to.not.equal(previous.clientCert);
      expectRefused(await registerAs(listener, previous, 'probe:1.0'), grpc.status.PERMISSION_DENIED);
    });
  });

  describe('with chaincode launched on first use (--lazy)', () => {
    let net: Awaited<ReturnType<typeof startTestDevnet>>;
    let org1: TestClient;

    before(async () => {
      net = await startTestDevnet({ launch: 'lazy' });
      org1 = connectClient(net, 'Org1MSP');
    });
    after(async () => {
      org1?.close();
      await net?.dispose();
    });

    it('refuses a rogue that registers before the first use, then launches the real chaincode', async () => {
      const listener = net.orgs.find((org) => org.mspId === 'Org1MSP')!.chaincodeAddress;
      expectRefused(await registerAs(listener, {}, 'probe:1.0'), grpc.status.UNAVAILABLE);
      expectRefused(await registerAs(listener, foreignCredentials('probe:1.0'), 'probe:1.0'), grpc.status.UNAVAILABLE);
      // A compromised chaincode that did get launched cannot take the slot of one that was not.
      const majority = JSON.parse(
        utf8.decode(await org1.contract(CHANNEL, 'probe-majority').evaluateTransaction('LaunchCredentials:leak')),
      ) as Leaked;
      expectRefused(await registerAs(listener, majority, 'probe:1.0'), grpc.status.PERMISSION_DENIED);
      const probe = org1.contract(CHANNEL, 'probe');
      await probe.submitTransaction('put', 'lazy', 'real');
      expect(utf8.decode(await probe.evaluateTransaction('get', 'lazy'))).to.equal('real');
    });
  });
});
