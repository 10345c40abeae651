import { expect } from 'chai';
import { sha256Hex } from '../../../gateway-app/src/demo/demo-documents';
import type { HttpAnswer, TestApp } from './test-app';

/** The ministry accredits UniversityMSP (once per network; a repeat answers 409, which is fine). */
export async function accreditUniversity(t: TestApp, name = 'University of Example'): Promise<void> {
  const accredited = await t.call('POST', '/api/education/accreditations/accredit', {
    token: await t.login('accreditor1'),
    body: { universityId: 'UniversityMSP', name },
  });
  expect([200, 409], JSON.stringify(accredited.body)).to.include(accredited.status);
}

/** UniversityMSP's registrar issues a diploma whose document is `text` (its transcript: `text` + " transcript"). */
export async function issueDiploma(
  t: TestApp,
  diplomaId: string,
  text: string,
  fields: { degree?: string; field?: string } = {},
): Promise<HttpAnswer> {
  const issued = await t.call('POST', '/api/education/diplomas/issue-diploma', {
    token: await t.login('academic-registrar1'),
    body: {
      diplomaId,
      holderId: `H-${diplomaId}`,
      degree: fields.degree ?? 'MASTER',
      field: fields.field ?? 'Computer Science',
      conferredOn: '2026-06-30',
      documentHash: sha256Hex(text),
      transcriptHash: sha256Hex(`${text} transcript`),
    },
  });
  expect(issued.status, JSON.stringify(issued.body)).to.equal(200);
  return issued;
}
