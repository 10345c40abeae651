import { mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type * as DevnetPackage from '@scenechain/devnet';
import type { Devnet } from '@scenechain/devnet';
import { AppMetrics } from './api/app-metrics';
import { IdempotencyStore } from './api/idempotency-store';
import { buildServer } from './api/server';
import { SubmissionJournal } from './api/submission-journal';
import { SubmissionRecovery } from './api/submission-recovery';
import { TransactionStatusStore } from './api/transaction-status-store';
import { SaltStore } from './api/salt-store';
import { EpcisEventStore } from './epcis/epcis-event-store';
import type { AppContext } from './app-context';
import { openAppDatabase } from './auth/app-database';
import { Authenticator } from './auth/authenticator';
import { systemClock, type Clock } from './auth/clock';
import { ensureDemoAccounts, type DemoAccount } from './auth/demo-accounts';
import { ensureFirstStartAdmins, type FirstStartIo } from './auth/first-start-admins';
import { DemoProgress } from './demo/demo-progress';
import { IdentityResolver } from './auth/identity-resolver';
import { IdentityWallet } from './auth/identity-wallet';
import { LoginThrottle } from './auth/login-throttle';
import { TokenStore } from './auth/token-store';
import { UserStore } from './auth/user-store';
import { appDataDir, walletDir, type AppConfig } from './config/app-config';
import { IssuerKeystore } from './credentials/issuer-keystore';
import { documentStoreFor } from './documents/store-for-config';
import { CheckpointStore } from './events/checkpoint-store';
import { ChaincodeEventListener } from './events/chaincode-event-listener';
import { ConnectionPool } from './fabric/connection-pool';
import { connectionSettingsDirectory, readConnectionSettings } from './fabric/connection-settings-directory';
import { devnetDirectory } from './fabric/devnet-directory';
import type { FabricIdentity } from './fabric/identity';
import type { NetworkDirectory } from './fabric/network-directory';
import { TransactionRunner } from './fabric/transaction-runner';
import { channelGenesisHash } from './fabric/channel-genesis';
import { Projector } from './readmodel/projector';
import { LedgerBinding } from './readmodel/ledger-binding';
import { LedgerGuard } from './readmodel/ledger-guard';
import { clearReadModel, openReadModel } from './readmodel/read-model-database';
import { ReadModelQueries } from './readmodel/read-model-queries';
import type { ScenarioView } from './scenarios/scenario-view';
import { orgLabelsOfTopology, scenariosOfTopology } from './scenarios/topology-scenarios';
import { EventFeed } from './subscriptions/business-event';
import { eventAccess } from './subscriptions/event-access';
import { systemScheduler, type Scheduler } from './subscriptions/scheduler';
import { SubscriptionStore } from './subscriptions/subscription-store';
import { WebhookDispatcher } from './subscriptions/webhook-dispatcher';
import path from 'node:path';

export interface App {
  readonly config: AppConfig;
  readonly ctx: AppContext;
  readonly server: FastifyInstance;
  /** The dev network, when the app runs one in its own process. */
  readonly devnet: Devnet | undefined;
  readonly demoAccounts: readonly DemoAccount[];
  /** Where the demo load stands, so that a load cut short is finished by the next start. */
  readonly demoProgress: DemoProgress;
  /** Settles once the submissions a previous run left open were recovered (answers how many). */
  readonly recovered: Promise<number>;
  /** Starts listening; answers the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  /** A dev network started by the caller (tests); the app does not stop it. */
  readonly devnet?: Devnet;
  readonly logger?: Logger;
  /** Scenarios to serve (default: those the topology deploys on the channel, whose chaincode the network has). */
  readonly scenarios?: readonly ScenarioView[];
  /** The app's time: token expiry and login throttling (tests move it instead of sleeping). */
  readonly clock?: Clock;
  /** The time of webhook deliveries and retries (tests move it instead of waiting for backoff). */
  readonly scheduler?: Scheduler;
  /**
   * Without demo accounts (a real network, by default): how the first start asks for the admin password and
   * shows the new admin accounts. Default: no prompt, generated passwords printed on stdout.
   */
  readonly firstStart?: FirstStartIo;
}

/**
 * Starts the app's own dev network. The devnet package is loaded here only, so an app on a real network never
 * loads it (it is an optional peer dependency: an installation for a real network may leave it out).
 */
async function startOwnDevnet(config: AppConfig & { network: { kind: 'devnet' } }): Promise<Devnet> {
  const { network } = config;
  const { loadTopology, startDevnet } = await loadDevnetPackage();
  // Relative chaincode paths follow the topology file's own rule (its `baseDir`), as with the dev network's CLI.
  const topology = loadTopology(network.topologyFile);
  if (network.chaincodes) {
    for (const channel of topology.channels)
      channel.chaincodes = channel.chaincodes.filter((cc) => network.chaincodes!.includes(cc.name));
  }
  return startDevnet({
    topology,
    dataDir: network.dataDir,
    reset: network.reset,
    launch: network.launch,
    channels: [config.channel],
  });
}

async function loadDevnetPackage(): Promise<typeof DevnetPackage> {
  try {
    return await import('@scenechain/devnet');
  } catch (err) {
    const missing =
      (err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String(err).includes("'@scenechain/devnet'");
    if (!missing) throw err;
    throw new Error(
      'the dev network package @scenechain/devnet is not installed: install it (npm ci at the repository root) ' +
        "or set SCENECHAIN_CONNECTION to a real network's connection.json",
      { cause: err },
    );
  }
}

/** User1 of the first org whose peer endorses `chaincode`: the app's own reader for events and public pages. */
function serviceIdentity(directory: NetworkDirectory, chaincode: string): FabricIdentity {
  const org = directory.orgs.find((o) => o.chaincodes.includes(chaincode)) ?? directory.orgs[0];
  return directory.identity(org.mspId, 'User1');
}

/**
 * Wires the app: network (the embedded dev network or a real one from connection.json), Fabric connections,
 * accounts, read model and event listeners, and the HTTP server. Nothing listens until `listen`.
 */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<App> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  let ownDevnet: Devnet | undefined;
  let devnet = options.devnet;
  if (config.network.kind === 'devnet' && !devnet) {
    ownDevnet = await startOwnDevnet(config as AppConfig & { network: { kind: 'devnet' } });
    devnet = ownDevnet;
  }
  const dataDir = appDataDir(config);
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(walletDir(config), { recursive: true, mode: 0o700 });
  const appDb = openAppDatabase(path.join(dataDir, 'app.db'));
  const readModelDb = openReadModel(path.join(dataDir, 'read-model.db'));
  const users = new UserStore(appDb);
  const directory =
    config.network.kind === 'fabric'
      ? connectionSettingsDirectory(
          readConnectionSettings(config.network.connectionFile),
          config.channel,
          (_mspId, userName) => users.identityPaths(userName),
        )
      : devnetDirectory(devnet!, config.channel);

  const scenarios = (options.scenarios ?? scenariosOfTopology(config.network.topologyFile, config.channel)).filter(
    (s) => directory.orgs.some((org) => org.chaincodes.includes(s.chaincode)),
  );
  const metrics = new AppMetrics();
  const pool = new ConnectionPool(directory, config.deadlines);
  const runner = new TransactionRunner(pool, directory.channel, undefined, metrics.runnerObserver());
  const clock = options.clock ?? systemClock;
  const tokens = new TokenStore(
    appDb,
    { sessionSeconds: config.sessionLifetimeSeconds, apiSeconds: config.apiTokenLifetimeSeconds },
    clock,
  );
  const demoAccounts = config.demoAccounts ? await ensureDemoAccounts(users, directory, config.demoPassword) : [];
  if (!config.demoAccounts) {
    await ensureFirstStartAdmins(
      users,
      directory,
      options.firstStart ?? { print: (text) => void process.stdout.write(text) },
    );
  }

  const projector = new Projector(readModelDb);
  const checkpoints = new CheckpointStore(readModelDb);
  const eventFeed = new EventFeed(readModelDb);
  const listeners = new Map<string, ChaincodeEventListener>();
  const startListeners = () => {
    for (const listener of listeners.values()) listener.start();
  };
  for (const scenario of scenarios) {
    const reader = serviceIdentity(directory, scenario.chaincode);
    listeners.set(
      scenario.id,
      new ChaincodeEventListener({
        scenario: scenario.id,
        chaincode: scenario.chaincode,
        network: () => pool.gateway(reader).getNetwork(directory.channel),
        db: readModelDb,
        projector,
        checkpoints,
        onApplied: () => eventFeed.notify(),
        logger: logger.child({ component: 'event-listener' }),
      }),
    );
  }
  const verifier = scenarios.find((s) => s.verify);
  const configuredPublic =
    config.publicIdentity && directory.identity(config.publicIdentity.mspId, config.publicIdentity.user);
  const publicIdentity =
    configuredPublic || serviceIdentity(directory, verifier?.chaincode ?? scenarios[0]?.chaincode ?? '');

  const publicReaders = new Map<string, FabricIdentity>();
  const statuses = new TransactionStatusStore(appDb);
  const journal = new SubmissionJournal(appDb);
  const idempotency = new IdempotencyStore(appDb, journal);
  const recovery = new SubmissionRecovery({
    journal,
    idempotency,
    statuses,
    pool,
    channel: directory.channel,
    reader: publicIdentity,
    logger,
  });
  const scheduler = options.scheduler ?? systemScheduler;
  const subscriptionStore = new SubscriptionStore(appDb);
  const webhooks = new WebhookDispatcher({
    store: subscriptionStore,
    feed: eventFeed,
    scheduler,
    policy: config.webhooks,
    retention: config.webhooks,
    principalOf: (username) => users.find(username),
    // Access checks need the context this dispatcher is part of; it runs only after `start`, below.
    access: (principal) => eventAccess(ctx, principal),
    logger: logger.child({ component: 'webhooks' }),
  });
  const ctx: AppContext = {
    directory,
    pool,
    runner,
    scenarios,
    orgLabels: orgLabelsOfTopology(config.network.topologyFile),
    users,
    tokens,
    loginThrottle: new LoginThrottle(config.loginThrottle, clock),
    wallet: new IdentityWallet(walletDir(config)),
    clock,
    authenticator: new Authenticator(users, tokens),
    identities: new IdentityResolver(directory, users),
    statuses,
    salts: new SaltStore(appDb),
    epcisEvents: new EpcisEventStore(appDb),
    idempotency,
    journal,
    recovery,
    readModel: new ReadModelQueries(readModelDb),
    listeners,
    metrics,
    subscriptions: {
      store: subscriptionStore,
      feed: eventFeed,
      webhooks,
      scheduler,
      allowedHosts: config.webhooks.allowedHosts,
    },
    publicIdentity,
    // Each verifying chaincode is asked through a peer that has it, unless the configuration names one identity.
    publicIdentityFor: (chaincode) => {
      let identity = configuredPublic || publicReaders.get(chaincode);
      if (!identity) publicReaders.set(chaincode, (identity = serviceIdentity(directory, chaincode)));
      return identity;
    },
    documents: { store: documentStoreFor(config), maxBytes: config.documents.maxBytes },
    credentialKeys: new IssuerKeystore(path.join(dataDir, 'issuer-keys')),
    logger,
    async rebuildReadModel() {
      await Promise.all([...listeners.values()].map((listener) => listener.stop()));
      clearReadModel(readModelDb);
      if (ledgerGuard.isBound) startListeners();
    },
  };
  const server = await buildServer(ctx);
  // The read model is of one ledger: emptied first when this channel's block 0 is not the one it was built from.
  const ledgerGuard = new LedgerGuard({
    binding: new LedgerBinding(readModelDb, directory.channel),
    genesisHash: () => channelGenesisHash(pool.gateway(publicIdentity), directory.channel),
    startListeners,
    logger: logger.child({ component: 'read-model' }),
  });
  await ledgerGuard.start();
  webhooks.start();
  // Submissions a previous run left open are settled from the ledger; requests with their keys wait for it.
  const recovered = recovery.recoverAll();

  let closed = false;
  return {
    config,
    ctx,
    server,
    devnet,
    demoAccounts,
    demoProgress: new DemoProgress(appDb, pool, directory.channel),
    recovered,
    async listen() {
      return server.listen({ host: config.host, port: config.port });
    },
    async close() {
      if (closed) return;
      closed = true;
      ledgerGuard.close();
      await server.close();
      await recovered;
      await webhooks.stop();
      await Promise.all([...listeners.values()].map((listener) => listener.stop()));
      pool.close();
      appDb.close();
      readModelDb.close();
      await ownDevnet?.stop();
    },
  };
}
