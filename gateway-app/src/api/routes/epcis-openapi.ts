import { MAX_DEPTH, MAX_EVENTS, MAX_ITEMS } from '../../epcis/epcis-document';
import { QUERY_PARAMETERS } from '../../epcis/event-query';
import { errorResponses } from '../openapi-components';

/** The OpenAPI description of the EPCIS routes (documentation only: requests are checked with zod). */
const TAG = 'Supply chain traceability: EPCIS 2.0';

const queryDocument = {
  description: 'An EPCISQueryDocument (JSON-LD); a `Link: <...>; rel="next"` header names the next page',
  type: 'object',
  additionalProperties: true,
};
const queryParameters = {
  type: 'object',
  properties: Object.fromEntries(
    Object.entries(QUERY_PARAMETERS).map(([name, description]) => [name, { type: 'string', description }]),
  ),
};

export const captureSchema = {
  operationId: 'epcis.capture',
  tags: [TAG],
  summary: 'Capture an EPCIS 2.0 document',
  description: [
    'An EPCISDocument (`application/json` or `application/ld+json`), at most',
    `${MAX_EVENTS} events of at most ${MAX_ITEMS} items each, nesting at most ${MAX_DEPTH} levels.`,
    'Each event becomes one supply-chain transaction, as the signed-in user’s own identity:',
    'ObjectEvent ADD commissioning → commission/commissionMany; OBSERVE shipping (one owning_party destination) → shipBatch/shipPallet;',
    'OBSERVE receiving → receiveBatch/receivePallet; OBSERVE void_shipping → cancel…Shipment;',
    'OBSERVE inspecting (conformant/non_conformant, eventID, certificationInfo ni:///sha-256;…) → inspect;',
    'AggregationEvent ADD packing / DELETE unpacking → aggregate/disaggregate; TransformationEvent → transform.',
    'Identifiers: GS1 Digital Link or EPC URN (SGTIN, LGTIN, SSCC, GLN); see gateway-app/README.md for the mapping to ledger IDs.',
    'The whole document is checked first: if any event cannot be mapped, the answer is 400 UNSUPPORTED_EPCIS_FEATURE naming every',
    'unsupported feature and nothing is written. Events are then committed in order, one transaction each; if the ledger refuses one',
    '(custody, state), the events before it stay recorded and the error lists them (`recorded`).',
    'eventID, eventTime, readPoint, sensorElementList, bizTransactionList, certificationInfo and ilmd are kept by this app with the transaction.',
  ].join(' '),
  security: [{ bearer: [] }],
  body: { type: 'object', description: 'An EPCISDocument', additionalProperties: true },
  response: {
    200: {
      description: 'Every event recorded: its transaction and block',
      type: 'object',
      properties: {
        captured: { type: 'integer' },
        events: {
          type: 'array',
          description: 'Per event: eventIndex, transaction, transactionId, blockNumber',
          items: { type: 'object', additionalProperties: true },
        },
      },
    },
    ...errorResponses,
    400: {
      description:
        'Not an EPCIS 2.0 document (INVALID_EPCIS_DOCUMENT), or an unsupported feature (UNSUPPORTED_EPCIS_FEATURE)',
      $ref: 'Error#',
    },
  },
};

export const eventsSchema = {
  operationId: 'epcis.events',
  tags: [TAG],
  summary: 'Query EPCIS events',
  description:
    'EPCIS 2.0 events built from the ledger, oldest first. Supported parameters are listed; any other is refused with 400 INVALID_QUERY naming it. Value lists are separated by `|` or `,`.',
  security: [{ bearer: [] }],
  querystring: queryParameters,
  response: { 200: queryDocument, ...errorResponses },
};

export const historySchema = {
  operationId: 'epcis.epcEvents',
  tags: [TAG],
  summary: 'Event history of one EPC',
  description:
    'Every event naming the item (SGTIN, LGTIN, SSCC: Digital Link or URN, URL-encoded) in any role, oldest first; the query parameters of /epcis/events apply.',
  security: [{ bearer: [] }],
  params: { type: 'object', required: ['epc'], properties: { epc: { type: 'string' } } },
  querystring: queryParameters,
  response: { 200: queryDocument, ...errorResponses },
};
