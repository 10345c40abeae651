import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { connectGateway, loadTopology, type Devnet, type PeerTarget } from '@scenechain/devnet';
import { CertificateAuthority } from '../../network/devnet/src/identity';
import { presentedCertificate } from '../support/tls-probe';
import { REPO_ROOT, startTestDevnet, TEST_TOPOLOGY } from '../support/devnet';
import { failure } from '../support/failure';
import { connectClient } from '../support/fabric-client';

const CHANNEL = 'testchannel';
const UNAVAILABLE = 14;
const utf8 = new TextDecoder();

type TestDevnet = Awaited<ReturnType<typeof startTestDevnet>>;

/** Evaluates `get` on the probe chaincode as Org1's User1 through `target`; resolves with the value. */
async function evaluateThrough(
  net: Devnet,
  target: string | PeerTarget,
  tlsClient?: { certPem: string; keyPem: string },
): Promise<string> {
  const connection = connectGateway(target, net.identity('Org1MSP'), { tlsClient });
  try {
    const probe = connection.gateway.getNetwork(CHANNEL).getContract('probe');
    return utf8.decode(await probe.evaluateTransaction('get', 'tls-key'));
  } finally {
    connection.close();
  }
}

function userTlsClient(net: Devnet, mspId: string): { certPem: string; keyPem: string } {
  const files = net.identity(mspId);
  return { certPem: readFileSync(files.tlsCertPath, 'utf8'), keyPem: readFileSync(files.tlsKeyPath, 'utf8') };
}

