import type { Logger } from 'pino';
import type { AppMetrics } from './api/app-metrics';
import type { IdempotencyStore } from './api/idempotency-store';
import type { SubmissionJournal } from './api/submission-journal';
import type { SubmissionRecovery } from './api/submission-recovery';
import type { TransactionStatusStore } from './api/transaction-status-store';
import type { SaltStore } from './api/salt-store';
import type { EpcisEventStore } from './epcis/epcis-event-store';
import type { Authenticator } from './auth/authenticator';
import type { IdentityResolver } from './auth/identity-resolver';
import type { Clock } from './auth/clock';
import type { IdentityWallet } from './auth/identity-wallet';
import type { LoginThrottle } from './auth/login-throttle';
import type { TokenStore } from './auth/token-store';
import type { UserStore } from './auth/user-store';
import type { ChaincodeEventListener } from './events/chaincode-event-listener';
import type { IssuerKeystore } from './credentials/issuer-keystore';
import type { DocumentStore } from './documents/document-store';
import type { ConnectionPool } from './fabric/connection-pool';
import type { FabricIdentity } from './fabric/identity';
import type { NetworkDirectory } from './fabric/network-directory';
import type { TransactionRunner } from './fabric/transaction-runner';
import type { ReadModelQueries } from './readmodel/read-model-queries';
import type { ScenarioView } from './scenarios/scenario-view';
import type { SubscriptionServices } from './subscriptions/subscription-services';

/** Everything the REST API, the web UI and the CLI's server side share; built once by `createApp`. */
export interface AppContext {
  readonly directory: NetworkDirectory;
  readonly pool: ConnectionPool;
  readonly runner: TransactionRunner;
  readonly scenarios: readonly ScenarioView[];
  /** What each org is called in each language (the topology's `labels`), for people reading org names. */
  readonly orgLabels: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly users: UserStore;
  /** Sign-in sessions and API tokens (hashed, expiring, revocable). */
  readonly tokens: TokenStore;
  readonly loginThrottle: LoginThrottle;
  /** MSP folders admins may register logins from. */
  readonly wallet: IdentityWallet;
  /** The app's time (injectable for tests). */
  readonly clock: Clock;
  readonly authenticator: Authenticator;
  readonly identities: IdentityResolver;
  readonly statuses: TransactionStatusStore;
  /** Salts generated for users' private values, kept so each user can recover theirs. */
  readonly salts: SaltStore;
  /** EPCIS event fields the ledger does not hold, kept for the events this app captured. */
  readonly epcisEvents: EpcisEventStore;
  readonly idempotency: IdempotencyStore;
  /** Submissions in flight, kept so that a crash leaves nothing unsettled. */
  readonly journal: SubmissionJournal;
  readonly recovery: SubmissionRecovery;
  readonly readModel: ReadModelQueries;
  readonly listeners: ReadonlyMap<string, ChaincodeEventListener>;
  readonly metrics: AppMetrics;
  /** Webhook subscriptions and the event feed they and the event stream read. */
  readonly subscriptions: SubscriptionServices;
  /** The app's own reader where no user signs in (settling submissions after a crash). */
  readonly publicIdentity: FabricIdentity;
  /** The identity public pages (document verification) ask a chaincode as; they need no sign-in. */
  publicIdentityFor(chaincode: string): FabricIdentity;
  /** The off-chain documents records anchor, and the largest upload. */
  readonly documents: { readonly store: DocumentStore; readonly maxBytes: number };
  /** The keys orgs sign verifiable credentials with (their public halves registered on the ledger). */
  readonly credentialKeys: IssuerKeystore;
  readonly logger: Logger;
  /** Empties the read model and replays every scenario's events from block 0. */
  rebuildReadModel(): Promise<void>;
}
