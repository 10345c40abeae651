import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context';

/**
 * `/health`: 200 once the app reaches the network (every org's peer: `ok`; some: `degraded`), 503 when it
 * reaches no peer. `/metrics`: Prometheus text.
 */
export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/health', {
    config: { auth: 'public' },
    schema: { tags: ['Operations'], summary: 'Liveness and network connectivity' },
    handler: async (_request, reply) => {
      const peers = await ctx.pool.probe(1_000);
      const reachable = peers.filter((p) => p.ready).length;
      const status = reachable === peers.length ? 'ok' : reachable > 0 ? 'degraded' : 'unavailable';
      const listeners = [...ctx.listeners.values()].map((listener) => ({
        scenario: listener.name,
        connected: listener.isConnected,
        checkpoint: listener.position ?? null,
      }));
      return reply
        .status(status === 'unavailable' ? 503 : 200)
        .send({ status, network: ctx.directory.kind, channel: ctx.directory.channel, peers, listeners });
    },
  });

  app.get('/metrics', {
    config: { auth: 'public' },
    schema: { tags: ['Operations'], summary: 'Prometheus metrics' },
    handler: async (_request, reply) => {
      for (const scenario of ctx.scenarios) {
        ctx.metrics.eventsProjected.set({ scenario: scenario.id }, ctx.readModel.eventCount(scenario.id));
        const position = ctx.listeners.get(scenario.id)?.position;
        if (position) ctx.metrics.checkpointBlock.set({ scenario: scenario.id }, position.blockNumber);
      }
      return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
    },
  });
}
