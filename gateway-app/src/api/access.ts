import type { FastifyRequest } from 'fastify';
import './fastify-types';
import type { Principal } from '../auth/principal';
import { unauthorised } from '../errors/app-error';

/** The signed-in user of a protected route (set by the auth hook). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorised('UNAUTHENTICATED', 'sign in first: send "Authorization: Bearer <token>"');
  return request.principal;
}
