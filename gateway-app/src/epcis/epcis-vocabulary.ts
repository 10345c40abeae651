/**
 * CBV and EPCIS facts the mapping shares: UN/CEFACT units of measure for the ledger's units, and the event
 * fields the ledger does not hold. EPCIS JSON names CBV values by their bare terms (`shipping`, `in_transit`).
 */

/** Ledger units and their UN/CEFACT Rec 20 codes; `each` is a count, which EPCIS writes without a unit. */
const UOM_OF_UNIT: Readonly<Record<string, string | undefined>> = {
  kg: 'KGM',
  g: 'GRM',
  l: 'LTR',
  ml: 'MLT',
  each: undefined,
};

export const uomOf = (unit: string): string | undefined => UOM_OF_UNIT[unit];

/** Event fields the ledger does not hold, kept by the capturing app with the transaction and merged on query. */
export const KEPT_FIELDS = [
  '@context',
  'eventID',
  'eventTime',
  'eventTimeZoneOffset',
  'readPoint',
  'bizTransactionList',
  'certificationInfo',
  'sensorElementList',
  'persistentDisposition',
  'ilmd',
] as const;
