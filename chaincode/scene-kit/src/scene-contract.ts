import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import 'reflect-metadata';
import { requireAccess, type AccessRule } from './access';
import type { RoleAuthorities } from './authority';
import { canonicalJson } from './canonical-json';
import { InternalError, toSceneError, ValidationError } from './errors';
import { flowLabel, type Flow } from './flow';
import { registerRecordMetadata } from './record-metadata';
import { definedRecordTypes } from './record-type';
import { mayRunRule, recordsByType, type Scenario } from './scenario';
import { openScene, type Scene } from './scene';
import { requireReader } from './read-rule';
import { parseWithTransient } from './transient-input';
import { parseRequest } from './validation/parse-request';
import { encodeChaincodeError } from './wire-error';

/** The contract API's context plus the kit's view of the transaction (set before every transaction). */
export class SceneContext extends Context {
  scene: Scene | undefined;
}

/**
 * Base of every scenario contract. Each transaction takes exactly one argument, its request as JSON, and
 * answers canonical JSON. Around every transaction the kit:
 * - builds the Scene (clock, submitter with the role counted only from its authority, store with write cache,
 *   event log);
 * - for a query, checks that the submitter is one of its readers; for a submit flow, that the submitter is one
 *   of those its transitions' `by` (or its own `by`) admit, before the flow reads anything (FORBIDDEN);
 * - checks the argument count and parses the request against the flow's schema (INVALID_ARGUMENT);
 * - turns anything thrown into an error whose message is the JSON of its code, facts and text (INTERNAL if
 *   nothing else; see `wire-error.ts`);
 * - sets the transaction's single chaincode event from the events the flow's changes produced.
 */
export class SceneContract extends Contract {
  constructor(
    name: string,
    private readonly authorities: RoleAuthorities,
  ) {
    super(name);
  }

  override createContext(): SceneContext {
    return new SceneContext();
  }

  // The contract API passes the transaction's name as `fn` (its typings say Function).
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  override async aroundTransaction(ctx: Context, fn: Function, parameters: unknown[]): Promise<void> {
    try {
      return await super.aroundTransaction(ctx, fn, parameters);
    } catch (thrown) {
      // fabric-shim answers the peer with the thrown error's message alone: it carries code, facts and text.
      throw new Error(encodeChaincodeError(toSceneError(thrown)));
    }
  }

  override async afterTransaction(ctx: Context): Promise<void> {
    const event = (ctx as SceneContext).scene?.events.chaincodeEvent();
    if (event) ctx.stub.setEvent(event.name, event.payload);
  }

  override async unknownTransaction(ctx: Context): Promise<void> {
    const { fcn } = ctx.stub.getFunctionAndParameters();
    // Called outside aroundTransaction, so it encodes its own error.
    const unknown = new ValidationError(
      `${this.getName()} has no transaction ${JSON.stringify(fcn)}`,
      [],
      'UNKNOWN_TRANSACTION',
    );
    throw new Error(encodeChaincodeError(unknown));
  }

  /** Runs a flow for a transaction function: one JSON argument in, canonical JSON out. */
  async execute(
    ctx: SceneContext,
    name: string,
    flow: Flow,
    args: readonly unknown[],
    mayRun: { rule: AccessRule; action?: string } | undefined,
  ): Promise<string> {
    if (args.length !== 1 || typeof args[0] !== 'string') {
      throw new ValidationError(`expected exactly one argument, the request as JSON; got ${args.length}`);
    }
    const input = flow.transient
      ? parseWithTransient(flow.request, args[0], flow.transient, ctx.stub.getTransient())
      : parseRequest(flow.request, args[0]);
    const scene = openScene(ctx.stub, ctx.clientIdentity, flow.kind === 'evaluate', this.authorities);
    ctx.scene = scene;
    if (flow.kind === 'evaluate') requireReader(scene.actor, flow.readers, name);
    else if (mayRun) requireAccess(scene.actor, mayRun.rule, mayRun.action ?? flowLabel(name, flow).toLowerCase());
    const result = await flow.run(scene, input);
    return canonicalJson(result ?? null);
  }
}

/** A contract class built by `sceneContract`. */
export type SceneContractClass = new () => SceneContract;

/**
 * Builds a scenario's contract class, so a scenario declares its transactions by business name and never writes
 * Fabric plumbing. Each flow becomes a transaction function with contract metadata (SUBMIT or EVALUATE tag,
 * string result); every record type defined so far gets its contract metadata (`@Object`/`@Property`, from its
 * schema). The metadata lists no parameters on purpose: the kit, not the contract API, checks the argument count,
 * so even a wrong count is answered with INVALID_ARGUMENT.
 */
export function sceneContract(scenario: Scenario): SceneContractClass {
  const { contract, authorities } = scenario;
  registerDefinedRecordTypes();
  const holder = {
    [contract]: class extends SceneContract {
      constructor() {
        super(contract, authorities);
      }
    },
  };
  const contractClass = holder[contract];
  const records = recordsByType(scenario);
  for (const [name, flow] of Object.entries(scenario.flows)) {
    const mayRun = mayRunRule(flow, records);
    if (name in SceneContract.prototype || name.startsWith('_')) {
      throw new InternalError(`transaction name ${name} is reserved by the contract base class`);
    }
    Object.defineProperty(contractClass.prototype, name, {
      value: async function (this: SceneContract, ctx: SceneContext, ...args: unknown[]) {
        return this.execute(ctx, name, flow, args, mayRun);
      },
      writable: false,
      enumerable: false,
    });
    Transaction(flow.kind === 'submit')(contractClass.prototype, name);
    Returns('string')(contractClass.prototype, name);
    dropParameterList(contractClass.prototype, name);
  }
  Info({ title: scenario.title, version: scenario.version })(contractClass);
  return contractClass;
}

const registered = new Set<string>();

/** Publishes the contract metadata of every record type defined so far, each once. */
export function registerDefinedRecordTypes(): void {
  for (const type of definedRecordTypes()) {
    if (registered.has(type.name)) continue;
    registered.add(type.name);
    registerRecordMetadata(type.name, type.spec.schema);
  }
}

/** See `sceneContract`: without a parameter list the contract API hands every argument through unchecked. */
function dropParameterList(prototype: object, name: string): void {
  const transactions = Reflect.getMetadata('fabric:transactions', prototype) as {
    name: string;
    parameters?: unknown;
  }[];
  const entry = transactions.find((transaction) => transaction.name === name);
  if (entry) delete entry.parameters;
}
