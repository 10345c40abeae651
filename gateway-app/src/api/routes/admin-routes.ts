import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { checkNewLoginName, isIdentityConflict } from '../../auth/login-names';
import { AppError, conflict, forbidden } from '../../errors/app-error';
import { principalOf } from '../access';
import { jsonSchemaOf, parseWith } from '../body-schema';
import { newPassword } from '../password-schema';
import { errorResponses } from '../openapi-components';

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits and _ . - only');
const registerUser = z.strictObject({
  username: name,
  password: newPassword,
  role: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, 'a role such as operator')
    .optional(),
  /** Defaults to the admin's own org; an admin registers users into their own org only. */
  mspId: z.string().optional(),
  /**
   * An MSP folder (signcerts/, keystore/) of an identity the org's CA already issued, relative to the app's
   * wallet folder: nothing outside the wallet can become a login.
   */
  mspDir: z.string().min(1).max(255).optional(),
});

/** Org admins register users (issuing their Fabric identity) and rebuild the read model. */
export function registerAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/admin/users', {
    config: { auth: 'admin' },
    schema: {
      tags: ['Administration'],
      summary: "Register a user into the admin's org and issue their Fabric identity",
      security: [{ bearer: [] }],
      body: jsonSchemaOf(registerUser),
      response: {
        201: { description: 'The new user', type: 'object', additionalProperties: true },
        400: {
          description: 'Invalid request (INVALID_ARGUMENT; INVALID_IDENTITY_PATH for a bad or missing mspDir)',
          $ref: 'Error#',
        },
        401: errorResponses[401],
        403: {
          description:
            'Not an admin of that org (FORBIDDEN); mspDir outside the wallet (IDENTITY_OUTSIDE_WALLET) or not a user identity (NOT_A_USER_IDENTITY)',
          $ref: 'Error#',
        },
        409: {
          description:
            'The name is taken, in any letter case, by a login (ALREADY_EXISTS) or a Fabric identity (IDENTITY_EXISTS)',
          $ref: 'Error#',
        },
      },
    },
    handler: async (request, reply) => {
      const admin = principalOf(request);
      const input = parseWith(registerUser, request.body);
      const mspId = input.mspId ?? admin.mspId;
      if (mspId !== admin.mspId) throw forbidden(`an admin of ${admin.mspId} may not register users into ${mspId}`);
      checkNewLoginName(ctx.users, ctx.directory, mspId, input.username, input.mspDir === undefined);
      const role = input.role ?? null;
      let paths: { certPath: string; keyPath: string } | undefined;
      if (input.mspDir !== undefined) {
        paths = ctx.wallet.identityFiles(input.mspDir);
      } else if (ctx.directory.issueIdentity) {
        try {
          await ctx.directory.issueIdentity(mspId, input.username, role ? { role } : {});
        } catch (err) {
          if (isIdentityConflict(err)) throw conflict('IDENTITY_EXISTS', (err as Error).message);
          throw err;
        }
      } else {
        throw new AppError(
          400,
          'INVALID_ARGUMENT',
          'this network issues no identities through the app: give mspDir, an MSP folder from your CA',
        );
      }
      const user = await ctx.users.create({
        username: input.username,
        password: input.password,
        mspId,
        fabricUser: input.username,
        role,
        ...paths,
      });
      request.log.info({ admin: admin.username, user: user.username, mspId, role }, 'user registered');
      return reply.status(201).send(user);
    },
  });

  app.get('/api/admin/users', {
    config: { auth: 'admin' },
    schema: { tags: ['Administration'], summary: "Users of the admin's org", security: [{ bearer: [] }] },
    handler: async (request) => ({ items: ctx.users.list(principalOf(request).mspId) }),
  });

  app.post('/api/admin/read-model/rebuild', {
    config: { auth: 'admin' },
    schema: { tags: ['Administration'], summary: 'Rebuild the read model from block 0', security: [{ bearer: [] }] },
    handler: async (request, reply) => {
      request.log.warn({ admin: principalOf(request).username }, 'read model rebuild requested');
      await ctx.rebuildReadModel();
      return reply.status(202).send({ status: 'REBUILDING' });
    },
  });
}
