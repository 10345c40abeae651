import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { AppError, conflict, forbidden } from '../../errors/app-error';
import { principalOf } from '../access';
import { jsonSchemaOf, parseWith } from '../body-schema';
import { errorResponses } from '../openapi-components';

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits and _ . - only');
const registerUser = z.strictObject({
  username: name,
  password: z.string().min(8).max(200),
  role: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, 'a role such as operator')
    .optional(),
  /** Defaults to the admin's own org; an admin registers users into their own org only. */
  mspId: z.string().optional(),
  /** On a real network: the MSP folder of an identity the org's CA already issued. */
  mspDir: z.string().optional(),
});

/** signcerts/<cert> and keystore/<key> of an MSP folder. */
function identityFilesOf(mspDir: string): { certPath: string; keyPath: string } {
  const first = (folder: string) => {
    const dir = path.join(mspDir, folder);
    const file = existsSync(dir) ? readdirSync(dir).find((f) => !f.startsWith('.')) : undefined;
    if (!file) throw new AppError(400, 'INVALID_ARGUMENT', `${dir} holds no file`);
    return path.join(dir, file);
  };
  return { certPath: first('signcerts'), keyPath: first('keystore') };
}

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
        400: errorResponses[400],
        401: errorResponses[401],
        403: errorResponses[403],
        409: errorResponses[409],
      },
    },
    handler: async (request, reply) => {
      const admin = principalOf(request);
      const input = parseWith(registerUser, request.body);
      const mspId = input.mspId ?? admin.mspId;
      if (mspId !== admin.mspId) throw forbidden(`an admin of ${admin.mspId} may not register users into ${mspId}`);
      if (ctx.users.exists(input.username)) throw conflict('ALREADY_EXISTS', `user ${input.username} already exists`);
      const role = input.role ?? null;
      let paths: { certPath: string; keyPath: string } | undefined;
      if (input.mspDir) {
        paths = identityFilesOf(input.mspDir);
      } else if (ctx.directory.issueIdentity) {
        await ctx.directory.issueIdentity(mspId, input.username, role ? { role } : {});
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
