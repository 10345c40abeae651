/** Shared OpenAPI schemas, registered with `addSchema` and referenced by `$id`. */
export const sharedSchemas = [
  {
    $id: 'Error',
    type: 'object',
    description: 'Every failure: a machine-readable code and a message for people; more fields for some codes.',
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', example: 'ILLEGAL_TRANSITION' },
          message: { type: 'string', example: 'Batch B-1 is CONSUMED; ship is allowed only from ACTIVE; ...' },
          transactionId: { type: 'string' },
          validationCode: { type: 'string', example: 'MVCC_READ_CONFLICT' },
          issues: {
            type: 'array',
            items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
          },
          facts: {
            type: 'object',
            description:
              "A chaincode error's facts, the values its message states, so that clients need not parse it: " +
              'ILLEGAL_TRANSITION `recordType`, `id`, `currentState`, `allowedTransitions`; NOT_FOUND and ' +
              'ALREADY_EXISTS `recordType`, `id` (where one record is meant); LIMIT_EXCEEDED `limit`; ' +
              'INVALID_ARGUMENT `issues` (and `moreIssues`); otherwise empty. Absent on errors the app raises itself.',
            additionalProperties: true,
            example: {
              recordType: 'Batch',
              id: 'B-1',
              currentState: 'CONSUMED',
              allowedTransitions: [],
            },
          },
        },
        additionalProperties: true,
      },
    },
  },
  {
    $id: 'Committed',
    type: 'object',
    description: 'A submitted transaction, committed as valid.',
    properties: {
      transactionId: { type: 'string' },
      blockNumber: { type: 'integer' },
      attempts: {
        type: 'integer',
        description: 'More than 1 when MVCC conflicts or differing endorsements were retried',
      },
      result: { description: "The chaincode's answer" },
      salts: {
        type: 'object',
        description:
          "Salts the app generated for the user's private values (transient fields), by request field: keep them",
        additionalProperties: { type: 'string' },
      },
    },
  },
  {
    $id: 'Accepted',
    type: 'object',
    description: 'A submitted transaction, ordered but not yet committed (`Prefer: respond-async`).',
    properties: {
      transactionId: { type: 'string' },
      status: { type: 'string', enum: ['SUBMITTED'] },
      statusUrl: { type: 'string' },
      result: { description: "The chaincode's endorsed answer" },
      salts: {
        type: 'object',
        description:
          "Salts the app generated for the user's private values (transient fields), by request field: keep them",
        additionalProperties: { type: 'string' },
      },
    },
  },
  {
    $id: 'TransactionStatus',
    type: 'object',
    properties: {
      transactionId: { type: 'string' },
      scenario: { type: 'string' },
      transaction: { type: 'string' },
      status: { type: 'string', enum: ['SUBMITTED', 'COMMITTED', 'FAILED'] },
      result: {},
      committedTransactionId: { type: 'string', nullable: true },
      blockNumber: { type: 'integer', nullable: true },
      attempts: { type: 'integer', nullable: true },
      error: { type: 'object', nullable: true, additionalProperties: true },
      submittedAt: { type: 'string' },
      updatedAt: { type: 'string' },
      salts: {
        type: 'object',
        description: "Salts the app generated for the user's private values in this transaction, by request field",
        additionalProperties: { type: 'string' },
      },
    },
  },
] as const;

export const errorResponses = {
  400: { description: 'Invalid request (INVALID_ARGUMENT, INVALID_JSON)', $ref: 'Error#' },
  401: { description: 'Not signed in, or the token is expired or forged', $ref: 'Error#' },
  403: { description: 'The signed-in identity may not do this (FORBIDDEN)', $ref: 'Error#' },
  404: { description: 'No such record (NOT_FOUND)', $ref: 'Error#' },
  409: {
    description:
      'The ledger state does not allow it (CONFLICT, ILLEGAL_TRANSITION, ALREADY_EXISTS, MVCC_READ_CONFLICT, ...)',
    $ref: 'Error#',
  },
  503: { description: 'The Fabric network cannot be reached (NETWORK_UNAVAILABLE)', $ref: 'Error#' },
} as const;
