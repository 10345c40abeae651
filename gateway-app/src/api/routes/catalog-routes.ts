import '../../scenarios/contract-api-quiet';
import type { FastifyInstance } from 'fastify';
import { describeAuthorities, describeReadRule } from '@scenechain/scene-kit';
import type { AppContext } from '../../app-context';
import { principalOf } from '../access';
import { actionSchemaOf } from '../action-schema';
import { actionOf } from '../../scenarios/scenario';
import { mayRun, readModelScope, scenarioActor } from '../scenario-access';

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
    },
    handler: async (request) => {
      const principal = principalOf(request);
      return {
        orgs: ctx.directory.orgs.map((org) => org.mspId),
        items: catalog.map(({ scenario, actions }) => {
          const actor = scenarioActor(principal, scenario);
          return {
            id: scenario.id,
            title: scenario.title,
            summary: scenario.summary,
            authorities: describeAuthorities(scenario.authorities),
            records: scenario.records.map((view) => {
              const { readModel: _readers, ownList, ...shown } = view;
              const path = ownList && `/api/${scenario.id}${actionOf(scenario, ownList.transaction).path}`;
              return {
                ...shown,
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
              allowed: mayRun(actor, action),
              ...(action.flow.kind === 'evaluate' ? { readers: describeReadRule(action.flow.readers) } : {}),
              request: schema.request,
              pathParams: schema.pathParams,
            })),
          };
        }),
      };
    },
  });
}
