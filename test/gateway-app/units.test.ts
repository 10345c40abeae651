import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { status as GrpcStatus, Metadata, type ServiceError } from '@grpc/grpc-js';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { ForbiddenError, NotFoundError } from '../../chaincode/scene-kit/src/errors';
import { encodeChaincodeError } from '../../chaincode/scene-kit/src/wire-error';
import { assembleRequest, validateRequest } from '../../gateway-app/src/api/action-input';
import { actionSchemaOf } from '../../gateway-app/src/api/action-schema';
import { IdempotencyStore } from '../../gateway-app/src/api/idempotency-store';
import { SubmissionJournal } from '../../gateway-app/src/api/submission-journal';
import { openAppDatabase } from '../../gateway-app/src/auth/app-database';
import { IdentityWallet } from '../../gateway-app/src/auth/identity-wallet';
import { addressKeyOf, isThrottled, LoginThrottle } from '../../gateway-app/src/auth/login-throttle';
import { MAX_SESSIONS_PER_USER, TokenStore } from '../../gateway-app/src/auth/token-store';
import { loadConfig, REPO_ROOT } from '../../gateway-app/src/config/app-config';
import { AppError } from '../../gateway-app/src/errors/app-error';
import {
  connectionSettingsDirectory,
  readConnectionSettings,
} from '../../gateway-app/src/fabric/connection-settings-directory';
import { CommitFailure, toAppError } from '../../gateway-app/src/fabric/fabric-error';
import { Projector } from '../../gateway-app/src/readmodel/projector';
import { openReadModel } from '../../gateway-app/src/readmodel/read-model-database';
import { ReadModelQueries } from '../../gateway-app/src/readmodel/read-model-queries';
import type { SceneEventEntry } from '../../gateway-app/src/readmodel/scene-event';
import { actionOf, scenarioView } from '../../gateway-app/src/scenarios/scenario-view';
import { scenariosOfTopology } from '../../gateway-app/src/scenarios/topology-scenarios';
import { scenarioOf } from './support/scenarios';

const supplyChain = scenarioOf('supply-chain');

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a throw');
}

function gatewayError(code: number, message: string, details: string[] = []): GatewayError {
  const cause = Object.assign(new Error(message), { code, details: message, metadata: new Metadata() }) as ServiceError;
  return new GatewayError({
    code,
    message,
    cause,
    details: details.map((m) => ({ address: 'peer0:7051', mspId: 'ManufacturerMSP', message: m })),
  });
}

