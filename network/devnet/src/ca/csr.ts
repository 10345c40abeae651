import { CertificationRequest } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { CaCode, CaError } from './ca-errors';

/** Signature algorithms of ECDSA CSRs (what Fabric's ECDSA-only MSPs can use), with their hash. */
const csrSignatureHashes: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
};

/** The subject attributes a CSR may carry that Fabric CA checks and keeps, with their length limits (RFC 3280). */
const keptNames = [
  { oid: '2.5.4.6', label: 'country name', limit: 2 },
  { oid: '2.5.4.8', label: 'state name', limit: 128 },
  { oid: '2.5.4.7', label: 'locality name', limit: 128 },
  { oid: '2.5.4.10', label: 'organization name', limit: 64 },
] as const;
const commonNameOid = '2.5.4.3';
const ouOid = '2.5.4.11';
const serialNumberOid = '2.5.4.5';
const basicConstraintsOid = '2.5.29.19';
const subjectAltNameOid = '2.5.29.17';
const extensionRequestOid = '1.2.840.113549.1.9.14';

export interface ParsedCsr {
  readonly commonName: string;
  readonly publicKey: KeyObject;
  /** C, ST, L, O of the CSR's subject in Go's order; OU values are never kept (Fabric CA sets them). */
  readonly names: ReadonlyArray<asn.AttributeTypeAndValue>;
  readonly serialNumber?: asn.AttributeTypeAndValue;
  /** The CSR's subject alternative name extension, if it requested one. */
  readonly subjectAltName?: asn.Extension;
  /** Whether the CSR asks for a CA certificate (BasicConstraints CA:true). */
  readonly isCa: boolean;
}

/** Decodes, verifies and checks a PEM CSR as Fabric CA's processSignRequest does; throws CaError saying why not. */
export function parseCsr(pem: string): ParsedCsr {
  const block =
    /-----BEGIN (NEW )?CERTIFICATE REQUEST-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END (NEW )?CERTIFICATE REQUEST-----/.exec(
      pem,
    );
  if (!block) throw new CaError(400, CaCode.BadCsr, 'CSR Decode failed');
  const der = Buffer.from(block[2].replace(/\s+/g, ''), 'base64');
  let csr: CertificationRequest;
  let publicKey: KeyObject;
  try {
    csr = AsnConvert.parse(der, CertificationRequest);
    publicKey = createPublicKey({
      key: Buffer.from(AsnConvert.serialize(csr.certificationRequestInfo.subjectPKInfo)),
      format: 'der',
      type: 'spki',
    });
  } catch (err) {
    throw new CaError(400, CaCode.BadCsr, `Failed to parse the CSR: ${(err as Error).message}`);
  }
  if (publicKey.asymmetricKeyType !== 'ec') {
    throw new CaError(
      400,
      CaCode.BadCsr,
      `The CSR's key is ${publicKey.asymmetricKeyType}; this CA issues ECDSA certificates only`,
    );
  }
  const hash = csrSignatureHashes[csr.signatureAlgorithm.algorithm];
  const signed =
    hash !== undefined &&
    csr.certificationRequestInfoRaw !== undefined &&
    verify(hash, Buffer.from(csr.certificationRequestInfoRaw), publicKey, Buffer.from(csr.signature));
  if (!signed) throw new CaError(400, CaCode.BadCsr, 'CSR signature verification failed');

  const attributes = csr.certificationRequestInfo.subject.flatMap((rdn) => [...rdn]);
  const text = (attribute: asn.AttributeTypeAndValue): string => attribute.value.toString();
  for (const attribute of attributes) {
    const limit =
      attribute.type === commonNameOid
        ? { label: 'CN', limit: 64 }
        : attribute.type === ouOid
          ? { label: 'organizational unit name', limit: 64 }
          : attribute.type === serialNumberOid
            ? { label: 'serial number', limit: 64 }
            : keptNames.find((name) => name.oid === attribute.type);
    if (limit && text(attribute).length > limit.limit) {
      throw new CaError(
        400,
        CaCode.InputValidCsr,
        `CSR input validation failed: The ${limit.label} '${text(attribute)}' exceeds the maximum character limit of ${limit.limit}`,
      );
    }
  }
  const commonNames = attributes.filter((attribute) => attribute.type === commonNameOid);
  const extensions = requestedExtensions(csr);
  const basicConstraints = extensions.find((ext) => ext.extnID === basicConstraintsOid);
  let isCa = false;
  if (basicConstraints) {
    try {
      isCa = AsnConvert.parse(basicConstraints.extnValue.buffer, asn.BasicConstraints).cA;
    } catch (err) {
      throw new CaError(400, CaCode.BadCsr, `Failed parsing CSR constraints: ${(err as Error).message}`);
    }
  }
  return {
    commonName: commonNames.length > 0 ? text(commonNames[commonNames.length - 1]) : '',
    publicKey,
    names: keptNames.flatMap((name) => attributes.filter((attribute) => attribute.type === name.oid)),
    serialNumber: attributes.find((attribute) => attribute.type === serialNumberOid),
    subjectAltName: extensions.find((ext) => ext.extnID === subjectAltNameOid),
    isCa,
  };
}

function requestedExtensions(csr: CertificationRequest): asn.Extension[] {
  const request = csr.certificationRequestInfo.attributes.find((attribute) => attribute.type === extensionRequestOid);
  if (!request || request.values.length === 0) return [];
  try {
    return [...AsnConvert.parse(request.values[0], asn.Extensions)];
  } catch (err) {
    throw new CaError(400, CaCode.BadCsr, `Failed parsing the CSR's extension request: ${(err as Error).message}`);
  }
}
