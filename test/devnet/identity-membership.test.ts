import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import { signers } from '@hyperledger/fabric-gateway';
import { msp } from '@hyperledger/fabric-protos';
import { p256 } from '@noble/curves/nist';
import { expect } from 'chai';
import { ClientIdentity, type ChaincodeStub } from 'fabric-shim';
import {
  createHash,
  createPrivateKey,
  sign as nodeSign,
  verify as nodeVerify,
  webcrypto,
  X509Certificate,
} from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  addUser,
  CertificateAuthority,
  generateCrypto,
  IdentityError,
  isCanonicalSignature,
  loadOrgCas,
  MembershipRegistry,
  orgLayout,
  ordererIdentityFiles,
  peerIdentityFiles,
  serializeIdentity,
  SigningIdentity,
  toLowS,
  userIdentityFiles,
  type Identity,
} from '../../network/devnet/src/identity';
import { validateTopology } from '../../network/devnet/src/topology/load';

const topology = validateTopology(
  {
    name: 'identity-test',
    ordererOrg: {
      name: 'Orderer',
      mspId: 'OrdererMSP',
      domain: 'example.com',
      orderers: [{ name: 'orderer', port: 7050 }],
    },
    orgs: [
      {
        name: 'Org1',
        mspId: 'Org1MSP',
        domain: 'org1.example.com',
        peers: [{ name: 'peer0', port: 7051 }],
        users: [{ name: 'alice', attrs: { role: 'inspector' } }],
      },
      { name: 'Org2', mspId: 'Org2MSP', domain: 'org2.example.com', peers: [{ name: 'peer0', port: 9051 }] },
      { name: 'Org3', mspId: 'Org3MSP', domain: 'org3.example.com', peers: [{ name: 'peer0', port: 11051 }] },
    ],
    channels: [{ name: 'mychannel', orgs: ['Org1MSP', 'Org2MSP'] }],
  },
  os.tmpdir(),
);

const curveOrder = p256.Point.Fn.ORDER;

