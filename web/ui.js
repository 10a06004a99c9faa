// Shared page state and the building blocks of every view: dialogs, forms, errors, conflicts, messages.
import { h, clear, field, uid } from './dom.js';
import { t, fmtDate, fmtDateTime, fmtNumber, isoDay } from './i18n.js';
import { api, ApiError, downloadCsv } from './api.js';

export const state = { me: null, members: [], definition: null, rerender: () => {} };

export async function loadMembers() {
  const page = await api('GET', '/members?limit=200');
  state.members = page.items;
}

export const memberName = (id) => state.members.find((m) => m.id === id)?.name || t('none');
export const activeMembers = () => state.members.filter((m) => m.active);
export const memberOptions = () => activeMembers().map((m) => [m.id, m.name]);

/** A polite status message (aria-live) for what just happened. */
export function notify(message) {
  const status = document.getElementById('status');
  status.textContent = '';
  // a fresh text node so that screen readers announce the same message twice as well
  requestAnimationFrame(() => { status.textContent = message; });
  clearTimeout(notify.timer);
  notify.timer = setTimeout(() => { status.textContent = ''; }, 8000);
}

/** The conflict notice (412): say so, offer to reload, never retry on our own. */
function conflictBox(onReload) {
  return h('div', { class: 'alert conflict', role: 'alert' },
    h('p', { text: t('conflict') }),
    h('button', { type: 'button', class: 'primary', onclick: onReload, text: t('reload') }));
}

/** Errors outside of forms: a banner at the top of the page. */
export function showError(error) {
  const alert = document.getElementById('alert');
  if (error instanceof ApiError && error.status === 412) {
    clear(alert, conflictBox(() => { clear(alert); state.rerender(); }));
  } else {
    clear(alert, h('div', { class: 'alert', role: 'alert' },
      h('p', { text: describe(error) }),
      h('button', { type: 'button', onclick: () => clear(alert), text: t('close') })));
  }
  alert.querySelector('button')?.focus();
}

export function describe(error) {
  if (error instanceof ApiError && error.status === 0) return t('offline');
  return t('errorGeneric', error.message);
}

/** Runs an action from a button: errors land in the banner. */
export async function attempt(action) {
  try {
    clear(document.getElementById('alert'));
    return await action();
  } catch (e) {
    showError(e);
    return undefined;
  }
}

/** Puts problem+json field errors next to their fields; the rest into the form's summary. */
export function showProblem(form, summary, error) {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.field-error')) { el.hidden = true; el.textContent = ''; }
  if (error instanceof ApiError && error.status === 412) {
    clear(summary, conflictBox(() => { form.closest('dialog')?.close(); state.rerender(); }));
    summary.querySelector('button').focus();
    return;
  }
  const unplaced = [];
  const fieldErrors = error instanceof ApiError ? error.problem.errors || [] : [];
  for (const fe of fieldErrors) {
    const control = form.querySelector(`[name="${CSS.escape(fe.field)}"]`)
      || form.querySelector(`[name="${CSS.escape(String(fe.field).split(/[.[]/)[0])}"]`);
    const slot = control && document.getElementById(control.id + '-error');
    if (slot) {
      control.setAttribute('aria-invalid', 'true');
      slot.textContent = fe.detail;
      slot.hidden = false;
    } else {
      unplaced.push(`${fe.field}: ${fe.detail}`);
    }
  }
  const message = fieldErrors.length ? t('fieldErrors') : describe(error);
  clear(summary, h('div', { class: 'alert', role: 'alert' }, h('p', { text: message }),
    unplaced.length ? h('ul', {}, unplaced.map((u) => h('li', { text: u }))) : null));
  (form.querySelector('[aria-invalid="true"]') || summary).focus?.();
}

/**
 * A modal form: formDialog({title, fields: [nodes], submit, onSubmit(values, form)}) → Promise of the
 * onSubmit result (undefined when cancelled). onSubmit errors are shown in the dialog.
 */
