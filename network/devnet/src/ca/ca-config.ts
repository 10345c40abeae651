import type { NewIdentity } from './ca-store';

/** The Fabric CA release whose REST API the dev network's CA follows (cainfo reports it as its version). */
export const FABRIC_CA_VERSION = '1.5.21';

/** registry.maxenrollments of fabric-samples' CA configuration: -1, no limit. */
export const CA_MAX_ENROLLMENTS = -1;

/** How long an enrollment certificate is valid: signing.default.expiry, 8760h. */
export const ECERT_VALIDITY_MS = 8760 * 60 * 60 * 1000;

/** crl.expiry: a CRL's next update is 24h after it was made. */
export const CRL_VALIDITY_MS = 24 * 60 * 60 * 1000;

/** The affiliations of fabric-samples' fabric-ca-server-config.yaml (the same for every org's CA). */
export const BOOTSTRAP_AFFILIATIONS = ['org1', 'org1.department1', 'org1.department2', 'org2', 'org2.department1'];

/** registry.identities of fabric-samples' CA configuration: the bootstrap registrar with every hf.* right. */
export function bootstrapIdentities(): NewIdentity[] {
  const rights: Record<string, string> = {
    'hf.Registrar.Roles': '*',
    'hf.Registrar.DelegateRoles': '*',
    'hf.Revoker': 'true',
    'hf.IntermediateCA': 'true',
    'hf.GenCRL': 'true',
    'hf.Registrar.Attributes': '*',
    'hf.AffiliationMgr': 'true',
  };
  return [
    {
      name: 'admin',
      secret: 'adminpw',
      type: 'client',
      affiliation: '',
      maxEnrollments: CA_MAX_ENROLLMENTS,
      attrs: Object.entries(rights).map(([name, value]) => ({ name, value, ecert: false })),
    },
  ];
}

/** The CA's name as the test network's compose file sets it: `ca-org1`, `ca-org2`, `ca-orderer`. */
export function caNameFor(kind: 'peer' | 'orderer', domain: string): string {
  return kind === 'orderer' ? 'ca-orderer' : `ca-${domain.split('.')[0]}`;
}

/**
 * Fabric CA's getMaxEnrollments with the CA's limit of -1: below -1 is refused, 0 means the CA's limit
 * (unlimited), anything else is taken as asked.
 */
export function registeredMaxEnrollments(requested: number): number | string {
  if (requested < -1) return `Max enrollment in registration request may not be less than -1, but was ${requested}`;
  return requested === 0 ? CA_MAX_ENROLLMENTS : requested;
}
