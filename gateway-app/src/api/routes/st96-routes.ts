import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_APPLICATIONS_PER_CALL, type Patent } from '@scenechain/patents';
import type { AppContext } from '../../app-context';
import type { Principal } from '../../auth/principal';
import { badRequest } from '../../errors/app-error';
import { actionOf, type ScenarioView } from '../../scenarios/scenario-view';
import { st96Document, type ExportedApplication, type StatusEvent } from '../../st96/st96-export';
import { readExchange } from '../../st96/st96-import';
import { EXCHANGE_NS } from '../../st96/st96-names';
import { principalOf } from '../access';
import { validateRequest } from '../action-input';
import { errorResponses } from '../openapi-components';
import { transactionOf } from '../private-input';
import { idempotencyHeaders, parseResult, submitFor, withIdempotency } from './submission';

/** Largest exchange document imported: 500 applications as this app exports them take under 2 MB. */
export const MAX_ST96_BYTES = 4 * 1024 * 1024;
const XML_TYPES = ['application/xml', 'text/xml'];
/** The flows the exchange reads and files through; a scenario without all of them gets no ST.96 routes. */
const FLOWS = ['getPatent', 'patentHistory', 'listByApplicant', 'fileMany'] as const;
const PAGE = 100;

interface StoredPatent {
  data: Patent;
}
interface HistoryPage {
  items: {
    txId: string;
    timestamp: string;
    record: { audit: { action: string; from: string | null; to: string | null } } | null;
  }[];
  bookmark: string;
}

const xmlAnswer = {
  description: 'The exchange document (ST.96 bibliographic data with INID codes, in the sce: envelope)',
  content: { 'application/xml': { schema: { type: 'string' } } },
} as const;

const DOCUMENT_NOTE =
  `The document is \`sce:PatentExchange\` (namespace \`${EXCHANGE_NS}\`) holding one \`sce:Application\` per application: ` +
  'its `sce:SpecificationCommitment`, owner, status and status events (`sce:StatusEventBag`, from the ledger history), and ' +
  'a WIPO ST.96 `pat:PatentPublication` whose `pat:BibliographicData` has the application number and filing date ' +
  '(`pat:ApplicationIdentification`, INID 21, 22), publication (43) and grant (11, 45) data, IPC classes ' +
  '(`pat:PatentClassificationBag/pat:IPCRClassificationBag`, 51), applicant (`pat:PartyBag/pat:ApplicantBag`, 71) and ' +
  'title (`pat:InventionTitleBag`, 54), each preceded by a comment naming its INID code.';

/**
 * WIPO ST.96 exchange of the patent register: export of an application, or of an applicant's applications, as
 * XML, and bulk filing from such a document through `fileMany` (all or none, as the signed-in user).
 */
