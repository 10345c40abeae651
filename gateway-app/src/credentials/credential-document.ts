import { statusPurposes, statusSlot, type CredentialProfile, type StatusPurpose } from '@scenechain/scene-kit';

/** The base context of every W3C Verifiable Credential 2.0. */
export const VC_CONTEXT_V2 = 'https://www.w3.org/ns/credentials/v2';

/** Where the app publishes an issuer's status list, relative to its public origin. */
export function statusListPath(scenario: string, issuer: string, purpose: StatusPurpose, list: number): string {
  return `/api/public/credentials/${scenario}/status-lists/${issuer}/${purpose}/${list}`;
}

const STATUS_LIST_URL =
  /\/api\/public\/credentials\/([a-z0-9-]+)\/status-lists\/([A-Za-z][A-Za-z0-9.-]{0,63})\/(revocation|suspension)\/(0|[1-9]\d{0,5})$/;

/** The scenario, issuer, purpose and list a status list URL of this app names, or undefined. */
export function parseStatusListUrl(
  url: string,
): { scenario: string; issuer: string; purpose: StatusPurpose; list: number } | undefined {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const match = STATUS_LIST_URL.exec(pathname);
  if (!match) return undefined;
  return { scenario: match[1], issuer: match[2], purpose: match[3] as StatusPurpose, list: Number(match[4]) };
}

/** The credential's `id`: which scenario, record type and record it states. */
export function credentialIdOf(scenario: string, recordType: string, recordId: string): string {
  return `urn:scenechain:${scenario}:${recordType}:${encodeURIComponent(recordId)}`;
}

/** The record a credential `id` of this app names, or undefined. */
export function parseCredentialId(id: unknown): { scenario: string; recordType: string; recordId: string } | undefined {
  if (typeof id !== 'string') return undefined;
  const match = /^urn:scenechain:([a-z0-9-]+):([A-Za-z]+):([^:]+)$/.exec(id);
  if (!match) return undefined;
  try {
    return { scenario: match[1], recordType: match[2], recordId: decodeURIComponent(match[3]) };
  } catch {
    return undefined;
  }
}

/** A date (`2026-06-30`) as the instant it starts (UTC); an instant as it is. */
const instantOf = (value: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);

export interface CredentialInput {
  readonly scenario: string;
  readonly profile: CredentialProfile;
  readonly recordId: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** The issuer's DID (its registered key). */
  readonly issuerDid: string;
  /** The app's public origin, for the status list URLs (`https://records.example.gov`). */
  readonly origin: string;
}

/**
 * A record as a W3C Verifiable Credential 2.0: the holder (pseudonymous ID) and the profile's facts as subject,
 * the record's validity, and one Bitstring Status List entry per purpose at the record's slot.
 */
export function credentialOf(input: CredentialInput): Record<string, unknown> {
  const { scenario, profile, recordId, data, issuerDid, origin } = input;
  const issuer = String(data[profile.issuerField]);
  const slot = Number(data.statusListIndex);
  const { list, index } = statusSlot(slot);
  const facts = Object.fromEntries(profile.subjectFields.flatMap((f) => (data[f] === undefined ? [] : [[f, data[f]]])));
  const validUntil = profile.validUntil && data[profile.validUntil];
  return {
    '@context': [VC_CONTEXT_V2],
    id: credentialIdOf(scenario, profile.record, recordId),
    type: ['VerifiableCredential', profile.type],
    issuer: { id: issuerDid, name: issuer },
    validFrom: instantOf(String(data[profile.validFrom])),
    ...(typeof validUntil === 'string' ? { validUntil: instantOf(validUntil) } : {}),
    credentialSubject: { id: `urn:scenechain:${scenario}:holder:${String(data[profile.holderField])}`, ...facts },
    credentialStatus: statusPurposes.map((purpose) => {
      const url = `${origin}${statusListPath(scenario, issuer, purpose, list)}`;
      return {
        id: `${url}#${index}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: purpose,
        statusListIndex: String(index),
        statusListCredential: url,
      };
    }),
  };
}
