import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { Certificate } from '@fidm/x509';
import { p256 } from '@noble/curves/nist';
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import {
  addUser,
  generateCrypto,
  IdentityError,
  peerIdentityFiles,
  userIdentityFiles,
} from '../../network/devnet/src/identity';
import { loadTopology } from '../../network/devnet/src/topology/load';
import type { Topology } from '../../network/devnet/src/topology/schema';

const topology = loadTopology(path.resolve(__dirname, '../../network/topology.yaml'));
const regulator = 'regulator.scenechain.example';
const bank = 'bank.scenechain.example';
const ordererDomain = 'orderer.scenechain.example';

/** Every file under `dir`, relative and sorted. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Content hash and modification time of every file under `dir`: what a re-run must leave untouched. */
function snapshot(dir: string): Map<string, string> {
  return new Map(
    listFiles(dir).map((file) => {
      const full = path.join(dir, file);
      return [file, `${createHash('sha256').update(readFileSync(full)).digest('hex')}@${statSync(full).mtimeMs}`];
    }),
  );
}

function cert(file: string): X509Certificate {
  return new X509Certificate(readFileSync(file));
}

function peculiar(file: string): x509.X509Certificate {
  return new x509.X509Certificate(readFileSync(file, 'utf8'));
}

/** The files cryptogen writes for a node's local MSP and TLS folders; users also Fabric CA's signcerts/cert.pem. */
function nodeFiles(commonName: string, domain: string, tlsPrefix: 'server' | 'client'): string[] {
  return [
    `msp/cacerts/ca.${domain}-cert.pem`,
    'msp/config.yaml',
    'msp/keystore/priv_sk',
    ...(tlsPrefix === 'client' ? ['msp/signcerts/cert.pem'] : []),
    `msp/signcerts/${commonName}-cert.pem`,
    `msp/tlscacerts/tlsca.${domain}-cert.pem`,
    'tls/ca.crt',
    `tls/${tlsPrefix}.crt`,
    `tls/${tlsPrefix}.key`,
  ];
}