export function formDialog({ title, fields, submit = t('save'), onSubmit, intro }) {
  return new Promise((resolve) => {
    const headingId = uid('dlg');
    const summary = h('div', { class: 'summary', tabindex: '-1' });
    const form = h('form', { novalidate: true },
      h('h2', { id: headingId, text: title }),
      intro ? h('p', { class: 'muted', text: intro }) : null,
      summary, fields,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary', text: submit }),
        h('button', { type: 'button', onclick: () => dialog.close(), text: t('cancel') })));
    const dialog = h('dialog', { 'aria-labelledby': headingId }, form);
    let result;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      try {
        result = await onSubmit(values(form), form);
        dialog.close();
      } catch (e) {
        showProblem(form, summary, e);
      } finally {
        button.disabled = false;
      }
    });
    dialog.addEventListener('close', () => { dialog.remove(); resolve(result); });
    document.body.append(dialog);
    dialog.showModal();
    form.querySelector('input:not([type=hidden]), select, textarea')?.focus();
  });
}

/** Form values by name: checkboxes as booleans, text trimmed. */
export function values(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    out[el.name] = el.type === 'checkbox' ? el.checked : el.value.trim();
  }
  return out;
}

/** "" → null (merge patch clears), else the text. */
export const orNull = (v) => (v === '' || v === undefined ? null : v);
export const orUndefined = (v) => (v === '' || v === undefined ? undefined : v);
export const list = (v) => (v || '').split(',').map((s) => s.trim()).filter(Boolean);

/**
 * A record asked for by the id of one merged into it: the API answers 301 to the kept record and fetch
 * follows it. The address becomes the kept record's, and this note says what happened.
 */
export function mergedNote(kind, keptId, keptName) {
  history.replaceState(null, '', `#/${kind}/${keptId}`);
  return h('p', { class: 'alert conflict', role: 'note', id: 'merged-note', text: t('mergedInto', keptName) });
}

/** The view's heading; focus moves to it on navigation. */
export function heading(text, ...actions) {
  return h('div', { class: 'view-head' }, h('h1', { tabindex: '-1', text }),
    actions.length ? h('div', { class: 'actions' }, actions) : null);
}

export const link = (href, text, attrs = {}) => h('a', { href, ...attrs }, text);
export const section = (title, ...children) => {
  const id = uid('sec');
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id, text: title }), children);
};
export const emptyNote = (text) => h('p', { class: 'muted empty', text });
export const button = (text, onclick, attrs = {}) => h('button', { type: 'button', onclick, ...attrs }, text);

/** "CSV" next to a list: every row of its current filter as a spreadsheet file. */
export const csvButton = (path) => button(t('downloadCsv'), () => attempt(() => downloadCsv(typeof path === 'function' ? path() : path)),
  { class: 'csv', 'data-csv': '' });

/** What makes a task special in a list: created by the CRM (no reply, snooze ended) or repeating. */
export function taskMarks(task) {
  return [task.origin ? h('span', { class: 'tag origin', 'data-origin': task.origin, text: t(task.origin) }) : null,
    task.recurrence ? h('span', { class: 'tag', title: t('repeats', fmtNumber(task.recurrence.every), t(task.recurrence.unit)),
      text: '↻ ' + t('repeats', fmtNumber(task.recurrence.every), t(task.recurrence.unit)) }) : null];
}

/** A due date with its state (overdue / today) in words, not only colour. */
export function dueBadge(task) {
  const today = isoDay();
  const overdue = task.status === 'OPEN' && task.dueDate < today;
  const isToday = task.status === 'OPEN' && task.dueDate === today;
  return h('span', { class: 'due' + (overdue ? ' overdue' : isToday ? ' today' : '') },
    fmtDate(task.dueDate), overdue ? ` · ${t('overdue')}` : isToday ? ` · ${t('dueToday')}` : '');
}

