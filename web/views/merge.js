// Merging two duplicates: both records side by side, a row per field, the values to keep chosen per
// field; the kept record afterwards with a banner to undo. Loaded when opened.
import { h, clear } from '../dom.js';
import { t, fmtNumber } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, link, button, describe, formDialog, attempt } from '../ui.js';
import * as contacts from './contacts.js';
import * as accounts from './accounts.js';

/** The fields the merge compares; `list` fields become the union, the others are chosen (`take`). */
export const FIELDS = {
  contacts: [['firstName'], ['lastName'], ['title'], ['accountId', 'account'], ['notes'], ['emails', 'emails', 'list'], ['phones', 'phones', 'list']],
  accounts: [['name'], ['type'], ['website'], ['phone'], ['address'], ['notes'], ['emailDomains', 'emailDomains', 'list']],
};
/** The most addresses, numbers or domains a record holds: a larger union is refused (422). */
export const LIST_LIMIT = 10;

const empty = (v) => v === null || v === undefined || v === '' || (Array.isArray(v) ? !v.length
  : typeof v === 'object' && Object.values(v).every(empty));
const same = (a, b) => (empty(a) && empty(b)) || JSON.stringify(a) === JSON.stringify(b);

/**
 * The rows of the comparison (pure): per field both values, whether they differ, whether there is a
 * choice (both filled and different) and which value wins. `picks` maps a field to the id of the record
 * whose value was chosen; without one the kept record's value wins, or the other's where the kept one is empty.
 */
export function mergeRows(kind, kept, other, picks = {}) {
  return FIELDS[kind].map(([field, label = field, list]) => {
    const a = kept[field];
    const b = other[field];
    if (list) {
      const union = [...new Set([...(a || []), ...(b || [])])];
      return { field, label, list: true, kept: a || [], other: b || [], differs: !same(a, b), choosable: false, pick: 'kept',
        result: union, tooMany: union.length > LIST_LIMIT };
    }
    const choosable = !empty(a) && !empty(b) && !same(a, b);
    const pick = choosable ? (picks[field] === other.id ? 'other' : 'kept') : empty(a) && !empty(b) ? 'other' : 'kept';
    return { field, label, list: false, kept: a ?? null, other: b ?? null, differs: !same(a, b), choosable, pick,
      result: pick === 'other' ? b : a ?? null };
  });
}

/** The request's `take`: the chosen fields whose value comes from the other record (an empty field is filled anyway). */
export const takeOf = (rows) => rows.filter((row) => row.choosable && row.pick === 'other').map((row) => row.field);

const nameOf = (kind, record) => (kind === 'contacts' ? contacts.fullName(record) : record.name);

function shown(field, value, names) {
  if (empty(value)) return t('none');
  if (Array.isArray(value)) return value.join(', ');
  if (field === 'accountId') return names[value] || value;
  if (field === 'type') return t(value);
  if (field === 'address') return [value.street, [value.postalCode, value.city].filter(Boolean).join(' '), value.state, value.country].filter(Boolean).join(', ');
  return String(value);
}

/** One record with what the screen shows of it: its timeline's first page and, for accounts, its open tasks. */
async function side(kind, id) {
  const [record, timeline] = await Promise.all([api('GET', `/${kind}/${id}`), api('GET', `/${kind}/${id}/timeline?limit=50`)]);
  const count = (items, more) => (more ? t('mergeAtLeast', fmtNumber(items.length)) : fmtNumber(items.length));
  const moves = [[t('mergeTimeline'), count(timeline.items, timeline.nextCursor)]];
  if (kind === 'contacts') {
    moves.push([t('mergeTasks'), count(timeline.items.filter((e) => e.kind === 'TASK'), timeline.nextCursor)]);
  } else {
    // GET /tasks filters by the account id as given: ask with the record's own id (after a 301 it is the kept one)
    const tasks = await api('GET', `/tasks?accountId=${record.id}&status=OPEN&limit=50`);
    moves.push([t('mergeOpenTasks'), count(tasks.items, tasks.nextCursor)], [t('contactsOf'), fmtNumber(record.contactCount)],
      [t('opportunities'), fmtNumber(record.opportunities.length)]);
  }
  return { record, moves };
}

export async function render(view, kind, keptId, otherId) {
  const screen = { kind, picks: {}, names: {}, same: keptId === otherId };
  await load(screen, keptId, otherId);
  draw(view, screen);
}

async function load(screen, keptId, otherId) {
  [screen.kept, screen.other] = await Promise.all([side(screen.kind, keptId), side(screen.kind, otherId)]);
  const accountIds = screen.kind === 'contacts'
    ? [...new Set([screen.kept.record.accountId, screen.other.record.accountId].filter(Boolean))] : [];
  for (const a of await Promise.all(accountIds.map((id) => api('GET', `/accounts/${id}`).catch(() => null)))) {
    if (a) screen.names[a.id] = a.name;
  }
}

