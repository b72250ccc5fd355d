/**
 * One chart on the page: a figure with its title and description, an SVG bar chart (Chartist), a
 * legend that names each series with its total, the data behind it as a table (for screen readers
 * and keyboard users) and as a CSV download, and a button that copies the GraphQL that fetched it.
 */
import { BarChart } from 'chartist';
import { copyableText, operation } from './operations.js';

export interface Series {
  /** Stable key: also the CSS class that colours the series (`s-<key>`). */
  key: string;
  label: string;
  /** One value per label; null draws nothing. */
  values: (number | null)[];
  /** What the legend shows after the label (a total, a rate). */
  legend: string;
}

export interface ChartSpec {
  id: string;
  title: string;
  /** The operation of schema/operations/reports.graphql behind the chart, and its variables. */
  operation: string;
  variables: Record<string, unknown>;
  labels: string[];
  series: Series[];
  horizontal?: boolean;
  stacked?: boolean;
  /** How an axis value reads (e.g. `42%`). */
  format?: (value: number) => string;
  /** The value axis ends here (100 for rates), instead of at the largest value. */
  max?: number;
  /** Label every n-th period on a long time axis (the table and the tooltips have them all). */
  labelEvery?: number;
  /** What the chart shows, when the operation's own description says more than this chart. */
  description?: string;
  /** Extra lines under the legend (totals per currency and the like). */
  notes?: string[];
  /** The rows behind the chart, written as CSV (first row: the header). */
  csv: (string | number | null)[][];
  /** Said instead of a chart when there is nothing to draw. */
  empty?: string;
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
export const toCsv = (rows: (string | number | null)[][]) => rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Without clipboard permission: select the text in a scratch field and copy that.
    const area = el('textarea', { 'aria-hidden': 'true', class: 'scratch' });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

const urls = new Map<string, string>();

/** Render (or re-render) a chart into its figure. */
export function renderChart(host: HTMLElement, spec: ChartSpec): void {
  host.replaceChildren();
  const figure = el('figure', { id: spec.id, class: 'chart', 'aria-labelledby': `${spec.id}-title` });
  const caption = el('figcaption');
  caption.append(
    el('h2', { id: `${spec.id}-title` }, spec.title),
    el('p', { class: 'description' }, spec.description ?? operation(spec.operation).description),
  );
  figure.append(caption);

  const drawable = spec.labels.length > 0 && spec.series.some((s) => s.values.some((v) => v !== null));
  const plot = el('div', { class: `plot${spec.horizontal ? ' horizontal' : ''}`, 'data-chart': spec.id });
  if (!drawable) {
    plot.append(el('p', { class: 'empty' }, spec.empty ?? 'Nothing in this range.'));
    figure.append(plot);
  } else {
    const summary = `${spec.title}: ${spec.series.map((s) => `${s.label} ${s.legend}`).join('; ')}`;
    plot.setAttribute('role', 'img');
    plot.setAttribute('aria-label', summary);
    figure.append(plot);
    const format = spec.format ?? ((v: number) => String(v));
    const chart = new BarChart(
      plot,
      {
        labels: spec.labels,
        series: spec.series.map((s) => ({ name: s.label, className: `s-${s.key}`, data: s.values.map((v) => (v === null ? null : v)) })),
      },
      {
        stackBars: spec.stacked ?? false,
        horizontalBars: spec.horizontal ?? false,
        seriesBarDistance: 12,
        height: spec.horizontal ? `${Math.max(160, spec.labels.length * 44 + 60)}px` : '300px',
        chartPadding: { top: 16, right: spec.horizontal ? 32 : 16, bottom: 8, left: spec.horizontal ? 24 : 8 },
        ...(spec.max !== undefined ? { high: spec.max, low: 0 } : {}),
        axisX: spec.horizontal
          ? { onlyInteger: false, labelInterpolationFnc: (v) => format(Number(v)) }
          : { labelInterpolationFnc: (v, i) => thin(String(v), i, spec.labelEvery ?? (spec.labels.length > 20 ? 3 : 1)) },
        axisY: spec.horizontal
          ? { offset: 140 }
          : { offset: 56, onlyInteger: !spec.format || spec.max !== undefined, labelInterpolationFnc: (v) => format(Number(v)) },
      },
    );
    // Each bar says what it is (a tooltip for the mouse, a title for assistive technology).
    chart.on('draw', (ctx) => {
      if (ctx.type !== 'bar') return;
      const series = spec.series[ctx.seriesIndex];
      const value = series?.values[ctx.index];
      if (!series || value === null || value === undefined) return;
      ctx.element.elem('title').text(`${spec.labels[ctx.index]} · ${series.label}: ${format(value)}`);
    });
  }

  const legend = el('ul', { class: 'legend', 'aria-label': `${spec.title}: legend` });
  for (const s of spec.series) {
    const item = el('li', { class: `s-${s.key}`, 'data-series': s.key });
    item.append(
      el('span', { class: 'swatch', 'aria-hidden': 'true' }),
      el('span', { class: 'label' }, s.label),
      el('span', { class: 'value' }, s.legend),
    );
    legend.append(item);
  }
  figure.append(legend);
  for (const note of spec.notes ?? []) figure.append(el('p', { class: 'note' }, note));

  // The data behind the chart, as a table, a CSV file and the GraphQL that fetched it.
  const actions = el('div', { class: 'actions' });
  const copyButton = el('button', { type: 'button', class: 'link', 'data-action': 'copy-graphql' }, 'Copy the GraphQL');
  const copied = el('span', { class: 'copied', role: 'status' });
  copyButton.addEventListener('click', () => {
    void copyableText(spec.operation, spec.variables).then(async (text) => {
      await copy(text);
      copied.textContent = 'Copied.';
      setTimeout(() => (copied.textContent = ''), 2500);
    });
  });
  const previous = urls.get(spec.id);
  if (previous) URL.revokeObjectURL(previous);
  const url = URL.createObjectURL(new Blob([toCsv(spec.csv)], { type: 'text/csv;charset=utf-8' }));
  urls.set(spec.id, url);
  const download = el('a', { href: url, download: `${spec.id}.csv`, class: 'link', 'data-action': 'csv' }, 'Download CSV');
  actions.append(copyButton, download, copied);
  figure.append(actions);

  const details = el('details', { class: 'data' });
  details.append(el('summary', {}, 'Data table'));
  const table = el('table');
  const [header = [], ...rows] = spec.csv;
  const head = el('tr');
  for (const h of header) head.append(el('th', { scope: 'col' }, String(h)));
  table.append(el('thead'), el('tbody'));
  table.tHead!.append(head);
  for (const r of rows) {
    const tr = el('tr');
    for (const c of r) tr.append(el('td', {}, c === null ? '' : String(c)));
    table.tBodies[0]!.append(tr);
  }
  details.append(table);
  figure.append(details);
  host.append(figure);
}

/** On a long time axis, label every few periods only (month-day: the year is in the title). */
function thin(label: string, index: number, every: number): string | null {
  return index % every === 0 ? label.slice(5) : null;
}
