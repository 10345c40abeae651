import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiErrorCode } from '../errors/error-codes';
import { noteRequest } from '../logging/request-log';
import { SECURITY_HEADERS } from './security-headers';

/** Codes for the errors Fastify's router raises before routing (no hook or error handler sees them). */
const ROUTER_CODES: Readonly<Record<string, { status: number; code: ApiErrorCode; message: string }>> = {
  FST_ERR_BAD_URL: { status: 400, code: 'INVALID_URL', message: 'the URL is not valid: a malformed percent-encoding' },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'URI_TOO_LONG',
    message: 'a path parameter of the URL is longer than the server accepts',
  },
};

/**
 * Fastify's `frameworkErrors`: malformed URLs and overlong path parameters are answered in the API's error
 * shape and with the security headers, like every other refusal. The URL itself is not echoed back.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known: { status: number; code: ApiErrorCode; message: string } = ROUTER_CODES[error.code] ?? {
    status: 400,
    code: 'BAD_REQUEST',
    message: 'the request is not valid',
  };
  noteRequest(request, { code: known.code }, known.code);
  request.log.debug({ code: known.code, status: known.status }, known.message);
  void reply
    .headers(SECURITY_HEADERS)
    .status(known.status)
    .send({ error: { code: known.code, message: known.message } });
}

/** Node's HTTP parser errors (by `code`) the client caused, as the API names them. */
const PARSER_ERRORS: Readonly<Record<string, { status: number; code: ApiErrorCode; message: string }>> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'HEADERS_TOO_LARGE', message: 'the request headers are too large' },
  HPE_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT', message: 'the request took too long to arrive' },
};

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refuses (bad header bytes, broken chunking,
 * contradicting lengths) gets a 4xx in the API's error shape with the security headers, then the connection
 * closes (the parser cannot tell where the next request would start).
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const known: { status: number; code: ApiErrorCode; message: string } = (error.code && PARSER_ERRORS[error.code]) || {
    status: 400,
    code: 'MALFORMED_REQUEST',
    message: 'the request is not valid HTTP/1.1',
  };
  const body = JSON.stringify({ error: { code: known.code, message: known.message } });
  const headers = {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  };
  socket.end(
    `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\n` +
      Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('') +
      `\r\n${body}`,
  );
}