function draw(view, screen, message) {
  const { kind } = screen;
  const kept = screen.kept.record;
  const other = screen.other.record;
  const keptName = nameOf(kind, kept);
  const otherName = nameOf(kind, other);
  const summary = h('div', { class: 'summary', id: 'merge-summary', tabindex: '-1' }, message);
  clear(view, h('p', { class: 'crumbs' }, link('#/duplicates', '← ' + t('duplicates'))), heading(t('mergeTitle')));
  if (kept.id === other.id) {
    view.append(h('p', { class: 'alert conflict', id: 'merge-summary', text: t(screen.same ? 'mergeSame' : 'mergeAlready', keptName) }),
      link(`#/${kind}/${kept.id}`, keptName));
    return;
  }
  history.replaceState(null, '', `#/merge/${kind}/${kept.id}/${other.id}`);
  const rows = mergeRows(kind, kept, other, screen.picks);
  const th = (text, attrs = {}) => h('th', { scope: 'col', ...attrs }, text);
  const results = {};
  const valueCell = (row, which, record) => {
    const text = shown(row.field, row[which], screen.names);
    if (!row.choosable) return h('td', { text });
    const id = `pick-${row.field}-${which}`;
    return h('td', {}, h('input', { type: 'radio', name: 'pick-' + row.field, id, value: record.id, checked: row.pick === which,
      'data-field': row.field, onchange: () => {
        screen.picks[row.field] = record.id;
        results[row.field].textContent = text;
      } }), ' ', h('label', { for: id }, h('span', { class: 'sr-only', text: t(row.label) + ': ' }), text));
  };
  const fieldRows = rows.map((row) => {
    const result = h('td', { id: `result-${row.field}`, text: shown(row.field, row.result, screen.names) },
      row.tooMany ? h('p', { class: 'field-error', text: t('mergeTooMany', LIST_LIMIT) }) : null);
    results[row.field] = result;
    return h('tr', { class: row.differs ? 'differs' : null, 'data-field': row.field },
      h('th', { scope: 'row' }, t(row.label), row.differs ? h('span', { class: 'sr-only', text: ' ' + t('mergeDiffers') }) : null),
      valueCell(row, 'kept', kept), valueCell(row, 'other', other), result);
  });
  const moveRows = screen.kept.moves.map(([label, count], i) => h('tr', { class: 'moves' },
    h('th', { scope: 'row', text: label }), h('td', { text: count }), h('td', { text: screen.other.moves[i][1] }), h('td', { text: '+ ' + screen.other.moves[i][1] })));
  const submit = h('button', { type: 'submit', class: 'primary', id: 'merge-submit', text: t('mergeDo') });
  const form = h('form', { id: 'merge-form', novalidate: true },
    h('div', { class: 'scroll-x' }, h('table', { class: 'list merge', id: 'merge-table' },
      h('caption', { text: t('mergeCompare') }),
      h('thead', {}, h('tr', {}, th(t('mergeField')), th(t('mergeKeptCol', keptName), { id: 'merge-kept' }),
        th(t('mergeOtherCol', otherName), { id: 'merge-other' }), th(t('mergeResult')))),
      h('tbody', {}, fieldRows),
      h('tbody', {}, h('tr', {}, h('th', { scope: 'rowgroup', colspan: 4, text: t('mergeMoves') })), moveRows))),
    h('div', { class: 'actions' }, submit,
      button(t('mergeSwap', otherName), () => {
        [screen.kept, screen.other] = [screen.other, screen.kept];
        draw(view, screen);
        view.querySelector('#merge-swap').focus();
      }, { id: 'merge-swap' })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    const body = { from: other.id, fromVersion: other.version, take: takeOf(mergeRows(kind, kept, other, screen.picks)) };
    try {
      const result = await api('POST', `/${kind}/${kept.id}/merge`, { body, version: kept.version });
      await showMerged(view, kind, result, otherName);
    } catch (e) {
      // stale (412, or a 409 of a change that raced the merge, naming no field): both anew, with the choices
      // made so far, and say so (never merge over a change unseen)
      const stale = e instanceof ApiError && (e.status === 412 || (e.status === 409 && !(e.problem.errors || []).length));
      const reloaded = stale && await load(screen, kept.id, other.id).then(() => true, (again) => { e = again; });
      if (reloaded) draw(view, screen, h('div', { class: 'alert conflict', role: 'alert' }, h('p', { text: t('mergeChanged') })));
      else clear(summary, problemBox(kind, e, body, otherName));
      view.querySelector('#merge-summary').focus();
    } finally {
      submit.disabled = false;
    }
  });
  view.append(h('p', { class: 'muted', text: t('mergeIntro') }), summary, form);
}

