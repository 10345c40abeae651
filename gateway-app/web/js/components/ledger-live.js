/* global AbortController, TextDecoder, fetch, window */
import { session } from '../api.js';
import { h, svg } from '../dom.js';
import { formatNumber, formatTime, t } from '../i18n.js';

const WIDTH = 600;
const HEIGHT = 140;
const AXIS = 18;
const SHORT = { timeStyle: 'short' };

/**
 * Transactions per minute as a bar chart (SVG, hidden from screen readers) with the same figures as a table
 * only screen readers see: one row per minute that had transactions.
 */
export function throughputChart(chart) {
  const most = Math.max(1, ...chart.minutes.map((m) => m.transactions));
  const step = WIDTH / chart.minutes.length;
  const plot = HEIGHT - AXIS;
  const range = { from: formatTime(chart.from, SHORT), to: formatTime(chart.to, SHORT) };
  const bars = chart.minutes.map((m, i) => {
    const tall = (m.transactions / most) * (plot - 4);
    return svg(
      'rect',
      {
        class: 'bar',
        x: (i * step + step * 0.15).toFixed(1),
        y: (plot - tall).toFixed(1),
        width: (step * 0.7).toFixed(1),
        height: tall.toFixed(1),
        'data-count': m.transactions,
      },
      svg('title', {}, `${formatTime(m.start, SHORT)}: ${m.transactions}`),
    );
  });
  const picture = svg(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'throughput-chart', 'aria-hidden': 'true', focusable: 'false' },
    svg('line', { class: 'axis', x1: 0, y1: plot, x2: WIDTH, y2: plot }),
    bars,
    svg('text', { class: 'label', x: 2, y: 12 }, formatNumber(most)),
    svg('text', { class: 'label', x: 2, y: HEIGHT - 4 }, range.from),
    svg('text', { class: 'label end', x: WIDTH - 2, y: HEIGHT - 4 }, range.to),
  );
  const busy = chart.minutes.filter((m) => m.transactions > 0);
  const figures = h(
    'table',
    { className: 'sr-only', id: 'throughput-table' },
    h('caption', {}, t('explorer:chartTitle', range)),
    h('thead', {}, h('tr', {}, h('th', {}, t('explorer:minute')), h('th', {}, t('explorer:transactions')))),
    h(
      'tbody',
      {},
      busy.map((m) => h('tr', {}, h('td', {}, formatTime(m.start, SHORT)), h('td', {}, String(m.transactions)))),
    ),
  );
  return [
    h('div', { className: 'chart-wrap' }, picture),
    figures,
    h(
      'p',
      { className: 'muted', id: 'throughput-total' },
      t('explorer:throughputTotal', { count: chart.total, ...range }),
    ),
    chart.complete ? null : h('p', { className: 'muted' }, t('explorer:throughputPartial')),
  ];
}

/**
 * Follows `/api/explorer/blocks/stream` after block `after` (server-sent events read through fetch, which can send
 * the sign-in header EventSource cannot) until the page changes; `onBlock` per block, `onEnd` if it stops.
 */
export function followBlocks(after, { onBlock, onEnd }) {
  const abort = new AbortController();
  window.addEventListener('hashchange', () => abort.abort(), { once: true });
  const run = async () => {
    const response = await fetch('/api/explorer/blocks/stream', {
      signal: abort.signal,
      headers: {
        authorization: `Bearer ${session.token}`,
        ...(after >= 0 ? { 'last-event-id': String(after) } : {}),
      },
    });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        const data = lines.find((l) => l.startsWith('data: '));
        if (data && lines.includes('event: block')) onBlock(JSON.parse(data.slice(6)));
      }
    }
  };
  run().then(
    () => onEnd(),
    () => {
      if (!abort.signal.aborted) onEnd();
    },
  );
}
