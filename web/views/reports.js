// Berichte: the pipeline report as SVG charts drawn here (no chart library), each with its numbers
// as a table for screen readers. Loaded only when the view is opened (app.js imports it on demand).
import { h, field, select } from '../dom.js';
import { t, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { heading, section, emptyNote } from '../ui.js';

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs = {}, ...children) => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
};
const pct = (rate) => (rate === null || rate === undefined ? t('none') : new Intl.NumberFormat(document.documentElement.lang, { style: 'percent', maximumFractionDigits: 1 }).format(rate));

/** Horizontal bars: [{label, value, text}]; the SVG is decorative next to its table (aria-hidden). */
function bars(rows, id) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowHeight = 28;
  const labelWidth = 190;
  const width = 640;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${rows.length * rowHeight + 4}`, class: 'chart', 'aria-hidden': 'true', 'data-chart': id });
  rows.forEach((r, i) => {
    const y = i * rowHeight + 2;
    const w = Math.round(((width - labelWidth - 70) * r.value) / max);
    const label = svg('text', { x: labelWidth - 8, y: y + 18, 'text-anchor': 'end', class: 'chart-label' });
    label.textContent = r.label.length > 28 ? r.label.slice(0, 27) + '…' : r.label;
    const value = svg('text', { x: labelWidth + w + 6, y: y + 18, class: 'chart-value' });
    value.textContent = r.text ?? fmtNumber(r.value);
    chart.append(label, svg('rect', { x: labelWidth, y: y + 4, width: Math.max(w, r.value > 0 ? 2 : 0), height: rowHeight - 8, rx: 3, class: 'chart-bar' }), value);
  });
  return chart;
}

/** The chart's numbers: a table that screen readers read instead of the picture. */
function numbers(caption, headers, rows) {
  return h('table', { class: 'list sr-only' }, h('caption', { text: caption }),
    h('thead', {}, h('tr', {}, headers.map((text) => h('th', { scope: 'col', text })))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((text, i) => (i === 0 ? h('th', { scope: 'row', text }) : h('td', { text })))))));
}

function month(offset) {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() + offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export async function render(view, query) {
  const params = new URLSearchParams(query || location.hash.split('?')[1] || '');
  const from = params.get('from') || month(-11);
  const to = params.get('to') || month(0);
  const type = params.get('type') || '';
  const data = await api('GET', `/reports/pipeline?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${type ? '&type=' + encodeURIComponent(type) : ''}`);
  const typeOptions = [['', t('allTypes')], ...data.types.map((x) => [x.type, x.label])];
  const filters = h('form', { class: 'filters', id: 'report-filters' },
    field(t('fromMonth'), h('input', { type: 'month', name: 'from', value: data.from })),
    field(t('toMonth'), h('input', { type: 'month', name: 'to', value: data.to })),
    field(t('type'), select('type', typeOptions, type)),
    h('button', { type: 'submit', class: 'primary', text: t('show') }));
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    const v = new FormData(filters);
    const next = new URLSearchParams({ from: v.get('from'), to: v.get('to') });
    if (v.get('type')) next.set('type', v.get('type'));
    location.hash = '#/reports?' + next;
  });

  const open = data.stages.filter((s) => !s.closed);
  const won = data.stages.find((s) => s.stage === 'CLOSED_WON');
  const funnelRows = [...open, ...(won ? [won] : [])];
  const funnel = section(t('funnel'),
    h('p', { class: 'muted', text: t('funnelHint') }),
    bars(funnelRows.map((s) => ({ label: s.label, value: s.reached })), 'funnel'),
    numbers(t('funnel'), [t('stage'), t('reached'), t('openNow'), t('entered'), t('toNext'), t('toWon')],
      funnelRows.map((s) => [s.label, fmtNumber(s.reached), fmtNumber(s.open), fmtNumber(s.entered), pct(s.conversionToNext), pct(s.conversionToWon)])));

  const days = section(t('daysInStageTitle'),
    h('p', { class: 'muted', text: t('daysHint') }),
    bars(open.map((s) => ({ label: s.label, value: s.medianDays ?? 0, text: s.medianDays === null ? t('none') : (s.medianExact ? '' : '≈ ') + t('daysN', s.medianDays) })), 'days'),
    numbers(t('daysInStageTitle'), [t('stage'), t('medianDays'), t('stays')],
      open.map((s) => [s.label, s.medianDays === null ? t('none') : (s.medianExact ? '' : '≈ ') + fmtNumber(s.medianDays), fmtNumber(s.stays)])));

  const reasons = section(t('lostReasons'),
    data.lostReasons.length
      ? [bars(data.lostReasons.map((r) => ({ label: r.reason, value: r.count })), 'reasons'),
        numbers(t('lostReasons'), [t('reason'), t('count')], data.lostReasons.map((r) => [r.reason, fmtNumber(r.count)]))]
      : emptyNote(t('noLosses')));

  const outcomes = section(t('winRates'),
    h('table', { class: 'list', id: 'win-rates' },
      h('thead', {}, h('tr', {}, [t('type'), t('won'), t('lost'), t('winRate')].map((text) => h('th', { scope: 'col', text })))),
      h('tbody', {}, [...data.types.map((x) => [x.label, x]), [t('all'), data.total]].map(([label, x]) =>
        h('tr', {}, h('th', { scope: 'row', text: label }), h('td', { text: fmtNumber(x.won) }), h('td', { text: fmtNumber(x.lost) }),
          h('td', { text: pct(x.winRate) }))))));

  const quarters = section(t('quarters'),
    h('table', { class: 'list', id: 'quarters' },
      h('thead', {}, h('tr', {}, [t('quarter'), t('createdCount'), t('won'), t('lost')].map((text) => h('th', { scope: 'col', text })))),
      h('tbody', {}, data.quarters.map((q) => h('tr', {}, h('th', { scope: 'row', text: q.quarter }),
        h('td', { text: fmtNumber(q.created) }), h('td', { text: fmtNumber(q.won) }), h('td', { text: fmtNumber(q.lost) }))))));

  view.append(heading(t('reports')), filters, h('div', { class: 'report-grid' }, funnel, days, reasons, outcomes, quarters));
}
