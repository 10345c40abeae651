import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The repository root (gateway-app/dist/config → ../../..). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

const devnetNetwork = z.strictObject({
  kind: z.literal('devnet'),
  /** Topology of the embedded dev network the app starts in its own process. */
  topologyFile: z.string().default(path.join(REPO_ROOT, 'network', 'topology.yaml')),
  dataDir: z.string().default(path.join(REPO_ROOT, '.devnet')),
  reset: z.boolean().default(false),
  /** Chaincodes to serve (default: all of the channel's). */
  chaincodes: z.array(z.string()).optional(),
  launch: z.enum(['eager', 'lazy']).default('eager'),
});

const fabricNetwork = z.strictObject({
  kind: z.literal('fabric'),
  /** connection.json written by `scripts/network.sh up` (peer endpoints, TLS CAs, host overrides, MSP paths). */
  connectionFile: z.string(),
  /** The topology whose channel chaincodes name the scenarios the app serves (their packages' descriptors). */
  topologyFile: z.string().default(path.join(REPO_ROOT, 'network', 'topology.yaml')),
});

const appConfigFields = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  channel: z.string().default('public-services'),
  network: z.discriminatedUnion('kind', [devnetNetwork, fabricNetwork]).prefault({ kind: 'devnet' }),
  /** Where the app keeps its SQLite files; default `<devnet dataDir>/gateway-app` or `.gateway-app`. */
  dataDir: z.string().optional(),
  /** Password of the demo accounts created on first start. */
  demoPassword: z.string().min(4).default('scenechain'),
  /**
   * The demo sign-in accounts (every topology user and an admin per org, all with `demoPassword`). Default:
   * on the dev network yes; on a real network no (its org admins get their own passwords on first start).
   */
  demoAccounts: z.boolean().optional(),
  /** The demo records. Default: on the dev network yes; on a real network only when asked. */
  loadDemoData: z.boolean().optional(),
  /** Lifetime of a sign-in session (web UI, CLI login): one working day. */
  sessionLifetimeSeconds: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 3600),
  /** Longest lifetime of an API token for scripts (a request may ask for less). */
  apiTokenLifetimeSeconds: z.coerce
    .number()
    .int()
    .positive()
    .default(90 * 24 * 3600),
  /** Sign-in throttling: after this many failures within the window, 429 until the lock passes. */
  loginThrottle: z
    .strictObject({
      maxFailuresPerUser: z.int().positive().default(5),
      maxFailuresPerAddress: z.int().positive().default(20),
      windowSeconds: z
        .int()
        .positive()
        .default(15 * 60),
      lockSeconds: z
        .int()
        .positive()
        .default(15 * 60),
      maxTracked: z.int().positive().default(10_000),
    })
    .prefault({}),
  /** The only folder whose MSP folders an admin may bind new logins to; default `<app data>/wallet`. */
  walletDir: z.string().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `auto`: readable lines on a terminal, JSON lines otherwise. */
  logFormat: z.enum(['auto', 'pretty', 'json']).default('auto'),
  /** Per-stage deadlines of Fabric calls (milliseconds). */
  deadlines: z
    .strictObject({
      evaluateMs: z.int().positive().default(5_000),
      endorseMs: z.int().positive().default(15_000),
      submitMs: z.int().positive().default(5_000),
      commitStatusMs: z.int().positive().default(60_000),
    })
    .prefault({}),
  /** Webhook subscriptions: allowed target hosts (SSRF guard) and the retry policy. */
  webhooks: z
    .strictObject({
      /** Host names webhook URLs may name: exact, `*.suffix`, or `*` for any (default: loopback only). */
      allowedHosts: z.array(z.string().min(1)).default(['localhost', '127.0.0.1', '[::1]']),
      maxAttempts: z.int().min(1).max(50).default(8),
      initialBackoffMs: z.int().positive().default(10_000),
      maxBackoffMs: z
        .int()
        .positive()
        .default(60 * 60_000),
      timeoutMs: z.int().positive().default(10_000),
      /** Delivered rows kept per subscription (the newest), and at most this long; dead letters stay until cleared. */
      keepDelivered: z.int().min(0).default(1000),
      deliveredMaxAgeMs: z
        .int()
        .min(0)
        .default(7 * 24 * 3600_000),
    })
    .prefault({}),
  /**
   * The off-chain document store: `filesystem` under `<app data>/documents` (or `dir`), or any S3-compatible
   * service (`s3`: bucket, optional endpoint for MinIO and the like, region; credentials from the SDK's usual
   * sources: environment, profile, instance role). `maxBytes` bounds one upload.
   */
  documents: z
    .discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('filesystem'),
        dir: z.string().optional(),
        maxBytes: z
          .int()
          .positive()
          .default(20 * 1024 * 1024),
      }),
      z.strictObject({
        kind: z.literal('s3'),
        bucket: z.string().min(3).max(63),
        prefix: z.string().default('documents/'),
        endpoint: z.url().optional(),
        region: z.string().default('us-east-1'),
        forcePathStyle: z.boolean().default(true),
        maxBytes: z
          .int()
          .positive()
          .default(20 * 1024 * 1024),
      }),
    ])
    .prefault({ kind: 'filesystem' }),
  /** The identity public pages evaluate as; default User1 of the first org that can endorse each verifying chaincode. */
  publicIdentity: z.strictObject({ mspId: z.string(), user: z.string() }).optional(),
});

