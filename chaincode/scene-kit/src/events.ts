import type { Actor } from './access';
import { canonicalBytes } from './canonical-json';

/**
 * One state change, as published in the transaction's chaincode event. Stable payload (schema
 * `scenechain.events/1`); fields are never renamed or repurposed, new ones may be added.
 */
export interface SceneEvent {
  /** Event name declared by the transition, e.g. `BatchShipped`. */
  readonly name: string;
  /** Record type, e.g. `Batch`. */
  readonly recordType: string;
  /** Record identifier (key parts joined with `/`). */
  readonly id: string;
  /** Revision of the record after the change (1 for a new record). */
  readonly revision: number;
  /** Transition taken (`commission`, `ship`, ...). */
  readonly action: string;
  /** State before (null for a new record or a record without states). */
  readonly from: string | null;
  /** State after (null for a record without states). */
  readonly to: string | null;
  readonly actor: Actor;
  readonly txId: string;
  /** Transaction timestamp, ISO 8601 UTC. */
  readonly timestamp: string;
  /** Scenario-specific facts worth notifying (small, never personal data). */
  readonly details: Readonly<Record<string, unknown>>;
}

export const EVENT_SCHEMA = 'scenechain.events/1';

/**
 * Collects the events of one transaction. Fabric keeps only the last `setEvent` of a transaction, so the kit
 * sets one chaincode event at the end: its name is the name of the first event, its payload is
 * `{"schema":"scenechain.events/1","events":[...]}` with every event in the order they happened.
 */
export class EventLog {
  private readonly events: SceneEvent[] = [];

  add(event: SceneEvent): void {
    this.events.push(event);
  }

  get all(): readonly SceneEvent[] {
    return this.events;
  }

  /** The chaincode event to set, or undefined when nothing changed. */
  chaincodeEvent(): { name: string; payload: Uint8Array } | undefined {
    if (this.events.length === 0) return undefined;
    return { name: this.events[0].name, payload: canonicalBytes({ schema: EVENT_SCHEMA, events: this.events }) };
  }
}
