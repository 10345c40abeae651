import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  CompactSign,
  compactVerify,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
} from 'jose';
import { Command } from 'commander';
import { connectGateway } from '@scenechain/devnet';
import { ApiClient } from '../../../gateway-app/src/cli/api-client';
import { addCredentialCommands } from '../../../gateway-app/src/cli/credential-commands';
import { sha256Hex } from '../../../gateway-app/src/demo/demo-documents';
import { accreditUniversity, issueDiploma } from './diplomas';
import { SCENARIOS } from './scenarios';
import { CHANNEL, type Json, type TestApp } from './test-app';

const payloadOf = (jws: string): Json => JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));

/** A fresh P-256 key, its public JWK and its did:jwk (as a forger would make one). */
async function freshKey() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const { kty, crv, x, y } = await exportJWK(publicKey);
  const jwk = { crv, kty, x, y };
  return { privateKey, jwk, did: `did:jwk:${Buffer.from(JSON.stringify(jwk)).toString('base64url')}` };
}

/** Signs a payload as a VC-JWT with the given key, under the header's kid. */
const sign = (payload: Json, privateKey: CryptoKey, kid: string) =>
  new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', typ: 'vc+jwt', kid })
    .sign(privateKey);

/** Runs CLI commands in this process against the app at `url`, answering what they print (one JSON document). */
async function cli(url: string, token: string, args: string[]): Promise<Json> {
  const program = new Command().exitOverride();
  addCredentialCommands(program, SCENARIOS, () => new ApiClient(url, token));
  const printed: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => printed.push(String(chunk)) > 0) as typeof process.stdout.write;
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    process.stdout.write = write;
  }
  return JSON.parse(printed.join(''));
}

/**
 * W3C Verifiable Credentials of diplomas and register entries, on the app of an existing suite (its network):
 * issued by the record's org with its on-chain key, verified, suspended, reinstated, revoked, and forgeries
 * refused each with its reason.
 */
