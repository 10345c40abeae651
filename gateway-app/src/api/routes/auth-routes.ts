import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { isThrottled, type LoginAttempt, type Throttled } from '../../auth/login-throttle';
import { AppError, notFound, unauthorised } from '../../errors/app-error';
import type { ApiErrorCode } from '../../errors/error-codes';
import { principalOf } from '../access';
import { jsonSchemaOf, parseWith } from '../body-schema';
import { errorResponses } from '../openapi-components';
import { newPassword } from '../password-schema';
import { noteRequest } from '../../logging/request-log';

const login = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
const newToken = z.strictObject({
  label: z.string().min(1).max(100).default('cli'),
  /** Shorter than the configured API token lifetime if wanted; never longer. */
  expiresInSeconds: z.int().min(60).optional(),
});
const passwordChange = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword,
  /** Also revoke the user's API tokens (after a suspected leak). */
  revokeApiTokens: z.boolean().default(false),
});
const tokenParams = z.strictObject({ id: z.string().min(1).max(64) });

const tokenInfo = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['session', 'api'] },
    label: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
  },
} as const;
const throttledResponse = {
  description:
    'Too many failed sign-ins for this username or from this address (LOGIN_THROTTLED); the `Retry-After` header says how many seconds to wait',
  $ref: 'Error#',
} as const;
const unauthorisedResponse = {
  description:
    'Not signed in, or the token is unknown (TOKEN_INVALID), expired (TOKEN_EXPIRED) or revoked (TOKEN_REVOKED)',
  $ref: 'Error#',
} as const;

/** 429 with Retry-After; sent here because the shared error handler sets no headers. */
function sendThrottled(reply: FastifyReply, throttled: Throttled): FastifyReply {
  const by = throttled.scope === 'user' ? 'for this username' : 'from this address';
  return reply
    .status(429)
    .header('retry-after', String(throttled.retryAfterSeconds))
    .send({
      error: {
        code: 'LOGIN_THROTTLED' satisfies ApiErrorCode,
        message: `too many failed sign-ins ${by}; try again in ${throttled.retryAfterSeconds} s`,
        retryAfterSeconds: throttled.retryAfterSeconds,
      },
    });
}

/** Runs a password check as a throttled attempt: its failure counts, its success clears the username's count. */
async function throttledCheck<T>(attempt: LoginAttempt, check: () => Promise<T | undefined>): Promise<T | undefined> {
  let result: T | undefined;
  try {
    result = await check();
  } catch (err) {
    attempt.abandoned();
    throw err;
  }
  if (result === undefined) attempt.failed();
  else attempt.succeeded();
  return result;
}

/** The signed-in user and the id of the token the request presented (as the onRequest hook found them). */
function currentToken(request: FastifyRequest): { username: string; tokenId: string } {
  const { username } = principalOf(request);
  if (!request.tokenId) throw unauthorised('UNAUTHENTICATED', 'sign in first: send "Authorization: Bearer <token>"');
  return { username, tokenId: request.tokenId };
}

/**
 * Sign-in (an expiring session), sign-out, the signed-in user, API tokens for scripts (expiring), listing and
 * revoking one's own sessions and tokens, and changing one's password. Sign-in and password checks are
 * throttled per username and per client address.
 */
