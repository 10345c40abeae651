import { z } from 'zod';
import { basicAuthentication, tokenAuthentication } from './authentication';
import { optionalString, type CaRequest } from './ca-context';
import { CaCode, CaError, authenticationError, authorizationError } from './ca-errors';
import type { RegisteredIdentity } from './ca-store';
import { caInfo, type CaInfo } from './cainfo';
import { parseCsr } from './csr';
import { issueEcert, type EndEntityProfile } from './issued-certificate';
import { isTrue } from './registrar-rights';

/** EnrollmentRequestNet / ReenrollmentRequestNet: cfssl's SignRequest, the CA name and attribute requests. */
const enrollSchema = z.looseObject({
  certificate_request: optionalString,
  profile: optionalString,
  hosts: z.array(z.string()).nullish(),
  subject: z.looseObject({ cn: optionalString }).nullish(),
  attr_reqs: z.array(z.looseObject({ name: z.string(), optional: z.boolean().nullish() })).nullish(),
});

export interface EnrollmentResponse {
  /** base64 of the certificate's PEM. */
  Cert: string;
  ServerInfo: CaInfo;
}

/** POST /api/v1/enroll, guarded by basic authentication (the identity's enrollment secret). */
export async function enroll(request: CaRequest): Promise<EnrollmentResponse> {
  const identity = await basicAuthentication(request);
  return issue(request, identity, true);
}

/** POST /api/v1/reenroll, guarded by token authentication (a certificate of this CA); not counted as a login. */
export async function reenroll(request: CaRequest): Promise<EnrollmentResponse> {
  const identity = tokenAuthentication(request);
  return issue(request, identity, false);
}

/** Fabric CA's handleEnroll: checks the CSR, issues the certificate, records it. */
async function issue(
  request: CaRequest,
  identity: RegisteredIdentity,
  countsAsLogin: boolean,
): Promise<EnrollmentResponse> {
  const body = request.readBody(enrollSchema);
  const profile = endEntityProfile(body.profile, identity);
  const csr = parseCsr(body.certificate_request);
  if ((body.subject && body.subject.cn !== identity.name) || csr.commonName !== identity.name) {
    throw new CaError(403, CaCode.CnInvalidEnroll, 'The CSR subject common name must equal the enrollment ID');
  }
  if (csr.isCa) refuseCaCertificate(identity);
  const attrs = requestedAttributes(identity, body.attr_reqs);
  // From here to the end of the enrollment count nothing awaits, so concurrent enrollments cannot both pass
  // the identity's limit (Fabric CA's LoginComplete updates state only while it is below the maximum).
  if (countsAsLogin) {
    if (identity.state === -1) throw authenticationError(`User ${identity.name} is revoked; access denied`);
    if (identity.maxEnrollments !== -1 && identity.state >= identity.maxEnrollments) {
      throw authenticationError(`The identity ${identity.name} has already enrolled ${identity.maxEnrollments} times`);
    }
  }
  const { pem, record } = issueEcert(request.ca, {
    csr,
    enrollmentId: identity.name,
    type: identity.type,
    affiliation: identity.affiliation,
    attrs,
    profile,
    hosts: body.hosts ?? [],
  });
  request.ca.store.addCertificate(record);
  if (countsAsLogin) identity.state += 1;
  await request.ca.store.save();
  return { Cert: Buffer.from(pem).toString('base64'), ServerInfo: caInfo(request.ca) };
}

function endEntityProfile(profile: string, identity: RegisteredIdentity): EndEntityProfile {
  if (profile === '') return 'default';
  if (profile === 'tls') return 'tls';
  if (profile === 'ca') refuseCaCertificate(identity);
  throw new CaError(400, CaCode.Unknown, `Invalid profile: '${profile}'`);
}

/** Requests for a CA certificate need hf.IntermediateCA; the dev network's CA does not issue intermediate CAs. */
function refuseCaCertificate(identity: RegisteredIdentity): never {
  if (!isTrue(identity, 'hf.IntermediateCA')) {
    throw authorizationError(`Enrolled failed: '${identity.name}' does not have attribute 'hf.IntermediateCA'`);
  }
  throw new CaError(400, CaCode.Unknown, "This dev network's Fabric CA does not issue intermediate CA certificates");
}

/**
 * GetAttrExtension: the attributes asked for (attr_reqs), or by default those registered with `ecert: true`;
 * undefined (no extension) when none is asked for by default. A required attribute the identity lacks fails.
 */
function requestedAttributes(
  identity: RegisteredIdentity,
  requests: ReadonlyArray<{ name: string; optional?: boolean | null }> | null | undefined,
): Record<string, string> | undefined {
  const asked =
    requests ?? identity.attrs.filter((attr) => attr.ecert).map((attr) => ({ name: attr.name, optional: false }));
  if (!requests && asked.length === 0) return undefined;
  const attrs: Record<string, string> = {};
  const missing: string[] = [];
  for (const ask of asked) {
    const attr = identity.attrs.findLast((candidate) => candidate.name === ask.name);
    if (attr) attrs[ask.name] = attr.value;
    else if (!ask.optional) missing.push(ask.name);
  }
  if (missing.length > 0) {
    throw new CaError(
      400,
      CaCode.Unknown,
      `Failed to find requested attributes: The following required attributes are missing: [${missing.join(' ')}]`,
    );
  }
  return attrs;
}