export function credentialCases(app: () => TestApp): void {
  let university: string;
  const verify = async (credential: string) => {
    const answer = await app().call('POST', '/api/public/verify-credential', { body: { credential } });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return answer.body;
  };
  const credentialOf = async (path: string, token: string) => {
    const answer = await app().call('GET', path, { token });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return answer.body.credential as string;
  };
  const diploma = (id: string) => credentialOf(`/api/education/diplomas/${id}/credential`, university);
  const act = async (path: string, body: Json, token = university) => {
    const answer = await app().call('POST', path, { token, body });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
  };

  before(async () => {
    await accreditUniversity(app());
    university = await app().login('academic-registrar1');
    await issueDiploma(app(), 'VC-1', 'credential diploma 1');
    await issueDiploma(app(), 'VC-2', 'credential diploma 2');
  });

  it('signs no credential before the university registered its key, which only its own registrar may do', async () => {
    const early = await app().call('GET', '/api/education/diplomas/VC-1/credential', { token: university });
    expect(early.status).to.equal(409);
    expect(early.body.error.code).to.equal('ISSUER_KEY_NOT_REGISTERED');
    const byMinistry = await app().call('POST', '/api/education/credentials/issuer-key', {
      token: await app().login('accreditor1'),
    });
    expect(byMinistry.status).to.equal(403);
    expect(byMinistry.body.error.message).to.include('role accreditor');
    const registered = await app().call('POST', '/api/education/credentials/issuer-key', { token: university });
    expect(registered.status, JSON.stringify(registered.body)).to.equal(200);
    expect(registered.body.result.data).to.include({ issuer: 'UniversityMSP', status: 'ACTIVE' });
    // The key ID is the RFC 7638 thumbprint, as jose computes it.
    const { keyId, publicKeyJwk } = registered.body.result.data;
    expect(keyId).to.equal(await calculateJwkThumbprint(publicKeyJwk));
  });

  it('issues a diploma as a VC 2.0 VC-JWT signed with the on-chain key, with status entries, verified VALID', async () => {
    const answer = await app().call('GET', '/api/education/diplomas/VC-1/credential', { token: university });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    const { credential, document, qr, mediaType } = answer.body;
    expect(mediaType).to.equal('application/vc+jwt');
    expect(qr).to.match(/^data:image\/svg\+xml;base64,/);
    const header = decodeProtectedHeader(credential);
    expect(header).to.include({ alg: 'ES256', typ: 'vc+jwt', kid: `${document.issuer.id}#0` });
    expect(payloadOf(credential)).to.deep.equal(document);
    expect(document).to.deep.include({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'urn:scenechain:education:Diploma:VC-1',
      type: ['VerifiableCredential', 'DiplomaCredential'],
      validFrom: '2026-06-30T00:00:00Z',
    });
    expect(document.credentialSubject).to.include({ id: 'urn:scenechain:education:holder:H-VC-1', degree: 'MASTER' });
    expect(document.credentialStatus.map((s: Json) => [s.type, s.statusPurpose])).to.deep.equal([
      ['BitstringStatusListEntry', 'revocation'],
      ['BitstringStatusListEntry', 'suspension'],
    ]);
    // Independently of the app: the signature verifies with the public key the ledger holds for the kid.
    const jwk = JSON.parse(Buffer.from(String(header.kid).slice(8, -2), 'base64url').toString('utf8'));
    const onLedger = await app().call('GET', `/api/education/issuer-keys/${await calculateJwkThumbprint(jwk)}`, {
      token: university,
    });
    expect(onLedger.body.data).to.include({ issuer: 'UniversityMSP', did: document.issuer.id });
    await compactVerify(credential, await importJWK(onLedger.body.data.publicKeyJwk, 'ES256'));

    const verified = await verify(credential);
    expect(verified).to.deep.include({ valid: true, verdict: 'VALID', scenario: 'education', recordId: 'VC-1' });
    expect(verified.issuer).to.include({ org: 'UniversityMSP' });
  });

  it('serves the status lists from the ledger: 131072 entries, GZIP base64url, hashing to the anchored SHA-256', async () => {
    const document = payloadOf(await diploma('VC-1'));
    const entry = document.credentialStatus[0];
    const list = await app().call('GET', new URL(entry.statusListCredential).pathname);
    expect(list.status).to.equal(200);
    expect(list.headers['content-type']).to.match(/^application\/vc\+jwt/);
    const statusList = payloadOf(String(list.body));
    expect(statusList.type).to.deep.equal(['VerifiableCredential', 'BitstringStatusListCredential']);
    expect(statusList.credentialSubject).to.include({ type: 'BitstringStatusList', statusPurpose: 'revocation' });
    const bits = gunzipSync(Buffer.from(statusList.credentialSubject.encodedList.slice(1), 'base64url'));
    expect(bits.length * 8).to.equal(131_072);
    expect(createHash('sha256').update(bits).digest('hex')).to.equal(list.headers['ledger-bitstring-sha256']);
    const index = Number(entry.statusListIndex);
    expect(bits[index >> 3] & (0x80 >> (index & 7))).to.equal(0);
  });

  it('a suspended diploma’s credential verifies SUSPENDED, and VALID again once reinstated', async () => {
    const credential = await diploma('VC-2');
    await act('/api/education/diplomas/VC-2/suspend-diploma', { reason: 'inquiry' });
    const suspended = await verify(credential);
    expect(suspended).to.deep.include({ valid: false, verdict: 'SUSPENDED' });
    // The bit itself, read from the anchored list (the record's state alone would also say SUSPENDED).
    expect(suspended.status.map((s: Json) => [s.purpose, s.set])).to.deep.equal([
      ['revocation', false],
      ['suspension', true],
    ]);
    await act('/api/education/diplomas/VC-2/reinstate-diploma', {});
    const reinstated = await verify(credential);
    expect(reinstated).to.deep.include({ valid: true, verdict: 'VALID' });
    expect(reinstated.status.map((s: Json) => s.set)).to.deep.equal([false, false]);
  });

  it('revoking the diploma flips its revocation bit: the credential issued before verifies REVOKED', async () => {
    const credential = await diploma('VC-1');
    await act('/api/education/diplomas/VC-1/revoke-diploma', { reason: 'degree obtained by fraud' });
    const verified = await verify(credential);
    expect(verified).to.deep.include({ valid: false, verdict: 'REVOKED' });
    expect(verified.status.map((s: Json) => [s.purpose, s.set])).to.deep.equal([
      ['revocation', true],
      ['suspension', false],
    ]);
  });

  it('CLI: fetches a diploma’s credential to a file and verifies it, from the text and from the file', async () => {
    const url = await app().app.listen();
    const file = path.join(app().dataDir, 'VC-2.vc-jwt');
    const fetched = await cli(url, university, ['credential', 'education', 'VC-2', '--verify', '-o', file]);
    expect(fetched.document.id).to.equal('urn:scenechain:education:Diploma:VC-2');
    expect(fetched.verification).to.include({ valid: true, verdict: 'VALID' });
    expect(readFileSync(file, 'utf8')).to.equal(fetched.credential);
    expect(await cli(url, university, ['verify-credential', file])).to.include({ verdict: 'VALID' });
    const [header, payload] = fetched.credential.split('.');
    expect(await cli(url, university, ['verify-credential', `${header}.${payload}.AAAA`])).to.include({
      verdict: 'BAD_SIGNATURE',
    });
  });

  it('refuses forged and altered credentials, each with its reason', async () => {
    const genuine = await diploma('VC-2');
    const [header, payload, signature] = genuine.split('.');
    const claims = payloadOf(genuine);
    const altered = Buffer.from(
      JSON.stringify({ ...claims, credentialSubject: { ...claims.credentialSubject, degree: 'DOCTORATE' } }),
    ).toString('base64url');
    expect(await verify(`${header}.${altered}.${signature}`)).to.include({ verdict: 'BAD_SIGNATURE', valid: false });
    expect(await verify(`${header}.${payload}`)).to.include({ verdict: 'MALFORMED' });

    const forger = await freshKey();
    // Signed by another key but naming the university's DID as issuer.
    const posing = await sign(claims, forger.privateKey, `${forger.did}#0`);
    expect(await verify(posing)).to.include({ verdict: 'ISSUER_MISMATCH' });
    // Consistent in itself, but its key is registered by nobody on the ledger.
    const selfMade = await sign({ ...claims, issuer: { id: forger.did } }, forger.privateKey, `${forger.did}#0`);
    const unknown = await verify(selfMade);
    expect(unknown).to.include({ verdict: 'ISSUER_KEY_UNKNOWN' });
    expect(unknown.message).to.include('no org registered the signing key');

    // A key registered on the ledger, but by the ministry, which did not issue VC-2.
    const ministry = await freshKey();
    await app().devnet.addUser('EducationMinistryMSP', 'vc-registrar', { role: 'registrar' });
    const { gateway, close } = connectGateway(
      app().devnet.org('EducationMinistryMSP'),
      app().devnet.identity('EducationMinistryMSP', 'vc-registrar'),
    );
    try {
      const contract = gateway.getNetwork(CHANNEL).getContract('education');
      await contract.submitTransaction(
        'registerIssuerKey',
        JSON.stringify({ issuer: 'EducationMinistryMSP', publicKeyJwk: ministry.jwk }),
      );
    } finally {
      close();
    }
    const byMinistry = await sign(
      { ...claims, issuer: { id: ministry.did } },
      ministry.privateKey,
      `${ministry.did}#0`,
    );
    const mismatch = await verify(byMinistry);
    expect(mismatch).to.include({ verdict: 'ISSUER_MISMATCH' });
    expect(mismatch.message).to.equal(
      'VC-2 was issued by UniversityMSP, but the credential is signed by a key of EducationMinistryMSP',
    );
  });

  it('once the university retires its key, credentials it signed verify ISSUER_KEY_RETIRED and none is signed', async () => {
    const credential = await diploma('VC-2');
    const { kid } = decodeProtectedHeader(credential);
    const jwk = JSON.parse(Buffer.from(String(kid).slice(8, -2), 'base64url').toString('utf8'));
    await act(`/api/education/issuer-keys/${await calculateJwkThumbprint(jwk)}/retire-issuer-key`, {
      reason: 'key lost',
    });
    expect(await verify(credential)).to.include({ valid: false, verdict: 'ISSUER_KEY_RETIRED' });
    const refused = await app().call('GET', '/api/education/diplomas/VC-2/credential', { token: university });
    expect(refused.body.error.code).to.equal('ISSUER_KEY_NOT_REGISTERED');
  });

  it('issues a government record to its subject as a credential, REVOKED once the department revokes it', async () => {
    const [registrar, citizen] = await Promise.all([app().login('registrar1'), app().login('citizen1')]);
    await act('/api/gov-records/credentials/issuer-key', undefined, registrar);
    await act(
      '/api/gov-records/records/issue',
      { recordId: 'VC-R-1', type: 'BUSINESS_LICENCE', subjectId: 'SUBJ-0001', documentHash: sha256Hex('VC-R-1') },
      registrar,
    );
    // The holder (the record's subject) fetches it; the department's key signs it.
    const credential = await credentialOf('/api/gov-records/records/VC-R-1/credential', citizen);
    expect(payloadOf(credential).type).to.deep.equal(['VerifiableCredential', 'GovernmentRecordCredential']);
    expect(await verify(credential)).to.deep.include({ valid: true, verdict: 'VALID', recordId: 'VC-R-1' });
    await act('/api/gov-records/records/VC-R-1/revoke', { reason: 'issued in error' }, registrar);
    expect(await verify(credential)).to.deep.include({ valid: false, verdict: 'REVOKED' });
  });
}
