import { z } from 'zod';
import { readModelScope, scenarioActor } from '../api/scenario-access';
import type { AppContext } from '../app-context';
import type { Principal } from '../auth/principal';
import { badRequest, forbidden } from '../errors/app-error';
import type { EventFilter } from './business-event';

/** The filter fields of a subscription or an event stream (query string or body). */
export const eventFilterFields = {
  scenario: z.string().min(1).max(64).optional().describe('A scenario id, e.g. supply-chain'),
  recordType: z.string().min(1).max(64).optional().describe('A record type, e.g. Batch'),
  eventName: z.string().min(1).max(100).optional().describe('An event name, e.g. BatchShipped'),
  recordId: z.string().min(1).max(200).optional().describe("One record's id, e.g. B-1"),
};

/**
 * Checks a filter against the served scenarios (400 for an unknown scenario or record type) and refuses a
 * record type the user may not read from the read model (403, as search does). Filters that leave the record
 * type open are accepted: personal-data events are then simply not delivered to users who may not read them.
 */
export function checkEventFilter(ctx: AppContext, principal: Principal, input: EventFilter): EventFilter {
  const filter: EventFilter = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const scenarios = filter.scenario ? ctx.scenarios.filter((s) => s.id === filter.scenario) : ctx.scenarios;
  if (filter.scenario && scenarios.length === 0)
    throw badRequest(
      'INVALID_ARGUMENT',
      `scenario: unknown scenario ${filter.scenario}; scenarios: ${ctx.scenarios.map((s) => s.id).join(', ')}`,
    );
  if (filter.recordType) {
    const holding = scenarios.filter((s) => s.records.some((r) => r.type === filter.recordType));
    if (holding.length === 0) {
      const types = [...new Set(scenarios.flatMap((s) => s.records.map((r) => r.type)))];
      throw badRequest(
        'INVALID_ARGUMENT',
        `recordType: no record type ${filter.recordType}${filter.scenario ? ` in ${filter.scenario}` : ''}; record types: ${types.join(', ')}`,
      );
    }
    const readable = holding.some(
      (scenario) =>
        readModelScope(
          scenarioActor(ctx, principal, scenario),
          scenario.records.find((r) => r.type === filter.recordType)!,
        ).visible,
    );
    if (!readable)
      throw forbidden(
        `${filter.recordType} records are personal data; their events go only to the users who may read them`,
      );
  }
  return filter;
}