/** The small mark of a record or line imported from Salesforce, with its Salesforce Id. */
export const salesforceMark = (id) => (id
  ? h('span', { class: 'tag sf', title: `${t('salesforceId')}: ${id}`, text: t('fromSalesforce') }) : null);

/**
 * The files of an account or contact (imported from Salesforce), each a download link; nothing when
 * there are none. The links live a few minutes: an older one is fetched anew on the click.
 */
export function filesSection(listPath, files) {
  if (!files.items.length) return null;
  const fetchedAt = Date.now();
  const open = (file) => async (event) => {
    if (Date.now() - fetchedAt < (files.linkExpiresInSeconds - 30) * 1000) return;
    event.preventDefault();
    await attempt(async () => {
      const now = (await api('GET', listPath)).items.find((f) => f.id === file.id);
      if (now) location.assign(now.url);
    });
  };
  return section(t('files'), h('ul', { class: 'rows', id: 'files' }, files.items.map((file) => h('li', {},
    h('a', { href: file.url, 'data-file': file.id, onclick: open(file) }, file.name), ' ',
    h('span', { class: 'muted small', text: [file.contentType, `${fmtNumber(Math.max(1, Math.ceil(file.size / 1024)))} KB`,
      fmtDate(file.createdAt.slice(0, 10))].filter(Boolean).join(' · ') }), ' ',
    salesforceMark(file.salesforceId)))));
}

/** One timeline entry of an account or contact. */
export function timelineItem(entry) {
  const kind = entry.kind === 'TASK' ? (entry.type === 'DONE' ? t('taskDone') : t('taskOpen'))
    : entry.kind === 'STAGE_CHANGE' ? t('STAGE_CHANGE') : t(entry.type || 'INTERACTION');
  const meta = [fmtDateTime(entry.at)];
  if (entry.by) meta.push(t('by', memberName(entry.by)));
  if (entry.details?.dueDate) meta.push(`${t('dueDate')}: ${fmtDate(entry.details.dueDate)}`);
  // every entry opens its own view: an interaction its page, a task the task list at it
  const href = entry.kind === 'INTERACTION' ? `#/interactions/${entry.refId}` : entry.kind === 'TASK' ? `#/tasks/${entry.refId}` : null;
  const title = entry.title && entry.title !== entry.type ? entry.title : null;
  return h('li', { class: 'tl tl-' + entry.kind.toLowerCase() },
    // a call without subject has its type as title: the tag says that already
    h('p', { class: 'tl-head' }, h('span', { class: 'tag', text: kind }), ' ',
      href ? h('a', { href, class: 'tl-open' }, h('strong', { text: title || t('openEntry') })) : title ? h('strong', { text: title }) : null,
      entry.details?.salesforceId ? [' ', salesforceMark(entry.details.salesforceId)] : null),
    entry.summary ? h('p', { class: 'tl-summary', text: entry.summary }) : null,
    h('p', { class: 'muted small', text: meta.join(' · ') }),
    entry.kind === 'INTERACTION' && entry.type === 'EMAIL' && entry.details?.direction === 'OUTBOUND' ? followUpState(entry.refId) : null);
}

/** What became of an outbound mail's follow-up (GET /interactions/{id}), shown on demand. */
function followUpState(interactionId) {
  const out = h('p', { class: 'small', 'data-follow-up': interactionId });
  out.append(button(t('followUpAsk'), () => attempt(async () => {
    const f = (await api('GET', `/interactions/${interactionId}`)).followUp || { state: 'OFF' };
    clear(out, f.state === 'TASK_CREATED'
      ? [t('followUp_TASK_CREATED'), ' ', h('a', { href: `#/tasks/${f.taskId}`, text: t('toTask') })]
      : t('followUp_' + f.state, f.dueDate ? fmtDate(f.dueDate) : ''));
  }), { class: 'small' }));
  return out;
}

export { h, clear, field };