describe('gateway app units', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-units-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('scenario views', () => {
    it('refuses, naming the flows, a flow whose derived route another flow or the read model already has', () => {
      const { descriptor } = scenarioOf('education');
      const { diplomaHistory, listAccreditations } = descriptor.flows;
      // Not the record's declared history, yet on a diploma by its key: GET /diplomas/:diplomaId/history again.
      expect(() => scenarioView({ ...descriptor, flows: { ...descriptor.flows, history: diplomaHistory } })).to.throw(
        'scenario education: flow history derives GET /diplomas/:diplomaId/history, the route of flow diplomaHistory',
      );
      const dashboard = { ...listAccreditations, on: undefined };
      expect(() => scenarioView({ ...descriptor, flows: { ...descriptor.flows, dashboard } })).to.throw(
        "flow dashboard derives GET /dashboard, the route of the read model's GET /dashboard",
      );
    });

    it('names the chaincode and its folder when a deployed package cannot be loaded', () => {
      const topology = path.join(dir, 'topology.yaml');
      writeFileSync(
        topology,
        `baseDir: ${REPO_ROOT}\nchannels:\n  - name: c\n    chaincodes:\n      - { name: ghost, path: chaincode/ghost }\n`,
      );
      expect(() => scenariosOfTopology(topology, 'c')).to.throw(
        `deploys chaincode ghost from ${path.join(REPO_ROOT, 'chaincode', 'ghost')}, whose package cannot be loaded`,
      );
    });
  });

  describe('configuration', () => {
    it('defaults to the dev network of network/topology.yaml on 127.0.0.1:3000', () => {
      const config = loadConfig({});
      expect(config).to.include({ host: '127.0.0.1', port: 3000, channel: 'public-services' });
      expect(config.network).to.deep.include({
        kind: 'devnet',
        topologyFile: path.join(REPO_ROOT, 'network', 'topology.yaml'),
        reset: false,
      });
    });

    it('takes PORT, switches to a real network with SCENECHAIN_CONNECTION, and refuses nonsense', () => {
      expect(loadConfig({ PORT: '8080' }).port).to.equal(8080);
      expect(loadConfig({ SCENECHAIN_CONNECTION: '/x/connection.json' }).network).to.deep.equal({
        kind: 'fabric',
        connectionFile: '/x/connection.json',
        topologyFile: path.join(REPO_ROOT, 'network', 'topology.yaml'),
      });
      expect(() => loadConfig({ PORT: 'eighty' })).to.throw(/invalid configuration: port/);
    });

    it('reads a real network’s connection.json: TLS peer, host override, identity files', () => {
      const pem = (name: string) => {
        const file = path.join(dir, name);
        writeFileSync(file, `-----BEGIN ${name}-----\n`);
        return file;
      };
      const files = (name: string) => ({
        label: name,
        mspPath: dir,
        certPath: pem(`${name}-cert`),
        keyPath: pem(`${name}-key`),
      });
      const settings = {
        version: 1,
        network: 'scenechain',
        runtime: 'docker',
        cryptoMode: 'ca',
        orgs: {
          ManufacturerMSP: {
            name: 'Manufacturer',
            mspId: 'ManufacturerMSP',
            domain: 'm.example',
            mspPath: dir,
            tlsCACertPath: pem('tlsca'),
            peers: [
              {
                name: 'peer0',
                endpoint: '127.0.0.1:13051',
                hostOverride: 'peer0.m.example',
                tlsCACertPath: pem('peer-tlsca'),
              },
            ],
            admin: files('Admin'),
            user: files('User1'),
            users: { operator1: { ...files('operator1'), attrs: { role: 'operator' } } },
          },
        },
        channels: [{ name: 'public-services', orgs: ['ManufacturerMSP'], chaincodes: ['supply-chain'] }],
      };
      const file = path.join(dir, 'connection.json');
      writeFileSync(file, JSON.stringify(settings));
      const directory = connectionSettingsDirectory(readConnectionSettings(file), 'public-services');
      expect(directory.kind).to.equal('fabric');
      expect(directory.peer('ManufacturerMSP')).to.deep.equal({
        mspId: 'ManufacturerMSP',
        endpoint: '127.0.0.1:13051',
        tlsRootCertPem: '-----BEGIN peer-tlsca-----\n',
        hostOverride: 'peer0.m.example',
      });
      expect(directory.knownUsers).to.deep.equal([
        { mspId: 'ManufacturerMSP', name: 'operator1', attrs: { role: 'operator' } },
      ]);
      expect(directory.identity('ManufacturerMSP', 'operator1')).to.include({
        label: 'operator1@ManufacturerMSP',
        certPem: '-----BEGIN operator1-cert-----\n',
      });
      expect(() => directory.identity('ManufacturerMSP', 'nobody')).to.throw(/no identity nobody/);
      writeFileSync(file, JSON.stringify({ ...settings, version: 2 }));
      expect(() => readConnectionSettings(file)).to.throw(/not a connection settings file/);
    });
  });

  describe('token store', () => {
    const withUser = () => {
      const db = openAppDatabase(':memory:');
      db.prepare(
        "INSERT INTO users (username, msp_id, fabric_user, password_hash, created_at) VALUES ('u1', 'M', 'u1', 'x', 't')",
      ).run();
      return db;
    };

    it('keeps only hashes, expires tokens at their time, refuses revoked ones and caps live sessions', () => {
      const db = withUser();
      let now = 1_000_000_000_000;
      const tokens = new TokenStore(db, { sessionSeconds: 60, apiSeconds: 3600 }, () => now);
      const session = tokens.issue('u1', 'session', 'sign-in');
      expect(tokens.verify(session.token)).to.deep.equal({ username: 'u1', tokenId: session.id });
      expect(JSON.stringify(db.prepare('SELECT * FROM auth_tokens').all())).not.to.include(session.token.slice(4));
      const api = tokens.issue('u1', 'api', 'script', 10 * 3600);
      expect(Date.parse(api.expiresAt) - now).to.equal(3600_000, 'never longer than configured');
      now += 60_000;
      expect(thrown(() => tokens.verify(session.token)).code).to.equal('TOKEN_EXPIRED');
      expect(tokens.revoke('u1', api.id)).to.equal(true);
      expect(thrown(() => tokens.verify(api.token)).code).to.equal('TOKEN_REVOKED');
      expect(tokens.revoke('u1', api.id)).to.equal(false);
      expect(thrown(() => tokens.verify('scs_unknown')).code).to.equal('TOKEN_INVALID');
      for (let i = 0; i < MAX_SESSIONS_PER_USER + 5; i++) {
        now += 1;
        tokens.issue('u1', 'session', `s${i}`);
      }
      expect(tokens.listLive('u1')).to.have.length(MAX_SESSIONS_PER_USER);
    });

    it('moves API tokens of the old table over with an expiry, so existing scripts keep working', () => {
      const db = withUser();
      const legacy = 'sct_legacy-token';
      // The table as apps before expiring tokens created it (a new database has none).
      db.exec(`CREATE TABLE api_tokens (
        token_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL REFERENCES users (username),
        label TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked INTEGER NOT NULL DEFAULT 0
      )`);
      db.prepare("INSERT INTO api_tokens (token_hash, username, label, created_at) VALUES (?, 'u1', 'old', ?)").run(
        createHash('sha256').update(legacy).digest('hex'),
        '2029-01-01T00:00:00.000Z',
      );
      const now = Date.parse('2030-01-01T00:00:00Z');
      const tokens = new TokenStore(db, { sessionSeconds: 60, apiSeconds: 3600 }, () => now);
      expect(tokens.verify(legacy).username).to.equal('u1');
      expect(tokens.listLive('u1')[0]).to.include({ label: 'old', expiresAt: '2030-01-01T01:00:00.000Z' });
      expect(db.prepare('SELECT COUNT(*) AS n FROM api_tokens').get()).to.deep.equal({ n: 0 });
    });
  });

  describe('identity wallet', () => {
    it('refuses an MSP folder whose signcerts is a file as a bad path (400), not a server fault', () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'wallet-'));
      try {
        mkdirSync(path.join(dir, 'clerk', 'keystore'), { recursive: true });
        writeFileSync(path.join(dir, 'clerk', 'signcerts'), 'not a folder');
        const error = thrown(() => new IdentityWallet(dir).identityFiles('clerk'));
        expect(error).to.be.instanceOf(AppError);
        expect(error).to.include({ status: 400, code: 'INVALID_IDENTITY_PATH' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('login throttle', () => {
    it('stays within maxTracked under a username spray and keeps the locks it holds', () => {
      const throttle = new LoginThrottle(
        {
          maxFailuresPerUser: 2,
          maxFailuresPerAddress: 1_000_000,
          windowSeconds: 60,
          lockSeconds: 60,
          maxTracked: 100,
        },
        () => 5_000,
      );
      for (let i = 0; i < 2; i++) {
        const attempt = throttle.begin('victim', '10.0.0.1');
        if (isThrottled(attempt)) throw new Error('throttled too early');
        attempt.failed();
      }
      for (let i = 0; i < 10_000; i++) {
        const attempt = throttle.begin(`user-${i}`, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
        if (!isThrottled(attempt)) attempt.failed();
      }
      expect(throttle.tracked.users).to.be.at.most(100);
      expect(throttle.tracked.addresses).to.be.at.most(100);
      expect(throttle.begin('VICTIM', '10.9.9.9')).to.deep.equal({ retryAfterSeconds: 60, scope: 'user' });
    });

    it('keys IPv6 clients by their /64 and IPv4-mapped ones as IPv4', () => {
      expect(addressKeyOf('2001:db8:a:b:1:2:3:4')).to.equal('2001:db8:a:b::/64');
      expect(addressKeyOf('2001:db8::1')).to.equal('2001:db8:0:0::/64');
      expect(addressKeyOf('::1')).to.equal('0:0:0:0::/64');
      expect(addressKeyOf('::ffff:192.0.2.7')).to.equal('192.0.2.7');
      expect(addressKeyOf('192.0.2.7')).to.equal('192.0.2.7');
    });
  });

  describe('requests', () => {
    const ship = actionSchemaOf(actionOf(supplyChain, 'shipBatch'));
    const list = actionSchemaOf(actionOf(supplyChain, 'listBatchesByCustodian'));

    it('merge path, query (typed by the schema) and body into the chaincode request', () => {
      expect(
        assembleRequest(list, {}, { custodian: 'LogisticsMSP', pageSize: '5', status: 'ACTIVE' }, undefined),
      ).to.deep.equal({
        custodian: 'LogisticsMSP',
        pageSize: 5,
        status: 'ACTIVE',
      });
      expect(assembleRequest(ship, { batchId: 'B-1' }, {}, { receiver: 'X', quantity: 2 })).to.deep.equal({
        batchId: 'B-1',
        receiver: 'X',
        quantity: 2,
      });
      expect(
        thrown(() => assembleRequest(ship, { batchId: 'B-1' }, {}, { batchId: 'B-2', receiver: 'X' })).code,
      ).to.equal('INVALID_ARGUMENT');
    });

    it('are checked with the chaincode’s own schema, issue by issue', () => {
      const error = thrown(() =>
        validateRequest(actionOf(supplyChain, 'shipBatch').flow, { batchId: 'B 1', receiver: 7, extra: true }),
      );
      expect(error.status).to.equal(400);
      expect((error.details.issues as { path: string }[]).map((i) => i.path)).to.include.members([
        'batchId',
        'receiver',
      ]);
    });
  });

  describe('fabric errors', () => {
    it('carry the chaincode’s own code, message and facts from the endorsers’ details', () => {
      const notFound = encodeChaincodeError(
        new NotFoundError('Batch B-1 does not exist', { recordType: 'Batch', id: 'B-1' }),
      );
      const error = toAppError(
        gatewayError(GrpcStatus.ABORTED, 'failed to endorse transaction, see attached details for more info', [
          `chaincode response 500, ${notFound}`,
        ]),
      );
      expect([error.status, error.code, error.message]).to.deep.equal([404, 'NOT_FOUND', 'Batch B-1 does not exist']);
      expect(error.toJSON()).to.deep.equal({
        code: 'NOT_FOUND',
        message: 'Batch B-1 does not exist',
        facts: { recordType: 'Batch', id: 'B-1' },
      });
      const forbidden = toAppError(
        gatewayError(
          GrpcStatus.UNKNOWN,
          `evaluate call to endorser returned error: chaincode response 500, ${encodeChaincodeError(new ForbiddenError('no'))}`,
        ),
      );
      expect(forbidden.toJSON()).to.deep.equal({ code: 'FORBIDDEN', message: 'no', facts: {} });
      expect(forbidden.status).to.equal(403);
      // The old "CODE: text" form is no longer a chaincode error: it is reported as the gateway's failure.
      const legacy = toAppError(
        gatewayError(GrpcStatus.ABORTED, 'failed to endorse', ['chaincode response 500, NOT_FOUND: Batch B-1']),
      );
      expect([legacy.status, legacy.code]).to.deep.equal([502, 'ENDORSEMENT_FAILED']);
    });

    it('map an unreachable peer to 503, a timeout to 504 and other endorsement failures to 502 with details', () => {
      expect(toAppError(gatewayError(GrpcStatus.UNAVAILABLE, 'No connection established')).code).to.equal(
        'NETWORK_UNAVAILABLE',
      );
      expect(toAppError(gatewayError(GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded')).status).to.equal(504);
      const other = toAppError(gatewayError(GrpcStatus.ABORTED, 'failed to endorse', ['peer crashed']));
      expect([other.status, other.code]).to.deep.equal([502, 'ENDORSEMENT_FAILED']);
      expect(other.message).to.include('ManufacturerMSP: peer crashed');
    });

    it('map peers that refuse the proposal’s time to 503 CLOCK_SKEW, naming the clocks', () => {
      const refusal =
        'request unauthorized due to incorrect timestamp 2026-12-02T01:00:00Z, peer time 2026-12-02T01:10:00Z, ' +
        'peer.authentication.timewindow 5m0s';
      const skew = toAppError(
        gatewayError(GrpcStatus.ABORTED, 'failed to endorse transaction, see attached details for more info', [
          refusal,
        ]),
      );
      expect([skew.status, skew.code]).to.deep.equal([503, 'CLOCK_SKEW']);
      expect(skew.message).to.include('peer time 2026-12-02T01:10:00Z');
      const mixed = toAppError(gatewayError(GrpcStatus.ABORTED, 'failed to endorse', [refusal, 'peer crashed']));
      expect(mixed.code).to.equal('ENDORSEMENT_FAILED');
    });

    it('map a commit that lost its conflicts to 409 and any other invalid commit to 502 with the validation code', () => {
      const mvcc = toAppError(new CommitFailure('tx1', peer.TxValidationCode.MVCC_READ_CONFLICT, 9, 5));
      expect([mvcc.status, mvcc.code, mvcc.details.attempts]).to.deep.equal([409, 'MVCC_READ_CONFLICT', 5]);
      const policy = toAppError(new CommitFailure('tx2', peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE, 9, 1));
      expect([policy.status, policy.code, policy.details.validationCode]).to.deep.equal([
        502,
        'COMMIT_FAILED',
        'ENDORSEMENT_POLICY_FAILURE',
      ]);
    });
  });

  describe('idempotency keys', () => {
    it('replay the stored answer, refuse reuse and repeats in flight, and forget network failures', () => {
      const db = openAppDatabase(path.join(dir, 'app.db'));
      const journal = new SubmissionJournal(db);
      const store = new IdempotencyStore(db, journal);
      const hash = IdempotencyStore.requestHash('POST', '/x', { a: 1 });
      expect(store.begin('u', 'k', hash).kind).to.equal('claimed');
      expect(thrown(() => store.begin('u', 'k', hash)).code).to.equal('IDEMPOTENCY_IN_PROGRESS');
      store.finish('u', 'k', { statusCode: 200, body: { ok: 1 } });
      expect(store.begin('u', 'k', hash)).to.deep.equal({
        kind: 'stored',
        response: { statusCode: 200, body: { ok: 1 } },
      });
      expect(thrown(() => store.begin('u', 'k', IdempotencyStore.requestHash('POST', '/x', { a: 2 }))).code).to.equal(
        'IDEMPOTENCY_KEY_REUSED',
      );
      expect(store.begin('other-user', 'k', hash).kind).to.equal('claimed');
      expect(store.begin('u', 'k2', hash).kind).to.equal('claimed');
      store.finish('u', 'k2', { statusCode: 503, body: {} });
      expect(store.begin('u', 'k2', hash).kind).to.equal('claimed');
      db.close();
    });

    it('take a key claimed by a process that is gone for an orphan, not a request in progress', () => {
      const file = path.join(dir, 'orphans.db');
      const before = openAppDatabase(file);
      const claim = new IdempotencyStore(before, new SubmissionJournal(before)).begin('u', 'k', 'h');
      before.close();
      const db = openAppDatabase(file);
      const journal = new SubmissionJournal(db);
      const store = new IdempotencyStore(db, journal);
      const orphaned = store.begin('u', 'k', 'h');
      expect(orphaned).to.deep.include({ kind: 'orphaned' });
      expect(orphaned.kind === 'orphaned' && orphaned.entry?.id).to.equal(claim.kind === 'claimed' && claim.entryId);
      expect(journal.orphans().map((entry) => entry.idempotencyKey)).to.deep.equal(['k']);
      db.close();
    });
  });

  describe('read model projection', () => {
    const event = (id: string, revision: number, to: string, details: Record<string, unknown>): SceneEventEntry => ({
      name: 'BatchShipped',
      recordType: 'Batch',
      id,
      revision,
      action: 'ship',
      from: null,
      to,
      actor: { mspId: 'ManufacturerMSP', user: 'operator1', role: 'operator' },
      txId: `tx-${id}-${revision}`,
      timestamp: `2026-01-0${revision}T00:00:00.000Z`,
      details,
    });

    it('applies each event once and keeps the latest state of each record', () => {
      const db = openReadModel(path.join(dir, 'rm.db'));
      const projector = new Projector(db);
      const queries = new ReadModelQueries(db);
      expect(projector.apply('sc', 1, 'tx-1', [event('B-1', 1, 'ACTIVE', { custodian: 'ManufacturerMSP' })])).to.equal(
        1,
      );
      expect(
        projector.apply('sc', 2, 'tx-2', [
          event('B-1', 2, 'IN_TRANSIT', { custodian: 'ManufacturerMSP', receiver: 'LogisticsMSP' }),
        ]),
      ).to.equal(1);
      expect(
        projector.apply('sc', 2, 'tx-2', [
          event('B-1', 2, 'IN_TRANSIT', { custodian: 'ManufacturerMSP', receiver: 'LogisticsMSP' }),
        ]),
      ).to.equal(0);
      expect(projector.apply('sc', 3, 'tx-3', [event('B-1', 3, 'ACTIVE', { custodian: 'LogisticsMSP' })])).to.equal(1);
      const record = queries.record('sc', 'Batch', 'B-1')!;
      expect(record).to.include({ status: 'ACTIVE', revision: 3, createdAt: '2026-01-01T00:00:00.000Z' });
      expect(record.details).to.deep.equal({ custodian: 'LogisticsMSP' });
      expect(queries.timeline('sc', 'Batch', 'B-1').map((e) => e.to)).to.deep.equal(['ACTIVE', 'IN_TRANSIT', 'ACTIVE']);
      expect(
        queries.listRecords({
          scenario: 'sc',
          recordType: 'Batch',
          fields: { custodian: 'LogisticsMSP' },
          pageSize: 10,
          bookmark: '',
        }).items,
      ).to.have.length(1);
      expect(
        queries.listRecords({ scenario: 'sc', recordType: 'Batch', q: "100%'", pageSize: 10, bookmark: '' }).items,
      ).to.have.length(0);
      db.close();
    });
  });
});
