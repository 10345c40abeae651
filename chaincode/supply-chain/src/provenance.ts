import {
  evaluateFlow,
  identifier,
  LimitExceededError,
  NotFoundError,
  offsetOf,
  pageFields,
  plainStep,
  type Page,
  type Scene,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { traceabilityReaders } from './parties';
import { batches, links, MAX_DOWNSTREAM_LINKS, pallets, type Link } from './records';

/** What one event links: `from` went into `to`, `quantity` of it (0 for packing: the batch keeps its quantity). */
export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly quantity: number;
}

/**
 * Records that each batch `from` went into its `to` (a batch, or the pallet it was packed on for `aggregate`) by
 * the event `eventId`, once: packing the same batch on the same pallet again adds nothing. Refuses
 * (LIMIT_EXCEEDED, nothing written) when an item would have more than MAX_DOWNSTREAM_LINKS; each item's
 * outgoing links are read once, for the cap, and tell which edges are already recorded.
 */
export async function recordLinks(scene: Scene, kind: Link['kind'], eventId: string, edges: readonly Edge[]) {
  const toKind = kind === 'aggregate' ? 'pallet' : 'batch';
  const fresh = new Map<string, Link>();
  for (const edge of edges) {
    const link: Link = { ...edge, fromKind: 'batch', toKind, kind, eventId, at: scene.now.iso };
    if (!fresh.has(links.keyOf(link))) fresh.set(links.keyOf(link), link);
  }
  for (const from of new Set(edges.map((edge) => edge.from))) {
    const held = await downstreamLinks(scene, from);
    for (const { data } of held) fresh.delete(links.keyOf(data));
    const count = [...fresh.values()].filter((link) => link.from === from).length;
    if (held.length + count > MAX_DOWNSTREAM_LINKS) {
      throw new LimitExceededError(
        `${from} already went into ${held.length} items; one item goes into at most ${MAX_DOWNSTREAM_LINKS} (splits, transformations, pallets)`,
        MAX_DOWNSTREAM_LINKS,
      );
    }
  }
  for (const link of fresh.values()) await links.create(scene, link, { step: plainStep('link', 'ProvenanceLinked') });
}

/** The links going out of an item, in key order, as this transaction sees them; never more than the cap. */
export function downstreamLinks(scene: Scene, from: string) {
  return links.scanByKey(scene, [from], { max: MAX_DOWNSTREAM_LINKS });
}

/** Links read per range read while walking (the walk reads only as many pages as the answer needs). */
const EDGES_PER_READ = 100;

/** Deepest trace a client may ask for. */
export const MAX_TRACE_DEPTH = 20;

export interface TraceNode {
  readonly id: string;
  readonly kind: 'batch' | 'pallet';
  /** Steps from the starting item. */
  readonly depth: number;
  /** The node this one was reached from. */
  readonly parent: string;
  /** How they are linked: transform, split or aggregate. */
  readonly via: Link['kind'];
  readonly quantity: number;
  readonly eventId: string;
}

/**
 * Provenance: everything an item came from (upstream) or went into (downstream), through transformations,
 * splits and aggregations, breadth-first up to `maxDepth`. The walk reads only provenance links (paginated
 * range reads per item, stopping once the page is full), so its cost depends on the size of the trace, not of
 * the ledger. The bookmark is the number
 * of items already returned; each page repeats the walk up to the end of that page.
 */
export const trace = evaluateFlow({
  description:
    'Traces an item upstream or downstream through transformations, splits and pallets (paginated, bounded depth).',
  request: z.strictObject({
    id: identifier,
    direction: z.enum(['upstream', 'downstream']),
    maxDepth: z.int().min(1).max(MAX_TRACE_DEPTH).default(5),
    ...pageFields,
  }),
  readers: traceabilityReaders,
  run: async (scene, input): Promise<Page<TraceNode> & { root: { id: string; kind: 'batch' | 'pallet' } }> => {
    const offset = offsetOf(input.bookmark, 'trace');
    const kind = await kindOf(scene, input.id);
    const wanted = offset + input.pageSize + 1;
    const found: TraceNode[] = [];
    const visited = new Set([input.id]);
    const queue: { id: string; depth: number }[] = [{ id: input.id, depth: 0 }];
    while (queue.length > 0 && found.length < wanted) {
      const node = queue.shift()!;
      if (node.depth >= input.maxDepth) continue;
      // An item's links are read a page at a time, and only as far as this answer needs.
      let edgeBookmark = '';
      do {
        const request = { pageSize: EDGES_PER_READ, bookmark: edgeBookmark };
        const edges =
          input.direction === 'downstream'
            ? await links.listByKey(scene, [node.id], request)
            : await links.list(scene, 'byTarget', [node.id], request);
        for (const { data: link } of edges.items) {
          const next = input.direction === 'downstream' ? link.to : link.from;
          if (visited.has(next)) continue;
          visited.add(next);
          const entry: TraceNode = {
            id: next,
            kind: input.direction === 'downstream' ? link.toKind : link.fromKind,
            depth: node.depth + 1,
            parent: node.id,
            via: link.kind,
            quantity: link.quantity,
            eventId: link.eventId,
          };
          found.push(entry);
          queue.push({ id: next, depth: entry.depth });
        }
        edgeBookmark = edges.bookmark;
      } while (edgeBookmark !== '' && found.length < wanted);
    }
    const items = found.slice(offset, offset + input.pageSize);
    const bookmark = found.length > offset + input.pageSize ? String(offset + input.pageSize) : '';
    return { root: { id: input.id, kind }, items, bookmark };
  },
});

async function kindOf(scene: Scene, id: string): Promise<'batch' | 'pallet'> {
  if (await batches.exists(scene, { id })) return 'batch';
  if (await pallets.exists(scene, { id })) return 'pallet';
  throw new NotFoundError(`no Batch or Pallet ${id} exists`);
}
