import pino from 'pino';
import { createApp } from '../app';
import type { AppConfig } from '../config/app-config';

/**
 * Rebuilds the read model without a running app: empties it, replays every scenario's chaincode events from
 * block 0, and stops once no event arrived for `quietMs`. Stopping early is safe: listeners resume from the
 * checkpoint on the next start.
 */
export async function rebuildOffline(
  config: AppConfig,
  quietMs = 1_500,
): Promise<{ events: number; scenarios: Record<string, number> }> {
  const app = await createApp({ ...config, loadDemoData: false }, { logger: pino({ level: 'warn' }) });
  try {
    await app.ctx.rebuildReadModel();
    let last = -1;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      const now = app.ctx.readModel.eventCount();
      if (now === last) break;
      last = now;
    }
    return {
      events: last,
      scenarios: Object.fromEntries(app.ctx.scenarios.map((s) => [s.id, app.ctx.readModel.eventCount(s.id)])),
    };
  } finally {
    await app.close();
  }
}
