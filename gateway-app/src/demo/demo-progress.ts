import { peer } from '@hyperledger/fabric-protos';
import type { AppDatabase } from '../auth/app-database';
import type { ConnectionPool } from '../fabric/connection-pool';
import type { FabricIdentity } from '../fabric/identity';
import { ledgerOutcome, resubmit } from '../fabric/ledger-status';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS demo_progress (
  scenario TEXT NOT NULL,
  step INTEGER NOT NULL,
  transaction_id TEXT NOT NULL,
  envelope BLOB NOT NULL,
  answer TEXT,
  PRIMARY KEY (scenario, step)
);
`;

interface Row {
  transaction_id: string;
  envelope: Buffer;
  answer: string | null;
}

const utf8 = new TextDecoder();

/**
 * Where the demo load stands, step by step, in the app's database: each step's signed transaction is kept
 * before it is submitted and its answer once committed. After a kill mid-load, a step with a kept transaction
 * but no answer is settled from the ledger (VALID: done, with the answer the transaction carries; not on the
 * ledger: the very same transaction is submitted again; invalid: the step runs afresh), so the next start
 * finishes the story without running any step twice.
 */
export class DemoProgress {
  constructor(
    private readonly db: AppDatabase,
    private readonly pool: ConnectionPool,
    private readonly channel: string,
  ) {
    db.exec(SCHEMA);
  }

  /** Whether any step of the scenario's story was ever started by this app. */
  started(scenario: string): boolean {
    return this.db.prepare('SELECT 1 FROM demo_progress WHERE scenario = ? LIMIT 1').get(scenario) !== undefined;
  }

  /** Keeps a step's signed transaction before it is submitted. */
  attempt(scenario: string, step: number, transactionId: string, envelope: Uint8Array): void {
    this.db
      .prepare(
        `INSERT INTO demo_progress (scenario, step, transaction_id, envelope) VALUES (?, ?, ?, ?)
         ON CONFLICT (scenario, step) DO UPDATE SET transaction_id = excluded.transaction_id, envelope = excluded.envelope`,
      )
      .run(scenario, step, transactionId, Buffer.from(envelope));
  }

  done(scenario: string, step: number, answer: unknown): void {
    this.db
      .prepare('UPDATE demo_progress SET answer = ? WHERE scenario = ? AND step = ?')
      .run(JSON.stringify(answer), scenario, step);
  }

  /** The step's answer if it committed (asking the ledger about a kept transaction), else undefined. */
  async answer(scenario: string, step: number, identity: FabricIdentity): Promise<unknown> {
    const row = this.db
      .prepare('SELECT transaction_id, envelope, answer FROM demo_progress WHERE scenario = ? AND step = ?')
      .get(scenario, step) as Row | undefined;
    if (!row) return undefined;
    if (row.answer !== null) return JSON.parse(row.answer);
    const gateway = this.pool.gateway(identity);
    const outcome =
      (await ledgerOutcome(gateway, this.channel, row.transaction_id)) ?? (await resubmit(gateway, row.envelope));
    if (outcome.validationCode !== peer.TxValidationCode.VALID) {
      this.db.prepare('DELETE FROM demo_progress WHERE scenario = ? AND step = ?').run(scenario, step);
      return undefined;
    }
    const answer = JSON.parse(utf8.decode(gateway.newTransaction(row.envelope).getResult())) as unknown;
    this.done(scenario, step, answer);
    return answer;
  }
}