function openssl(...args: string[]): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (err) {
    const failure = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

describe('devnet identity: crypto material (cryptogen layout)', function () {
  this.timeout(60_000);
  let cryptoDir: string;
  const regulatorDir = (): string => path.join(cryptoDir, 'peerOrganizations', regulator);

  before(async () => {
    cryptoDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-identity-'));
    await generateCrypto(topology, cryptoDir);
  });

  after(() => rmSync(cryptoDir, { recursive: true, force: true }));

  describe('layout', () => {
    it('lays out a peer org exactly as cryptogen does', () => {
      const expected = [
        `ca/ca.${regulator}-cert.pem`,
        'ca/priv_sk',
        `msp/cacerts/ca.${regulator}-cert.pem`,
        'msp/config.yaml',
        `msp/tlscacerts/tlsca.${regulator}-cert.pem`,
        ...nodeFiles(`peer0.${regulator}`, regulator, 'server').map((f) => `peers/peer0.${regulator}/${f}`),
        `tlsca/tlsca.${regulator}-cert.pem`,
        'tlsca/priv_sk',
        ...nodeFiles(`Admin@${regulator}`, regulator, 'client').map((f) => `users/Admin@${regulator}/${f}`),
        ...nodeFiles(`User1@${regulator}`, regulator, 'client').map((f) => `users/User1@${regulator}/${f}`),
        ...nodeFiles(`inspector1@${regulator}`, regulator, 'client').map((f) => `users/inspector1@${regulator}/${f}`),
      ].sort();
      expect(listFiles(regulatorDir())).to.deep.equal(expected);
      // cryptogen also creates the (empty, NodeOUs being enabled) admincerts folders
      expect(readdirSync(path.join(regulatorDir(), 'msp', 'admincerts'))).to.deep.equal([]);
      expect(readdirSync(path.join(regulatorDir(), 'peers', `peer0.${regulator}`, 'msp', 'admincerts'))).to.deep.equal(
        [],
      );
    });

    it('lays out the orderer org with its orderers and Admin only', () => {
      const dir = path.join(cryptoDir, 'ordererOrganizations', ordererDomain);
      const expected = [
        `ca/ca.${ordererDomain}-cert.pem`,
        'ca/priv_sk',
        `msp/cacerts/ca.${ordererDomain}-cert.pem`,
        'msp/config.yaml',
        `msp/tlscacerts/tlsca.${ordererDomain}-cert.pem`,
        ...topology.ordererOrg.orderers.flatMap((orderer) =>
          nodeFiles(`${orderer.name}.${ordererDomain}`, ordererDomain, 'server').map(
            (f) => `orderers/${orderer.name}.${ordererDomain}/${f}`,
          ),
        ),
        `tlsca/tlsca.${ordererDomain}-cert.pem`,
        'tlsca/priv_sk',
        ...nodeFiles(`Admin@${ordererDomain}`, ordererDomain, 'client').map((f) => `users/Admin@${ordererDomain}/${f}`),
      ].sort();
      expect(listFiles(dir)).to.deep.equal(expected);
    });

    it('creates every org of the topology and nothing else', () => {
      expect(readdirSync(path.join(cryptoDir, 'peerOrganizations')).sort()).to.deep.equal(
        topology.orgs.map((org) => org.domain).sort(),
      );
      expect(readdirSync(path.join(cryptoDir, 'ordererOrganizations'))).to.deep.equal([ordererDomain]);
      expect(readdirSync(cryptoDir).sort()).to.deep.equal(['ordererOrganizations', 'peerOrganizations']);
    });

    it('writes PKCS#8 PEM P-256 private keys readable only by the owner', () => {
      for (const file of [
        path.join(regulatorDir(), 'ca', 'priv_sk'),
        path.join(regulatorDir(), 'users', `User1@${regulator}`, 'msp', 'keystore', 'priv_sk'),
        path.join(regulatorDir(), 'peers', `peer0.${regulator}`, 'tls', 'server.key'),
      ]) {
        const pem = readFileSync(file, 'utf8');
        expect(pem, file).to.match(/^-----BEGIN PRIVATE KEY-----\n/);
        const key = createPrivateKey(pem);
        expect(key.asymmetricKeyType).to.equal('ec');
        expect(key.asymmetricKeyDetails?.namedCurve).to.equal('prime256v1');
        expect(statSync(file).mode & 0o077, file).to.equal(0);
      }
    });

    it('pairs each signcert with the key in its keystore', () => {
      const files = userIdentityFiles(topology, cryptoDir, 'RegulatorMSP', 'User1');
      const fromCert = cert(files.certPath).publicKey.export({ type: 'spki', format: 'der' });
      const fromKey = createPublicKey(readFileSync(files.keyPath, 'utf8')).export({ type: 'spki', format: 'der' });
      expect(fromCert.equals(fromKey)).to.equal(true);
    });
  });

  describe('NodeOU configuration', () => {
    for (const where of ['msp', `peers/peer0.${regulator}/msp`, `users/Admin@${regulator}/msp`]) {
      it(`enables NodeOUs in ${where}/config.yaml as Fabric reads it`, () => {
        const mspDir = path.join(regulatorDir(), where);
        const config = parse(readFileSync(path.join(mspDir, 'config.yaml'), 'utf8'));
        const caFile = `cacerts/ca.${regulator}-cert.pem`;
        expect(config).to.deep.equal({
          NodeOUs: {
            Enable: true,
            ClientOUIdentifier: { Certificate: caFile, OrganizationalUnitIdentifier: 'client' },
            PeerOUIdentifier: { Certificate: caFile, OrganizationalUnitIdentifier: 'peer' },
            AdminOUIdentifier: { Certificate: caFile, OrganizationalUnitIdentifier: 'admin' },
            OrdererOUIdentifier: { Certificate: caFile, OrganizationalUnitIdentifier: 'orderer' },
          },
        });
        // the certificate named there is the org's signing CA
        expect(readFileSync(path.join(mspDir, caFile), 'utf8')).to.equal(
          readFileSync(path.join(regulatorDir(), 'ca', `ca.${regulator}-cert.pem`), 'utf8'),
        );
      });
    }
  });

  describe('certificates', () => {
    const caPath = (): string => path.join(regulatorDir(), 'ca', `ca.${regulator}-cert.pem`);
    const tlsCaPath = (): string => path.join(regulatorDir(), 'tlsca', `tlsca.${regulator}-cert.pem`);

    it('makes self-signed P-256 CAs with CA basic constraints, cert/CRL signing and a SHA-256 key identifier', () => {
      for (const [file, commonName] of [
        [caPath(), `ca.${regulator}`],
        [tlsCaPath(), `tlsca.${regulator}`],
      ]) {
        const ca = cert(file);
        expect(ca.ca).to.equal(true);
        expect(ca.checkIssued(ca)).to.equal(true);
        expect(ca.verify(ca.publicKey)).to.equal(true);
        expect(ca.publicKey.asymmetricKeyDetails?.namedCurve).to.equal('prime256v1');
        expect(ca.subject.split('\n')).to.deep.equal([
          'C=US',
          'ST=California',
          'L=San Francisco',
          `O=${regulator}`,
          `CN=${commonName}`,
        ]);
        const parsed = peculiar(file);
        expect(parsed.signatureAlgorithm).to.include({ name: 'ECDSA' });
        expect((parsed.signatureAlgorithm as x509.HashedAlgorithm).hash).to.include({ name: 'SHA-256' });
        const basic = parsed.getExtension(x509.BasicConstraintsExtension);
        expect(basic?.ca).to.equal(true);
        expect(basic?.critical).to.equal(true);
        const usages = parsed.getExtension(x509.KeyUsagesExtension)!.usages;
        expect(usages & x509.KeyUsageFlags.keyCertSign).to.not.equal(0);
        expect(usages & x509.KeyUsageFlags.cRLSign).to.not.equal(0);
        // cryptogen's SKI: SHA-256 of the uncompressed public point
        const jwk = ca.publicKey.export({ format: 'jwk' });
        const point = Buffer.concat([
          Buffer.from([4]),
          Buffer.from(jwk.x!, 'base64url'),
          Buffer.from(jwk.y!, 'base64url'),
        ]);
        expect(parsed.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId).to.equal(
          createHash('sha256').update(point).digest('hex'),
        );
      }
    });

    const leaves: Array<[string, string, string]> = [
      [`peers/peer0.${regulator}/msp/signcerts/peer0.${regulator}-cert.pem`, 'peer', `peer0.${regulator}`],
      [`users/Admin@${regulator}/msp/signcerts/Admin@${regulator}-cert.pem`, 'admin', `Admin@${regulator}`],
      [`users/User1@${regulator}/msp/signcerts/User1@${regulator}-cert.pem`, 'client', `User1@${regulator}`],
      [
        `users/inspector1@${regulator}/msp/signcerts/inspector1@${regulator}-cert.pem`,
        'client',
        `inspector1@${regulator}`,
      ],
    ];
    for (const [file, ou, commonName] of leaves) {
      it(`issues ${commonName} with OU ${ou}, digitalSignature and the CA's key identifier`, () => {
        const leaf = cert(path.join(regulatorDir(), file));
        const ca = cert(caPath());
        expect(leaf.ca).to.equal(false);
        expect(leaf.checkIssued(ca)).to.equal(true);
        expect(leaf.verify(ca.publicKey)).to.equal(true);
        expect(leaf.subject.split('\n')).to.deep.equal([
          'C=US',
          'ST=California',
          'L=San Francisco',
          `OU=${ou}`,
          `CN=${commonName}`,
        ]);
        const parsed = peculiar(path.join(regulatorDir(), file));
        expect(parsed.getExtension(x509.KeyUsagesExtension)?.usages).to.equal(x509.KeyUsageFlags.digitalSignature);
        expect(parsed.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).to.equal(
          peculiar(caPath()).getExtension(x509.SubjectKeyIdentifierExtension)?.keyId,
        );
        expect((parsed.signatureAlgorithm as x509.HashedAlgorithm).hash).to.include({ name: 'SHA-256' });
        expect(Date.parse(leaf.validTo) - Date.now()).to.be.above(9 * 365 * 24 * 3600 * 1000);
      });
    }

    it('signs every certificate low-S, as cryptogen does (Fabric sanitises certificate signatures to low-S)', () => {
      const certFiles = listFiles(cryptoDir).filter((file) => /(-cert\.pem|\.crt)$/.test(file));
      expect(certFiles.length).to.be.above(150);
      for (const file of certFiles) {
        const signature = new Uint8Array(peculiar(path.join(cryptoDir, file)).signature);
        expect(p256.Signature.fromBytes(signature, 'der').s <= p256.Point.Fn.ORDER >> 1n, file).to.equal(true);
      }
    });

    it('issues the orderer identity with OU orderer', () => {
      const dir = path.join(cryptoDir, 'ordererOrganizations', ordererDomain);
      const leaf = cert(
        path.join(dir, `orderers/orderer.${ordererDomain}/msp/signcerts/orderer.${ordererDomain}-cert.pem`),
      );
      expect(leaf.subject).to.include('OU=orderer');
      expect(leaf.checkIssued(cert(path.join(dir, 'ca', `ca.${ordererDomain}-cert.pem`)))).to.equal(true);
    });

    it('issues TLS server certificates from the TLS CA for the host name, localhost and 127.0.0.1', () => {
      const tlsDir = path.join(regulatorDir(), 'peers', `peer0.${regulator}`, 'tls');
      const server = cert(path.join(tlsDir, 'server.crt'));
      const tlsCa = cert(tlsCaPath());
      expect(readFileSync(path.join(tlsDir, 'ca.crt'), 'utf8')).to.equal(readFileSync(tlsCaPath(), 'utf8'));
      expect(server.checkIssued(tlsCa) && server.verify(tlsCa.publicKey)).to.equal(true);
      expect(server.checkIssued(cert(caPath()))).to.equal(false);
      expect(server.checkHost(`peer0.${regulator}`)).to.equal(`peer0.${regulator}`);
      expect(server.checkHost('localhost')).to.equal('localhost');
      expect(server.checkIP('127.0.0.1')).to.equal('127.0.0.1');
      expect(server.keyUsage).to.include.members(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
      expect(createPrivateKey(readFileSync(path.join(tlsDir, 'server.key'))).asymmetricKeyType).to.equal('ec');
    });

    it('gives users TLS client certificates from the TLS CA', () => {
      const tlsDir = path.join(regulatorDir(), 'users', `User1@${regulator}`, 'tls');
      const client = cert(path.join(tlsDir, 'client.crt'));
      expect(client.checkIssued(cert(tlsCaPath()))).to.equal(true);
      expect(client.subject).to.include(`CN=User1@${regulator}`);
    });

    it('passes openssl verify against its own CA and fails against another org\u2019s', () => {
      const bankCa = path.join(cryptoDir, 'peerOrganizations', bank, 'ca', `ca.${bank}-cert.pem`);
      for (const [file] of leaves) {
        const result = openssl('verify', '-CAfile', caPath(), path.join(regulatorDir(), file));
        expect(result.ok, result.output).to.equal(true);
        expect(result.output).to.match(/: OK\s*$/);
        expect(openssl('verify', '-CAfile', bankCa, path.join(regulatorDir(), file)).ok).to.equal(false);
      }
      const tls = openssl(
        'verify',
        '-CAfile',
        tlsCaPath(),
        '-purpose',
        'sslserver',
        path.join(regulatorDir(), 'peers', `peer0.${regulator}`, 'tls', 'server.crt'),
      );
      expect(tls.ok, tls.output).to.equal(true);
    });
  });

  describe('attributes', () => {
    it('writes topology user attributes where fabric-shim reads them', () => {
      const files = userIdentityFiles(topology, cryptoDir, 'RegulatorMSP', 'inspector1');
      // exactly what fabric-shim's ClientIdentity does with the creator certificate
      const certificate = Certificate.fromPEM(Buffer.from(files.certPem));
      const extension = certificate.extensions.find((ext) => ext.oid === '1.2.3.4.5.6.7.8.1');
      expect(extension, 'attribute extension').to.not.equal(undefined);
      expect(extension!.critical).to.equal(false);
      expect(JSON.parse(extension!.value.toString()).attrs).to.deep.equal({ role: 'inspector' });
    });

    it('keeps value characters that need JSON escaping', async () => {
      const attrs = { role: 'loan-officer', note: 'quote " backslash \\ unicode \u00e9' };
      const files = await addUser(topology, cryptoDir, 'BankMSP', 'escaper', attrs);
      const extension = Certificate.fromPEM(Buffer.from(files.certPem)).extensions.find(
        (ext) => ext.oid === '1.2.3.4.5.6.7.8.1',
      );
      expect(JSON.parse(extension!.value.toString()).attrs).to.deep.equal(attrs);
    });

    it('gives cryptogen users (Admin, User1) and nodes no attribute extension', () => {
      for (const files of [
        userIdentityFiles(topology, cryptoDir, 'RegulatorMSP', 'Admin'),
        userIdentityFiles(topology, cryptoDir, 'RegulatorMSP', 'User1'),
        peerIdentityFiles(topology, cryptoDir, 'RegulatorMSP', 'peer0'),
      ]) {
        const oids = Certificate.fromPEM(Buffer.from(files.certPem)).extensions.map((ext) => ext.oid);
        expect(oids).to.not.include('1.2.3.4.5.6.7.8.1');
      }
    });
  });

  describe('idempotency', () => {
    it('changes nothing when run again', async () => {
      const before = snapshot(cryptoDir);
      await generateCrypto(topology, cryptoDir);
      expect(snapshot(cryptoDir)).to.deep.equal(before);
    });

    it('recreates only what is missing and never replaces an existing CA', async () => {
      const userDir = path.join(regulatorDir(), 'users', `User1@${regulator}`);
      const oldUserCert = readFileSync(path.join(userDir, 'msp', 'signcerts', `User1@${regulator}-cert.pem`), 'utf8');
      rmSync(userDir, { recursive: true });
      rmSync(path.join(regulatorDir(), 'msp', 'config.yaml'));
      const before = snapshot(cryptoDir);
      await generateCrypto(topology, cryptoDir);
      const after = snapshot(cryptoDir);
      const changed = [...after.keys()].filter((file) => before.get(file) !== after.get(file));
      expect(changed.sort()).to.deep.equal(
        [
          `peerOrganizations/${regulator}/msp/config.yaml`,
          ...nodeFiles(`User1@${regulator}`, regulator, 'client').map(
            (f) => `peerOrganizations/${regulator}/users/User1@${regulator}/${f}`,
          ),
        ].sort(),
      );
      const newUserCert = readFileSync(path.join(userDir, 'msp', 'signcerts', `User1@${regulator}-cert.pem`), 'utf8');
      expect(newUserCert).to.not.equal(oldUserCert);
      expect(
        new X509Certificate(newUserCert).checkIssued(cert(path.join(regulatorDir(), 'ca', `ca.${regulator}-cert.pem`))),
      ).to.equal(true);
      expect(readdirSync(path.join(regulatorDir(), 'users')).filter((name) => name.startsWith('.'))).to.deep.equal([]);
    });

    it("gives a user made before signcerts/cert.pem existed that file, equal to cryptogen's", async () => {
      const signcerts = path.join(regulatorDir(), 'users', `inspector1@${regulator}`, 'msp', 'signcerts');
      rmSync(path.join(signcerts, 'cert.pem'));
      await generateCrypto(topology, cryptoDir);
      expect(readFileSync(path.join(signcerts, 'cert.pem'), 'utf8')).to.equal(
        readFileSync(path.join(signcerts, `inspector1@${regulator}-cert.pem`), 'utf8'),
      );
    });

    it('refuses a topology whose user attributes no longer match the issued certificate', async () => {
      const changed: Topology = {
        ...topology,
        orgs: topology.orgs.map((org) =>
          org.mspId === 'RegulatorMSP' ? { ...org, users: [{ name: 'inspector1', attrs: { role: 'auditor' } }] } : org,
        ),
      };
      const error = await generateCrypto(changed, cryptoDir).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).to.be.instanceOf(IdentityError);
      expect((error as Error).message).to.match(/inspector1@regulator\.scenechain\.example exists with attributes/);
    });
  });

  describe('addUser', () => {
    it('issues a new user under the org CA with its attributes', async () => {
      const files = await addUser(topology, cryptoDir, 'PatentOfficeMSP', 'clerk7', { role: 'clerk', level: '2' });
      const domain = 'patentoffice.scenechain.example';
      const userDir = path.join(cryptoDir, 'peerOrganizations', domain, 'users', `clerk7@${domain}`);
      expect(files).to.include({
        mspId: 'PatentOfficeMSP',
        name: 'clerk7',
        mspDir: path.join(userDir, 'msp'),
        certPath: path.join(userDir, 'msp', 'signcerts', `clerk7@${domain}-cert.pem`),
        keyPath: path.join(userDir, 'msp', 'keystore', 'priv_sk'),
      });
      expect(listFiles(userDir)).to.deep.equal(nodeFiles(`clerk7@${domain}`, domain, 'client').sort());
      expect(files.certPem).to.equal(readFileSync(files.certPath, 'utf8'));
      expect(files.keyPem).to.equal(readFileSync(files.keyPath, 'utf8'));
      const leaf = new X509Certificate(files.certPem);
      expect(leaf.subject).to.include('OU=client');
      expect(
        leaf.checkIssued(cert(path.join(cryptoDir, 'peerOrganizations', domain, 'ca', `ca.${domain}-cert.pem`))),
      ).to.equal(true);
      const extension = Certificate.fromPEM(Buffer.from(files.certPem)).extensions.find(
        (ext) => ext.oid === '1.2.3.4.5.6.7.8.1',
      );
      expect(JSON.parse(extension!.value.toString())).to.deep.equal({ attrs: { level: '2', role: 'clerk' } });
    });

    it('returns the existing user when asked again with the same attributes', async () => {
      const first = await addUser(topology, cryptoDir, 'InnovatorMSP', 'repeat', { role: 'applicant' });
      const second = await addUser(topology, cryptoDir, 'InnovatorMSP', 'repeat', { role: 'applicant' });
      expect(second).to.deep.equal(first);
    });

    it('refuses an existing user with different attributes or role', async () => {
      await addUser(topology, cryptoDir, 'InnovatorMSP', 'fixed', { role: 'applicant' });
      for (const attempt of [
        addUser(topology, cryptoDir, 'InnovatorMSP', 'fixed', { role: 'examiner' }),
        addUser(topology, cryptoDir, 'InnovatorMSP', 'fixed', {}),
        addUser(topology, cryptoDir, 'InnovatorMSP', 'fixed', { role: 'applicant' }, { ou: 'admin' }),
      ]) {
        const error = await attempt.then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(error).to.be.instanceOf(IdentityError);
        expect((error as Error).message).to.match(/fixed@innovator\.scenechain\.example exists with/);
      }
    });

    it('issues admins with the admin OU', async () => {
      const files = await addUser(topology, cryptoDir, 'BankMSP', 'boss', {}, { ou: 'admin' });
      expect(new X509Certificate(files.certPem).subject).to.include('OU=admin');
    });

    it('issues concurrent requests for the same user once', async () => {
      const results = await Promise.all(
        Array.from({ length: 4 }, () => addUser(topology, cryptoDir, 'LogisticsMSP', 'racer', { role: 'carrier' })),
      );
      for (const files of results) expect(files.certPem).to.equal(results[0].certPem);
    });

    it('refuses unknown MSPs, orgs without generated material, and path-like names', async () => {
      const attempts: Array<[Promise<unknown>, RegExp]> = [
        [addUser(topology, cryptoDir, 'NopeMSP', 'x', {}), /MSP NopeMSP is not in topology/],
        [
          addUser(topology, path.join(cryptoDir, 'empty'), 'BankMSP', 'x', {}),
          /no CA ca\.bank\.scenechain\.example for BankMSP/,
        ],
        [addUser(topology, cryptoDir, 'BankMSP', '../escape', {}), /invalid user name/],
      ];
      for (const [attempt, message] of attempts) {
        const error = await attempt.then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(error).to.be.instanceOf(IdentityError);
        expect((error as Error).message).to.match(message);
      }
      await addUser(topology, cryptoDir, 'BankMSP', 'x', { 'bad name': 'y' }).then(
        () => expect.fail('accepted an invalid attribute name'),
        (err: unknown) => expect((err as Error).message).to.match(/invalid attribute name/),
      );
    });
  });
});
