import { z } from 'zod';
import type { AccessRule } from './access';
import { ForbiddenError, InternalError } from './errors';
import { submitFlow, type Flow } from './flow';
import { lifecycle, type Lifecycle } from './lifecycle';
import { getFlow, historyFlow, listFlow } from './query-flows';
import type { ReadRule } from './read-rule';
import { defineRecordType, indexOn, type RecordType } from './record-type';
import type { Scene } from './scene';
import type { ScenarioRecord } from './scenario';
import { defineStateMachine, type Check, type TransitionSpec } from './state-machine';
import { transitionFlow } from './transition-flow';
import { isoInstant, reasonNote } from './validation/fields';

/**
 * One step of a register: the machine's transition and event, its one line for docs, and its transaction
 * (default: the transition and the entity, `suspendIssuer`).
 */
export interface RegisterStep {
  readonly flow?: string;
  readonly transition: string;
  readonly event: string;
  readonly description: string;
}

/** A register's query: its transaction and its one line for docs. */
interface RegisterQuery {
  readonly flow: string;
  readonly description: string;
}

/**
 * A register an authority keeps of the orgs it admits (a tax bureau's invoice issuers, a ministry's accredited
 * universities): entries keyed by the org's MSP ID, admitted, perhaps suspended and restored, ended for good;
 * whether an org is in force is what other transitions check.
 */
export interface OrgRegisterSpec<Q extends z.ZodRawShape, K extends keyof Q & string, Since extends string> {
  /** Record type and state machine name (`Issuer`). */
  readonly entity: string;
  /** What the authority files: the org's MSP ID in `key`, and the facts the register keeps about it. */
  readonly request: z.ZodObject<Q>;
  readonly key: K;
  /** The entry field keeping when the org was admitted (`authorisedAt`). */
  readonly since: Since;
  /** Who keeps the register. */
  readonly by: AccessRule;
  /** State names: in force, suspended (absent: a register without suspension), ended for good. */
  readonly states: { readonly inForce: string; readonly suspended?: string; readonly ended: string };
  /** `suspend` and `restore` exactly when there is a suspended state. */
  readonly steps: {
    readonly admit: RegisterStep;
    readonly suspend?: RegisterStep;
    readonly restore?: RegisterStep;
    readonly end: RegisterStep;
  };
  /**
   * Who may read the register (`channelMembers` for a public one); its queries are `get<Entity>`,
   * `<entity>History` and `list<Collection>`.
   */
  readonly readers: ReadRule;
  /** How the app shows it: `collection` is its URL segment (`issuers`), `columns` event detail fields. */
  readonly view: Pick<ScenarioRecord, 'title' | 'collection' | 'columns'>;
  /** Facts worth putting in every event about an entry; default: its key and `name` if it has one. */
  readonly eventDetails?: (entry: RegisterEntry<Q, Since>) => Record<string, unknown>;
  /**
   * Words of the refusal when an org is not in force: `<org> may not <may>: its <entry> is SUSPENDED (<reason>);
   * <authority>`, or `<absent>` for an org never admitted.
   */
  readonly refusal: {
    readonly may: string;
    readonly entry: string;
    readonly absent: string;
    readonly authority: string;
  };
}

/** An entry as the ledger keeps it: the request's facts, its state, when admitted, and the last ruling. */
export type RegisterEntry<Q extends z.ZodRawShape, Since extends string> = z.output<z.ZodObject<Q>> & {
  readonly status: string;
  readonly ruling?: z.output<typeof reasonNote>;
} & { readonly [P in Since]: string };

// The record type's generic parameters cannot be proven from a generic request shape: the spec's checks below
// (the key is a field, states are distinct) stand in for them.
type Entry = Record<string, string> & { status: string };

export interface OrgRegister<Q extends z.ZodRawShape, Since extends string> {
  readonly records: RecordType<Entry, string>;
  readonly life: Lifecycle<string, string, Entry, string>;
  /** Every state, in order: the values of `status` filters. */
  readonly statuses: readonly [string, ...string[]];
  /** The register's transactions, to spread into a scenario's flows. */
  readonly flows: Readonly<Record<string, Flow>>;
  /** The scenario's record view of the register. */
  readonly view: ScenarioRecord;
  /** The org's entry when it is in force now, else the refusal saying why. */
  inForce(scene: Scene, org: string): Promise<RegisterEntry<Q, Since> | ForbiddenError>;
  /** A check that the org a record's `field` names is in force. */
  requireInForce<R>(field: keyof R & string): Check<R>;
}

