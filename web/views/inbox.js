// Unresolved mail: every waiting mail with its addresses and subject; assign it to a contact, create
// the contact from an address in one step, or discard it.
import { h, clear, field, select, input } from '../dom.js';
import { t, fmtDateTime } from '../i18n.js';
import { api, qs } from '../api.js';
import { state, heading, emptyNote, button, memberName, attempt, notify, formDialog } from '../ui.js';
import { contactDialog } from './forms.js';
import { fullName } from './contacts.js';

export async function render(view) {
  const list = h('ul', { class: 'mails', id: 'mails' });
  const more = button(t('more'), () => attempt(() => load(true)), { hidden: true, id: 'more-mails' });
  const mine = h('input', { type: 'checkbox', name: 'mine' });
  const address = h('input', { type: 'search', name: 'address', autocomplete: 'off' });
  const empty = emptyNote(t('noUnresolved'));
  let cursor = null;
  const mails = [];
  const rerender = async () => { const fresh = h('div', { class: 'view' }); await render(fresh); view.replaceWith(fresh); fresh.querySelector('h1').focus(); };
  const after = (promise) => attempt(async () => { if (await promise) await rerender(); });
  // the filters apply to the loaded pages; "load more" fetches the next page of the inbox
  const show = () => {
    const q = address.value.trim().toLowerCase();
    const shown = mails.filter((m) => (!mine.checked || m.authorId === state.me.id)
      && (!q || m.participants.some((p) => p.email.includes(q) || (p.name || '').toLowerCase().includes(q))));
    clear(list, ...shown.map((mail) => item(mail, after)));
    empty.hidden = shown.length > 0;
  };
  const load = async (next) => {
    const page = await api('GET', '/unresolved' + qs({ limit: 50, cursor: next ? cursor : '' }));
    cursor = page.nextCursor;
    mails.push(...page.items);
    more.hidden = !cursor;
    show();
  };
  mine.addEventListener('change', show);
  address.addEventListener('input', show);
  const discardSelected = button(t('discardSelected'), () => after(discardMany(list)), { id: 'discard-selected' });
  view.append(heading(t('inbox')), h('p', { class: 'muted', text: t('inboxIntro') }),
    h('div', { class: 'filters' }, field(t('onlyMine'), mine), field(t('filterAddress'), address), discardSelected),
    list, empty, more);
  await load(false);
}

function item(mail, after) {
  return h('li', { class: 'card mail', id: 'mail-' + mail.id },
    h('p', { class: 'select' }, h('label', {}, h('input', { type: 'checkbox', name: 'selected', value: mail.id, 'data-version': mail.version }), ' ', t('select'))),
    h('h2', { class: 'mail-subject' }, h('a', { href: `#/interactions/${mail.id}`, text: mail.subject || t('noSubject') })),
    h('p', { class: 'muted small', text: [fmtDateTime(mail.occurredAt), mail.authorId ? t('by', memberName(mail.authorId)) : null,
      mail.direction ? t(mail.direction) : null].filter(Boolean).join(' · ') }),
    mail.preview || mail.summary ? h('p', { class: 'small excerpt', text: mail.preview || mail.summary }) : null,
    addresses(mail, after),
    h('div', { class: 'actions' },
      h('a', { href: `#/interactions/${mail.id}`, class: 'button', text: t('openMail') }),
      button(t('assignTo'), () => after(assign(mail)), { 'data-assign': mail.id }),
      button(t('discard'), () => after(discard(mail)), { 'data-discard': mail.id })));
}

/** Discards every selected mail (one call each; the inbox has no bulk route). */
async function discardMany(list) {
  const ids = [...list.querySelectorAll('input[name=selected]:checked')].map((box) => box.value);
  if (!ids.length) return false;
  await Promise.all(ids.map((id) => api('DELETE', `/unresolved/${id}`)));
  notify(t('discardedMany', ids.length));
  return true;
}

// A list shows a mail's first few addresses; the mail itself has them all.
function addresses(mail, after) {
  const roles = { FROM: t('from'), TO: t('to'), CC: t('cc') };
  const list = h('ul', { class: 'addresses' }, mail.participants.map((p) => h('li', {},
    h('span', { class: 'tag', text: roles[p.role] || p.role || '' }), ' ',
    h('span', { text: p.name ? `${p.name} <${p.email}>` : p.email }), ' ',
    button(t('createContactFrom', p.email), () => after(createFrom(p)), { class: 'small', 'data-create': p.email }))));
  if ((mail.participantCount ?? 0) <= mail.participants.length) return list;
  const all = button(t('allAddresses', mail.participantCount), () => attempt(async () => {
    list.replaceWith(addresses(await api('GET', `/interactions/${mail.id}`), after));
    all.remove();
  }), { class: 'small', 'data-all-addresses': mail.id });
  return h('div', {}, list, all);
}

function createFrom(participant) {
  const words = (participant.name || '').replace(/["']/g, '').trim().split(/\s+/).filter(Boolean);
  let firstName = words.slice(0, -1).join(' ');
  let lastName = words.slice(-1)[0];
  if (participant.name?.includes(',')) [lastName, firstName] = participant.name.split(',').map((s) => s.trim());
  if (!lastName) lastName = participant.email.split('@')[0];
  return contactDialog(null, { firstName, lastName, emails: [participant.email], accountId: participant.suggestedAccountId });
}

function assign(mail) {
  const search = input('contactSearch', '', { type: 'search', autocomplete: 'off' });
  const choice = select('contactId', [], undefined, { required: true });
  let ticket = 0;
  const load = async () => {
    const mine = ++ticket;
    const page = await api('GET', '/contacts' + qs({ q: search.value.trim(), limit: 20 }));
    if (mine !== ticket) return;
    clear(choice, ...page.items.map((c) => h('option', { value: c.id, text: fullName(c) + (c.emails[0] ? ` <${c.emails[0]}>` : '') })));
  };
  search.addEventListener('input', () => attempt(load));
  attempt(load);
  return formDialog({
    title: t('assignTo'), intro: mail.subject || t('noSubject'),
    fields: [field(t('searchContacts'), search, t('contactSearchHint')), field(t('chooseContact'), choice)],
    submit: t('assign'),
    onSubmit: async (v) => {
      const saved = await api('POST', `/unresolved/${mail.id}/assign`, { body: { contactId: v.contactId } });
      notify(t('assigned'));
      return saved;
    },
  });
}

function discard(mail) {
  return formDialog({
    title: t('discardConfirm'), intro: mail.subject || t('noSubject'), fields: [], submit: t('discard'),
    onSubmit: async () => {
      await api('DELETE', `/unresolved/${mail.id}`);
      notify(t('discarded'));
      return true;
    },
  });
}
