/**
 * The client side of bulk filing through a Fabric gateway: splits any number of applications into
 * `fileMany` transactions and submits them one after another. It needs only `submitTransaction`, so a
 * `@hyperledger/fabric-gateway` Contract fits, and this module pulls no client library into the chaincode.
 */
export interface TransactionSubmitter {
  submitTransaction(name: string, ...args: string[]): Promise<Uint8Array>;
}

/** One application as `file`/`fileMany` take it (see the `applicationRequest` schema). */
export interface ApplicationToFile {
  readonly title: string;
  readonly applicantName: string;
  readonly ipcClasses: readonly string[];
  readonly commitment: string;
  readonly onBehalfOf?: string;
}

export interface BulkFilingResult {
  /** Application numbers, in the order the applications were given. */
  readonly applicationIds: string[];
  /** One entry per transaction submitted. */
  readonly transactions: number;
}

/** Applications per `fileMany` transaction: large enough to amortise a transaction, small enough to endorse quickly. */
export const DEFAULT_FILING_BATCH = 250;

export async function fileInBatches(
  contract: TransactionSubmitter,
  applications: readonly ApplicationToFile[],
  batchSize = DEFAULT_FILING_BATCH,
): Promise<BulkFilingResult> {
  const applicationIds: string[] = [];
  let transactions = 0;
  for (let start = 0; start < applications.length; start += batchSize) {
    const batch = applications.slice(start, start + batchSize);
    const answer = await contract.submitTransaction('fileMany', JSON.stringify({ applications: batch }));
    const parsed = JSON.parse(new TextDecoder().decode(answer)) as { applicationIds: string[] };
    applicationIds.push(...parsed.applicationIds);
    transactions += 1;
  }
  return { applicationIds, transactions };
}