export function defineOrgRegister<Q extends z.ZodRawShape, K extends keyof Q & string, Since extends string>(
  spec: OrgRegisterSpec<Q, K, Since>,
): OrgRegister<Q, Since> {
  const { entity, key, since, by, states, steps, readers, view, refusal } = spec;
  const queries = registerQueries(entity, view);
  const flowOf = (step: RegisterStep) => step.flow ?? step.transition + entity;
  const suspensions = [steps.suspend, steps.restore].filter(Boolean).length;
  if (!(key in spec.request.shape) || (states.suspended ? 2 : 0) !== suspensions) {
    throw new InternalError(`org register ${entity}: needs ${key} in its request, and suspend/restore with a state`);
  }
  const statuses = [states.inForce, ...(states.suspended ? [states.suspended] : []), states.ended] as [
    string,
    ...string[],
  ];
  const schema = spec.request.extend({
    status: z.enum(statuses),
    [since]: isoInstant,
    /** The authority's last suspension or ending, with its reason. */
    ruling: reasonNote.optional(),
  });
  const details = spec.eventDetails ?? ((entry: Record<string, unknown>) => ({ [key]: entry[key], name: entry.name }));
  const records = defineRecordType<Entry, string>({
    name: entity,
    schema: schema as unknown as z.ZodType<Entry>,
    key: [key],
    indexes: { byStatus: indexOn('status') },
    eventDetails: (entry) => details(entry as unknown as RegisterEntry<Q, Since>),
  });
  const transitions: Record<string, TransitionSpec<string, Entry>> = {
    [steps.admit.transition]: { from: 'new', to: states.inForce, by, event: steps.admit.event },
    [steps.end.transition]: { from: statuses.slice(0, -1), to: states.ended, by, event: steps.end.event },
  };
  if (states.suspended && steps.suspend && steps.restore) {
    transitions[steps.suspend.transition] = {
      from: [states.inForce],
      to: states.suspended,
      by,
      event: steps.suspend.event,
    };
    transitions[steps.restore.transition] = {
      from: [states.suspended],
      to: states.inForce,
      by,
      event: steps.restore.event,
    };
  }
  const life = lifecycle(records, defineStateMachine({ entity, states: statuses, transitions }));

  const flows: Record<string, Flow> = {
    [flowOf(steps.admit)]: submitFlow({
      description: steps.admit.description,
      request: spec.request,
      on: life,
      transition: steps.admit.transition,
      run: (scene, input) =>
        life.create(scene, steps.admit.transition, {
          ...(input as Entry),
          status: states.inForce,
          [since]: scene.now.iso,
        }),
    }),
  };
  if (steps.suspend && steps.restore) {
    const { suspend, restore } = steps;
    flows[flowOf(suspend)] = transitionFlow(life, suspend.transition, {
      description: suspend.description,
      reason: 'ruling',
    });
    flows[flowOf(restore)] = transitionFlow(life, restore.transition, {
      description: restore.description,
      change: (data) => ({ ...data, ruling: undefined }) as unknown as Entry,
    });
  }
  flows[flowOf(steps.end)] = transitionFlow(life, steps.end.transition, {
    description: steps.end.description,
    reason: 'ruling',
  });
  flows[queries.get.flow] = getFlow(life, { description: queries.get.description, readers });
  flows[queries.history.flow] = historyFlow(life, { description: queries.history.description, readers });
  flows[queries.list.flow] = listFlow(life, 'byStatus', {
    description: queries.list.description,
    readers,
    filters: { status: z.enum(statuses).optional() },
  });

  const inForce = async (scene: Scene, org: string): Promise<RegisterEntry<Q, Since> | ForbiddenError> => {
    const found = (await records.get(scene, { [key]: org }))?.data as RegisterEntry<Q, Since> | undefined;
    if (found?.status === states.inForce) return found;
    const why = found ? `its ${refusal.entry} is ${found.status} (${found.ruling?.reason})` : refusal.absent;
    return new ForbiddenError(`${org} may not ${refusal.may}: ${why}; ${refusal.authority}`);
  };

  return {
    records,
    life,
    statuses,
    flows,
    view: { ...view, type: life, get: queries.get.flow, history: queries.history.flow },
    inForce,
    requireInForce:
      <R>(field: keyof R & string): Check<R> =>
      async ({ scene, record }) => {
        const entry = await inForce(scene, String(record[field]));
        return entry instanceof ForbiddenError ? entry : undefined;
      },
  };
}

/** The register's standard queries, named and described from its entity and view. */
function registerQueries(entity: string, { title, collection }: Pick<ScenarioRecord, 'title' | 'collection'>) {
  const capital = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);
  const lower = entity.charAt(0).toLowerCase() + entity.slice(1);
  const query = (flow: string, description: string): RegisterQuery => ({ flow, description });
  return {
    get: query(`get${entity}`, `An org's entry in the register of ${title.toLowerCase()}.`),
    history: query(`${lower}History`, `Changes to an org's entry in the register, newest first.`),
    list: query(`list${capital(collection)}`, `${title}, optionally in one state: the register.`),
  };
}
