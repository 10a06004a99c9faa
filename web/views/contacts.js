// Contacts: list with search as you type, create, edit, detail with the timeline.
import { h, clear, field, input, textarea } from '../dom.js';
import { t } from '../i18n.js';
import { api, qs, download, ApiError } from '../api.js';
import { heading, section, emptyNote, link, button, csvButton, timelineItem, attempt, salesforceMark, filesSection, state, formDialog, notify, mergedNote } from '../ui.js';
import { contactDialog, logCallDialog, taskDialog } from './forms.js';

export const fullName = (c) => [c.firstName, c.lastName].filter(Boolean).join(' ');

export async function list(view) {
  const q = h('input', { type: 'search', name: 'q', autocomplete: 'off' });
  const results = h('div', { 'aria-live': 'polite' });
  let cursor = null;
  let ticket = 0;
  const load = async (more) => {
    const mine = ++ticket;
    const page = await api('GET', '/contacts' + qs({ q: q.value.trim(), limit: 50, cursor: more ? cursor : '' }));
    if (mine !== ticket) return;
    cursor = page.nextCursor;
    const rows = page.items.map((c) => h('tr', {},
      h('td', {}, link(`#/contacts/${c.id}`, fullName(c))),
      h('td', { text: c.title || '' }),
      h('td', { class: 'hide-phone', text: c.emails[0] || '' })));
    if (!more) {
      clear(results, page.items.length ? h('table', { class: 'list' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('name') }), h('th', { scope: 'col', text: t('title') }),
          h('th', { scope: 'col', class: 'hide-phone', text: t('email') }))),
        h('tbody', {}, rows)) : emptyNote(t('empty')));
    } else {
      results.querySelector('tbody').append(...rows);
    }
    results.querySelector('.more')?.remove();
    if (cursor) results.append(button(t('more'), () => attempt(() => load(true)), { class: 'more' }));
  };
  let debounce;
  q.addEventListener('input', () => { clearTimeout(debounce); debounce = setTimeout(() => attempt(() => load(false)), 200); });
  await load(false);
  view.append(
    heading(t('contacts'), link('#/duplicates', t('findDuplicates'), { id: 'to-duplicates' }), csvButton(() => '/contacts' + qs({ q: q.value.trim() })), button(t('newContact'), () => attempt(async () => {
      const saved = await contactDialog();
      if (saved) location.hash = `#/contacts/${saved.id}`;
    }), { class: 'primary', id: 'new-contact' })),
    h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() }, field(t('searchContacts'), q)),
    results);
}

/** `followed`: the note shown when `id` was merged into another contact (its reads answer that one). */
export async function detail(view, id, followed) {
  const [contact, timeline, files] = await Promise.all([
    api('GET', `/contacts/${id}`),
    api('GET', `/contacts/${id}/timeline?limit=50`),
    api('GET', `/contacts/${id}/files`),
  ]);
  if (contact.id !== id) return detail(view, contact.id, mergedNote('contacts', contact.id, fullName(contact)));
  const account = contact.accountId ? await api('GET', `/accounts/${contact.accountId}`).catch(() => null) : null;
  const rerender = async () => { const fresh = h('div', { class: 'view' }); await detail(fresh, id); view.replaceWith(fresh); fresh.querySelector('h1').focus(); };
  const reloadAfter = (promise) => attempt(async () => { if (await promise) await rerender(); });
  const facts = [
    [t('title'), contact.title],
    [t('salesforceId'), contact.salesforceId ? [salesforceMark(contact.salesforceId), ' ', contact.salesforceId] : null],
    [t('account'), account ? link(`#/accounts/${account.id}`, account.name) : null],
    [t('emails'), contact.emails.length ? contact.emails.map((e, i) => [i ? ', ' : '', h('a', { href: 'mailto:' + e, text: e })]) : null],
    [t('phones'), contact.phones.length ? contact.phones.map((p, i) => [i ? ', ' : '', h('a', { href: 'tel:' + p, text: p })]) : null],
  ].filter(([, v]) => v);
  view.append(
    h('p', { class: 'crumbs' }, link('#/contacts', '← ' + t('contacts'))), followed,
    heading(fullName(contact),
      button(t('logCall'), () => reloadAfter(logCallDialog({ contactId: id })), { class: 'primary', id: 'log-call' }),
      button(t('newTask'), () => reloadAfter(taskDialog(null, { contactId: id, accountId: contact.accountId })), { id: 'new-task' }),
      button(t('edit'), () => reloadAfter(contactDialog(contact)), { id: 'edit-contact' }),
      ...(state.me.role === 'ADMIN' ? [
        button(t('exportPerson'), () => attempt(() => download(`/contacts/${id}/export`)), { id: 'export-contact' }),
        button(t('erasePerson'), () => attempt(() => eraseDialog(contact)), { id: 'erase-contact', class: 'danger' })] : [])),
    h('div', { class: 'grid detail' },
      section(t('details'), h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', { text: k }), h('dd', {}, v)])),
        contact.notes ? h('p', { class: 'notes', text: contact.notes }) : null),
      filesSection(`/contacts/${id}/files`, files),
      section(t('timeline'), timeline.items.length
        ? h('ol', { class: 'timeline', id: 'timeline' }, timeline.items.map(timelineItem)) : emptyNote(t('noTimeline')))));
  // possible duplicates: loaded with their view's code when the record is shown, never delaying it
  import('./duplicates.js').then((d) => d.showHint(view, 'contacts', id)).catch(() => {});
}

/** Art. 17: confirmed by typing the person's name; answers what was removed, then back to the list. */
async function eraseDialog(contact) {
  const name = fullName(contact);
  const removed = await formDialog({
    title: t('erasePerson'),
    intro: t('eraseIntro', name),
    fields: [
      field(t('eraseTypeName', name), input('confirmName', '', { autocomplete: 'off', required: true })),
      field(t('eraseReason'), textarea('reason', '', { rows: 3, required: true, maxlength: 500 }), t('eraseReasonHint')),
    ],
    submit: t('eraseSubmit'),
    onSubmit: async (v) => {
      if (v.confirmName !== name) {
        throw new ApiError(422, { detail: t('eraseNameMismatch'), errors: [{ field: 'confirmName', detail: t('eraseNameMismatch') }] });
      }
      return (await api('POST', `/contacts/${contact.id}/erase`, { body: { reason: v.reason } })).removed;
    },
  });
  if (!removed) return;
  notify(t('erased', Object.values(removed).reduce((a, b) => a + b, 0)));
  location.hash = '#/contacts';
}