function expectIdentityError(action: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    action();
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected an IdentityError matching ${message}`).to.be.instanceOf(IdentityError);
  expect((caught as Error).message).to.match(message);
}

function derSignature(r: bigint, s: bigint): Uint8Array {
  return new p256.Signature(r, s).toBytes('der');
}

describe('devnet identity: signing and channel membership', function () {
  this.timeout(30_000);
  let cryptoDir: string;
  let registry: MembershipRegistry;
  let user1: SigningIdentity;

  before(async () => {
    cryptoDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-membership-'));
    await generateCrypto(topology, cryptoDir);
    registry = MembershipRegistry.fromCrypto(topology, cryptoDir, ['Org1MSP', 'Org2MSP', 'OrdererMSP'], {
      channel: 'mychannel',
    });
    user1 = SigningIdentity.fromFiles(userIdentityFiles(topology, cryptoDir, 'Org1MSP', 'User1'));
  });

  after(() => rmSync(cryptoDir, { recursive: true, force: true }));

  describe('SigningIdentity', () => {
    it('serializes as msp.SerializedIdentity {mspid, id_bytes = certificate PEM}', () => {
      const decoded = msp.SerializedIdentity.deserializeBinary(user1.serialized);
      expect(decoded.getMspid()).to.equal('Org1MSP');
      expect(Buffer.from(decoded.getIdBytes_asU8()).toString('utf8')).to.equal(user1.certPem);
      expect(user1.certPem).to.equal(
        readFileSync(userIdentityFiles(topology, cryptoDir, 'Org1MSP', 'User1').certPath, 'utf8'),
      );
      expect(user1.mspId).to.equal('Org1MSP');
    });

    it('signs SHA-256 of the message, DER encoded and always low-S', () => {
      const publicKey = createPrivateKey(userIdentityFiles(topology, cryptoDir, 'Org1MSP', 'User1').keyPem);
      for (let i = 0; i < 200; i++) {
        const message = Buffer.from(`message ${i}`);
        const signature = user1.sign(message);
        const parsed = p256.Signature.fromBytes(signature, 'der');
        expect(parsed.s <= curveOrder >> 1n, `signature ${i} is high-S`).to.equal(true);
        expect(nodeVerify('sha256', message, publicKey, signature)).to.equal(true);
      }
    });

    it('normalises high-S signatures and leaves low-S ones untouched', () => {
      const keyPem = userIdentityFiles(topology, cryptoDir, 'Org1MSP', 'User1').keyPem;
      let high = 0;
      for (let i = 0; i < 64; i++) {
        const message = Buffer.from(`normalise ${i}`);
        const raw = nodeSign('sha256', message, keyPem);
        const parsed = p256.Signature.fromBytes(raw, 'der');
        const normalised = toLowS(raw);
        if (parsed.s > curveOrder >> 1n) {
          high++;
          expect(p256.Signature.fromBytes(normalised, 'der').s).to.equal(curveOrder - parsed.s);
        } else {
          expect(Buffer.from(normalised).equals(raw)).to.equal(true);
        }
        expect(nodeVerify('sha256', message, createPrivateKey(keyPem), normalised)).to.equal(true);
      }
      // node:crypto produces high-S about half the time; 64 tries without one is a 2^-64 event
      expect(high).to.be.above(0);
    });
  });

  describe('deserialize', () => {
    it('accepts each role of a channel org with its NodeOU', () => {
      const cases: Array<[Uint8Array, string, string]> = [
        [user1.serialized, 'Org1MSP', 'client'],
        [
          SigningIdentity.fromFiles(userIdentityFiles(topology, cryptoDir, 'Org1MSP', 'Admin')).serialized,
          'Org1MSP',
          'admin',
        ],
        [
          SigningIdentity.fromFiles(peerIdentityFiles(topology, cryptoDir, 'Org2MSP', 'peer0')).serialized,
          'Org2MSP',
          'peer',
        ],
        [
          SigningIdentity.fromFiles(ordererIdentityFiles(topology, cryptoDir, 'orderer')).serialized,
          'OrdererMSP',
          'orderer',
        ],
      ];
      for (const [serialized, mspId, role] of cases) {
        const identity = registry.deserialize(serialized);
        expect(identity).to.include({ mspId, role });
        expect(Buffer.from(identity.serialized).equals(Buffer.from(serialized))).to.equal(true);
        expect(identity.certPem).to.equal(
          Buffer.from(msp.SerializedIdentity.deserializeBinary(serialized).getIdBytes_asU8()).toString(),
        );
      }
    });

    it('gives the ID, MSP ID and attributes fabric-shim gives chaincode', () => {
      const alice = SigningIdentity.fromFiles(userIdentityFiles(topology, cryptoDir, 'Org1MSP', 'alice'));
      const identity = registry.deserialize(alice.serialized);
      const stub = {
        getChannelID: () => 'mychannel',
        getTxID: () => 'tx1',
        getCreator: () => ({ mspid: alice.mspId, idBytes: Buffer.from(alice.certPem) }),
      } as unknown as ChaincodeStub;
      const shimIdentity = new ClientIdentity(stub);
      expect(identity.id).to.equal(shimIdentity.getID());
      expect(identity.id).to.equal(
        'x509::/C=US/ST=California/L=San Francisco/OU=client/CN=alice@org1.example.com' +
          '::/C=US/ST=California/L=San Francisco/O=org1.example.com/CN=ca.org1.example.com',
      );
      expect(shimIdentity.getMSPID()).to.equal('Org1MSP');
      expect(shimIdentity.getAttributeValue('role')).to.equal('inspector');
      expect(shimIdentity.assertAttributeValue('role', 'inspector')).to.equal(true);
    });

    it('refuses an MSP that is not on the channel', () => {
      expectIdentityError(
        () => registry.deserialize(serializeIdentity('NopeMSP', user1.certPem)),
        /^MSP NopeMSP is not defined on channel mychannel$/,
      );
      // Org3 exists in the topology but is not a member of this channel
      const org3 = SigningIdentity.fromFiles(userIdentityFiles(topology, cryptoDir, 'Org3MSP', 'User1'));
      expectIdentityError(() => registry.deserialize(org3.serialized), /MSP Org3MSP is not defined on channel/);
    });

    it("refuses another org's certificate presented under this MSP ID", () => {
      const org2User = userIdentityFiles(topology, cryptoDir, 'Org2MSP', 'User1');
      expectIdentityError(
        () => registry.deserialize(serializeIdentity('Org1MSP', org2User.certPem)),
        /certificate is not issued by the CA of MSP Org1MSP/,
      );
      // ... and the same certificate under its own MSP ID is fine
      expect(registry.deserialize(serializeIdentity('Org2MSP', org2User.certPem)).role).to.equal('client');
    });

    it('refuses a TLS certificate (issued by the TLS CA) as an identity', () => {
      const tlsCert = readFileSync(
        path.join(
          orgLayout(topology, cryptoDir, 'Org1MSP').dir,
          'users',
          'User1@org1.example.com',
          'tls',
          'client.crt',
        ),
        'utf8',
      );
      expectIdentityError(
        () => registry.deserialize(serializeIdentity('Org1MSP', tlsCert)),
        /certificate is not issued by the CA of MSP Org1MSP/,
      );
    });

    it('refuses an expired certificate', async () => {
      const { signing } = await loadOrgCas(orgLayout(topology, cryptoDir, 'Org1MSP'));
      const expired = signing.issue({
        commonName: 'old@org1.example.com',
        purpose: 'identity',
        nodeOu: 'client',
        notBefore: new Date(Date.now() - 2 * 24 * 3600 * 1000),
        notAfter: new Date(Date.now() - 24 * 3600 * 1000),
      });
      expectIdentityError(
        () => registry.deserialize(serializeIdentity('Org1MSP', expired.certPem)),
        /certificate expired/,
      );
      const future = signing.issue({
        commonName: 'later@org1.example.com',
        purpose: 'identity',
        nodeOu: 'client',
        notBefore: new Date(Date.now() + 24 * 3600 * 1000),
      });
      expectIdentityError(() => registry.deserialize(serializeIdentity('Org1MSP', future.certPem)), /not valid before/);
    });

    it('refuses a certificate without a NodeOU role', async () => {
      const { signing } = await loadOrgCas(orgLayout(topology, cryptoDir, 'Org1MSP'));
      const noRole = signing.issue({ commonName: 'nobody@org1.example.com', purpose: 'identity' });
      expectIdentityError(
        () => registry.deserialize(serializeIdentity('Org1MSP', noRole.certPem)),
        /does not have an OU that resolves to client, peer, orderer, or admin role/,
      );
    });

    it('refuses a CA certificate as an identity', () => {
      const caPem = readFileSync(orgLayout(topology, cryptoDir, 'Org1MSP').ca.certPath, 'utf8');
      expectIdentityError(
        () => registry.deserialize(serializeIdentity('Org1MSP', caPem)),
        /Certificate Authority equals true cannot be used as an identity/,
      );
    });

    it('refuses a certificate from a foreign CA with the same name as the org CA', async () => {
      const { ca: impostor } = CertificateAuthority.create('ca.org1.example.com', 'org1.example.com');
      const forged = impostor.issue({
        commonName: 'User1@org1.example.com',
        purpose: 'identity',
        nodeOu: 'client',
      });
      expectIdentityError(
        () => registry.deserialize(serializeIdentity('Org1MSP', forged.certPem)),
        /certificate is not issued by the CA of MSP Org1MSP/,
      );
      // even naming the real CA's key identifier: only the signature gives the forgery away
      const realCa = new x509.X509Certificate(
        readFileSync(orgLayout(topology, cryptoDir, 'Org1MSP').ca.certPath, 'utf8'),
      );
      const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
        'sign',
        'verify',
      ]);
      const lookalike = await x509.X509CertificateGenerator.create({
        subject: 'C=US, ST=California, L=San Francisco, OU=client, CN=User1@org1.example.com',
        issuer: realCa.subjectName,
        publicKey: keys.publicKey,
        signingKey: keys.privateKey,
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
        extensions: [
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.AuthorityKeyIdentifierExtension(realCa.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId),
        ],
      });
      expect(
        new X509Certificate(lookalike.toString('pem')).checkIssued(new X509Certificate(realCa.toString('pem'))),
      ).to.equal(true);
      expectIdentityError(
        () => registry.deserialize(serializeIdentity('Org1MSP', lookalike.toString('pem'))),
        /certificate is not issued by the CA of MSP Org1MSP/,
      );
    });

    it('refuses a certificate whose signature is not strict DER (Fabric IsWellFormed)', () => {
      const der = new X509Certificate(user1.certPem).raw;
      const certificate = AsnConvert.parse(der, asn.Certificate);
      const { r, s } = p256.Signature.fromBytes(new Uint8Array(certificate.signatureValue), 'der');
      const rInt = Buffer.concat([Buffer.from([0x00]), integerBytes(r)]); // superfluous leading zero
      const sInt = integerBytes(s);
      const loose = Buffer.concat([
        Buffer.from([0x30, 4 + rInt.length + sInt.length, 0x02, rInt.length]),
        rInt,
        Buffer.from([0x02, sInt.length]),
        sInt,
      ]);
      certificate.signatureValue = loose.buffer.slice(loose.byteOffset, loose.byteOffset + loose.length);
      const pem = x509.PemConverter.encode(AsnConvert.serialize(certificate), 'CERTIFICATE');
      expectIdentityError(
        () => registry.deserialize(serializeIdentity('Org1MSP', pem)),
        /the identity of MSP Org1MSP has a non canonical signature/,
      );
    });

    it('refuses garbage', () => {
      const garbage = [
        Uint8Array.from([0xff, 0xff, 0xff, 0xff]),
        Buffer.from('definitely not protobuf \u0000\u0001'),
        serializeIdentity('Org1MSP', 'not a certificate'),
        serializeIdentity('Org1MSP', `${user1.certPem}trailing bytes`),
        serializeIdentity('Org1MSP', user1.certPem.replace(/[A-Za-z]/g, (c) => (c === 'A' ? 'B' : c)).slice(0, 300)),
        serializeIdentity('Org1MSP', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'),
        new Uint8Array(0),
      ];
      for (const bytes of garbage) expectIdentityError(() => registry.deserialize(bytes), /./);
    });

    it('caches validated identities and serves them in microseconds', () => {
      const first = registry.deserialize(user1.serialized);
      // a copy of the bytes (as parsed out of a new proposal) hits the same entry
      expect(registry.deserialize(Uint8Array.from(user1.serialized))).to.equal(first);
      const rounds = 20_000;
      const start = process.hrtime.bigint();
      for (let i = 0; i < rounds; i++) registry.deserialize(user1.serialized);
      const microseconds = Number(process.hrtime.bigint() - start) / 1000 / rounds;
      expect(microseconds).to.be.below(50);
    });

    it('reload() re-reads the MSP folders and forgets cached identities', async () => {
      const before = registry.deserialize(user1.serialized);
      const added = await addUser(topology, cryptoDir, 'Org2MSP', 'newcomer', { role: 'agent' });
      registry.reload();
      const after = registry.deserialize(user1.serialized);
      expect(after).to.not.equal(before);
      expect(after.id).to.equal(before.id);
      expect(registry.deserialize(SigningIdentity.fromFiles(added).serialized).role).to.equal('client');
    });

    it('reload() follows a CA change of an MSP folder', () => {
      // a channel whose Org1 MSP folder is a copy, later made to trust Org2's CA instead
      const copyDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-msp-copy-'));
      try {
        const org1 = orgLayout(topology, copyDir, 'Org1MSP');
        cpSync(orgLayout(topology, cryptoDir, 'Org1MSP').mspDir, org1.mspDir, { recursive: true });
        const copy = MembershipRegistry.fromCrypto(topology, copyDir, ['Org1MSP']);
        expect(copy.deserialize(user1.serialized).role).to.equal('client');
        cpSync(
          orgLayout(topology, cryptoDir, 'Org2MSP').ca.certPath,
          path.join(org1.mspDir, 'cacerts', org1.ca.certFile),
        );
        expect(copy.deserialize(user1.serialized).role).to.equal('client'); // cached until reload
        copy.reload();
        expectIdentityError(
          () => copy.deserialize(user1.serialized),
          /certificate is not issued by the CA of MSP Org1MSP/,
        );
      } finally {
        rmSync(copyDir, { recursive: true, force: true });
      }
    });

    it('refuses to build a registry for an MSP without crypto material', () => {
      expectIdentityError(
        () => MembershipRegistry.fromCrypto(topology, path.join(cryptoDir, 'missing'), ['Org1MSP']),
        /cannot read the CA certificates of MSP Org1MSP/,
      );
    });
  });

  describe('Identity.verify', () => {
    let identity: Identity;
    const message = Buffer.from('a proposal payload');
    before(() => {
      identity = registry.deserialize(user1.serialized);
    });

    it('accepts the SigningIdentity signature and rejects other messages or signers', () => {
      const signature = user1.sign(message);
      expect(identity.verify(message, signature)).to.equal(true);
      expect(identity.verify(Buffer.from('another payload'), signature)).to.equal(false);
      const admin = SigningIdentity.fromFiles(userIdentityFiles(topology, cryptoDir, 'Org1MSP', 'Admin'));
      expect(identity.verify(message, admin.sign(message))).to.equal(false);
    });

    it('accepts signatures made by the fabric-gateway client signer', async () => {
      const signer = signers.newPrivateKeySigner(
        createPrivateKey(userIdentityFiles(topology, cryptoDir, 'Org1MSP', 'User1').keyPem),
      );
      const digest = createHash('sha256').update(message).digest();
      expect(identity.verify(message, await signer(digest))).to.equal(true);
    });

    it('rejects the high-S twin of a valid signature', () => {
      const low = p256.Signature.fromBytes(user1.sign(message), 'der');
      const high = derSignature(low.r, curveOrder - low.s);
      // mathematically valid: node:crypto accepts it, Fabric does not
      const keyPem = userIdentityFiles(topology, cryptoDir, 'Org1MSP', 'User1').keyPem;
      expect(nodeVerify('sha256', message, createPrivateKey(keyPem), high)).to.equal(true);
      expect(isCanonicalSignature(high)).to.equal(false);
      expect(identity.verify(message, high)).to.equal(false);
    });

    it('rejects malformed DER', () => {
      const good = Buffer.from(user1.sign(message));
      const { r, s } = p256.Signature.fromBytes(good, 'der');
      const rBytes = Buffer.from(r.toString(16).padStart(64, '0'), 'hex');
      const sBytes = Buffer.from(s.toString(16).padStart(64, '0'), 'hex');
      // r with a superfluous leading zero: valid BER, not DER
      const paddedR = Buffer.concat([Buffer.from([0x00]), minimal(rBytes)]);
      const nonMinimal = Buffer.concat([
        Buffer.from([0x30, 2 + paddedR.length + 2 + minimal(sBytes).length, 0x02, paddedR.length]),
        paddedR,
        Buffer.from([0x02, minimal(sBytes).length]),
        minimal(sBytes),
      ]);
      const malformed = [
        good.subarray(0, good.length - 1),
        Buffer.concat([good, Buffer.from([0x00])]),
        nonMinimal,
        Buffer.alloc(0),
        Buffer.from('not a signature'),
        derSignatureUnchecked(0n, s),
        Buffer.from(p256.Signature.fromBytes(good, 'der').toBytes('compact')),
      ];
      for (const signature of malformed) {
        expect(identity.verify(message, signature), signature.toString('hex')).to.equal(false);
      }
      expect(identity.verify(message, good)).to.equal(true);
    });

    it('remembers only what it verified: after a signature passed, any changed byte or another signer fails', () => {
      const signature = Buffer.from(user1.sign(message));
      expect(identity.verify(message, signature)).to.equal(true);
      expect(identity.verify(message, signature), 'the same check again').to.equal(true);
      for (let i = 0; i < signature.length; i++) {
        const changed = Buffer.from(signature);
        changed[i] ^= 0x01;
        expect(identity.verify(message, changed), `signature byte ${i}`).to.equal(false);
      }
      for (let i = 0; i < message.length; i++) {
        const changed = Buffer.from(message);
        changed[i] ^= 0x01;
        expect(identity.verify(changed, signature), `message byte ${i}`).to.equal(false);
      }
      const admin = registry.deserialize(
        SigningIdentity.fromFiles(userIdentityFiles(topology, cryptoDir, 'Org1MSP', 'Admin')).serialized,
      );
      expect(admin.verify(message, signature), 'another identity, the same bytes').to.equal(false);
    });
  });
});

/** The minimal DER INTEGER content for an unsigned big-endian number. */
function minimal(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && !(bytes[start + 1] & 0x80)) start++;
  const trimmed = bytes.subarray(start);
  return trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0x00]), trimmed]) : trimmed;
}

/** The minimal DER INTEGER content for a non-negative number. */
function integerBytes(value: bigint): Buffer {
  const hex = value.toString(16);
  return minimal(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'));
}

/** A DER signature with any r, s (noble refuses to build out-of-range ones). */
function derSignatureUnchecked(r: bigint, s: bigint): Buffer {
  const rInt = integerBytes(r);
  const sInt = integerBytes(s);
  return Buffer.concat([
    Buffer.from([0x30, 2 + rInt.length + 2 + sInt.length, 0x02, rInt.length]),
    rInt,
    Buffer.from([0x02, sInt.length]),
    sInt,
  ]);
}
