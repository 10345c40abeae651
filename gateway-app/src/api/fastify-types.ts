import type { Principal } from '../auth/principal';
import type { RequestLogNote } from '../logging/request-log';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    /** The id of the session or API token the request presented (set with `principal`). */
    tokenId?: string;
    /** Facts for the request's one log line (`noteRequest`). */
    logNote?: RequestLogNote;
  }
  interface FastifyContextConfig {
    /** Who may call the route: anyone, any signed-in user, or an org admin. */
    auth?: 'public' | 'user' | 'admin';
  }
}
