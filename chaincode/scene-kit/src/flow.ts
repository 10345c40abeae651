import type { z } from 'zod';
import type { AccessRule } from './access';
import type { SomeLifecycle } from './lifecycle';
import type { ReadRule } from './read-rule';
import type { SomeRecordType } from './record-type';
import type { Scene } from './scene';
import type { EndorsingOrgs, TransientInput } from './transient-input';

/**
 * One transaction of a scenario: its request schema and what it does. `submit` flows may write and are
 * ordered into blocks; `evaluate` flows only read (the store refuses their writes), and only they may use
 * paginated reads. Every `evaluate` flow declares who may read its answer (`readers`), which the kit checks
 * before it runs.
 */
export type Flow<S extends z.ZodType = z.ZodType, O = unknown> = SubmitFlow<S, O> | EvaluateFlow<S, O>;

/** What a flow acts on or reads: a record type, or a record type bound to its machine. */
export type FlowTarget = SomeRecordType | SomeLifecycle;

interface FlowBase<S extends z.ZodType, O> {
  readonly request: S;
  readonly description: string;
  run(scene: Scene, input: z.output<S>): Promise<O>;
  /** The record type the flow acts on or reads (the app derives its path and offers it on that record). */
  readonly on?: FlowTarget;
  /** A few words for buttons; default: the transaction name in words. */
  readonly label?: string;
  /** Request fields that travel as transient data (private values, their salts); see `transient-input.ts`. */
  readonly transient?: TransientInput;
}

export interface SubmitFlow<S extends z.ZodType = z.ZodType, O = unknown> extends FlowBase<S, O> {
  readonly kind: 'submit';
  /** The transition of `on`'s machine the flow fires: who may is that transition's `by`. */
  readonly transition?: string;
  /**
   * Transitions the flow fires instead of `transition`, depending on the request or who asks (a decision that
   * grants or rejects): who may is any of their `by`s, and the app offers the flow when any of them may fire.
   */
  readonly orTransitions?: readonly string[];
  /** Who may run a flow without a transition; the kit checks it before `run` (FORBIDDEN). */
  readonly by?: AccessRule;
  /** Orgs that must endorse, when transient data must reach an org the gateway would not pick. */
  readonly endorsingOrgs?: EndorsingOrgs;
}

export interface EvaluateFlow<S extends z.ZodType = z.ZodType, O = unknown> extends FlowBase<S, O> {
  readonly kind: 'evaluate';
  readonly readers: ReadRule;
}

export interface SubmitFlowSpec<S extends z.ZodType, O> {
  readonly description: string;
  readonly request: S;
  readonly run: (scene: Scene, input: z.output<S>) => Promise<O>;
  readonly on?: FlowTarget;
  readonly transition?: string;
  readonly orTransitions?: readonly string[];
  readonly by?: AccessRule;
  readonly label?: string;
  readonly transient?: TransientInput;
  readonly endorsingOrgs?: EndorsingOrgs;
}

export interface EvaluateFlowSpec<S extends z.ZodType, O> {
  readonly description: string;
  readonly request: S;
  /** Who may read the answer (`channelMembers` for a public register); checked before `run`. */
  readonly readers: ReadRule;
  readonly run: (scene: Scene, input: z.output<S>) => Promise<O>;
  readonly on?: FlowTarget;
  readonly label?: string;
  readonly transient?: TransientInput;
}

export function submitFlow<S extends z.ZodType, O>(spec: SubmitFlowSpec<S, O>): SubmitFlow<S, O> {
  return { kind: 'submit', ...spec };
}

/** A query; `readers` says who may read its answer (`channelMembers` for a public register). */
export function evaluateFlow<S extends z.ZodType, O>(spec: EvaluateFlowSpec<S, O>): EvaluateFlow<S, O> {
  return { kind: 'evaluate', ...spec };
}

/** The words a button shows for a flow: its `label`, else the transaction name in words (`issueMany` → `Issue many`). */
export function flowLabel(transaction: string, flow: Flow): string {
  if (flow.label) return flow.label;
  const words = transaction.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The record type a flow target names. */
export function recordTypeOf(target: FlowTarget): SomeRecordType {
  return 'machine' in target ? target.records : target;
}
