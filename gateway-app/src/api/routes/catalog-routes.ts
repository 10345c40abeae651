import type { FastifyInstance } from 'fastify';
import { describeAuthorities, describeReadRule, recordsByType, machineOf } from '@scenechain/scene-kit';
import type { AppContext } from '../../app-context';
import { principalOf } from '../access';
import { actionSchemaOf } from '../action-schema';
import { actionOf, type ActionView, type ScenarioView } from '../../scenarios/scenario-view';
import { mayRun, readModelScope, scenarioActor } from '../scenario-access';
import { catalogResponse } from './catalog-schema';

/** A submit flow firing a transition (not a creation) of the record its path names: a record's action. */
function isRecordAction(scenario: ScenarioView, action: ActionView): boolean {
  const { flow, record } = action;
  if (flow.kind !== 'submit' || flow.transition === undefined || !flow.on || !record) return false;
  if (!action.path.includes(`:${record.keyField}`)) return false;
  const machine = machineOf(flow.on, recordsByType(scenario.descriptor));
  return machine?.spec.transitions[flow.transition]?.from !== 'new';
}

/** Names beside MSP IDs: forms and pages show organisations by name, with the ID as the code sent. */
export function organisationsOf(ctx: AppContext) {
  return ctx.directory.orgs.map((org) => ({
    mspId: org.mspId,
    name: org.name,
    labels: ctx.orgLabels[org.mspId] ?? {},
  }));
}

/** The states a record action may fire from (its transition's `from`); none for other actions. */
function fromStates(scenario: ScenarioView, action: ActionView): readonly string[] | undefined {
  const { flow } = action;
  if (!isRecordAction(scenario, action) || flow.kind !== 'submit' || !flow.on || !flow.transition) return undefined;
  const transition = machineOf(flow.on, recordsByType(scenario.descriptor))?.spec.transitions[flow.transition];
  return transition && transition.from !== 'new' ? transition.from : undefined;
}

/**
 * What the web UI builds its pages from: each scenario's record views and actions with their request
 * schemas, marked with whether the signed-in user's org and role may perform them (the role counting only
 * from its authority, as in the chaincode); which org vouches for each role; who may read each query; and for
 * each record view whether the read model lists it to the user or the user lists their own through the ledger.
 */
export function registerCatalogRoutes(app: FastifyInstance, ctx: AppContext): void {
  const catalog = ctx.scenarios.map((scenario) => ({
    scenario,
    actions: scenario.actions.map((action) => ({ action, schema: actionSchemaOf(action) })),
  }));
  app.get('/api/scenarios', {
    config: { auth: 'user' },
    schema: {
      tags: ['Catalog'],
      summary: 'Scenarios, record views and actions for the signed-in user',
      security: [{ bearer: [] }],
      response: { 200: catalogResponse },
    },
    // The schema documents the answer; it is sent as built, never filtered by the schema.
    serializerCompiler: () => (data) => JSON.stringify(data),
    handler: async (request) => {
      const principal = principalOf(request);
      return {
        orgs: ctx.directory.orgs.map((org) => org.mspId),
        organisations: organisationsOf(ctx),
        items: catalog.map(({ scenario, actions }) => {
          const actor = scenarioActor(ctx, principal, scenario);
          return {
            id: scenario.id,
            title: scenario.title,
            summary: scenario.summary,
            // The scenario's words per language: the UI's `scenarioText` reads them
            labels: scenario.labels,
            authorities: describeAuthorities(scenario.authorities),
            records: scenario.records.map((view) => {
              const { readModel: _readers, ownList, ...shown } = view;
              const path = ownList && `/api/${scenario.id}${actionOf(scenario, ownList.transaction).path}`;
              const credentials = scenario.descriptor.credentials;
              // Records issued as verifiable credentials: where to get one, and where its issuer registers its key
              const credential = credentials?.record === view.type && {
                type: credentials.type,
                issuerField: credentials.issuerField,
                path: `/api/${scenario.id}/${view.collection}/:${view.keyField}/credential`,
                registerKey: `/api/${scenario.id}/credentials/issuer-key`,
              };
              return {
                ...shown,
                ...(credential ? { credential } : {}),
                // false: personal data the read model does not list to this user (see `ownList`)
                listed: readModelScope(actor, view).visible,
                ...(ownList ? { ownList: { ...ownList, path } } : {}),
              };
            }),
            actions: actions.map(({ action, schema }) => ({
              transaction: action.transaction,
              kind: action.flow.kind,
              method: action.method,
              path: `/api/${scenario.id}${action.path}`,
              summary: action.summary,
              description: action.flow.description,
              tag: action.tag,
              // The record type the flow acts on (forms land on it after a submit)
              ...(action.record ? { record: action.record.type } : {}),
              allowed: mayRun(actor, action),
              // Offered on a record's page when its state allows it (`actions` of the record's GET)
              recordAction: isRecordAction(scenario, action),
              // The states it may fire from (the UI's inbox: records in them may await the user)
              fromStates: fromStates(scenario, action),
              ...(action.flow.kind === 'evaluate' ? { readers: describeReadRule(action.flow.readers) } : {}),
              request: schema.request,
              pathParams: schema.pathParams,
              // Private fields (sent as transient data) and the salts among them the app makes when left empty
              ...(action.flow.transient
                ? { transient: { fields: [...action.flow.transient.fields], salts: [...action.flow.transient.salts] } }
                : {}),
            })),
          };
        }),
      };
    },
  });
}