/** Demo accounts and demo data only where they belong unless asked: the dev network, not a real one. */
export const appConfigSchema = appConfigFields.transform((config) => {
  const devnet = config.network.kind === 'devnet';
  return { ...config, demoAccounts: config.demoAccounts ?? devnet, loadDemoData: config.loadDemoData ?? devnet };
});

export type AppConfig = z.output<typeof appConfigSchema>;
export type AppConfigInput = z.input<typeof appConfigSchema>;

/**
 * The configuration: an optional JSON file (`SCENECHAIN_CONFIG`), then environment variables, then defaults
 * (the dev network of network/topology.yaml on http://127.0.0.1:3000).
 *
 * | variable | meaning |
 * |---|---|
 * | `PORT`, `HOST` | where to listen |
 * | `SCENECHAIN_CONNECTION` | connection.json of a real network (switches from the dev network) |
 * | `DEVNET_DATA_DIR`, `SCENECHAIN_TOPOLOGY` | the dev network's data folder; the topology (also on a real network: its chaincodes name the scenarios served) |
 * | `SCENECHAIN_RESET=1` | start the dev network from an empty ledger |
 * | `SCENECHAIN_APP_DATA` | the app's own data folder |
 * | `SCENECHAIN_WALLET` | the wallet folder of MSP folders admins may register logins from |
 * | `SCENECHAIN_DEMO_ACCOUNTS=1\|0`, `SCENECHAIN_DEMO_DATA=1\|0` | demo accounts, demo data (default: on the dev network only) |
 * | `SCENECHAIN_DEMO_PASSWORD` | the demo accounts' password |
 * | `LOG_LEVEL` | pino level |
 * | `SCENECHAIN_WEBHOOK_HOSTS` | comma-separated hosts webhook URLs may name (`webhooks.allowedHosts`) |
 * | `LOG_FORMAT` | `json` or `pretty` (default: pretty on a terminal, JSON otherwise) |
 * | `SCENECHAIN_S3_BUCKET`, `SCENECHAIN_S3_ENDPOINT`, `SCENECHAIN_S3_REGION` | keep documents in an S3-compatible bucket instead of `<app data>/documents` |
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: AppConfigInput = {}): AppConfig {
  const fromFile = env.SCENECHAIN_CONFIG
    ? (JSON.parse(readFileSync(env.SCENECHAIN_CONFIG, 'utf8')) as AppConfigInput)
    : {};
  const merged: Record<string, unknown> = { ...fromFile };
  const set = (key: string, value: unknown) => {
    if (value !== undefined && value !== '') merged[key] = value;
  };
  set('port', env.PORT);
  set('host', env.HOST);
  set('dataDir', env.SCENECHAIN_APP_DATA);
  set('walletDir', env.SCENECHAIN_WALLET);
  set('demoPassword', env.SCENECHAIN_DEMO_PASSWORD);
  set('logLevel', env.LOG_LEVEL);
  set('logFormat', env.LOG_FORMAT);
  if (env.SCENECHAIN_S3_BUCKET) {
    merged.documents = {
      kind: 's3',
      bucket: env.SCENECHAIN_S3_BUCKET,
      ...(env.SCENECHAIN_S3_ENDPOINT ? { endpoint: env.SCENECHAIN_S3_ENDPOINT } : {}),
      ...(env.SCENECHAIN_S3_REGION ? { region: env.SCENECHAIN_S3_REGION } : {}),
    };
  }
  const flag = (name: string, value: string | undefined): boolean | undefined => {
    if (value === undefined || value === '') return undefined;
    if (value === '1' || value === '0') return value === '1';
    throw new Error(`invalid configuration: ${name} must be 1 or 0, got '${value}'`);
  };
  const demoAccounts = flag('SCENECHAIN_DEMO_ACCOUNTS', env.SCENECHAIN_DEMO_ACCOUNTS);
  const demoData = flag('SCENECHAIN_DEMO_DATA', env.SCENECHAIN_DEMO_DATA);
  if (demoAccounts !== undefined) merged.demoAccounts = demoAccounts;
  if (demoData !== undefined) merged.loadDemoData = demoData;
  if (env.SCENECHAIN_WEBHOOK_HOSTS) {
    const allowedHosts = env.SCENECHAIN_WEBHOOK_HOSTS.split(',')
      .map((host) => host.trim())
      .filter(Boolean);
    merged.webhooks = { ...(merged.webhooks as Record<string, unknown> | undefined), allowedHosts };
  }
  if (env.SCENECHAIN_CONNECTION) {
    merged.network = {
      kind: 'fabric',
      connectionFile: path.resolve(env.SCENECHAIN_CONNECTION),
      ...(env.SCENECHAIN_TOPOLOGY ? { topologyFile: path.resolve(env.SCENECHAIN_TOPOLOGY) } : {}),
    };
  } else if (env.DEVNET_DATA_DIR || env.SCENECHAIN_TOPOLOGY || env.SCENECHAIN_RESET) {
    const base = (merged.network as Record<string, unknown> | undefined) ?? { kind: 'devnet' };
    merged.network = {
      ...base,
      ...(env.DEVNET_DATA_DIR ? { dataDir: path.resolve(env.DEVNET_DATA_DIR) } : {}),
      ...(env.SCENECHAIN_TOPOLOGY ? { topologyFile: path.resolve(env.SCENECHAIN_TOPOLOGY) } : {}),
      ...(env.SCENECHAIN_RESET === '1' ? { reset: true } : {}),
    };
  }
  const parsed = appConfigSchema.safeParse({ ...merged, ...overrides });
  if (!parsed.success) {
    throw new Error(
      `invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

export function appDataDir(config: AppConfig): string {
  if (config.dataDir) return path.resolve(config.dataDir);
  return config.network.kind === 'devnet'
    ? path.join(config.network.dataDir, 'gateway-app')
    : path.join(REPO_ROOT, '.gateway-app');
}

export function documentsDir(config: AppConfig): string {
  const { documents } = config;
  const dir = documents.kind === 'filesystem' ? documents.dir : undefined;
  return dir ? path.resolve(dir) : path.join(appDataDir(config), 'documents');
}

export function walletDir(config: AppConfig): string {
  return config.walletDir ? path.resolve(config.walletDir) : path.join(appDataDir(config), 'wallet');
}
