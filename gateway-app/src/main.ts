#!/usr/bin/env node
import { createApp } from './app';
import { promptPassword } from './cli/password-prompt';
import { loadConfig } from './config/app-config';
import { loadDemoData } from './demo/demo-data';
import { createAppLogger, logFormat } from './logging/app-logger';
import { startupBanner } from './startup-banner';

/**
 * `npm start`: starts the dev network of network/topology.yaml in this process (or connects to a real network
 * when SCENECHAIN_CONNECTION names its connection.json), loads the demo data once (dev network; a real network
 * only with SCENECHAIN_DEMO_DATA=1), and serves the app on http://127.0.0.1:3000 (PORT overrides).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createAppLogger(config.logLevel, logFormat(config.logFormat));
  logger.info({ network: config.network.kind }, 'starting');
  // A real network's first start asks the operator on a terminal for the admin password (else generates).
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
  const app = await createApp(config, {
    logger,
    firstStart: {
      ...(interactive ? { prompt: promptPassword } : {}),
      print: (text) => void process.stdout.write(text),
    },
  });
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  if (config.loadDemoData)
    await loadDemoData(app.ctx.runner, app.ctx.directory, app.ctx.scenarios, logger, app.demoProgress);
  const url = await app.listen();
  process.stdout.write(startupBanner(url, app.demoAccounts, config.demoPassword, config.network.kind));
}

main().catch((err: unknown) => {
  process.stderr.write(
    `gateway app failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