export async function registerSt96Routes(app: FastifyInstance, ctx: AppContext, scenario: ScenarioView): Promise<void> {
  if (!FLOWS.every((name) => scenario.actions.some((action) => action.transaction === name))) return;
  const [getPatent, patentHistory, listByApplicant, fileMany] = FLOWS.map((name) => actionOf(scenario, name));
  const tags = [`${scenario.title}: WIPO ST.96`];
  /** A signed-in user's route, documented under the scenario's ST.96 tag. */
  const documented = (operation: string, summary: string, description: string, schema: Record<string, unknown>) => ({
    config: { auth: 'user' as const },
    schema: {
      operationId: `${scenario.id}.${operation}`,
      tags,
      summary,
      description,
      security: [{ bearer: [] }],
      ...schema,
    },
  });

  const evaluate = async (principal: Principal, action: typeof getPatent, input: Record<string, unknown>) => {
    validateRequest(action!.flow, input);
    const tx = transactionOf(scenario.chaincode, action!.transaction, action!.flow, input);
    return parseResult(await ctx.runner.evaluate(ctx.identities.identityOf(principal), tx));
  };

  /** Every status event of an application, oldest first (the ledger history answers newest first). */
  const eventsOf = async (principal: Principal, applicationId: string): Promise<StatusEvent[]> => {
    const events: StatusEvent[] = [];
    let bookmark = '';
    do {
      const page = (await evaluate(principal, patentHistory, {
        applicationId,
        pageSize: PAGE,
        bookmark,
      })) as HistoryPage;
      for (const item of page.items) {
        if (!item.record) continue;
        const { action, from, to } = item.record.audit;
        events.push({ action, from, to, at: item.timestamp, transactionId: item.txId });
      }
      bookmark = page.bookmark;
    } while (bookmark);
    return events.reverse();
  };

  const exported = async (principal: Principal, patent: Patent): Promise<ExportedApplication> => ({
    patent,
    events: await eventsOf(principal, patent.id),
  });

  app.get(`/api/${scenario.id}/applications/:applicationId/st96`, {
    ...documented(
      'exportSt96',
      'Export an application as WIPO ST.96 XML',
      `${DOCUMENT_NOTE} Readable by whoever may read the application. Sent as an attachment.`,
      {
        params: { type: 'object', required: ['applicationId'], properties: { applicationId: { type: 'string' } } },
        response: { 200: xmlAnswer, ...errorResponses },
      },
    ),
    handler: async (request, reply) => {
      const principal = principalOf(request);
      const { applicationId } = request.params as { applicationId: string };
      const stored = (await evaluate(principal, getPatent, { applicationId })) as StoredPatent;
      const xml = st96Document([await exported(principal, stored.data)]);
      return reply
        .type('application/xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${stored.data.id}.st96.xml"`)
        .send(xml);
    },
  });

  app.get(`/api/${scenario.id}/st96/applications`, {
    ...documented(
      'exportSt96ByApplicant',
      'Export an applicant’s applications as WIPO ST.96 XML, up to 500 at a time',
      `${DOCUMENT_NOTE} The applications \`owner\` owns (optionally in one \`status\`), at most \`limit\` (500, ` +
        'what one import files) per document; the `X-Bookmark` header answers the `bookmark` of the next document, ' +
        'URL-encoded as a query value (empty after the last).',
      {
        querystring: {
          type: 'object',
          required: ['owner'],
          properties: {
            owner: { type: 'string', description: 'The owner org’s MSP ID', examples: ['InnovatorMSP'] },
            status: { type: 'string', description: 'Only applications in this state, e.g. IN_FORCE' },
            limit: { type: 'integer', minimum: 1, maximum: MAX_APPLICATIONS_PER_CALL, default: PAGE },
            bookmark: { type: 'string' },
          },
        },
        response: { 200: xmlAnswer, ...errorResponses },
      },
    ),
    handler: async (request, reply) => {
      const principal = principalOf(request);
      const query = request.query as Record<string, string | undefined>;
      const limit = query.limit === undefined ? PAGE : Number(query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_APPLICATIONS_PER_CALL)
        throw badRequest('INVALID_ARGUMENT', `limit: a whole number from 1 to ${MAX_APPLICATIONS_PER_CALL}`);
      const filter = { owner: query.owner, ...(query.status ? { status: query.status } : {}) };
      const applications: ExportedApplication[] = [];
      let bookmark = query.bookmark ?? '';
      do {
        const pageSize = Math.min(PAGE, limit - applications.length);
        const input = { ...filter, pageSize, bookmark };
        const page = (await evaluate(principal, listByApplicant, input)) as { items: StoredPatent[]; bookmark: string };
        for (const item of page.items) applications.push(await exported(principal, item.data));
        bookmark = page.bookmark;
      } while (bookmark && applications.length < limit);
      return reply
        .type('application/xml; charset=utf-8')
        .header('x-bookmark', encodeURIComponent(bookmark))
        .header('content-disposition', `attachment; filename="${query.owner}.st96.xml"`)
        .send(st96Document(applications));
    },
  });

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(XML_TYPES, { parseAs: 'string', bodyLimit: MAX_ST96_BYTES }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(`/api/${scenario.id}/st96/applications`, {
      ...documented(
        'importSt96',
        'File applications from a WIPO ST.96 exchange document',
        `${DOCUMENT_NOTE}\n\nFiles every application of the document in one \`fileMany\` transaction (all or none, at most ` +
          '500), as the signed-in user: title, applicant and IPC classes from the ST.96 part, the commitment and, for an ' +
          'agency, `sce:OnBehalfOf` from the envelope. The ledger gives each filing a new application number and the ' +
          'filing time; the document’s own numbers, dates, status and events are not filed. A commitment already filed ' +
          'is refused (409 ALREADY_EXISTS): one specification, one application, so importing a document twice files ' +
          'nothing the second time. Answers as any submit; `result.applicationIds` are the new application numbers, in ' +
          'document order.\n\nRefused with 400 before anything is filed, naming the element at fault in `element`: ' +
          'XML_MALFORMED (not well-formed, over 32 levels deep, unbound prefix), XML_DOCTYPE_REFUSED (any DOCTYPE: no ' +
          'entities are expanded), ST96_UNEXPECTED_ELEMENT (a name neither ST.96 nor the envelope has, or one out of ' +
          'place), ST96_MISSING_ELEMENT, ST96_INVALID_VALUE (a value the register refuses), ST96_TOO_MANY_APPLICATIONS. ' +
          `Over ${MAX_ST96_BYTES} bytes: 413 PAYLOAD_TOO_LARGE; another media type than XML: 415.`,
        {
          consumes: XML_TYPES,
          body: { type: 'string', description: 'The sce:PatentExchange document' },
          headers: idempotencyHeaders,
          response: { 200: { $ref: 'Committed#' }, 202: { $ref: 'Accepted#' }, ...errorResponses },
        },
      ),
      validatorCompiler: () => () => true,
      handler: async (request, reply) => {
        const principal = principalOf(request);
        const input = { applications: readExchange(xmlBody(request)) };
        validateRequest(fileMany!.flow, input);
        const tx = transactionOf(scenario.chaincode, fileMany!.transaction, fileMany!.flow, input);
        return withIdempotency(ctx, request, reply, principal, (entryId) =>
          submitFor(ctx, request, principal, scenario.id, tx, entryId),
        );
      },
    });
  });
}

function xmlBody(request: FastifyRequest): string {
  const body = request.body;
  if (typeof body !== 'string' || body.trim() === '')
    throw badRequest(
      'XML_MALFORMED',
      'the request has no XML document: send it as the body (Content-Type: application/xml)',
    );
  return body;
}
