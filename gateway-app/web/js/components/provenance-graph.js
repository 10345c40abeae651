import { svg } from '../dom.js';
import { t } from '../i18n.js';

const NODE_W = 150;
const NODE_H = 46;
const COL_GAP = 120;
const ROW_GAP = 22;

const kindWord = (kind) => t(`record:nodeKind.${kind}`, { defaultValue: kind });
const viaWord = (via) => t(`record:via.${via}`, { defaultValue: via });

/**
 * The provenance of an item as an SVG picture: what it came from on the left (upstream, by depth), what it
 * went into on the right (downstream), each link labelled with how (transform, split, aggregate) and how much.
 */
export function provenanceGraph(root, upstream, downstream, onOpen) {
  const columns = new Map();
  const place = (node, side) => {
    const column = side * node.depth;
    if (!columns.has(column)) columns.set(column, []);
    columns.get(column).push({ ...node, column });
  };
  columns.set(0, [{ id: root.id, kind: root.kind, column: 0, depth: 0 }]);
  for (const node of upstream) place(node, -1);
  for (const node of downstream) place(node, 1);
  const keys = [...columns.keys()].sort((a, b) => a - b);
  const tallest = Math.max(...[...columns.values()].map((c) => c.length));
  const height = tallest * NODE_H + (tallest - 1) * ROW_GAP + 40;
  const width = keys.length * NODE_W + (keys.length - 1) * COL_GAP + 40;
  const position = new Map();
  keys.forEach((key, index) => {
    const nodes = columns.get(key);
    const total = nodes.length * NODE_H + (nodes.length - 1) * ROW_GAP;
    nodes.forEach((node, row) => {
      position.set(`${key}:${node.id}`, {
        x: 20 + index * (NODE_W + COL_GAP),
        y: (height - total) / 2 + row * (NODE_H + ROW_GAP),
        node,
      });
    });
  });
  const find = (id, column) => position.get(`${column}:${id}`);
  const edges = [];
  for (const [side, list] of [
    [-1, upstream],
    [1, downstream],
  ]) {
    for (const node of list) {
      const here = find(node.id, side * node.depth);
      const parent = find(node.parent, side * (node.depth - 1));
      if (!here || !parent) continue;
      const [from, to] = side < 0 ? [here, parent] : [parent, here];
      const x1 = from.x + NODE_W;
      const y1 = from.y + NODE_H / 2;
      const x2 = to.x;
      const y2 = to.y + NODE_H / 2;
      const mid = (x1 + x2) / 2;
      edges.push(
        svg('path', {
          class: 'edge',
          d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`,
          'marker-end': 'url(#arrow)',
        }),
        svg(
          'text',
          { class: 'edge-label', x: x1 + 8, y: y1 - 6, 'text-anchor': 'start' },
          node.quantity ? `${viaWord(node.via)} · ${node.quantity}` : viaWord(node.via),
        ),
      );
    }
  }
  const nodes = [...position.values()].map(({ x, y, node }) => {
    const group = svg(
      'g',
      {
        class: `node ${node.kind}${node.column === 0 ? ' root' : ''}`,
        transform: `translate(${x},${y})`,
        role: 'link',
        tabindex: 0,
        'data-id': node.id,
      },
      svg('rect', { width: NODE_W, height: NODE_H, rx: 10 }),
      svg('text', { class: 'kind', x: 12, y: 17 }, kindWord(node.kind)),
      svg('text', { x: 12, y: 34 }, node.id.length > 20 ? `${node.id.slice(0, 19)}…` : node.id),
      svg('title', {}, `${kindWord(node.kind)} ${node.id}`),
    );
    group.addEventListener('click', () => onOpen?.(node));
    group.style.cursor = 'pointer';
    return group;
  });
  return svg(
    'svg',
    {
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': t('record:provenanceOf', { kind: kindWord(root.kind), id: root.id }),
    },
    svg(
      'defs',
      {},
      svg(
        'marker',
        { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' },
        svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#9fb0d8' }),
      ),
    ),
    edges,
    nodes,
  );
}