/** A refusal (409, 422, 404 …) in the member's language, each field named by its label. */
function problemBox(kind, error, body, otherName) {
  const labels = Object.fromEntries(FIELDS[kind].map(([field, label = field]) => [field, t(label)]));
  const lines = (error instanceof ApiError ? error.problem.errors || [] : []).map((fe) => {
    const taken = /^take\[(\d+)]$/.exec(fe.field);
    if (taken) return `${labels[body.take[Number(taken[1])]] || fe.field}: ${t('mergeCannotTake')}`;
    if (fe.field === 'from' && error.status === 409) return `${t('mergeFrom')} „${otherName}“: ${conflictText(kind, error)}`;
    if (fe.field === 'from') return `${t('mergeFrom')}: ${t('mergeSame')}`;
    if (labels[fe.field] && FIELDS[kind].some(([f, , list]) => f === fe.field && list)) return `${labels[fe.field]}: ${t('mergeTooMany', LIST_LIMIT)}`;
    return `${labels[fe.field] || fe.field}: ${fe.detail}`;
  });
  let text = lines.length ? t('mergeRefused') : describe(error);
  if (!lines.length && error instanceof ApiError && error.status === 404) text = t('mergeGone');
  return h('div', { class: 'alert', role: 'alert' }, h('p', { text }),
    lines.length ? h('ul', {}, lines.map((line) => h('li', { text: line }))) : null,
    // the server's own words name the opportunity to close (in English)
    error instanceof ApiError && error.status === 409 && !error.problem.mergedInto ? h('p', { class: 'small', lang: 'en', text: error.message }) : null);
}

/** A 409 naming `from`: merged already (the problem says into which), or, for accounts, an open opportunity each. */
const conflictText = (kind, error) => (error.problem.mergedInto || kind !== 'accounts' ? t('mergeAlreadyMerged') : t('mergeOpenOpportunity'));

/** What a merge answers it moved, in the order the banner names them. */
const MOVED = [['contacts', 'contactsOf'], ['interactions', 'mergeTimeline'], ['tasks', 'tasks'], ['opportunities', 'opportunities'], ['waitingMails', 'mergeWaitingMails']];

/** The kept record's own view with the banner on top; focus goes to the banner. */
async function showRecord(view, kind, id, banner) {
  const fresh = h('div', { class: 'view' });
  await (kind === 'contacts' ? contacts.detail : accounts.detail)(fresh, id);
  history.pushState(null, '', `#/${kind}/${id}`);
  fresh.querySelector('.crumbs').after(banner);
  view.replaceWith(fresh);
  document.title = `${fresh.querySelector('h1').textContent} – ${t('appName')}`;
  banner.focus();
}

async function showMerged(view, kind, result, otherName) {
  const kept = result.contact || result.account;
  const parts = MOVED.filter(([key]) => key in (result.moved || {})).map(([key, label]) => `${t(label)}: ${fmtNumber(result.moved[key])}`);
  const moved = parts.length ? t('mergedMoved', parts.join(', ')) : '';
  const undo = () => formDialog({
    title: t('mergeUndoTitle'), intro: t('mergeUndoIntro', nameOf(kind, kept), otherName), fields: [], submit: t('mergeUndo'),
    onSubmit: async () => {
      try {
        return await api('POST', `/merges/${result.mergeId}/undo`);
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) throw new ApiError(409, { detail: t('mergeUndoConflict') });
        if (e instanceof ApiError && (e.status === 404 || e.status === 410)) throw new ApiError(e.status, { detail: t('mergeUndoExpired') });
        throw e;
      }
    },
  }).then((undone) => undone && attempt(() => showUndone(document.querySelector('main .view'), kind, undone)));
  const banner = h('div', { class: 'alert done', id: 'merge-result', tabindex: '-1' },
    h('p', {}, h('strong', { text: t('merged') }), ' ', moved, result.complete === false ? ' ' + t('mergedIncomplete') : ''),
    button(t('mergeUndo'), undo, { id: 'merge-undo' }));
  await showRecord(view, kind, kept.id, banner);
}

async function showUndone(view, kind, undone) {
  const restored = undone.restored;
  const banner = h('div', { class: 'alert done', id: 'merge-result', tabindex: '-1' },
    h('p', {}, t('mergeUndone'), ' ', link(`#/${kind}/${restored.id}`, nameOf(kind, restored), { id: 'merge-restored' })));
  await showRecord(view, kind, undone.kept.id, banner);
}

