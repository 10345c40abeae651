import { X509Certificate, verify } from 'node:crypto';
import { isCanonicalSignature } from '../identity';
import { CA_MAX_ENROLLMENTS } from './ca-config';
import type { CaRequest } from './ca-context';
import { CaCode, CaError, authenticationError } from './ca-errors';
import { secretMatches, type RegisteredIdentity } from './ca-store';
import { certificateKey } from './issued-certificate';

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Fabric CA's BasicAuthentication (enroll): `Authorization: Basic base64(id:secret)`, checked against the
 * registry with the identity's enrollment limit and revocation. Returns the identity; the caller completes the
 * login (counts the enrollment) once the certificate is issued.
 */
export async function basicAuthentication(request: CaRequest): Promise<RegisteredIdentity> {
  const header = request.authorization;
  if (!header) throw new CaError(401, CaCode.NoAuthHeader, 'No authorization header');
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header.trim());
  const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon < 0) throw authenticationError('No user/pass in authorization header');
  request.checkCaName();
  const name = decoded.slice(0, colon);
  const identity = request.ca.store.identity(name);
  if (!identity) throw authenticationError(`Failed to get user: User '${name}' does not exist`);
  if (!(await secretMatches(decoded.slice(colon + 1), identity.secretHash))) {
    throw authenticationError('Login failure: Password mismatch');
  }
  if (identity.maxEnrollments === 0) {
    throw authenticationError(`Login failure: Zero is an invalid value for maximum enrollments on identity '${name}'`);
  }
  if (identity.state === -1) throw authenticationError(`Login failure: User ${name} is revoked; access denied`);
  const limit =
    CA_MAX_ENROLLMENTS !== -1 && identity.maxEnrollments === -1 ? CA_MAX_ENROLLMENTS : identity.maxEnrollments;
  if (limit !== -1 && identity.state >= limit) {
    throw authenticationError(
      `Login failure: The identity ${name} has already enrolled ${limit} times, it has reached its maximum enrollment allowance`,
    );
  }
  request.caller = identity;
  return identity;
}

/**
 * Fabric CA's TokenAuthentication (reenroll, register, revoke, gencrl): `Authorization: <b64 cert>.<b64 sig>`
 * where sig is the ECDSA signature of `method.b64(uri).b64(body).b64cert` by the certificate's key (what
 * fabric-ca-client 2.2 and the fabric-ca-client binary sign). The certificate must be one this CA issued, in
 * validity and not revoked; its CN names the caller.
 */
export function tokenAuthentication(request: CaRequest): RegisteredIdentity {
  const header = request.authorization;
  if (!header) throw new CaError(401, CaCode.NoAuthHeader, 'No authorization header');
  request.checkCaName();
  const parts = header.split('.');
  if (parts.length !== 2) {
    throw authenticationError(
      "Invalid token in authorization header: Invalid token format; expecting 2 parts separated by '.'",
    );
  }
  const [b64Cert, b64Sig] = parts;
  if (!base64.test(b64Cert) || !base64.test(b64Sig)) {
    throw authenticationError('Invalid token in authorization header: invalid base64');
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(b64Cert, 'base64').toString('utf8'));
  } catch (err) {
    throw authenticationError(`Invalid token in authorization header: ${(err as Error).message}`);
  }
  const payload = [request.method, b64(request.uri), b64(request.body), b64Cert].join('.');
  const signature = Buffer.from(b64Sig, 'base64');
  let valid = false;
  try {
    valid = isCanonicalSignature(signature) && verify('sha256', Buffer.from(payload), cert.publicKey, signature);
  } catch {
    valid = false;
  }
  if (!valid) throw authenticationError('Invalid token in authorization header: Token signature validation failed');
  const { ca } = request;
  if (!cert.checkIssued(ca.cert) || !cert.verify(ca.cert.publicKey)) {
    throw authenticationError('Untrusted certificate: not issued by this CA');
  }
  const now = request.ca.now();
  if (now > Date.parse(cert.validTo) || now < Date.parse(cert.validFrom)) {
    throw authenticationError('The certificate in the authorization header is a revoked or expired certificate');
  }
  const { serial, aki } = certificateKey(cert, ca.signer.keyId);
  const record = ca.store.certificate(serial, aki);
  if (!record) throw authenticationError(`Certificate with serial ${serial} and AKI ${aki} was not found`);
  if (record.status === 'revoked') {
    throw authenticationError('The certificate in the authorization header is a revoked certificate');
  }
  // The record names the enrollment ID, which enrollment made the certificate's CN.
  const identity = ca.store.identity(record.id);
  if (!identity) throw authenticationError('Failed to get user');
  request.caller = identity;
  request.callerCert = cert;
  return identity;
}

function b64(data: string | Buffer): string {
  return Buffer.from(data).toString('base64');
}
