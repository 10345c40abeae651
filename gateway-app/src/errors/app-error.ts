/**
 * An error the app answers with: an HTTP status, a machine-readable code and a message for people. The REST
 * layer renders it as `{ "error": { code, message, ...details } }`; the CLI prints it as JSON.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): { code: string; message: string } & Record<string, unknown> {
    return { code: this.code, message: this.message, ...this.details };
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>): AppError =>
  new AppError(400, code, message, details);
export const unauthorised = (code: string, message: string): AppError => new AppError(401, code, message);
export const forbidden = (message: string): AppError => new AppError(403, 'FORBIDDEN', message);
export const notFound = (code: string, message: string): AppError => new AppError(404, code, message);
export const conflict = (code: string, message: string, details?: Record<string, unknown>): AppError =>
  new AppError(409, code, message, details);