describe('dev network: TLS on every peer endpoint', function () {
  this.timeout(120_000);

  describe('by default', () => {
    let net: TestDevnet;

    before(async () => {
      net = await startTestDevnet();
      const client = connectClient(net, 'Org1MSP');
      await client.contract(CHANNEL, 'probe').submitTransaction('put', 'tls-key', 'over TLS');
      client.close();
    });
    after(() => net?.dispose());

    it("serves the peer's certificate from its org TLS CA, naming the host alias, localhost and 127.0.0.1", async () => {
      expect(net.tls).to.deep.equal({ enabled: true, clientAuthRequired: false });
      const org = net.org('Org1MSP');
      expect(org.hostAlias).to.equal('peer0.org1.example.com');
      expect(org.tlsCaCertPath).to.equal(
        path.join(net.cryptoDir, 'peerOrganizations/org1.example.com/peers/peer0.org1.example.com/tls/ca.crt'),
      );
      expect(org.tlsRootCertPem).to.equal(readFileSync(org.tlsCaCertPath, 'utf8'));
      const tlsCa = new X509Certificate(
        readFileSync(
          path.join(net.cryptoDir, 'peerOrganizations/org1.example.com/tlsca/tlsca.org1.example.com-cert.pem'),
        ),
      );
      expect(tlsCa.raw.equals(new X509Certificate(org.tlsRootCertPem!).raw)).to.equal(true);

      const served = await presentedCertificate(org.endpoint, org.tlsRootCertPem!, org.hostAlias);
      const onDisk = new X509Certificate(readFileSync(path.join(path.dirname(org.tlsCaCertPath), 'server.crt')));
      expect(served.fingerprint256).to.equal(onDisk.fingerprint256);
      expect(served.checkIssued(tlsCa)).to.equal(true);
      expect(served.subjectAltName?.split(', ')).to.include.members([
        'DNS:peer0.org1.example.com',
        'DNS:localhost',
        'IP Address:127.0.0.1',
      ]);
    });

    it('answers a standard TLS client that trusts the org TLS CA: host alias override, localhost, 127.0.0.1', async () => {
      const org = net.org('Org1MSP');
      const port = org.endpoint.slice(org.endpoint.lastIndexOf(':') + 1);
      const ca = org.tlsRootCertPem!;
      expect(await evaluateThrough(net, org)).to.equal('over TLS');
      expect(await evaluateThrough(net, { endpoint: `localhost:${port}`, tlsRootCertPem: ca })).to.equal('over TLS');
      expect(await evaluateThrough(net, { endpoint: `127.0.0.1:${port}`, tlsRootCertPem: ca })).to.equal('over TLS');
    });

    it('refuses clients that trust another CA, check another host name or speak plaintext, and keeps serving', async () => {
      const org1 = net.org('Org1MSP');
      const otherOrgCa = net.org('Org2MSP').tlsRootCertPem!;
      const refusals = [
        await failure(evaluateThrough(net, { ...org1, tlsRootCertPem: otherOrgCa })),
        await failure(evaluateThrough(net, { ...org1, hostAlias: 'peer0.org2.example.com' })),
        await failure(evaluateThrough(net, org1.endpoint)),
      ];
      for (const refusal of refusals) expect(refusal.code).to.equal(UNAVAILABLE);
      expect(refusals[0].message).to.include('unable to verify the first certificate');
      expect(refusals[1].message).to.include("Host: peer0.org2.example.com. is not in the cert's altnames");
      expect(await evaluateThrough(net, org1)).to.equal('over TLS');
    });
  });

  describe('mutual TLS (clientAuthRequired)', () => {
    let net: TestDevnet;

    before(async () => {
      net = await startTestDevnet({ tls: { clientAuthRequired: true } });
    });
    after(() => net?.dispose());

    it('serves clients with a certificate from a channel member TLS CA; chaincode processes connect too', async () => {
      expect(net.tls).to.deep.equal({ enabled: true, clientAuthRequired: true });
      // Org3's user through Org1's peer: any channel member's TLS CA is trusted.
      const client = connectClient(net, 'Org3MSP', 'User1', 'Org1MSP');
      const probe = client.contract(CHANNEL, 'probe');
      await probe.submitTransaction('put', 'tls-key', 'mutual');
      expect(utf8.decode(await probe.evaluateTransaction('get', 'tls-key'))).to.equal('mutual');
      client.close();
      expect(await evaluateThrough(net, net.org('Org1MSP'), userTlsClient(net, 'Org2MSP'))).to.equal('mutual');
    });

    it('refuses a client without a certificate or with one from an unknown CA', async () => {
      const org1 = net.org('Org1MSP');
      const stranger = CertificateAuthority.create('tlsca.stranger.example.com', 'stranger.example.com').ca.issue({
        commonName: 'User1@stranger.example.com',
        purpose: 'tls',
      });
      const without = await failure(evaluateThrough(net, org1));
      const unknown = await failure(evaluateThrough(net, org1, stranger));
      expect(without.code).to.equal(UNAVAILABLE);
      expect(without.message).to.include('certificate required');
      expect(unknown.code).to.equal(UNAVAILABLE);
      expect(await evaluateThrough(net, org1, userTlsClient(net, 'Org1MSP'))).to.equal('mutual');
    });
  });

  describe('plaintext on request', () => {
    let net: TestDevnet;

    before(async () => {
      const topology = loadTopology(TEST_TOPOLOGY, REPO_ROOT);
      net = await startTestDevnet({ topology: { ...topology, tls: { enabled: false, clientAuthRequired: false } } });
    });
    after(() => net?.dispose());

    it("serves plaintext when the topology's tls.enabled is false, and refuses TLS clients", async () => {
      expect(net.tls.enabled).to.equal(false);
      const org1 = net.org('Org1MSP');
      expect(org1.tlsRootCertPem).to.equal(undefined);
      const client = connectClient(net, 'Org1MSP');
      await client.contract(CHANNEL, 'probe').submitTransaction('put', 'tls-key', 'plain');
      client.close();
      expect(await evaluateThrough(net, org1.endpoint)).to.equal('plain');
      const ca = readFileSync(org1.tlsCaCertPath, 'utf8');
      const refusal = await failure(evaluateThrough(net, { ...org1, tlsRootCertPem: ca }));
      expect(refusal.code).to.equal(UNAVAILABLE);
    });

    it('lets DevnetOptions.tls override the topology', async () => {
      const topology = loadTopology(TEST_TOPOLOGY, REPO_ROOT);
      const other = await startTestDevnet({
        topology: { ...topology, tls: { enabled: false, clientAuthRequired: false } },
        tls: { enabled: true },
        launch: 'lazy',
      });
      try {
        expect(other.tls).to.deep.equal({ enabled: true, clientAuthRequired: false });
        expect(other.org('Org2MSP').tlsRootCertPem).to.be.a('string');
      } finally {
        await other.dispose();
      }
    });
  });
});
