import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { expect } from 'chai';
import { addScenarioCommands } from '../../gateway-app/src/cli/scenario-commands';
import { certificateAttributes } from '../../gateway-app/src/auth/certificate-attributes';
import { ApiClient } from '../../gateway-app/src/cli/api-client';
import { REPO_ROOT } from '../../gateway-app/src/config/app-config';
import { freePort } from '../support/ports';
import { credentialCases } from './support/credential-cases';
import { issueDiploma } from './support/diplomas';
import { SCENARIOS, scenarioOf } from './support/scenarios';
import { startTestApp, type Json, type TestApp } from './support/test-app';

const run = promisify(execFile);
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const transactions = (answer: Json): string[] => answer.body.actions.map((a: { transaction: string }) => a.transaction);

/**
 * Education certificates served with no app code (the topology deploys it), and the app derived from the
 * descriptors: one route per flow at its derived path, in the OpenAPI with examples, a CLI command per flow,
 * and a record's GET offering only what its state allows the user (refused by the chaincode if called anyway).
 */
describe('gateway app: routes, actions and education, all from the scenario descriptors', function () {
  this.timeout(180_000);
  let t: TestApp;
  let accreditor: string;
  let university: string;

  before(async () => {
    // A port of our own: the credential cases' CLI talks to the app over HTTP.
    t = await startTestApp({ chaincodes: ['education', 'gov-records'], config: { port: await freePort() } });
    [accreditor, university] = await Promise.all([t.login('accreditor1'), t.login('academic-registrar1')]);
  });
  after(async () => t?.close());

  it('loads no contract API: the descriptors are plain data and flows', async () => {
    const probe = [
      "require('./gateway-app/src/app');",
      "require('./gateway-app/src/cli/scenario-commands');",
      "const { scenariosOfTopology } = require('./gateway-app/src/scenarios/topology-scenarios');",
      "const served = scenariosOfTopology('network/topology.yaml', 'public-services').map((s) => s.id);",
      'const loaded = Object.keys(require.cache).filter((f) => /fabric-(contract-api|shim)/.test(f));',
      'console.log(JSON.stringify({ served, loaded }));',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--require', 'tsx/cjs', '-e', probe], { cwd: REPO_ROOT });
    expect(JSON.parse(stdout)).to.deep.equal({
      served: [
        'supply-chain',
        'patents',
        'gov-records',
        'education',
        'e-invoices',
        'judicial-evidence',
        'carbon-credits',
        'charity',
        'cold-chain',
        'supply-chain-finance',
      ],
      loaded: [],
    });
  });

  it('serves every flow at exactly one route, its derived path, listed in the OpenAPI with examples', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    for (const id of ['education', 'gov-records']) {
      const scenario = scenarioOf(id);
      const operations = Object.entries(doc.paths as Record<string, Record<string, { operationId?: string }>>)
        .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })))
        .filter(({ op }) => op.operationId?.startsWith(`${id}.`));
      expect(operations.map(({ op }) => op.operationId)).to.have.members(
        Object.keys(scenario.descriptor.flows).map((name) => `${id}.${name}`),
      );
      for (const action of scenario.actions) {
        const path = `/api/${id}${action.path.replace(/:(\w+)/g, '{$1}')}`;
        expect(doc.paths[path]?.[action.method.toLowerCase()]?.operationId, path).to.equal(
          `${id}.${action.transaction}`,
        );
      }
    }
    expect(doc.paths['/api/education/diplomas/{diplomaId}/suspend-diploma'].post).to.be.an('object');
    expect(doc.paths['/api/education/diplomas/verify-diploma'].get).to.be.an('object');
    const issue = doc.paths['/api/education/diplomas/issue-diploma'].post;
    const body = issue.requestBody.content['application/json'].schema;
    expect(body.properties.documentHash.example).to.match(/^[0-9a-f]{64}$/);
    expect(body.properties.diplomaId.example).to.be.a('string');
    // A record's GET is typed by the record type's schema, with the actions beside it.
    const get = doc.paths['/api/education/diplomas/{diplomaId}'].get.responses['200'].content['application/json'];
    expect(get.schema.properties.data.properties).to.include.keys('diplomaId', 'status', 'university');
    expect(get.schema.properties.actions.type).to.equal('array');
  });

  it('reads the attributes a user’s certificate carries, as the chaincode does', () => {
    const { directory } = t.app.ctx;
    expect(certificateAttributes(directory.identity('CitizenAgentMSP', 'citizen1').certPem)).to.deep.equal({
      role: 'citizen',
      subject: 'SUBJ-0001',
    });
    expect(certificateAttributes(directory.identity('UniversityMSP', 'academic-registrar1').certPem)).to.deep.equal({
      role: 'registrar',
    });
  });

  it('reads no attributes, without throwing, from a certificate whose attributes are malformed', () => {
    const pem = t.app.ctx.directory.identity('CitizenAgentMSP', 'citizen1').certPem;
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    const toPem = (bytes: Buffer) =>
      `-----BEGIN CERTIFICATE-----\n${bytes.toString('base64')}\n-----END CERTIFICATE-----\n`;
    const json = der.indexOf('{"attrs"');
    expect(json).to.be.greaterThan(0);
    const patched = (at: number, bytes: number[]) => {
      const copy = Buffer.from(der);
      bytes.forEach((byte, i) => (copy[at + i] = byte));
      return toPem(copy);
    };
    const worst = [
      patched(json, [0x5b]), // `["attrs":...}`: not JSON
      patched(json, [0x6e, 0x75, 0x6c, 0x6c, 0x20, 0x20, 0x20, 0x20]), // `null    ` then garbage
      patched(json - 1, [0x7f]), // the OCTET STRING's length past the certificate's end
      patched(json - 1, [0x84]), // a length of length the encoding does not allow
      'not a certificate',
    ];
    for (const cert of worst) expect(certificateAttributes(cert)).to.deep.equal({});
  });

  it('has a CLI command per flow of every scenario', () => {
    const program = new Command('scenechain-app');
    addScenarioCommands(program, SCENARIOS, () => new ApiClient('http://127.0.0.1:1'));
    for (const scenario of SCENARIOS) {
      const group = program.commands.find((c) => c.name() === scenario.id)!;
      expect(group.commands).to.have.length(Object.keys(scenario.descriptor.flows).length);
    }
    expect(program.commands.find((c) => c.name() === 'education')!.commands.map((c) => c.name())).to.include(
      'suspend-diploma',
    );
  });

  it('tells a diploma’s story through REST: accredit, issue, verify, suspend, with the actions each state allows', async () => {
    const accredited = await t.call('POST', '/api/education/accreditations/accredit', {
      token: accreditor,
      body: { universityId: 'UniversityMSP', name: 'University of Example' },
    });
    expect(accredited.status, JSON.stringify(accredited.body)).to.equal(200);
    const accreditation = await t.call('GET', '/api/education/accreditations/UniversityMSP', { token: accreditor });
    expect(transactions(accreditation)).to.deep.equal(['suspendAccreditation', 'withdrawAccreditation']);
    expect(accreditation.body.actions[0]).to.deep.equal({
      transaction: 'suspendAccreditation',
      label: 'Suspend accreditation',
      method: 'POST',
      path: '/api/education/accreditations/UniversityMSP/suspend-accreditation',
    });

    const document = 'Diploma D-APP-1';
    await issueDiploma(t, 'D-APP-1', document, { degree: 'BACHELOR', field: 'History' });
    const verified = await t.call('GET', `/api/education/diplomas/verify-diploma?documentHash=${sha256Hex(document)}`, {
      token: accreditor,
    });
    expect(verified.body).to.include({ valid: true, verdict: 'VALID' });

    const asIssued = await t.call('GET', '/api/education/diplomas/D-APP-1', { token: university });
    expect(asIssued.body.data.status).to.equal('ISSUED');
    expect(transactions(asIssued)).to.deep.equal(['suspendDiploma', 'revokeDiploma']);
    // The ministry may read the diploma but change nothing of it.
    expect(transactions(await t.call('GET', '/api/education/diplomas/D-APP-1', { token: accreditor }))).to.deep.equal(
      [],
    );

    const suspended = await t.call('POST', '/api/education/diplomas/D-APP-1/suspend-diploma', {
      token: university,
      body: { reason: 'under review' },
    });
    expect(suspended.status, JSON.stringify(suspended.body)).to.equal(200);
    const asSuspended = await t.call('GET', '/api/education/diplomas/D-APP-1', { token: university });
    expect(transactions(asSuspended)).to.deep.equal(['reinstateDiploma', 'revokeDiploma']);

    // Not offered, and refused by the chaincode when called anyway, with the facts on the wire.
    const again = await t.call('POST', '/api/education/diplomas/D-APP-1/suspend-diploma', {
      token: university,
      body: { reason: 'twice' },
    });
    expect([again.status, again.body.error.code]).to.deep.equal([409, 'ILLEGAL_TRANSITION']);
    expect(again.body.error.facts).to.deep.include({ recordType: 'Diploma', id: 'D-APP-1', currentState: 'SUSPENDED' });
    const byMinistry = await t.call('POST', '/api/education/diplomas/D-APP-1/revoke-diploma', {
      token: accreditor,
      body: { reason: 'not theirs' },
    });
    expect([byMinistry.status, byMinistry.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
  });

  it('offers a registrar suspend, amend, revoke (reinstate once suspended), a subject none, a buyer accept by its subject', async () => {
    const [registrar, citizen] = await Promise.all([t.login('registrar1'), t.login('citizen1')]);
    const issued = await t.call('POST', '/api/gov-records/records/issue', {
      token: registrar,
      body: { recordId: 'RA-1', type: 'BUSINESS_LICENCE', subjectId: 'SUBJ-0001', documentHash: sha256Hex('RA-1') },
    });
    expect(issued.status, JSON.stringify(issued.body)).to.equal(200);
    const asRegistrar = await t.call('GET', '/api/gov-records/records/RA-1', { token: registrar });
    expect(asRegistrar.body.data.status).to.equal('ACTIVE');
    expect(transactions(asRegistrar)).to.include.members(['amend', 'suspend', 'revoke']);
    expect(transactions(asRegistrar)).not.to.include('reinstate');
    // The subject reads its own record (its certificate's `subject` attribute) but may change nothing of it.
    const asSubject = await t.call('GET', '/api/gov-records/records/RA-1', { token: citizen });
    expect(asSubject.status, JSON.stringify(asSubject.body)).to.equal(200);
    expect(transactions(asSubject)).to.not.include.members(['amend']);
    for (const registrarOnly of ['amend', 'suspend', 'revoke', 'reinstate'])
      expect(transactions(asSubject)).not.to.include(registrarOnly);

    // Guards read the certificate's `subject`: the buyer may accept a transfer, the seller only cancel it.
    const title = await t.call('POST', '/api/gov-records/records/issue', {
      token: registrar,
      body: { recordId: 'PT-A-9', type: 'PROPERTY_TITLE', subjectId: 'SUBJ-0001', documentHash: sha256Hex('PT-A-9') },
    });
    expect(title.status, JSON.stringify(title.body)).to.equal(200);
    const proposed = await t.call('POST', '/api/gov-records/transfers/propose-transfer', {
      token: citizen,
      body: { transferId: 'TR-A-9', recordId: 'PT-A-9', buyer: 'CO-0001', deedHash: sha256Hex('deed TR-A-9') },
    });
    expect(proposed.status, JSON.stringify(proposed.body)).to.equal(200);
    const buyer = await t.login('company-rep1');
    const asBuyer = await t.call('GET', '/api/gov-records/transfers/TR-A-9', { token: buyer });
    expect(asBuyer.status, JSON.stringify(asBuyer.body)).to.equal(200);
    expect(transactions(asBuyer)).to.deep.equal(['acceptTransfer', 'declineTransfer']);
    const asSeller = await t.call('GET', '/api/gov-records/transfers/TR-A-9', { token: citizen });
    expect(transactions(asSeller)).to.deep.equal(['cancelTransfer']);

    await t.call('POST', '/api/gov-records/records/RA-1/suspend', { token: registrar, body: { reason: 'audit' } });
    const suspended = await t.call('GET', '/api/gov-records/records/RA-1', { token: registrar });
    expect(transactions(suspended)).to.include('reinstate');
    expect(transactions(suspended)).not.to.include('suspend');
  });

  describe('W3C Verifiable Credentials of diplomas and register entries', () => credentialCases(() => t));
});
