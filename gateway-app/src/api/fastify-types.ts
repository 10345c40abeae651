import type { Principal } from '../auth/principal';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    /** The id of the session or API token the request presented (set with `principal`). */
    tokenId?: string;
  }
  interface FastifyContextConfig {
    /** Who may call the route: anyone, any signed-in user, or an org admin. */
    auth?: 'public' | 'user' | 'admin';
  }
}
