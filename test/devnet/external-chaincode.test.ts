import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import * as grpc from '@grpc/grpc-js';
import { peer } from '@hyperledger/fabric-protos';
import { parse } from 'yaml';
import { validateTopology } from '@scenechain/devnet';
import { CertificateAuthority } from '../../network/devnet/src/identity';
import { registerAs } from '../support/chaincode-listener-client';
import { startChaincodeServer, type ChaincodeServer } from '../support/chaincode-server';
import { REPO_ROOT, startTestDevnet, TEST_TOPOLOGY } from '../support/devnet';
import { failure } from '../support/failure';
import { connectClient, type TestClient } from '../support/fabric-client';
import { freePort } from '../support/ports';

const CHANNEL = 'testchannel';
const utf8 = new TextDecoder();

/**
 * A hostile chaincode server: answers Chaincode/Connect with the six bytes that make google-protobuf 3.21
 * loop (a length-delimited field claiming 2^32 - 1 bytes), as its first message.
 */
async function startRogueChaincodeServer(port: number): Promise<grpc.Server> {
  const server = new grpc.Server();
  const raw = (value: Buffer): Buffer => value;
  server.addService(
    {
      connect: {
        path: peer.ChaincodeService.connect.path,
        requestStream: true,
        responseStream: true,
        requestSerialize: raw,
        requestDeserialize: raw,
        responseSerialize: raw,
        responseDeserialize: raw,
      },
    },
    {
      connect(call: grpc.ServerDuplexStream<Buffer, Buffer>) {
        call.on('error', () => undefined);
        call.write(Buffer.from('0affffffff0f', 'hex'));
      },
    },
  );
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err) =>
      err ? reject(err) : resolve(),
    ),
  );
  return server;
}

/** Mutual-TLS material for a chaincode server and the peers that dial it, written to `dir`. */
function writeTlsFiles(dir: string): Record<'ca' | 'serverCert' | 'serverKey' | 'clientCert' | 'clientKey', string> {
  const { ca } = CertificateAuthority.create('ccaas-ca', 'ccaas.example');
  const server = ca.issue({ commonName: 'probe-tls', purpose: 'tls', subjectAltNames: ['127.0.0.1', 'localhost'] });
  const client = ca.issue({ commonName: 'peer0.org1.example.com', purpose: 'tls' });
  const files = {
    ca: path.join(dir, 'ca.pem'),
    serverCert: path.join(dir, 'server.pem'),
    serverKey: path.join(dir, 'server.key'),
    clientCert: path.join(dir, 'client.pem'),
    clientKey: path.join(dir, 'client.key'),
  };
  writeFileSync(files.ca, ca.certPem);
  writeFileSync(files.serverCert, server.certPem);
  writeFileSync(files.serverKey, server.keyPem);
  writeFileSync(files.clientCert, client.certPem);
  writeFileSync(files.clientKey, client.keyPem);
  return files;
}

