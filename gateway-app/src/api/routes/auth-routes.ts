import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { unauthorised } from '../../errors/app-error';
import { principalOf } from '../access';
import { jsonSchemaOf, parseWith } from '../body-schema';
import { errorResponses } from '../openapi-components';

const login = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
const newToken = z.strictObject({ label: z.string().min(1).max(100).default('cli') });

/** Sign-in (short-lived token), the signed-in user, and long-lived API tokens for scripts. */
export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/auth/login', {
    config: { auth: 'public' },
    schema: {
      tags: ['Authentication'],
      summary: 'Sign in',
      body: jsonSchemaOf(login),
      response: { 400: errorResponses[400], 401: errorResponses[401] },
    },
    handler: async (request) => {
      const { username, password } = parseWith(login, request.body);
      const principal = await ctx.users.checkPassword(username, password);
      if (!principal) throw unauthorised('INVALID_CREDENTIALS', 'unknown user or wrong password');
      const { token, expiresAt } = ctx.sessions.issue(principal.username);
      request.log.info({ user: principal.username, mspId: principal.mspId }, 'signed in');
      return { token, expiresAt, user: principal };
    },
  });

  app.get('/api/auth/me', {
    config: { auth: 'user' },
    schema: {
      tags: ['Authentication'],
      summary: 'The signed-in user and the Fabric identity they act as',
      security: [{ bearer: [] }],
    },
    handler: async (request) => principalOf(request),
  });

  app.post('/api/auth/tokens', {
    config: { auth: 'user' },
    schema: {
      tags: ['Authentication'],
      summary: 'Issue an API token for scripts (acts as the same identity)',
      security: [{ bearer: [] }],
      body: jsonSchemaOf(newToken),
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      const { label } = parseWith(newToken, request.body);
      return reply
        .status(201)
        .send({ token: ctx.users.issueApiToken(principal.username, label), label, user: principal });
    },
  });
}
