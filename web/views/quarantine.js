// The quarantine (admins): rejected mails with their reason and raw mail; release one as a member's mail, or
// delete it with its raw mail. Loaded when first opened.
import { h, field, select } from '../dom.js';
import { t, fmtDateTime } from '../i18n.js';
import { api, qs } from '../api.js';
import { heading, emptyNote, button, attempt, notify, formDialog, memberOptions } from '../ui.js';

export async function render(view) {
  const list = h('ul', { class: 'mails', id: 'quarantine' });
  const more = button(t('more'), () => attempt(() => load(true)), { hidden: true });
  let cursor = null;
  const rerender = async () => { const fresh = h('div', { class: 'view' }); await render(fresh); view.replaceWith(fresh); fresh.querySelector('h1').focus(); };
  const after = (promise) => attempt(async () => { if (await promise) await rerender(); });
  const load = async (next) => {
    const page = await api('GET', '/quarantine' + qs({ limit: 50, cursor: next ? cursor : '' }));
    cursor = page.nextCursor;
    list.append(...page.items.map((mail) => item(mail, after)));
    more.hidden = !cursor;
    if (!list.children.length) list.replaceWith(emptyNote(t('noQuarantine')));
  };
  view.append(heading(t('quarantine')), h('p', { class: 'muted', text: t('quarantineIntro') }), list, more);
  await load(false);
}

function item(mail, after) {
  return h('li', { class: 'card mail', id: 'q-' + mail.id },
    h('h2', { class: 'mail-subject', text: mail.subject || t('noSubject') }),
    h('p', { class: 'muted small', text: [fmtDateTime(mail.receivedAt), mail.from ? `${t('sender')}: ${mail.from}` : null].filter(Boolean).join(' · ') }),
    h('p', { class: 'reason' }, h('span', { class: 'tag', text: t('reason') }), ' ', mail.reason),
    h('div', { class: 'actions' },
      mail.rawUrl ? h('a', { href: mail.rawUrl, class: 'button', download: `${mail.id}.eml`, text: t('rawMail') }) : null,
      button(t('release'), () => after(release(mail)), { 'data-release': mail.id }),
      button(t('deleteMail'), () => after(remove(mail)), { 'data-delete': mail.id })));
}

function release(mail) {
  const member = select('memberId', memberOptions(), undefined, { required: true });
  return formDialog({
    title: t('release'), intro: mail.subject || t('noSubject'), fields: [field(t('releaseTo'), member)], submit: t('release'),
    onSubmit: async (v) => {
      const released = await api('POST', `/quarantine/${mail.id}/release`, { body: { memberId: v.memberId } });
      notify(t('released'));
      return released;
    },
  });
}

function remove(mail) {
  return formDialog({
    title: t('deleteConfirm'), intro: mail.subject || t('noSubject'), fields: [], submit: t('delete'),
    onSubmit: async () => {
      await api('DELETE', `/quarantine/${mail.id}`);
      notify(t('deleted'));
      return true;
    },
  });
}
