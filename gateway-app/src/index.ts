/**
 * The gateway app as a library (tests, benchmarks, embedding): build it with `createApp(loadConfig())`, then
 * `listen()`. `npm start` runs `main.ts`; the CLI is `cli/main.ts`.
 */
export { createApp, type App, type CreateAppOptions } from './app';
export type { AppContext } from './app-context';
export { loadConfig, appDataDir, type AppConfig, type AppConfigInput } from './config/app-config';
export { AppError } from './errors/app-error';
export { ConnectionPool, DEFAULT_DEADLINES, type StageDeadlines } from './fabric/connection-pool';
export {
  TransactionRunner,
  DEFAULT_RETRY,
  type RetryPolicy,
  type TransactionRequest,
  type CommittedTransaction,
  type SubmittedTransaction,
} from './fabric/transaction-runner';
export { toAppError, CommitFailure } from './fabric/fabric-error';
export type { NetworkDirectory, PeerTarget, OrgInfo, KnownUser, IdentityIssuer } from './fabric/network-directory';
export { devnetDirectory } from './fabric/devnet-directory';
export { connectionSettingsDirectory, readConnectionSettings } from './fabric/connection-settings-directory';
export { devnetConnectionSettings } from './fabric/devnet-connection-settings';
export { ChaincodeEventListener } from './events/chaincode-event-listener';
export { scenariosOfTopology } from './scenarios/topology-scenarios';
export { scenarioView, routeOf, kebab } from './scenarios/scenario-view';
export type { ScenarioView, ActionView, RecordView } from './scenarios/scenario-view';
export { loadDemoData } from './demo/demo-data';
export { DEMO_DOCUMENTS } from './demo/demo-documents';
