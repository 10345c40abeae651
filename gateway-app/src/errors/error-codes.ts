import { ErrorCodes } from '@scenechain/scene-kit';

/**
 * Every `code` the app's own REST errors carry, besides the scene kit's chaincode codes (`ErrorCodes`), which
 * reach clients unchanged. AppError and the hand-written error bodies take their code from this list, so a new
 * code must be added here; the web UI's message files have a message for each (a test checks both languages).
 */
export const APP_ERROR_CODES = [
  // Requests the HTTP layer refuses (Fastify, its router, Node's HTTP parser).
  'BAD_REQUEST',
  'INVALID_JSON',
  'INVALID_URL',
  'INVALID_CONTENT_LENGTH',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'URI_TOO_LONG',
  'HEADERS_TOO_LARGE',
  'REQUEST_TIMEOUT',
  'MALFORMED_REQUEST',
  'ROUTE_NOT_FOUND',
  // Signing in, tokens, users and identities.
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'LOGIN_THROTTLED',
  'TOKEN_INVALID',
  'TOKEN_REVOKED',
  'TOKEN_EXPIRED',
  'TOKEN_NOT_FOUND',
  'WRONG_PASSWORD',
  'IDENTITY_EXISTS',
  'INVALID_IDENTITY_PATH',
  'IDENTITY_OUTSIDE_WALLET',
  'NOT_A_USER_IDENTITY',
  // Idempotent submission.
  'INVALID_IDEMPOTENCY_KEY',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_IN_PROGRESS',
  // The network: endorsement, ordering and commit (the two conflicts are Fabric's validation code names).
  'MVCC_READ_CONFLICT',
  'PHANTOM_READ_CONFLICT',
  'ENDORSEMENT_MISMATCH',
  'ENDORSEMENT_FAILED',
  'COMMIT_FAILED',
  'SUBMIT_REFUSED',
  'CLOCK_SKEW',
  'NETWORK_UNAVAILABLE',
  'NETWORK_TIMEOUT',
  'GATEWAY_ERROR',
  // Verification, the explorer, transactions and subscriptions.
  'INVALID_ANSWER',
  'VERIFICATION_INCOMPLETE',
  'INVALID_QUERY',
  'INVALID_BLOCK_NUMBER',
  'INVALID_TRANSACTION_ID',
  'BLOCK_NOT_FOUND',
  'TRANSACTION_NOT_FOUND',
  'MALFORMED_LEDGER_DATA',
  'SUBSCRIPTION_NOT_FOUND',
  'DELIVERY_NOT_FOUND',
  'UNKNOWN_EVENT_ID',
  // Off-chain documents: upload, download, verification by file.
  'INVALID_DIGEST',
  'EMPTY_DOCUMENT',
  'DOCUMENT_TOO_LARGE',
  'INVALID_MEDIA_TYPE',
  'DOCUMENT_TYPE_MISMATCH',
  'DOCUMENT_NOT_FOUND',
  'DOCUMENT_NOT_ANCHORED',
  'DOCUMENT_CORRUPT',
  // Verifiable credentials: a record without a status entry, an issuer without a registered key.
  'CREDENTIAL_UNAVAILABLE',
  'ISSUER_KEY_NOT_REGISTERED',
  // EPCIS capture: a document that is not EPCIS 2.0, or a feature the supply chain cannot record.
  'INVALID_EPCIS_DOCUMENT',
  'UNSUPPORTED_EPCIS_FEATURE',
  // Patent exchange documents (WIPO ST.96): XML the import refuses, and the element at fault.
  'XML_MALFORMED',
  'XML_DOCTYPE_REFUSED',
  'ST96_MISSING_ELEMENT',
  'ST96_UNEXPECTED_ELEMENT',
  'ST96_INVALID_VALUE',
  'ST96_TOO_MANY_APPLICATIONS',
  // A WebSocket client's frame the event socket refuses (sent on the socket before it closes).
  'BAD_FRAME',
] as const;

/** A code the REST API can answer with: the app's own or the scene kit's. */
export type ApiErrorCode = (typeof APP_ERROR_CODES)[number] | (typeof ErrorCodes)[number];

/** Every code a client of the REST API may see, each once. */
export const API_ERROR_CODES: readonly ApiErrorCode[] = [...new Set<ApiErrorCode>([...ErrorCodes, ...APP_ERROR_CODES])];
