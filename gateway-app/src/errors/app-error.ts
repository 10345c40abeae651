import type { ApiErrorCode } from './error-codes';

/**
 * An error the app answers with: an HTTP status, a machine-readable code and a message for people. The REST
 * layer renders it as `{ "error": { code, message, ...details } }`; the CLI prints it as JSON.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): { code: ApiErrorCode; message: string } & Record<string, unknown> {
    return { code: this.code, message: this.message, ...this.details };
  }
}

export const badRequest = (code: ApiErrorCode, message: string, details?: Record<string, unknown>): AppError =>
  new AppError(400, code, message, details);
export const unauthorised = (code: ApiErrorCode, message: string): AppError => new AppError(401, code, message);
export const forbidden = (message: string): AppError => new AppError(403, 'FORBIDDEN', message);
export const notFound = (code: ApiErrorCode, message: string): AppError => new AppError(404, code, message);
export const conflict = (code: ApiErrorCode, message: string, details?: Record<string, unknown>): AppError =>
  new AppError(409, code, message, details);
