import { z } from 'zod';
import { tokenAuthentication } from './authentication';
import { CRL_VALIDITY_MS } from './ca-config';
import type { CaContext, CaRequest } from './ca-context';
import { CaCode, CaError, authorizationError } from './ca-errors';
import type { CertificateRecord } from './ca-store';
import { isTrue } from './registrar-rights';

/** A time in a GenCRLRequest: RFC 3339 as Go's time.Time reads it; null or absent is no bound. */
const time = z
  .string()
  .refine(
    (text) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(text) && !Number.isNaN(Date.parse(text)),
    {
      message: 'not an RFC 3339 time',
    },
  )
  .transform((text) => Date.parse(text))
  .nullish();

const genCrlSchema = z.looseObject({
  revokedafter: time,
  revokedbefore: time,
  expireafter: time,
  expirebefore: time,
});

export interface CrlFilter {
  readonly revokedAfter?: number | null;
  readonly revokedBefore?: number | null;
  readonly expireAfter?: number | null;
  readonly expireBefore?: number | null;
}

/** POST /api/v1/gencrl: a CRL of the revoked, unexpired certificates in the asked window (needs hf.GenCRL). */
export async function genCrl(request: CaRequest): Promise<{ CRL: string }> {
  const body = request.readBody(genCrlSchema);
  const caller = tokenAuthentication(request);
  if (!isTrue(caller, 'hf.GenCRL')) {
    throw authorizationError(`The identity '${caller.name}' does not have authority to generate a CRL`);
  }
  const filter: CrlFilter = {
    revokedAfter: body.revokedafter,
    revokedBefore: body.revokedbefore,
    expireAfter: body.expireafter,
    expireBefore: body.expirebefore,
  };
  if (filter.revokedBefore != null && filter.revokedAfter != null && filter.revokedAfter > filter.revokedBefore) {
    throw new CaError(
      400,
      CaCode.InvalidRevokedAfter,
      "Invalid 'revokedafter' value. It must not be a timestamp greater than 'revokedbefore'",
    );
  }
  if (filter.expireBefore != null && filter.expireAfter != null && filter.expireAfter > filter.expireBefore) {
    throw new CaError(
      400,
      CaCode.InvalidExpiredAfter,
      "Invalid 'expireafter' value. It must not be a timestamp greater than 'expirebefore'",
    );
  }
  return { CRL: Buffer.from(crlPem(request.ca, filter)).toString('base64') };
}

/** The CA's CRL (PEM) of its revoked certificates within `filter`; by default those not yet expired. */
export function crlPem(ca: CaContext, filter: CrlFilter = {}): string {
  const now = ca.now();
  const within = (cert: CertificateRecord): boolean => {
    const revokedAt = Date.parse(cert.revokedAt ?? '');
    const expiry = Date.parse(cert.notAfter);
    return (
      (filter.revokedAfter == null || revokedAt >= filter.revokedAfter) &&
      (filter.revokedBefore == null || revokedAt <= filter.revokedBefore) &&
      expiry >= (filter.expireAfter ?? now) &&
      (filter.expireBefore == null || expiry <= filter.expireBefore)
    );
  };
  const revoked = ca.store
    .revokedCertificates()
    .filter(within)
    .map((cert) => ({ serial: cert.serial, revokedAt: new Date(cert.revokedAt ?? now) }));
  return ca.signer.signCrl(revoked, new Date(now), new Date(now + CRL_VALIDITY_MS));
}
