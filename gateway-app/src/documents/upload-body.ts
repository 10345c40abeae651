import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error';

/**
 * Makes every body of the routes in `scope` raw bytes, whatever its content type (the type is the document's
 * declared media type), bounded by `maxBytes`: a larger body is refused with 413 DOCUMENT_TOO_LARGE as soon as
 * its Content-Length or its bytes say so, without reading the rest.
 */
export function acceptRawDocuments(scope: FastifyInstance, maxBytes: number): void {
  scope.removeAllContentTypeParsers();
  const tooLarge = () =>
    new AppError(413, 'DOCUMENT_TOO_LARGE', `a document may have at most ${maxBytes} bytes`, { maxBytes });
  scope.addContentTypeParser('*', { bodyLimit: Number.MAX_SAFE_INTEGER }, (request, payload, done) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) return done(tooLarge(), undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    payload.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        payload.removeAllListeners('data');
        payload.resume();
        done(tooLarge(), undefined);
        return;
      }
      chunks.push(chunk);
    });
    payload.on('end', () => {
      if (size <= maxBytes) done(null, Buffer.concat(chunks));
    });
    payload.on('error', (err) => done(err, undefined));
  });
}
