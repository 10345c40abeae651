/**
 * TRANSACTIONS_FILTER metadata: raw bytes, one peer.TxValidationCode per transaction (not a Metadata message).
 */
export function transactionsFilter(validationCodes: readonly number[]): Uint8Array {
  const filter = new Uint8Array(validationCodes.length);
  validationCodes.forEach((code, index) => {
    if (!Number.isInteger(code) || code < 0 || code > 255) {
      throw new RangeError(`validation code of transaction ${index} must fit a byte, got ${code}`);
    }
    filter[index] = code;
  });
  return filter;
}
