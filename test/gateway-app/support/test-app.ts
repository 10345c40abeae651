import { mkdtempSync, rmSync } from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadTopology, startDevnet, type Devnet } from '@scenechain/devnet';
import { freePort } from '../../support/ports';
import type { Clock } from '../../../gateway-app/src/auth/clock';
import { createApp, type App } from '../../../gateway-app/src/app';
import { loadConfig, REPO_ROOT, type AppConfigInput } from '../../../gateway-app/src/config/app-config';
import type { ScenarioView } from '../../../gateway-app/src/scenarios/scenario-view';
import type { Scheduler } from '../../../gateway-app/src/subscriptions/scheduler';

export const CHANNEL = 'public-services';
export const PASSWORD = 'test-password';

/** Response bodies in tests: whatever JSON the API answered. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** A raw body (sent as is, for malformed-input tests). */
  payload?: string;
}

export interface HttpAnswer<T = Json> {
  status: number;
  headers: OutgoingHttpHeaders;
  body: T;
}

export interface TestApp {
  readonly app: App;
  readonly devnet: Devnet;
  readonly dataDir: string;
  /** Signs in and answers the bearer token. */
  login(username: string): Promise<string>;
  call(method: string, url: string, options?: CallOptions): Promise<HttpAnswer>;
  /** Stops the app (and, unless `keepNetwork`, the network and its folder). */
  close(options?: { keepNetwork?: boolean }): Promise<void>;
}

/** A dev network of network/topology.yaml serving only `chaincodes`, started lazily on free ports in a temporary folder. */
export async function startScenarioDevnet(
  chaincodes: readonly string[],
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-app-')),
): Promise<Devnet> {
  const topology = loadTopology(path.join(REPO_ROOT, 'network', 'topology.yaml'), REPO_ROOT);
  for (const channel of topology.channels)
    channel.chaincodes = channel.chaincodes.filter((c) => chaincodes.includes(c.name));
  return startDevnet({ topology, dataDir, ports: freePort, channels: [CHANNEL], launch: 'lazy' });
}

/** The gateway app on a dev network (started here unless given), answering through `inject` (no socket). */
const LOADED_MACHINE_DEADLINES = { evaluateMs: 60_000, endorseMs: 60_000, submitMs: 60_000, commitStatusMs: 120_000 };

export async function startTestApp(options: {
  chaincodes: readonly string[];
  devnet?: Devnet;
  config?: AppConfigInput;
  /** The app's time (token expiry, login throttling); tests move it instead of sleeping. */
  clock?: Clock;
  /** Scenarios to serve instead of the app's own (those whose chaincode the network has). */
  scenarios?: readonly ScenarioView[];
  /** The time of webhook deliveries and retries; tests move it instead of waiting for backoff. */
  scheduler?: Scheduler;
}): Promise<TestApp> {
  const devnet = options.devnet ?? (await startScenarioDevnet(options.chaincodes));
  const appDir = path.join(devnet.dataDir, 'gateway-app');
  const config = loadConfig(
    {},
    {
      port: 0,
      demoPassword: PASSWORD,
      loadDemoData: false,
      logLevel: 'silent',
      dataDir: appDir,
      // A loaded machine (CI, parallel work) can take seconds for one call: tests assert answers, not speed.
      ...options.config,
      deadlines: { ...LOADED_MACHINE_DEADLINES, ...options.config?.deadlines },
    },
  );
  const app = await createApp(config, {
    devnet,
    clock: options.clock,
    scenarios: options.scenarios,
    scheduler: options.scheduler,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  });
  const call = async (
    method: string,
    url: string,
    { token, body, headers, payload }: CallOptions = {},
  ): Promise<HttpAnswer> => {
    const response = await app.server.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      payload: payload ?? (body !== undefined ? JSON.stringify(body) : undefined),
    });
    let parsed: unknown = response.body;
    try {
      parsed = JSON.parse(response.body);
    } catch {
      // not JSON (metrics, HTML)
    }
    return { status: response.statusCode, headers: response.headers, body: parsed as Json };
  };
  return {
    app,
    devnet,
    dataDir: devnet.dataDir,
    async login(username) {
      const answer = await call('POST', '/api/auth/login', { body: { username, password: PASSWORD } });
      if (answer.status !== 200) throw new Error(`login of ${username} failed: ${JSON.stringify(answer.body)}`);
      return answer.body.token as string;
    },
    call,
    async close({ keepNetwork = false } = {}) {
      await app.close();
      if (!keepNetwork && !options.devnet) {
        await devnet.stop();
        rmSync(devnet.dataDir, { recursive: true, force: true });
      }
    },
  };
}
