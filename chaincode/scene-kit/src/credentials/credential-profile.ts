import { z } from 'zod';
import type { AccessRule } from '../access';
import type { Lifecycle, WithStatus } from '../lifecycle';
import type { Stored } from '../record-type';
import type { Scene } from '../scene';
import { defineIssuerKeys } from './issuer-keys';
import { defineStatusLists } from './status-lists';

/** The record field holding a credential's status slot (assigned at issue; absent on records issued before). */
export const STATUS_SLOT_FIELD = 'statusListIndex';
export const statusListIndex = z.int().min(0).optional();

/**
 * What the app needs to issue a record as a W3C Verifiable Credential, as plain data in the descriptor
 * (`credentials`): which record, its credential type, and which fields say issuer, holder, facts and validity.
 */
export interface CredentialProfile {
  /** The record type whose records are credentials (`Diploma`). */
  readonly record: string;
  /** The credential's type beside `VerifiableCredential` (`DiplomaCredential`). */
  readonly type: string;
  /** The record field naming the issuing org's MSP ID. */
  readonly issuerField: string;
  /** The record field naming the holder (a pseudonymous ID): the credential subject's `id`. */
  readonly holderField: string;
  /** Record fields stated about the holder (`credentialSubject`). */
  readonly subjectFields: readonly string[];
  /** Record fields giving the credential's `validFrom` and `validUntil` (a date or an instant). */
  readonly validFrom: string;
  readonly validUntil?: string;
  /** The record states that set the revocation and the suspension entry. */
  readonly states: { readonly revoked: string; readonly suspended: string };
}

export interface CredentialsSpec<T> extends Omit<CredentialProfile, 'record'> {
  readonly issuerField: keyof T & string;
  readonly holderField: keyof T & string;
  readonly subjectFields: readonly (keyof T & string)[];
  readonly validFrom: keyof T & string;
  readonly validUntil?: keyof T & string;
  /** Who registers and retires their own org's signing keys. */
  readonly keyHolders: AccessRule;
}

/**
 * A scenario's records as verifiable credentials: the issuers' keys on the ledger, their status lists, the
 * slot each record gets at issue (`assign`), and the entries following the record's state (`follow`, in the
 * transaction that changes it). Spread `flows` into the descriptor, list `keysView`, pass `profile`.
 */
export function defineCredentials<
  S extends string,
  N extends string,
  T extends WithStatus<S> & Record<K, string>,
  K extends string,
>(life: Lifecycle<S, N, T, K>, spec: CredentialsSpec<T>) {
  const { keyHolders, ...facts } = spec;
  const keys = defineIssuerKeys(keyHolders);
  const statusLists = defineStatusLists();
  const profile: CredentialProfile = { record: life.name, ...facts };
  return {
    profile,
    keys,
    statusLists,
    keysView: keys.view,
    flows: { ...keys.flows, getStatusList: statusLists.getStatusList },
    /** The next status slot of the submitter's org, for the record it issues. */
    assign: (scene: Scene) => statusLists.assign(scene, scene.actor.mspId),
    /** Sets the record's revocation and suspension entries to its state (a record without a slot has none). */
    follow: async (scene: Scene, record: Stored<T>): Promise<void> => {
      const slot = (record.data as Record<string, unknown>)[STATUS_SLOT_FIELD];
      if (typeof slot !== 'number') return;
      const { status } = record.data;
      const issuer = String(record.data[spec.issuerField]);
      await statusLists.follow(scene, issuer, slot, {
        revoked: status === spec.states.revoked,
        suspended: status === spec.states.suspended,
      });
    },
  };
}
