import { gunzipSync, gzipSync } from 'node:zlib';
import { bitstringOf, STATUS_LIST_SIZE, type StatusPurpose } from '@scenechain/scene-kit';
import { VC_CONTEXT_V2 } from './credential-document';

/** `encodedList`: the bitstring GZIP-compressed, base64url without padding, multibase-prefixed (`u`). */
export function encodeList(setIndices: readonly number[]): string {
  return `u${gzipSync(bitstringOf(setIndices)).toString('base64url')}`;
}

/** The bitstring an `encodedList` holds, or undefined if it is not one of at least the minimum size. */
export function decodeList(encodedList: string): Buffer | undefined {
  if (!/^u[A-Za-z0-9_-]+$/.test(encodedList)) return undefined;
  try {
    // A list is small; a "zip bomb" stops at 16 times the minimum.
    const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'), { maxOutputLength: STATUS_LIST_SIZE * 2 });
    return bits.length * 8 >= STATUS_LIST_SIZE ? bits : undefined;
  } catch {
    return undefined;
  }
}

export interface StatusListInput {
  /** The list's own URL (where the app serves it). */
  readonly url: string;
  readonly issuerDid: string;
  readonly issuer: string;
  readonly purpose: StatusPurpose;
  readonly setIndices: readonly number[];
  /** When the ledger last changed the list (absent for a list never changed). */
  readonly updatedAt?: string;
}

/** A BitstringStatusListCredential of the list as the ledger holds it. */
export function statusListCredentialOf(input: StatusListInput): Record<string, unknown> {
  return {
    '@context': [VC_CONTEXT_V2],
    id: input.url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: { id: input.issuerDid, name: input.issuer },
    ...(input.updatedAt ? { validFrom: input.updatedAt } : {}),
    credentialSubject: {
      id: `${input.url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: input.purpose,
      encodedList: encodeList(input.setIndices),
    },
  };
}
