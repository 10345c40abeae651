import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { status as GrpcStatus, Metadata, type ServiceError } from '@grpc/grpc-js';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { assembleRequest, validateRequest } from '../../gateway-app/src/api/action-input';
import { actionSchemaOf } from '../../gateway-app/src/api/action-schema';
import { IdempotencyStore } from '../../gateway-app/src/api/idempotency-store';
import { SubmissionJournal } from '../../gateway-app/src/api/submission-journal';
import { openAppDatabase } from '../../gateway-app/src/auth/app-database';
import { SessionTokens } from '../../gateway-app/src/auth/session-tokens';
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
import { actionOf } from '../../gateway-app/src/scenarios/scenario';
import { supplyChain } from '../../gateway-app/src/scenarios/supply-chain';

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

  describe('session tokens', () => {
    it('verify their own tokens and refuse tampered, foreign and expired ones', () => {
      const tokens = new SessionTokens(Buffer.alloc(32, 1), 60);
      const { token } = tokens.issue('operator1');
      expect(tokens.verify(token)).to.equal('operator1');
      expect(thrown(() => new SessionTokens(Buffer.alloc(32, 2), 60).verify(token)).code).to.equal('TOKEN_INVALID');
      expect(thrown(() => tokens.verify(token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).code).to.equal(
        'TOKEN_INVALID',
      );
      const old = new SessionTokens(Buffer.alloc(32, 1), 60, () => Date.now() - 120_000).issue('operator1').token;
      expect(thrown(() => tokens.verify(old)).code).to.equal('TOKEN_EXPIRED');
    });
  });

  describe('requests', () => {
    const ship = actionSchemaOf(actionOf(supplyChain, 'shipBatch'));
    const list = actionSchemaOf(actionOf(supplyChain, 'listBatchesByCustodian'));

    it('merge path, query (typed by the schema) and body into the chaincode request', () => {
      expect(
        assembleRequest(list, { custodian: 'LogisticsMSP' }, { pageSize: '5', status: 'ACTIVE' }, undefined),
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
    it('carry the chaincode’s own code and message from the endorsers’ details', () => {
      const error = toAppError(
        gatewayError(GrpcStatus.ABORTED, 'failed to endorse transaction, see attached details for more info', [
          'chaincode response 500, NOT_FOUND: Batch B-1 does not exist',
        ]),
      );
      expect([error.status, error.code, error.message]).to.deep.equal([404, 'NOT_FOUND', 'Batch B-1 does not exist']);
      expect(
        toAppError(
          gatewayError(
            GrpcStatus.UNKNOWN,
            'evaluate call to endorser returned error: chaincode response 500, FORBIDDEN: no',
          ),
        ).status,
      ).to.equal(403);
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
