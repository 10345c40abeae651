import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error';
import type { ApiErrorCode } from '../errors/error-codes';
import { toAppError } from '../fabric/fabric-error';
import { noteRequest } from '../logging/request-log';

/** Codes for the client errors Fastify itself raises (body parsing, content type, size). */
const FASTIFY_CODES: Readonly<Record<string, ApiErrorCode>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
};

/** Renders every failure as `{ error: { code, message, ... } }` with the right status, and logs server faults. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((thrown: FastifyError | Error, request, reply) => {
    let error: AppError;
    const fastifyError = thrown as FastifyError;
    // Fastify's own client errors, and http-errors from plugins (static files: a malformed path) without a code.
    if (
      !(thrown instanceof AppError) &&
      fastifyError.statusCode &&
      fastifyError.statusCode >= 400 &&
      fastifyError.statusCode < 500
    ) {
      const code: ApiErrorCode =
        (fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined) ??
        (fastifyError.statusCode === 404 ? 'NOT_FOUND' : 'BAD_REQUEST');
      const message =
        code === 'INVALID_JSON' && thrown instanceof SyntaxError
          ? `the body is not valid JSON: ${thrown.message}`
          : thrown.message;
      error = new AppError(fastifyError.statusCode, code, message);
    } else if (thrown instanceof SyntaxError && fastifyError.statusCode === 400) {
      error = new AppError(400, 'INVALID_JSON', `the body is not valid JSON: ${thrown.message}`);
    } else {
      error = toAppError(thrown);
    }
    if (error.status >= 500) request.log.error({ err: thrown, code: error.code }, error.message);
    else {
      // A refusal is the client's business: its code goes on the request's line, the message at debug.
      noteRequest(request, { code: error.code }, error.code);
      request.log.debug({ code: error.code, status: error.status }, error.message);
    }
    void reply.status(error.status).send({ error: error.toJSON() });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({
      error: {
        code: 'ROUTE_NOT_FOUND' satisfies ApiErrorCode,
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
      },
    });
  });
}
