import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../app-context';
import { AppError, badRequest, notFound } from '../../errors/app-error';
import { SHA256_HEX, sha256Of } from '../../documents/document-store';
import { anchoringRecordFor } from '../../documents/download-access';
import { mediaTypeOf } from '../../documents/media-type';
import { acceptRawDocuments } from '../../documents/upload-body';
import { DocumentCorruptError, readVerified } from '../../documents/verified-read';
import { principalOf } from '../access';
import { verifyInRegisters } from '../register-verification';

const storedDocument = {
  type: 'object',
  required: ['sha256', 'size', 'mediaType'],
  properties: {
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    size: { type: 'integer', minimum: 1 },
    mediaType: { type: 'string', examples: ['application/pdf'] },
    created: { type: 'boolean', description: 'false when the store held these bytes already' },
  },
} as const;

/**
 * The file as the request body, for the OpenAPI document: the routes take raw bytes of any media type. Fastify
 * validates bodies by JSON schema, which bytes are not, so these routes check the body themselves (`fileOf`).
 */
const fileBody = { type: 'string', format: 'binary', description: 'the file itself' } as const;
const FILE_TYPES = ['application/octet-stream', '*/*'];
const checkedByHandler = () => () => true;

function fileOf(body: unknown): Buffer {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
  if (bytes.byteLength === 0) throw badRequest('EMPTY_DOCUMENT', 'the request has no file: send its bytes as the body');
  return bytes;
}

function digestParam(value: string): string {
  if (!SHA256_HEX.test(value))
    throw badRequest('INVALID_DIGEST', `'${value.slice(0, 80)}' is not a SHA-256 digest as 64 lower-case hex digits`);
  return value;
}

/** A document's bytes, checked against its name; a damaged copy is an operator's alarm, never a download. */
async function sendVerified(ctx: AppContext, reply: FastifyReply, sha256: string) {
  try {
    const document = await readVerified(ctx.documents.store, sha256);
    if (!document) throw notFound('DOCUMENT_NOT_FOUND', `the document store has no file ${sha256}`);
    return reply
      .type(document.mediaType)
      .header('content-disposition', `attachment; filename="${sha256}"`)
      .header('repr-digest', `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`)
      .header('cache-control', 'private, no-store')
      .send(document.bytes);
  } catch (err) {
    if (!(err instanceof DocumentCorruptError)) throw err;
    ctx.logger.error({ sha256, actual: err.actual, size: err.size }, `document store: ${err.message}`);
    ctx.metrics.corruptDocuments.inc();
    throw new AppError(500, 'DOCUMENT_CORRUPT', `the stored copy of ${sha256} is damaged and was not served`);
  }
}

/**
 * Off-chain documents: upload into the content-addressed store (signed-in users), download of anchored documents
 * (users who may read an anchoring record), and public verification of a file against every register.
 */
export async function registerDocumentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { store, maxBytes } = ctx.documents;
  const limits = `At most ${maxBytes} bytes (413 DOCUMENT_TOO_LARGE); an empty body is 400 EMPTY_DOCUMENT.`;

  await app.register(async (scope) => {
    acceptRawDocuments(scope, maxBytes);

    scope.post('/api/documents', {
      config: { auth: 'user' },
      schema: {
        tags: ['Documents'],
        summary: 'Store a document (a specification, certificate, report, contract) by its SHA-256',
        description:
          'Keeps the file in the document store under its SHA-256 and answers its digest, size and media type, ' +
          'which a transaction then anchors (`documentFacts` are filled from the store for digests it holds). ' +
          'Idempotent: the same bytes again answer 200 with `created: false`. The media type is the declared ' +
          'Content-Type, checked against the content (400 DOCUMENT_TYPE_MISMATCH, INVALID_MEDIA_TYPE), or ' +
          `detected. ${limits}`,
        security: [{ bearer: [] }],
        consumes: FILE_TYPES,
        body: fileBody,
        response: { 200: storedDocument, 201: storedDocument },
      },
      validatorCompiler: checkedByHandler,
      handler: async (request, reply) => {
        principalOf(request);
        const bytes = fileOf(request.body);
        const mediaType = mediaTypeOf(bytes, request.headers['content-type']);
        const stored = await store.put(bytes, mediaType);
        return reply.code(stored.created ? 201 : 200).send(stored);
      },
    });

    scope.post('/api/public/verify-file', {
      config: { auth: 'public' },
      schema: {
        tags: ['Public'],
        summary: 'Verify a file against every register: is it an anchored, still-valid document, since which block',
        description:
          'Hashes the file (which is not kept) and answers as POST /api/public/verify for its digest, with ' +
          '`file: { sha256, size }`: `valid`, the verdict, the record, who anchored it, when, and ' +
          `\`anchoredInBlock\`. No sign-in. ${limits}`,
        consumes: FILE_TYPES,
        body: fileBody,
      },
      validatorCompiler: checkedByHandler,
      handler: async (request) => {
        const bytes = fileOf(request.body);
        const sha256 = sha256Of(bytes);
        return { ...(await verifyInRegisters(ctx, sha256)), file: { sha256, size: bytes.byteLength } };
      },
    });
  });

  app.get('/api/documents/:sha256', {
    config: { auth: 'user' },
    schema: {
      tags: ['Documents'],
      summary: 'Download an anchored document, checked against its SHA-256',
      description:
        'Allowed to a user who may read a record that anchors the digest (the record’s own read rule decides: ' +
        '403 FORBIDDEN otherwise; 404 DOCUMENT_NOT_ANCHORED when no record anchors it; 404 DOCUMENT_NOT_FOUND when ' +
        'the store lacks the file). The server re-hashes the stored copy before sending it: a damaged copy is ' +
        'never served (500 DOCUMENT_CORRUPT, logged as an error and counted in scenechain_documents_corrupt_total). Sent as an attachment with `Repr-Digest`.',
      security: [{ bearer: [] }],
      params: { type: 'object', properties: { sha256: { type: 'string' } }, required: ['sha256'] },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      const sha256 = digestParam((request.params as { sha256: string }).sha256);
      await anchoringRecordFor(ctx, principal, sha256);
      return sendVerified(ctx, reply, sha256);
    },
  });
}