describe('dev network: chaincode as a service (external chaincode servers)', function () {
  this.timeout(120_000);
  let tlsDir: string;
  let ports: Record<'plain' | 'tls' | 'wrongId' | 'down' | 'rogue', number>;
  const servers: ChaincodeServer[] = [];
  let rogue: grpc.Server;
  let net: Awaited<ReturnType<typeof startTestDevnet>>;
  let org1: TestClient;

  before(async () => {
    tlsDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-ccaas-'));
    const tls = writeTlsFiles(tlsDir);
    ports = {
      plain: await freePort(),
      tls: await freePort(),
      wrongId: await freePort(),
      down: await freePort(),
      rogue: await freePort(),
    };
    rogue = await startRogueChaincodeServer(ports.rogue);
    servers.push(await startChaincodeServer(ports.plain, 'probe-ext:1.0'));
    servers.push(
      await startChaincodeServer(ports.tls, 'probe-tls:1.0', {
        args: [
          '--chaincode-tls-cert-file',
          tls.serverCert,
          '--chaincode-tls-key-file',
          tls.serverKey,
          '--chaincode-tls-client-cacert-file',
          tls.ca,
        ],
      }),
    );
    servers.push(await startChaincodeServer(ports.wrongId, 'someone-else:1.0'));
    const raw = parse(readFileSync(TEST_TOPOLOGY, 'utf8')) as {
      channels: Array<{ chaincodes: unknown[] }>;
    };
    raw.channels[0].chaincodes = [
      {
        name: 'probe-ext',
        version: '1.0',
        server: { address: `127.0.0.1:${ports.plain}`, dialTimeout: '10s' },
        installedOn: ['Org1MSP', 'Org2MSP'],
        endorsementPolicy: { signature: "AND('Org1MSP.peer', 'Org2MSP.peer')" },
      },
      {
        name: 'probe-tls',
        version: '1.0',
        server: {
          address: `localhost:${ports.tls}`,
          tlsRequired: true,
          clientAuthRequired: true,
          // Relative, like `path`: resolved against the topology's base folder.
          rootCert: path.relative(REPO_ROOT, tls.ca),
          clientKey: tls.clientKey,
          clientCert: tls.clientCert,
        },
        installedOn: ['Org1MSP'],
        endorsementPolicy: { signature: "OR('Org1MSP.peer')" },
      },
      {
        name: 'probe-wrong-id',
        version: '1.0',
        server: { address: `127.0.0.1:${ports.wrongId}` },
        installedOn: ['Org1MSP'],
        endorsementPolicy: { signature: "OR('Org1MSP.peer')" },
      },
      {
        name: 'probe-down',
        version: '1.0',
        server: { address: `127.0.0.1:${ports.down}` },
        installedOn: ['Org1MSP'],
        endorsementPolicy: { signature: "OR('Org1MSP.peer')" },
      },
      {
        name: 'probe-rogue',
        version: '1.0',
        server: { address: `127.0.0.1:${ports.rogue}` },
        installedOn: ['Org1MSP'],
        endorsementPolicy: { signature: "OR('Org1MSP.peer')" },
      },
    ];
    net = await startTestDevnet({ topology: validateTopology(raw, REPO_ROOT) });
    org1 = connectClient(net, 'Org1MSP');
  });

  after(async () => {
    org1?.close();
    await net?.dispose();
    await Promise.all(servers.map((server) => server.stop()));
    rogue?.forceShutdown();
    rmSync(tlsDir, { recursive: true, force: true });
  });

  it('serves submit and evaluate through a chaincode server it dials, from every org that installed it', async () => {
    const contract = org1.contract(CHANNEL, 'probe-ext');
    await contract.submitTransaction('put', 'ext', 'served by the server');
    expect(utf8.decode(await contract.evaluateTransaction('get', 'ext'))).to.equal('served by the server');
    const org2 = connectClient(net, 'Org2MSP');
    try {
      const seen = JSON.parse(utf8.decode(await org2.contract(CHANNEL, 'probe-ext').evaluateTransaction('context')));
      expect(seen).to.include({ channelId: CHANNEL, mspId: 'Org2MSP' });
    } finally {
      org2.close();
    }
  });

  it('dials a server that requires mutual TLS with the configured root certificate, key and certificate', async () => {
    const contract = org1.contract(CHANNEL, 'probe-tls');
    await contract.submitTransaction('put', 'tls', 'over mutual TLS');
    expect(utf8.decode(await contract.evaluateTransaction('get', 'tls'))).to.equal('over mutual TLS');
  });

  it('starts without servers it cannot use and says so; calls then fail naming the chaincode and address', async () => {
    expect(net.notices.join('\n')).to.include(`127.0.0.1:${ports.down}`).and.include('probe-down:1.0');
    expect(net.notices.join('\n')).to.include('registered as someone-else:1.0').and.include('probe-wrong-id:1.0');
    const down = await failure(org1.contract(CHANNEL, 'probe-down').evaluateTransaction('get', 'x'));
    expect(JSON.stringify(down.details)).to.include('could not launch chaincode probe-down:1.0');
    expect(JSON.stringify(down.details)).to.include(`127.0.0.1:${ports.down}`);
    const wrong = await failure(org1.contract(CHANNEL, 'probe-wrong-id').evaluateTransaction('get', 'x'));
    expect(JSON.stringify(wrong.details)).to.include('registered as someone-else:1.0');
  });

  it('refuses a chaincode server that answers with malformed bytes, promptly, and keeps serving', async () => {
    expect(net.notices.join('\n')).to.include('probe-rogue:1.0').and.include('malformed protos.ChaincodeMessage');
    const error = await failure(org1.contract(CHANNEL, 'probe-rogue').evaluateTransaction('get', 'x'));
    expect(JSON.stringify(error.details)).to.include('could not launch chaincode probe-rogue:1.0');
    expect(JSON.stringify(error.details)).to.include('malformed protos.ChaincodeMessage');
    await org1.contract(CHANNEL, 'probe-ext').submitTransaction('put', 'after-rogue', 'still serving');
  });

  it('trusts only the configured address: the chaincode listener refuses a process registering as the server', async () => {
    const listener = net.orgs.find((org) => org.mspId === 'Org1MSP')!.chaincodeAddress;
    const attempt = await registerAs(listener, {}, 'probe-ext:1.0');
    attempt.close();
    expect(attempt.received).to.deep.equal([]);
    expect(attempt.error?.code).to.equal(grpc.status.UNAVAILABLE);
  });

  it('dials again after the server restarts, with a clear error while it is down', async () => {
    const contract = org1.contract(CHANNEL, 'probe-ext');
    await servers[0].stop();
    // The first call may still meet the dying stream; the next one dials and finds nobody listening.
    await failure(contract.evaluateTransaction('get', 'ext'));
    const down = await failure(contract.evaluateTransaction('get', 'ext'));
    const details = JSON.stringify(down.details);
    expect(details).to.include('could not launch chaincode probe-ext:1.0');
    expect(details).to.include(`error creating grpc connection to 127.0.0.1:${ports.plain}`);
    const heightBefore = net.height(CHANNEL);
    await failure(contract.submitTransaction('put', 'ext', 'while down'));
    expect(net.height(CHANNEL)).to.equal(heightBefore);

    servers[0] = await startChaincodeServer(ports.plain, 'probe-ext:1.0');
    expect(utf8.decode(await contract.evaluateTransaction('get', 'ext'))).to.equal('served by the server');
    await contract.submitTransaction('put', 'ext', 'after the restart');
    expect(utf8.decode(await contract.evaluateTransaction('get', 'ext'))).to.equal('after the restart');
  });
});
