import type * as x509 from './peculiar-x509';

/**
 * The identity's ID as fabric-shim's ClientIdentity.getID() gives it to chaincode:
 * `x509::/C=US/ST=.../CN=<subject>::/C=US/.../CN=<issuer>`. Like fabric-shim, only the first `/` of each
 * value is escaped.
 */
export function fabricShimId(cert: x509.X509Certificate): string {
  return `x509::${formatDn(cert.subjectName)}::${formatDn(cert.issuerName)}`;
}

function formatDn(name: x509.Name): string {
  return name
    .toJSON()
    .flatMap((rdn) =>
      Object.entries(rdn).flatMap(([type, values]) => values.map((value) => `/${type}=${value.replace('/', '\\/')}`)),
    )
    .join('');
}