export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/auth/login', {
    config: { auth: 'public' },
    schema: {
      tags: ['Authentication'],
      summary: 'Sign in: a session token that expires (sessionLifetimeSeconds, default 8 h)',
      body: jsonSchemaOf(login),
      response: {
        200: {
          description: 'Signed in',
          type: 'object',
          properties: {
            token: { type: 'string' },
            id: { type: 'string' },
            expiresAt: { type: 'string', format: 'date-time' },
            user: { type: 'object', additionalProperties: true },
          },
        },
        400: errorResponses[400],
        401: { description: 'Unknown user or wrong password (INVALID_CREDENTIALS)', $ref: 'Error#' },
        429: throttledResponse,
      },
    },
    handler: async (request, reply) => {
      const { username, password } = parseWith(login, request.body);
      const attempt = ctx.loginThrottle.begin(username, request.ip);
      if (isThrottled(attempt)) {
        request.log.warn({ user: username, ip: request.ip, scope: attempt.scope }, 'sign-in throttled');
        return sendThrottled(reply, attempt);
      }
      const principal = await throttledCheck(attempt, () => ctx.users.checkPassword(username, password));
      if (!principal) throw unauthorised('INVALID_CREDENTIALS', 'unknown user or wrong password');
      const { token, id, expiresAt } = ctx.tokens.issue(principal.username, 'session', 'sign-in');
      noteRequest(
        request,
        { username: principal.username, mspId: principal.mspId },
        `signed in as ${principal.username}`,
      );
      return { token, id, expiresAt, user: principal };
    },
  });

  app.post('/api/auth/logout', {
    config: { auth: 'user' },
    schema: {
      tags: ['Authentication'],
      summary: 'Sign out: revoke the token this request presents (a session or an API token)',
      security: [{ bearer: [] }],
      response: { 204: { description: 'Revoked', type: 'null' }, 401: unauthorisedResponse },
    },
    handler: async (request, reply) => {
      const { username, tokenId } = currentToken(request);
      ctx.tokens.revoke(username, tokenId);
      noteRequest(request, { tokenId }, 'signed out');
      return reply.status(204).send();
    },
  });

  app.get('/api/auth/me', {
    config: { auth: 'user' },
    schema: {
      tags: ['Authentication'],
      summary: 'The signed-in user and the Fabric identity they act as',
      security: [{ bearer: [] }],
      response: { 401: unauthorisedResponse },
    },
    handler: async (request) => principalOf(request),
  });

  app.get('/api/auth/tokens', {
    config: { auth: 'user' },
    schema: {
      tags: ['Authentication'],
      summary: "The signed-in user's live sessions and API tokens (never the secrets), newest first",
      security: [{ bearer: [] }],
      response: {
        200: {
          description: 'Live sessions and tokens; `current` marks the one this request presents',
          type: 'object',
          properties: {
            items: {
              type: 'array',
              items: { ...tokenInfo, properties: { ...tokenInfo.properties, current: { type: 'boolean' } } },
            },
          },
        },
        401: unauthorisedResponse,
      },
    },
    handler: async (request) => {
      const { username, tokenId } = currentToken(request);
      return { items: ctx.tokens.listLive(username).map((t) => ({ ...t, current: t.id === tokenId })) };
    },
  });

  app.post('/api/auth/tokens', {
    config: { auth: 'user' },
    schema: {
      tags: ['Authentication'],
      summary: 'Issue an API token for scripts (acts as the same identity; expires, default after 90 days)',
      security: [{ bearer: [] }],
      body: jsonSchemaOf(newToken),
      response: {
        201: {
          description: 'The token: shown only now',
          type: 'object',
          properties: {
            ...tokenInfo.properties,
            token: { type: 'string' },
            user: { type: 'object', additionalProperties: true },
          },
        },
        400: errorResponses[400],
        401: unauthorisedResponse,
      },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      const { label, expiresInSeconds } = parseWith(newToken, request.body);
      const issued = ctx.tokens.issue(principal.username, 'api', label, expiresInSeconds);
      return reply.status(201).send({ ...issued, user: principal });
    },
  });

  app.delete('/api/auth/tokens/:id', {
    config: { auth: 'user' },
    schema: {
      tags: ['Authentication'],
      summary: 'Revoke one of your own sessions or API tokens by its id',
      security: [{ bearer: [] }],
      params: jsonSchemaOf(tokenParams),
      response: {
        204: { description: 'Revoked', type: 'null' },
        401: unauthorisedResponse,
        404: { description: 'You have no live session or token with this id (TOKEN_NOT_FOUND)', $ref: 'Error#' },
      },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      const { id } = parseWith(tokenParams, request.params);
      if (!ctx.tokens.revoke(principal.username, id))
        throw notFound('TOKEN_NOT_FOUND', `you have no live session or API token ${id}`);
      request.log.info({ user: principal.username, tokenId: id }, 'token revoked');
      return reply.status(204).send();
    },
  });

  app.post('/api/auth/password', {
    config: { auth: 'user' },
    schema: {
      tags: ['Authentication'],
      summary: 'Change your password (needs the current one); signs out every other session',
      security: [{ bearer: [] }],
      body: jsonSchemaOf(passwordChange),
      response: {
        200: {
          description: 'Changed; how many other sessions (and, if asked, API tokens) were revoked',
          type: 'object',
          properties: { revoked: { type: 'integer' } },
        },
        400: errorResponses[400],
        401: unauthorisedResponse,
        403: { description: 'The current password is wrong (WRONG_PASSWORD)', $ref: 'Error#' },
        429: throttledResponse,
      },
    },
    handler: async (request, reply) => {
      const { username, tokenId } = currentToken(request);
      const input = parseWith(passwordChange, request.body);
      if (input.newPassword === input.currentPassword)
        throw new AppError(400, 'INVALID_ARGUMENT', 'the new password must differ from the current one');
      // Throttled like sign-in, so a stolen session cannot be used to guess the password.
      const attempt = ctx.loginThrottle.begin(username, request.ip);
      if (isThrottled(attempt)) return sendThrottled(reply, attempt);
      const ok = await throttledCheck(attempt, () => ctx.users.checkPassword(username, input.currentPassword));
      if (!ok) throw new AppError(403, 'WRONG_PASSWORD', 'the current password is wrong');
      await ctx.users.changePassword(username, input.newPassword);
      const revoked = ctx.tokens.revokeAllExcept(
        username,
        tokenId,
        input.revokeApiTokens ? ['session', 'api'] : ['session'],
      );
      request.log.info({ user: username, revoked }, 'password changed');
      return { revoked };
    },
  });
}
