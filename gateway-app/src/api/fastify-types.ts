import type { Principal } from '../auth/principal';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Who may call the route: anyone, any signed-in user, or an org admin. */
    auth?: 'public' | 'user' | 'admin';
  }
}
