import path from 'node:path';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context';
import { forbidden, unauthorised } from '../errors/app-error';
import './fastify-types';
import { installErrorHandling } from './error-handler';
import { answerClientError, answerFrameworkError } from './framework-errors';
import { sharedSchemas } from './openapi-components';
import { registerSecurityHeaders, swaggerUiPolicy } from './security-headers';
import { registerWebAssets } from './web-assets';
import { registerAdminRoutes } from './routes/admin-routes';
import { registerAuthRoutes } from './routes/auth-routes';
import { registerCatalogRoutes } from './routes/catalog-routes';
import { registerCredentialRoutes } from './routes/credential-routes';
import { registerDocumentRoutes } from './routes/document-routes';
import { registerEpcisRoutes } from './routes/epcis-routes';
import { registerExplorerRoutes } from './routes/explorer-routes';
import { registerHealthRoutes } from './routes/health-routes';
import { registerPublicCatalogRoute } from './routes/public-catalog-route';
import { registerPublicReadRoutes } from './routes/public-read-routes';
import { registerPublicRoutes } from './routes/public-routes';
import { registerReadModelRoutes } from './routes/read-model-routes';
import { registerScenarioRoutes } from './routes/scenario-routes';
import { registerSecureSumRoutes } from './routes/secure-sum-routes';
import { registerSt96Routes } from './routes/st96-routes';
import { registerSubscriptionRoutes } from './routes/subscription-routes';
import { registerTransactionRoutes } from './routes/transaction-routes';
import { scenarioTags } from './openapi-scenario-tags';
import { OneLineRequestLog } from '../logging/request-log';

/** Largest request body: the chaincode refuses requests over 1 MiB anyway. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** The web UI's files (plain ES modules and CSS, no build step). */
export const WEB_ROOT = path.resolve(__dirname, '..', '..', 'web');

/**
 * The HTTP server: REST API (OpenAPI at /openapi.json, Swagger UI at /docs), web UI at /, /health, /metrics.
 * Requests are checked with zod (the chaincode's schemas), so Fastify's own validation and serialisation
 * compilers are replaced by pass-throughs and the JSON Schemas serve the documentation only.
 */
export async function buildServer(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger,
    // One line per request; static files and probes only at debug.
    logController: new OneLineRequestLog(),
    bodyLimit: BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    return503OnClosing: true,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    ajv: { customOptions: { strict: false } },
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(() => (value) => ({ value }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  for (const schema of sharedSchemas) app.addSchema(schema);
  installErrorHandling(app);
  await registerSecurityHeaders(app);

  app.addHook('onRequest', async (request) => {
    const auth = request.routeOptions.config?.auth;
    if (auth === undefined || auth === 'public') return;
    const authenticated = ctx.authenticator.authenticate(request.headers.authorization);
    if (!authenticated) throw unauthorised('UNAUTHENTICATED', 'sign in first: send "Authorization: Bearer <token>"');
    const { principal, tokenId } = authenticated;
    if (auth === 'admin' && !principal.isAdmin)
      throw forbidden(`${principal.username} is not an administrator of ${principal.mspId}`);
    request.principal = principal;
    request.tokenId = tokenId;
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    ctx.metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    ctx.metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Scenechain gateway API',
        version: '1.0.0',
        description:
          'Business operations on the Scenechain Fabric network. Every call runs as the signed-in user’s own Fabric identity. ' +
          'Submits answer 200 once committed, or 202 with a status resource when sent with `Prefer: respond-async`.',
      },
      tags: scenarioTags(ctx.scenarios),
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'From POST /api/auth/login, or an API token' },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (json.$id as string | undefined) ?? `def-${i}`,
    },
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
    transformStaticCSP: swaggerUiPolicy,
  });
  app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());

  registerHealthRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerTransactionRoutes(app, ctx);
  registerCatalogRoutes(app, ctx);
  registerPublicRoutes(app, ctx);
  await registerDocumentRoutes(app, ctx);
  registerCredentialRoutes(app, ctx);
  registerPublicCatalogRoute(app, ctx);
  registerSubscriptionRoutes(app, ctx);
  registerExplorerRoutes(app, ctx);
  await registerEpcisRoutes(app, ctx);
  for (const scenario of ctx.scenarios) {
    registerScenarioRoutes(app, ctx, scenario);
    registerSecureSumRoutes(app, ctx, scenario);
    registerPublicReadRoutes(app, ctx, scenario);
    registerReadModelRoutes(app, ctx, scenario);
    await registerSt96Routes(app, ctx, scenario);
  }
  await registerWebAssets(app, WEB_ROOT);
  return app;
}
