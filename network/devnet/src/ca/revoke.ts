import { z } from 'zod';
import { tokenAuthentication } from './authentication';
import { optionalString, type CaRequest } from './ca-context';
import { CaCode, CaError, authorizationError } from './ca-errors';
import type { CertificateRecord, RegisteredIdentity } from './ca-store';
import { crlPem } from './crl';
import { certificateKey, trimHex } from './issued-certificate';
import { canManageUser, isTrue } from './registrar-rights';

/** RFC 5280 reason codes by the names Fabric CA accepts. */
const reasonCodes: Record<string, number> = {
  unspecified: 0,
  keycompromise: 1,
  cacompromise: 2,
  affiliationchanged: 3,
  superseded: 4,
  cessationofoperation: 5,
  certificatehold: 6,
  removefromcrl: 8,
  privilegewithdrawn: 9,
  aacompromise: 10,
};

const revokeSchema = z.looseObject({
  id: optionalString,
  serial: optionalString,
  aki: optionalString,
  reason: optionalString,
  gencrl: z.boolean().nullish(),
});

export interface RevocationResponse {
  RevokedCerts: Array<{ Serial: string; AKI: string }>;
  /** base64 of the CRL's PEM when `gencrl` was asked, else empty. */
  CRL: string;
}

/**
 * POST /api/v1/revoke: one certificate (serial and AKI) or an identity with all its certificates (id). Revoking
 * others' needs hf.Revoker and authority over their type and affiliation. The network then refuses the
 * revoked certificates: the CA publishes its CRL to the org's MSP.
 */
export async function revoke(request: CaRequest): Promise<RevocationResponse> {
  const body = request.readBody(revokeSchema);
  const caller = tokenAuthentication(request);
  const { store } = request.ca;
  const serial = trimHex(body.serial);
  const aki = trimHex(body.aki);
  const reason = reasonCodes[body.reason.toLowerCase()] ?? 0;
  let revoked: CertificateRecord[];
  if (serial !== '' && aki !== '') {
    const cert = store.certificate(serial, aki);
    if (!cert) {
      throw new CaError(404, CaCode.RevCertNotFound, `Certificate with serial ${serial} and AKI ${aki} was not found`);
    }
    checkRevoker(caller, cert.id);
    if (cert.status === 'revoked') {
      throw new CaError(
        404,
        CaCode.CertAlreadyRevoked,
        `Certificate with serial ${serial} and AKI ${aki} was already revoked`,
      );
    }
    if (body.id !== '' && body.id !== cert.id) {
      throw new CaError(
        400,
        CaCode.CertWrongOwner,
        `Certificate with serial ${serial} and AKI ${aki} is not owned by ${body.id}`,
      );
    }
    const owner = findIdentity(request, cert.id);
    const own = request.callerCert && certificateKey(request.callerCert, request.ca.signer.keyId);
    if (!own || own.serial !== serial || own.aki !== aki) canManageUser(caller, owner);
    revoked = [cert];
  } else if (body.id !== '') {
    checkRevoker(caller, body.id);
    const owner = findIdentity(request, body.id);
    if (caller.name !== owner.name) canManageUser(caller, owner);
    owner.state = -1;
    revoked = store.certificatesOf(owner.name).filter((cert) => cert.status !== 'revoked');
  } else {
    throw new CaError(400, CaCode.MissingRevokeArgs, 'Either Name or Serial and AKI are required for a revoke request');
  }
  const revokedAt = new Date(request.ca.now()).toISOString();
  for (const cert of revoked) Object.assign(cert, { status: 'revoked', reason, revokedAt });
  await store.save();
  if (revoked.length > 0) await request.ca.publishRevocations();
  return {
    RevokedCerts: revoked.map((cert) => ({ Serial: cert.serial, AKI: cert.aki })),
    CRL: body.gencrl && revoked.length > 0 ? Buffer.from(crlPem(request.ca)).toString('base64') : '',
  };
}

/** checkAuth: revoking someone else's certificates needs hf.Revoker. */
function checkRevoker(caller: RegisteredIdentity, owner: string): void {
  if (caller.name !== owner && !isTrue(caller, 'hf.Revoker')) {
    throw authorizationError('Caller does not have authority to revoke');
  }
}

function findIdentity(request: CaRequest, name: string): RegisteredIdentity {
  const identity = request.ca.store.identity(name);
  if (!identity) throw new CaError(404, CaCode.RevokeIdNotFound, `Identity ${name} was not found`);
  return identity;
}
