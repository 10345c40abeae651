/**
 * The gateway app in a process of its own, configured from the environment like `npm start`, whose log
 * freezes the whole process (synchronously, inside the log call) at the FREEZE_COUNT-th line with message
 * FREEZE_ON (and, with FREEZE_SCENARIO, that scenario's field: demo stories load side by side), after printing
 * "FROZEN": the test then knows exactly where the app stands when it kills it.
 * Prints "LISTENING <url>" once it serves. Optionally loads the demo data first (SCENECHAIN_DEMO_DATA=1).
 */
import { writeSync } from 'node:fs';
import pino from 'pino';
import { createApp } from '../../../gateway-app/src/app';
import { loadConfig } from '../../../gateway-app/src/config/app-config';
import { loadDemoData } from '../../../gateway-app/src/demo/demo-data';

const freezeOn = process.env.FREEZE_ON ?? '';
const freezeCount = Number(process.env.FREEZE_COUNT ?? '1');
const freezeScenario = process.env.FREEZE_SCENARIO;
let seen = 0;

const destination = {
  write(line: string): void {
    writeSync(1, line);
    const entry = JSON.parse(line) as { msg?: string; scenario?: string };
    if (freezeOn === '' || entry.msg !== freezeOn) return;
    if (freezeScenario !== undefined && entry.scenario !== freezeScenario) return;
    if (++seen < freezeCount) return;
    writeSync(1, 'FROZEN\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  },
};

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel }, destination);
  const app = await createApp(config, { logger });
  if (config.loadDemoData)
    await loadDemoData(app.ctx.runner, app.ctx.directory, app.ctx.scenarios, logger, app.demoProgress);
  const url = await app.listen();
  writeSync(1, `LISTENING ${url}\n`);
}

main().catch((err: unknown) => {
  writeSync(2, `freezing app failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
