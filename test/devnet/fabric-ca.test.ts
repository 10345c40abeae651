import 'reflect-metadata';
import { X509Certificate, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import FabricCAServices from 'fabric-ca-client';
import { User, type ICryptoKey, type ICryptoSuite } from 'fabric-common';
import { GatewayError } from '@hyperledger/fabric-gateway';
import * as x509 from '@peculiar/x509';
import { connectGateway, loadTopology, type CaEndpoint, type LoadedTopology } from '@scenechain/devnet';
import { toLowS } from '../../network/devnet/src/identity';
import { REPO_ROOT, TEST_TOPOLOGY, startTestDevnet } from '../support/devnet';
import { failure } from '../support/failure';

const CHANNEL = 'testchannel';
const ATTRS_OID = '1.2.3.4.5.6.7.8.1';

type TestNet = Awaited<ReturnType<typeof startTestDevnet>>;

/** The test topology with a Fabric CA for Org1 and Org2 (ports picked free by the test devnet). */
function topologyWithCas(): LoadedTopology {
  const topology = loadTopology(TEST_TOPOLOGY, REPO_ROOT);
  return {
    ...topology,
    orgs: topology.orgs.map((org) => (org.mspId === 'Org3MSP' ? org : { ...org, ca: { port: 1 } })),
  };
}

interface Enrolled {
  certPem: string;
  keyPem: string;
  user: User;
}

/** fabric-ca-client 2.2 against an org's CA, trusting the org's TLS CA as fabric-network applications do. */
function caClient(ca: CaEndpoint): FabricCAServices {
  const trustedRoots = ca.tlsCaCertPath ? [readFileSync(ca.tlsCaCertPath, 'utf8')] : [];
  return new FabricCAServices(ca.url, { trustedRoots, verify: true }, ca.caName);
}

async function enrollAs(
  client: FabricCAServices,
  mspId: string,
  enrollmentID: string,
  enrollmentSecret: string,
  attr_reqs?: FabricCAServices.IAttributeRequest[],
): Promise<Enrolled> {
  const enrollment = await client.enroll({ enrollmentID, enrollmentSecret, ...(attr_reqs && { attr_reqs }) });
  const keyPem = enrollment.key.toBytes();
  return {
    certPem: enrollment.certificate,
    keyPem,
    user: User.createUser(enrollmentID, enrollmentSecret, mspId, enrollment.certificate, keyPem),
  };
}

function certAttributes(certPem: string): Record<string, string> | undefined {
  const extension = new x509.X509Certificate(certPem).getExtension(ATTRS_OID);
  if (!extension) return undefined;
  return (JSON.parse(Buffer.from(extension.value).toString('utf8')) as { attrs: Record<string, string> }).attrs;
}

/** A raw HTTPS request to a CA, for what the npm client cannot send (malformed input). */
function rawCaRequest(
  ca: CaEndpoint,
  method: string,
  urlPath: string,
  options: { body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<{
  status: number;
  body: string;
  json?: { success: boolean; result: unknown; errors: Array<{ code: number; message: string }>; messages: unknown[] };
}> {
  const url = new URL(urlPath, ca.url);
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      { method, ca: readFileSync(ca.tlsCaCertPath!), headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(body);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, body, json });
        });
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** Fabric CA's token: base64(cert) "." base64(sig over method.b64(uri).b64(body).b64(cert)), low-S. */
function fabricCaToken(who: Enrolled, method: string, uri: string, body: string): string {
  const b64 = (text: string): string => Buffer.from(text).toString('base64');
  const payload = `${method}.${b64(uri)}.${b64(body)}.${b64(who.certPem)}`;
  return `${b64(who.certPem)}.${Buffer.from(toLowS(sign('sha256', Buffer.from(payload), who.keyPem))).toString('base64')}`;
}

function caErrors(err: unknown): Array<{ code: number; message: string }> {
  return (err as { errors?: Array<{ code: number; message: string }> }).errors ?? [];
}

async function describeAs(net: TestNet, who: Enrolled, names: string[]): Promise<Record<string, unknown>> {
  const connection = connectGateway(net.org('Org1MSP'), { mspId: 'Org1MSP', certPem: who.certPem, keyPem: who.keyPem });
  try {
    const contract = connection.gateway.getNetwork(CHANNEL).getContract('probe');
    const result = await contract.evaluateTransaction('ClientIdentity:describe', JSON.stringify(names));
    return JSON.parse(Buffer.from(result).toString('utf8')) as Record<string, unknown>;
  } finally {
    connection.close();
  }
}

describe('dev network: Fabric CA per org (fabric-ca-client 2.2)', function () {
  this.timeout(180_000);
  let dataDir: string;
  let net: TestNet;
  let ca: CaEndpoint;
  let client: FabricCAServices;
  let admin: Enrolled;
  let auditor: Enrolled;
  let auditorSecret: string;

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-fabric-ca-'));
    net = await startTestDevnet({ topology: topologyWithCas(), dataDir });
    ca = net.ca('Org1MSP');
    client = caClient(ca);
  });
  after(async () => {
    await net?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves a CA per org that asks for one, over HTTPS with the org TLS CA, and cainfo with the org CA', async () => {
    expect(net.cas.map((endpoint) => [endpoint.mspId, endpoint.caName])).to.deep.equal([
      ['Org1MSP', 'ca-org1'],
      ['Org2MSP', 'ca-org2'],
    ]);
    expect(() => net.ca('Org3MSP')).to.throw('Org3MSP has no Fabric CA');
    const orgCaPem = readFileSync(ca.caCertPath, 'utf8');
    for (const urlPath of ['/cainfo', '/api/v1/cainfo']) {
      const answer = await rawCaRequest(ca, 'GET', urlPath);
      expect(answer.status).to.equal(200);
      expect(answer.json).to.deep.include({ success: true, errors: [], messages: [] });
      const result = answer.json!.result as Record<string, string>;
      expect(result.CAName).to.equal('ca-org1');
      expect(Buffer.from(result.CAChain, 'base64').toString()).to.equal(orgCaPem);
    }
  });

  it('enrolls the bootstrap registrar admin:adminpw as a client of the org MSP, with no attribute extension', async () => {
    admin = await enrollAs(client, 'Org1MSP', 'admin', 'adminpw');
    const cert = new X509Certificate(admin.certPem);
    expect(cert.checkIssued(new X509Certificate(readFileSync(ca.caCertPath)))).to.equal(true);
    expect(cert.subject).to.include('CN=admin').and.include('OU=client');
    expect(certAttributes(admin.certPem)).to.equal(undefined);
    const described = await describeAs(net, admin, ['hf.EnrollmentID']);
    expect(described).to.deep.include({ mspId: 'Org1MSP', attrs: { 'hf.EnrollmentID': null } });
  });

  it('registers a user with attributes, and enrolls it with its ecert attributes by default or those asked for', async () => {
    auditorSecret = await client.register(
      {
        enrollmentID: 'auditor1',
        affiliation: 'org1.department1',
        role: 'client',
        maxEnrollments: -1,
        attrs: [
          { name: 'role', value: 'auditor', ecert: true },
          { name: 'clearance', value: 'secret', ecert: false },
        ],
      },
      admin.user,
    );
    expect(auditorSecret).to.match(/^[A-Za-z0-9]{12}$/);

    const byDefault = await enrollAs(client, 'Org1MSP', 'auditor1', auditorSecret);
    expect(certAttributes(byDefault.certPem)).to.deep.equal({
      'hf.Affiliation': 'org1.department1',
      'hf.EnrollmentID': 'auditor1',
      'hf.Type': 'client',
      role: 'auditor',
    });
    expect(new X509Certificate(byDefault.certPem).subject)
      .to.match(/OU=client/)
      .and.match(/OU=department1/);

    auditor = await enrollAs(client, 'Org1MSP', 'auditor1', auditorSecret, [
      { name: 'clearance', optional: false },
      { name: 'hf.EnrollmentID', optional: false },
      { name: 'missing', optional: true },
    ]);
    expect(certAttributes(auditor.certPem)).to.deep.equal({ clearance: 'secret', 'hf.EnrollmentID': 'auditor1' });

    const missing = await failure(
      client.enroll({
        enrollmentID: 'auditor1',
        enrollmentSecret: auditorSecret,
        attr_reqs: [{ name: 'missing', optional: false }],
      }),
    );
    expect(caErrors(missing)[0].message).to.include('The following required attributes are missing: [missing]');
  });

  it('lets the enrolled user submit and evaluate through fabric-gateway; the chaincode sees its attributes', async () => {
    const connection = connectGateway(net.org('Org1MSP'), {
      mspId: 'Org1MSP',
      certPem: auditor.certPem,
      keyPem: auditor.keyPem,
    });
    try {
      const contract = connection.gateway.getNetwork(CHANNEL).getContract('probe');
      const names = JSON.stringify(['clearance', 'hf.EnrollmentID', 'role']);
      const submitted = JSON.parse(
        Buffer.from(await contract.submitTransaction('ClientIdentity:record', 'ca-auditor', names)).toString(),
      ) as { mspId: string; id: string; attrs: Record<string, string | null> };
      expect(submitted.mspId).to.equal('Org1MSP');
      expect(submitted.id).to.match(/^x509::.*CN=auditor1.*::.*CN=ca\.org1\.example\.com/);
      expect(submitted.attrs).to.deep.equal({ clearance: 'secret', 'hf.EnrollmentID': 'auditor1', role: null });
      const stored = await contract.evaluateTransaction('get', 'ca-auditor');
      expect(JSON.parse(Buffer.from(stored).toString())).to.deep.equal(submitted);
    } finally {
      connection.close();
    }
  });

  it('reenrolls with the current certificate (token authentication), keeping the old one valid', async () => {
    const renewed = await client.reenroll(auditor.user, [{ name: 'role', optional: false }]);
    const renewedPem = renewed.certificate;
    expect(new X509Certificate(renewedPem).serialNumber).to.not.equal(
      new X509Certificate(auditor.certPem).serialNumber,
    );
    expect(certAttributes(renewedPem)).to.deep.equal({ role: 'auditor' });
    const renewedUser = { certPem: renewedPem, keyPem: renewed.key.toBytes(), user: auditor.user };
    expect((await describeAs(net, renewedUser, ['role'])).attrs).to.deep.equal({ role: 'auditor' });
    expect((await describeAs(net, auditor, ['clearance'])).attrs).to.deep.equal({ clearance: 'secret' });
  });

  it('revokes an identity: every certificate of it is refused by the network, and by the CA', async () => {
    const secret = await client.register(
      { enrollmentID: 'leaver1', affiliation: 'org1.department2', maxEnrollments: 2, attrs: [] },
      admin.user,
    );
    const leaver = await enrollAs(client, 'Org1MSP', 'leaver1', secret);
    expect((await describeAs(net, leaver, [])).mspId).to.equal('Org1MSP');

    const answer = (await client.revoke(
      { enrollmentID: 'leaver1', reason: 'keycompromise', gencrl: true } as FabricCAServices.IRevokeRequest,
      admin.user,
    )) as {
      result: { RevokedCerts: Array<{ Serial: string; AKI: string }>; CRL: string };
    };
    const serial = new X509Certificate(leaver.certPem).serialNumber.toLowerCase().replace(/^0+/, '');
    expect(answer.result.RevokedCerts.map((cert) => cert.Serial)).to.deep.equal([serial]);
    const crl = new x509.X509Crl(Buffer.from(answer.result.CRL, 'base64').toString());
    expect(crl.entries.map((entry) => entry.serialNumber.toLowerCase().replace(/^0+/, ''))).to.include(serial);

    // The network: evaluate, submit and deliver requests signed by the revoked certificate are refused.
    const connection = connectGateway(net.org('Org1MSP'), {
      mspId: 'Org1MSP',
      certPem: leaver.certPem,
      keyPem: leaver.keyPem,
    });
    try {
      const network = connection.gateway.getNetwork(CHANNEL);
      const contract = network.getContract('probe');
      const evaluated = await failure(contract.evaluateTransaction('get', 'ca-auditor'));
      expect(evaluated).to.be.instanceOf(GatewayError);
      expect(evaluated.message).to.include(`access denied: channel [${CHANNEL}] creator org [Org1MSP]`);
      const submitted = await failure(contract.submitTransaction('put', 'ca-leaver', 'x'));
      expect(JSON.stringify(submitted.details)).to.include(`creator org [Org1MSP]`);
      const events = await network.getBlockEvents({ startBlock: 0n });
      try {
        const read = await failure(events[Symbol.asyncIterator]().next());
        expect(read.message).to.include('Unexpected status response: 403'); // common.Status FORBIDDEN
      } finally {
        events.close();
      }
    } finally {
      connection.close();
    }
    // Other members are not affected.
    expect((await describeAs(net, auditor, [])).mspId).to.equal('Org1MSP');

    // The CA: the revoked identity can neither enroll again nor use its certificate.
    const again = await failure(client.enroll({ enrollmentID: 'leaver1', enrollmentSecret: secret }));
    expect(caErrors(again)).to.deep.equal([{ code: 20, message: 'Authentication failure' }]);
    const leaverUser = User.createUser('leaver1', secret, 'Org1MSP', leaver.certPem, leaver.keyPem);
    const reenroll = await failure(client.reenroll(leaverUser, []));
    expect(caErrors(reenroll)).to.deep.equal([{ code: 20, message: 'Authentication failure' }]);
  });

  it('revokes one certificate by serial and AKI, and gencrl lists the revoked certificates signed by the org CA', async () => {
    const second = await enrollAs(client, 'Org1MSP', 'auditor1', auditorSecret);
    const cert = new x509.X509Certificate(second.certPem);
    const aki = cert.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId!;
    await client.revoke({ enrollmentID: '', serial: cert.serialNumber, aki, reason: 'superseded' }, admin.user);
    const refused = await failure(describeAs(net, second, []));
    expect(refused.message).to.include('creator org [Org1MSP]');
    // auditor1's other certificates still work.
    expect((await describeAs(net, auditor, [])).mspId).to.equal('Org1MSP');
    const again = await failure(client.revoke({ enrollmentID: '', serial: cert.serialNumber, aki }, admin.user));
    expect(caErrors(again)[0].code).to.equal(66);

    const crlPem = Buffer.from((await client.generateCRL({}, admin.user)) as string, 'base64').toString();
    const crl = new x509.X509Crl(crlPem);
    const caCert = new x509.X509Certificate(readFileSync(ca.caCertPath, 'utf8'));
    expect(await crl.verify({ publicKey: caCert })).to.equal(true);
    expect(crl.entries.map((entry) => entry.serialNumber.replace(/^0+/, '').toLowerCase())).to.include(
      cert.serialNumber.replace(/^0+/, '').toLowerCase(),
    );
    expect(crl.entries).to.have.length(2);
  });

  describe('bad input: Fabric CA error codes, and the CA keeps serving', () => {
    it('refuses a wrong secret, an unknown identity and a missing or malformed authorization', async () => {
      for (const [id, secret] of [
        ['auditor1', 'wrong'],
        ['nobody', 'x'],
      ]) {
        const err = await failure(client.enroll({ enrollmentID: id, enrollmentSecret: secret }));
        expect(caErrors(err)).to.deep.equal([{ code: 20, message: 'Authentication failure' }]);
      }
      const noAuth = await rawCaRequest(ca, 'POST', '/api/v1/enroll', { body: '{}' });
      expect(noAuth.status).to.equal(401);
      expect(noAuth.json).to.deep.include({
        success: false,
        result: '',
        errors: [{ code: 2, message: 'No authorization header' }],
      });
      for (const token of [
        'garbage',
        'a.b.c',
        `${Buffer.from(admin.certPem).toString('base64')}.AAAA`,
        'bm90IGEgY2VydA==.AAAA',
      ]) {
        const answer = await rawCaRequest(ca, 'POST', '/api/v1/register', {
          body: '{"id":"x"}',
          headers: { Authorization: token },
        });
        expect(answer.status, token).to.equal(401);
        expect(answer.json!.errors, token).to.deep.equal([{ code: 20, message: 'Authentication failure' }]);
      }
      // The token signs method, URI, body and certificate: replayed with another body it is refused.
      const body = JSON.stringify({ id: 'tokened1', affiliation: 'org1' });
      const token = fabricCaToken(admin, 'POST', '/api/v1/register', body);
      const replayed = await rawCaRequest(ca, 'POST', '/api/v1/register', {
        body: body.replace('tokened1', 'tokened2'),
        headers: { Authorization: token },
      });
      expect(replayed.json!.errors).to.deep.equal([{ code: 20, message: 'Authentication failure' }]);
      const genuine = await rawCaRequest(ca, 'POST', '/api/v1/register', { body, headers: { Authorization: token } });
      expect(genuine.status).to.equal(201);
      expect(genuine.json!.success).to.equal(true);
    });

    it('refuses a CSR for another name, and malformed JSON and CSRs', async () => {
      const secret = await client.register(
        { enrollmentID: 'csr1', affiliation: 'org1', maxEnrollments: -1, attrs: [] },
        admin.user,
      );
      const suite = (client as unknown as { getCryptoSuite(): ICryptoSuite }).getCryptoSuite();
      const key = (await suite.generateKey({ ephemeral: true })) as ICryptoKey & { generateCSR(dn: string): string };
      const otherName = await failure(
        client.enroll({ enrollmentID: 'csr1', enrollmentSecret: secret, csr: key.generateCSR('CN=admin') }),
      );
      expect(caErrors(otherName)).to.deep.equal([
        { code: 77, message: 'The CSR subject common name must equal the enrollment ID' },
      ]);
      const basic = { Authorization: `Basic ${Buffer.from(`csr1:${secret}`).toString('base64')}` };
      const cases: Array<[string, number, number]> = [
        ['{"certificate_request": "not a csr"}', 400, 31],
        [
          '{"certificate_request": "-----BEGIN CERTIFICATE REQUEST-----\\nAAAA\\n-----END CERTIFICATE REQUEST-----"}',
          400,
          31,
        ],
        ['{not json', 400, 5],
        ['{"certificate_request": 42}', 400, 5],
        ['[]', 400, 5],
        ['', 400, 4],
      ];
      for (const [body, status, code] of cases) {
        const answer = await rawCaRequest(ca, 'POST', '/api/v1/enroll', { body, headers: basic });
        expect(answer.status, body).to.equal(status);
        expect(answer.json!.errors[0].code, body).to.equal(code);
      }
      const unknownCa = await rawCaRequest(ca, 'POST', '/api/v1/enroll', {
        body: '{"caname":"ca-nope"}',
        headers: basic,
      });
      expect(unknownCa.json!.errors).to.deep.equal([{ code: 19, message: "CA 'ca-nope' does not exist" }]);
      const method = await rawCaRequest(ca, 'GET', '/api/v1/enroll');
      expect(method.json!.errors).to.deep.equal([{ code: 1, message: 'Method GET is not allowed' }]);
      expect((await rawCaRequest(ca, 'GET', '/api/v1/nothing')).status).to.equal(404);
    });

    it('refuses registrations beyond the registrar rights with "Authorization failure"', async () => {
      // auditor1 is no registrar at all.
      const notRegistrar = await failure(
        client.register({ enrollmentID: 'x1', affiliation: 'org1', attrs: [] }, auditor.user),
      );
      expect(caErrors(notRegistrar)).to.deep.equal([{ code: 71, message: 'Authorization failure' }]);
      // A registrar for clients only, with rights on `app.*` attributes.
      const secret = await client.register(
        {
          enrollmentID: 'registrar1',
          affiliation: 'org1.department1',
          maxEnrollments: -1,
          attrs: [
            { name: 'hf.Registrar.Roles', value: 'client' },
            { name: 'hf.Registrar.Attributes', value: 'app.*' },
          ],
        },
        admin.user,
      );
      const registrar = await enrollAs(client, 'Org1MSP', 'registrar1', secret);
      const allowed = await client.register(
        {
          enrollmentID: 'appuser1',
          affiliation: 'org1.department1',
          attrs: [{ name: 'app.level', value: '3', ecert: true }],
        },
        registrar.user,
      );
      expect(allowed).to.be.a('string');
      const refusals: FabricCAServices.IRegisterRequest[] = [
        { enrollmentID: 'x2', role: 'peer', affiliation: 'org1.department1', attrs: [] },
        { enrollmentID: 'x3', affiliation: 'org2', attrs: [] },
        { enrollmentID: 'x4', affiliation: 'org1.department1', attrs: [{ name: 'role', value: 'admin' }] },
        { enrollmentID: 'x5', affiliation: 'org1.department1', attrs: [{ name: 'hf.Revoker', value: 'true' }] },
        { enrollmentID: 'x6', affiliation: 'org1.nowhere', attrs: [] },
      ];
      for (const request of refusals) {
        const err = await failure(client.register(request, registrar.user));
        expect(caErrors(err), request.enrollmentID).to.deep.equal([{ code: 71, message: 'Authorization failure' }]);
      }
      // Not a revoker, not a CRL generator.
      const revoke = await failure(client.revoke({ enrollmentID: 'appuser1' }, registrar.user));
      expect(caErrors(revoke)).to.deep.equal([{ code: 71, message: 'Authorization failure' }]);
      const gencrl = await failure(client.generateCRL({}, registrar.user));
      expect(caErrors(gencrl)).to.deep.equal([{ code: 71, message: 'Authorization failure' }]);
      const duplicate = await failure(
        client.register({ enrollmentID: 'appuser1', affiliation: 'org1.department1', attrs: [] }, admin.user),
      );
      expect(caErrors(duplicate)).to.deep.equal([{ code: 74, message: "Identity 'appuser1' is already registered" }]);
    });

    it('refuses a huge body with 413 and keeps serving', async () => {
      const huge = Buffer.alloc(3 * 1024 * 1024, 'a');
      // Declared up front (Content-Length) and streamed without a length (chunked): both refused.
      for (const headers of [{}, { 'Transfer-Encoding': 'chunked' }] as Array<Record<string, string>>) {
        const answer = await rawCaRequest(ca, 'POST', '/api/v1/register', { body: huge, headers });
        expect(answer.status).to.equal(413);
        expect(answer.json!.errors).to.deep.equal([
          { code: 3, message: 'Failed reading request body: http: request body too large' },
        ]);
      }
      const info = await rawCaRequest(ca, 'GET', '/cainfo');
      expect(info.status).to.equal(200);
    });
  });

  describe('restart', () => {
    it('keeps its registry, certificates and revocations across a restart', async () => {
      await net.stop();
      net = await startTestDevnet({ topology: topologyWithCas(), dataDir });
      ca = net.ca('Org1MSP');
      client = caClient(ca);
      // Enrolled before the restart: the admin's certificate still authenticates, the auditor still transacts.
      const secret = await client.register(
        { enrollmentID: 'after-restart', affiliation: 'org1', attrs: [] },
        admin.user,
      );
      expect(secret).to.be.a('string');
      expect((await describeAs(net, auditor, ['clearance'])).attrs).to.deep.equal({ clearance: 'secret' });
      const again = await enrollAs(client, 'Org1MSP', 'auditor1', auditorSecret);
      expect(certAttributes(again.certPem)).to.include({ role: 'auditor' });
      // Revocations stay in force.
      const leaverAgain = await failure(client.enroll({ enrollmentID: 'leaver1', enrollmentSecret: 'x' }));
      expect(caErrors(leaverAgain)[0].code).to.equal(20);
      const duplicate = await failure(
        client.register({ enrollmentID: 'auditor1', affiliation: 'org1', attrs: [] }, admin.user),
      );
      expect(caErrors(duplicate)[0].code).to.equal(74);
    });
  });

  describe('options', () => {
    it('serves plain HTTP when the network runs without TLS, and no CA with ca: false (--no-ca)', async () => {
      const plain = await startTestDevnet({ topology: topologyWithCas(), tls: { enabled: false }, launch: 'lazy' });
      try {
        const endpoint = plain.ca('Org2MSP');
        expect(endpoint.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(endpoint.tlsCaCertPath).to.equal(undefined);
        const enrolled = await enrollAs(caClient(endpoint), 'Org2MSP', 'admin', 'adminpw');
        expect(
          new X509Certificate(enrolled.certPem).checkIssued(new X509Certificate(readFileSync(endpoint.caCertPath))),
        ).to.equal(true);
      } finally {
        await plain.dispose();
      }
      const without = await startTestDevnet({ topology: topologyWithCas(), ca: false, launch: 'lazy' });
      try {
        expect(without.cas).to.deep.equal([]);
      } finally {
        await without.dispose();
      }
    });
  });
});
