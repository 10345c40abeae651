import { createHash, generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { refused } from './support/chaincode-error';
import { listAll, startScenarioNetwork, type ScenarioClient, type ScenarioNetwork } from './support/scenario-network';

interface Stored<T> {
  data: T;
  audit: { revision: number; action: string; from: string | null; to: string | null };
}
interface Diploma {
  diplomaId: string;
  holderId: string;
  university: string;
  status: string;
  suspension?: { reason: string };
  revocation?: { reason: string };
  statusListIndex?: number;
}
interface StatusList {
  setIndices: number[];
  bitstringSha256: string;
  size: number;
}
interface Accreditation {
  universityId: string;
  status: string;
}
interface Verification {
  valid: boolean;
  verdict: string;
  documentHash: string;
  recordId?: string;
  type?: string;
  issuer?: string;
  status?: string;
  document?: string;
  version?: number;
  currentVersion?: number;
  size?: number;
  mediaType?: string;
  anchoredBy?: string;
  anchoredAt?: string;
  anchorTxId?: string;
}

/** Digest of a document that stays off chain (the diploma, its transcript). */
const digest = (text: string) => createHash('sha256').update(text).digest('hex');
const conferral = (diplomaId: string) => ({
  diplomaId,
  holderId: `HOLDER-${diplomaId}`,
  degree: 'MASTER',
  field: 'Computer science',
  conferredOn: '2025-06-30',
  documentHash: digest(`diploma ${diplomaId}`),
  transcriptHash: digest(`transcript ${diplomaId}`),
});

/**
 * Education certificates as a story: the ministry accredits the university; its registrar issues a diploma; an
 * employer verifies it through suspension, reinstatement and revocation; everyone else is refused, with reasons.
 */
describe('education chaincode: accreditation, diplomas and verification', function () {
  this.timeout(180_000);
  let network: ScenarioNetwork;
  let ministry: ScenarioClient; // EducationMinistryMSP accreditor1, role accreditor
  let registrar: ScenarioClient; // UniversityMSP academic-registrar1, role registrar
  let clerk: ScenarioClient; // UniversityMSP User1, no role
  let forger: ScenarioClient; // UniversityMSP, claims role accreditor (counts only from the ministry)
  let ministryRegistrar: ScenarioClient; // EducationMinistryMSP, role registrar of its own org, not the issuer
  let employer: ScenarioClient; // EducationMinistryMSP User1: any channel member verifies

  const verify = (documentHash: string) => employer.evaluate<Verification>('verifyDiploma', { documentHash });
  const verdictOf = async (diplomaId: string) => (await verify(digest(`diploma ${diplomaId}`))).verdict;

  before(async () => {
    network = await startScenarioNetwork(['education']);
    await network.addUser('UniversityMSP', 'forger', { role: 'accreditor' });
    await network.addUser('EducationMinistryMSP', 'ministry-registrar', { role: 'registrar' });
    ministry = network.as('EducationMinistryMSP', 'accreditor1');
    registrar = network.as('UniversityMSP', 'academic-registrar1');
    clerk = network.as('UniversityMSP', 'User1');
    forger = network.as('UniversityMSP', 'forger');
    ministryRegistrar = network.as('EducationMinistryMSP', 'ministry-registrar');
    employer = network.as('EducationMinistryMSP', 'User1');
  });

  after(async () => {
    await network?.stop();
  });

  it('refuses diplomas from an unaccredited university and accreditation by a forged role', async () => {
    await refused(
      registrar.submit('issueDiploma', conferral('D-0')),
      'FORBIDDEN',
      'UniversityMSP may not confer diplomas: it is not accredited',
    );
    const text = await refused(
      forger.submit('accredit', { universityId: 'UniversityMSP', name: 'Forged' }),
      'FORBIDDEN',
      'claims role accreditor, which counts only from EducationMinistryMSP',
    );
    expect(text).to.include('allowed: EducationMinistryMSP with role accreditor');
  });

  it('the ministry accredits the university, with an event', async () => {
    const { result, event } = await ministry.submitWithEvent<Stored<Accreditation>>('accredit', {
      universityId: 'UniversityMSP',
      name: 'University of Example',
    });
    expect(result.data.status).to.equal('ACCREDITED');
    expect(event.name).to.equal('UniversityAccredited');
    expect(event.payload.events[0]).to.deep.include({ id: 'UniversityMSP', action: 'accredit', to: 'ACCREDITED' });
    const accreditations = await listAll<Stored<Accreditation>>(employer, 'listAccreditations', {
      status: 'ACCREDITED',
    });
    expect(accreditations.map((a) => a.data.universityId)).to.deep.equal(['UniversityMSP']);
  });

  it('issues a diploma that verifies VALID by its digest and by its transcript digest', async () => {
    const { result, event } = await registrar.submitWithEvent<Stored<Diploma>>('issueDiploma', conferral('D-1'));
    expect(result.data).to.deep.include({ status: 'ISSUED', university: 'UniversityMSP', holderId: 'HOLDER-D-1' });
    expect(event.payload.events.map((e) => e.name)).to.deep.equal(['DiplomaIssued']);
    expect(event.payload.events[0].details).to.deep.equal({
      university: 'UniversityMSP',
      degree: 'MASTER',
      field: 'Computer science',
    });
    const verified = await verify(digest('diploma D-1'));
    expect(verified.anchoredAt).to.match(/^\d{4}-\d\d-\d\dT/);
    expect(verified.anchorTxId).to.match(/^[0-9a-f]{64}$/);
    expect(verified).to.deep.equal({
      anchoredBy: 'UniversityMSP',
      anchoredAt: verified.anchoredAt,
      anchorTxId: verified.anchorTxId,
      valid: true,
      verdict: 'VALID',
      documentHash: digest('diploma D-1'),
      recordId: 'D-1',
      type: 'MASTER',
      issuer: 'UniversityMSP',
      status: 'ISSUED',
      version: 1,
      currentVersion: 1,
      validFrom: '2025-06-30',
      document: 'diploma',
    });
    expect(await verify(digest('transcript D-1'))).to.deep.include({ verdict: 'VALID', document: 'transcript' });
    expect(await verify(digest('never issued'))).to.deep.equal({
      valid: false,
      verdict: 'UNKNOWN',
      documentHash: digest('never issued'),
    });
    await refused(
      registrar.submit('issueDiploma', { ...conferral('D-2'), documentHash: digest('diploma D-1') }),
      'ALREADY_EXISTS',
      'already registered as the diploma of D-1',
      { recordType: 'DiplomaDocument', id: digest('diploma D-1') },
    );
  });

  it('records the documents’ size and media type when the request gives them, and refuses facts about others', async () => {
    const request = conferral('D-5');
    const facts = { [request.documentHash]: { size: 2048, mediaType: 'application/pdf' } };
    const stray = { ...facts, [digest('elsewhere')]: { size: 1, mediaType: 'text/plain' } };
    await refused(
      registrar.submit('issueDiploma', { ...request, documentFacts: stray }),
      'INVALID_ARGUMENT',
      'does not anchor',
    );
    await refused(
      registrar.submit('issueDiploma', {
        ...request,
        documentFacts: { [request.documentHash]: { size: -1, mediaType: 'PDF' } },
      }),
      'INVALID_ARGUMENT',
      'documentFacts',
    );
    const { result } = await registrar.submitWithEvent<Stored<Diploma>>('issueDiploma', {
      ...request,
      documentFacts: facts,
    });
    expect(result.data).to.not.have.property('documentFacts');
    expect(await verify(request.documentHash)).to.deep.include({
      size: 2048,
      mediaType: 'application/pdf',
      anchoredBy: 'UniversityMSP',
      document: 'diploma',
    });
    expect(await verify(request.transcriptHash)).to.not.have.any.keys('size', 'mediaType');
  });

  it('refuses changes by anyone but a registrar of the issuing university, and illegal transitions', async () => {
    const suspension = { diplomaId: 'D-1', reason: 'inquiry' };
    await refused(
      clerk.submit('suspendDiploma', suspension),
      'FORBIDDEN',
      /^UniversityMSP user User1@\S+ \(no role\) may not suspend a Diploma; allowed: any org with role registrar$/,
    );
    await refused(ministry.submit('revokeDiploma', suspension), 'FORBIDDEN', 'role accreditor');
    await refused(
      ministryRegistrar.submit('revokeDiploma', suspension),
      'FORBIDDEN',
      'D-1: only its issuing university, UniversityMSP, may change it; EducationMinistryMSP may not',
    );
    await refused(
      registrar.submit('reinstateDiploma', { diplomaId: 'D-1' }),
      'ILLEGAL_TRANSITION',
      'Diploma D-1 is ISSUED; reinstate is allowed only from SUSPENDED; transitions allowed from ISSUED: suspend, revoke',
    );
    await refused(registrar.submit('suspendDiploma', { diplomaId: 'D-1' }), 'INVALID_ARGUMENT', 'reason');
    await refused(employer.evaluate('getDiploma', { diplomaId: 'D-404' }), 'NOT_FOUND', 'Diploma D-404 does not exist');
    expect(await verdictOf('D-1')).to.equal('VALID');
  });

  it('verifies SUSPENDED, VALID again after reinstatement, then REVOKED for good', async () => {
    const { result, event } = await registrar.submitWithEvent<Stored<Diploma>>('suspendDiploma', {
      diplomaId: 'D-1',
      reason: 'academic misconduct inquiry',
    });
    expect(result.data.suspension?.reason).to.equal('academic misconduct inquiry');
    expect(event.payload.events[0]).to.deep.include({ name: 'DiplomaSuspended', from: 'ISSUED', to: 'SUSPENDED' });
    expect(event.payload.events[0].details.reason).to.equal('academic misconduct inquiry');
    expect(await verdictOf('D-1')).to.equal('SUSPENDED');

    const reinstated = await registrar.submit<Stored<Diploma>>('reinstateDiploma', { diplomaId: 'D-1' });
    expect(reinstated.data.suspension).to.equal(undefined);
    expect(await verdictOf('D-1')).to.equal('VALID');

    await registrar.submit('revokeDiploma', { diplomaId: 'D-1', reason: 'degree obtained by fraud' });
    expect(await verify(digest('transcript D-1'))).to.deep.include({ valid: false, verdict: 'REVOKED' });
    await refused(
      registrar.submit('reinstateDiploma', { diplomaId: 'D-1' }),
      'ILLEGAL_TRANSITION',
      'transitions allowed from REVOKED: none',
    );

    const history = await listAll<{ record: Stored<Diploma> }>(employer, 'diplomaHistory', { diplomaId: 'D-1' });
    expect(history.map((entry) => entry.record.audit.action)).to.deep.equal([
      'revoke',
      'reinstate',
      'suspend',
      'issue',
    ]);
  });

  it('a suspended accreditation stops issuing and reinstating until the ministry restores it', async () => {
    await registrar.submit('issueDiploma', conferral('D-3'));
    await registrar.submit('suspendDiploma', { diplomaId: 'D-3', reason: 'inquiry' });
    await ministry.submit('suspendAccreditation', { universityId: 'UniversityMSP', reason: 'quality audit' });
    const reason = 'UniversityMSP may not confer diplomas: its accreditation is SUSPENDED (quality audit)';
    await refused(registrar.submit('issueDiploma', conferral('D-4')), 'FORBIDDEN', reason);
    await refused(registrar.submit('reinstateDiploma', { diplomaId: 'D-3' }), 'FORBIDDEN', reason);
    await refused(
      registrar.submit('suspendAccreditation', { universityId: 'UniversityMSP', reason: 'self' }),
      'FORBIDDEN',
      'allowed: EducationMinistryMSP with role accreditor',
    );

    await ministry.submit('restoreAccreditation', { universityId: 'UniversityMSP' });
    await registrar.submit('reinstateDiploma', { diplomaId: 'D-3' });
    await registrar.submit('issueDiploma', conferral('D-4'));
    const issued = await listAll<Stored<Diploma>>(employer, 'listDiplomasByUniversity', {
      university: 'UniversityMSP',
      status: 'ISSUED',
    });
    expect(issued.map((d) => d.data.diplomaId)).to.deep.equal(['D-3', 'D-4', 'D-5']);
    const all = await listAll<Stored<Diploma>>(employer, 'listDiplomasByUniversity', { university: 'UniversityMSP' });
    expect(all.map((d) => `${d.data.diplomaId} ${d.data.status}`)).to.deep.equal([
      'D-3 ISSUED',
      'D-4 ISSUED',
      'D-5 ISSUED',
      'D-1 REVOKED',
    ]);
    const history = await listAll<{ record: Stored<Accreditation> }>(employer, 'accreditationHistory', {
      universityId: 'UniversityMSP',
    });
    expect(history.map((entry) => entry.record.data.status)).to.deep.equal(['ACCREDITED', 'SUSPENDED', 'ACCREDITED']);
  });

  it('registers an org’s own credential key only, each key once, only a point of P-256; the org alone retires it', async () => {
    const { kty, crv, x, y } = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
    const publicKeyJwk = { kty, crv, x, y };
    const register = (client: ScenarioClient, issuer: string, jwk: object = publicKeyJwk) =>
      client.submit<Stored<{ keyId: string; issuer: string; status: string }>>('registerIssuerKey', {
        issuer,
        publicKeyJwk: jwk,
      });
    await refused(
      register(ministryRegistrar, 'UniversityMSP'),
      'FORBIDDEN',
      'only the org whose key it is, UniversityMSP',
    );
    await refused(register(ministry, 'EducationMinistryMSP'), 'FORBIDDEN', 'role accreditor');
    await refused(
      register(registrar, 'UniversityMSP', { ...publicKeyJwk, y: x }),
      'INVALID_ARGUMENT',
      'not a point of P-256',
    );
    const { data } = await register(registrar, 'UniversityMSP');
    // The key's ID is its RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order.
    const keyId = createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
    expect(data).to.deep.include({ keyId, issuer: 'UniversityMSP', status: 'ACTIVE' });
    await refused(
      register(ministryRegistrar, 'EducationMinistryMSP'),
      'ALREADY_EXISTS',
      'already registered, by UniversityMSP',
    );
    await refused(
      ministryRegistrar.submit('retireIssuerKey', { keyId, reason: 'not ours' }),
      'FORBIDDEN',
      'only the org whose key it is, UniversityMSP',
    );
    const retired = await registrar.submit<Stored<{ status: string }>>('retireIssuerKey', {
      keyId,
      reason: 'key lost',
    });
    expect(retired.data.status).to.equal('RETIRED');
  });

  it('hands out status slots in issue order; suspend, reinstate and revoke set the list entries and their hash', async () => {
    const slotOf = async (diplomaId: string) =>
      (await employer.evaluate<Stored<Diploma>>('getDiploma', { diplomaId })).data.statusListIndex!;
    const slots = await Promise.all(['D-1', 'D-5', 'D-3', 'D-4'].map(slotOf));
    expect(slots).to.deep.equal([0, 1, 2, 3]);
    const list = (purpose: string) =>
      employer.evaluate<StatusList>('getStatusList', { issuer: 'UniversityMSP', purpose, list: '0' });
    // The bitstring as the standard lays it out (entry 0 the first byte's highest bit), hashed independently.
    const sha256Of = (set: number[]) => {
      const bits = Buffer.alloc(131_072 / 8);
      for (const i of set) bits[Math.floor(i / 8)] |= 1 << (7 - (i % 8));
      return createHash('sha256').update(bits).digest('hex');
    };
    const expectList = async (purpose: string, set: number[]) =>
      expect(await list(purpose)).to.deep.include({ setIndices: set, bitstringSha256: sha256Of(set), size: 131_072 });
    await expectList('revocation', [0]); // D-1 revoked; D-3 suspended, then reinstated
    await expectList('suspension', []);
    await registrar.submit('suspendDiploma', { diplomaId: 'D-4', reason: 'inquiry' });
    await expectList('suspension', [3]);
    await registrar.submit('revokeDiploma', { diplomaId: 'D-4', reason: 'fraud' });
    await expectList('suspension', []);
    await expectList('revocation', [0, 3]);
  });
});
