// One logged mail (or any interaction), whole: where it is logged and why, the forwarder's note, the body
// (sanitised HTML in a sandboxed frame, remote images only on request, or the text), attachments, the raw
// mail and the conversation. Loaded when first opened.
import { h, clear, field, select, input } from '../dom.js';
import { t, fmtDateTime, fmtNumber } from '../i18n.js';
import { api, qs } from '../api.js';
import { heading, section, emptyNote, link, button, memberName, attempt, notify, formDialog } from '../ui.js';
import { fullName } from './contacts.js';

export async function render(view, id) {
  const mail = await api('GET', `/interactions/${id}`);
  const names = await recordNames(mail.links);
  const rerender = async () => { const fresh = h('div', { class: 'view' }); await render(fresh, id); view.replaceWith(fresh); fresh.querySelector('h1').focus(); };
  const after = (promise) => attempt(async () => { if (await promise) await rerender(); });
  const meta = [fmtDateTime(mail.occurredAt), mail.direction ? t(mail.direction) : null,
    mail.authorId ? t('loggedBy', memberName(mail.authorId)) : null].filter(Boolean).join(' · ');
  // DOM append writes null as text: leave out what a mail does not have
  view.append(...[
    heading(mail.subject || t('noSubject')),
    h('p', { class: 'muted', id: 'mail-meta', text: `${t(mail.type)} · ${meta}` }),
    mail.unresolved ? h('p', { class: 'alert', text: t('unresolvedMail') }, ' ', link('#/unresolved', t('inbox'))) : null,
    h('div', { class: 'grid mailview' },
      section(t('records'),
        mail.links.length ? h('ul', { class: 'rows', id: 'mail-records' }, mail.links.map((l) => recordRow(mail, l, names, after))) : emptyNote(t('unresolvedMail')),
        button(t('addLink'), () => after(addLink(mail)), { id: 'add-link' })),
      mail.participants.length ? section(t('participants'), h('ul', { class: 'addresses' }, mail.participants.map(participant))) : null),
    mail.note ? section(t('forwarderNote'), h('p', { class: 'note', id: 'mail-note', text: mail.note })) : null,
    section(t('body'), body(mail)),
    section(t('attachments'), attachments(mail)),
    mail.rawMail ? section(t('rawMail'), rawMail(mail)) : null,
    mail.type === 'EMAIL' ? section(t('thread'), mail.thread?.length
      ? h('ol', { class: 'rows', id: 'mail-thread' }, mail.thread.map((e) => h('li', {},
        link(`#/interactions/${e.id}`, e.subject || t('noSubject')), ' ',
        h('span', { class: 'muted small', text: [fmtDateTime(e.occurredAt), e.direction ? t(e.direction) : null].filter(Boolean).join(' · ') }))))
      : emptyNote(t('noThread'))) : null].filter(Boolean));
}

/** The names of the linked records (a few requests: a mail is on a handful of records). */
async function recordNames(links) {
  const names = {};
  await Promise.all(links.slice(0, 20).map(async (l) => {
    try {
      if (l.contactId) names[l.contactId] = fullName(await api('GET', `/contacts/${l.contactId}`));
      else if (l.accountId) names[l.accountId] = (await api('GET', `/accounts/${l.accountId}`)).name;
      else if (l.opportunityId) names[l.opportunityId] = (await api('GET', `/opportunities/${l.opportunityId}`)).name;
    } catch { /* a deleted record shows by its id */ }
  }));
  return names;
}

function recordRow(mail, l, names, after) {
  const id = l.contactId || l.accountId || l.opportunityId;
  const [kind, href] = l.contactId ? [t('contactRecord'), `#/contacts/${id}`] : l.accountId ? [t('account'), `#/accounts/${id}`] : [t('opportunity'), '#/pipeline'];
  return h('li', { 'data-record': id },
    h('span', { class: 'tag', text: kind }), ' ', link(href, names[id] || id), ' ',
    h('span', { class: 'muted small', text: [t(l.reason), l.address].filter(Boolean).join(' · ') }), ' ',
    button(t('remove'), () => after(api('DELETE', `/interactions/${mail.id}/links/${id}`, { version: mail.version })
      .then((r) => { notify(t('linkRemoved')); return r; })), { class: 'small', 'data-unlink': id }));
}

function participant(p) {
  const roles = { FROM: t('from'), TO: t('to'), CC: t('cc') };
  return h('li', {}, h('span', { class: 'tag', text: roles[p.role] || p.role || '' }), ' ',
    h('span', { text: p.name ? `${p.name} <${p.email}>` : p.email }),
    p.contactId ? [' ', link(`#/contacts/${p.contactId}`, '→ ' + t('contactRecord'))] : null,
    p.reasons?.length ? h('span', { class: 'muted small', text: ' · ' + p.reasons.map((r) => t(r)).join(', ') }) : null);
}

/** The sanitised HTML in a frame without scripts; its own policy lets images load only from the kept files until asked. */
function body(mail) {
  if (!mail.html) {
    return [mail.htmlNotKept ? h('p', { class: 'muted small', text: t('htmlNotKept', mail.htmlNotKept) }) : null,
      h('pre', { class: 'mail-text', id: 'mail-text', text: mail.body || mail.summary || '' })];
  }
  const frame = h('iframe', { class: 'mail-html', id: 'mail-html', title: mail.subject || t('mail'),
    sandbox: 'allow-popups allow-popups-to-escape-sandbox', referrerpolicy: 'no-referrer' });
  const remote = /data-remote-src=/.test(mail.html);
  const show = async (allowRemote) => { frame.srcdoc = await frameDocument(mail, allowRemote); };
  attempt(() => show(false));
  return [remote ? h('p', { class: 'muted small' }, t('remoteImagesBlocked'), ' ',
    button(t('showRemoteImages'), (e) => { e.target.disabled = true; attempt(() => show(true)); }, { class: 'small', id: 'remote-images' })) : null, frame];
}

async function frameDocument(mail, allowRemote) {
  const doc = new DOMParser().parseFromString(mail.html, 'text/html');
  const origins = new Set();
  for (const img of doc.querySelectorAll('img[data-attachment]')) {
    const file = mail.attachments.find((a) => String(a.n) === img.dataset.attachment && a.kept);
    if (!file) continue;
    const { url } = await api('GET', `${file.url}?redirect=false`);
    img.src = url;
    origins.add(new URL(url).origin);
  }
  if (allowRemote) for (const img of doc.querySelectorAll('img[data-remote-src]')) img.src = img.dataset.remoteSrc;
  const images = ['data:', ...origins, ...(allowRemote ? ['https:', 'http:'] : [])].join(' ');
  const policy = `default-src 'none'; style-src 'unsafe-inline'; img-src ${images}`;
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policy}">`
    + '<base target="_blank"><style>body{font-family:system-ui,sans-serif;margin:.5rem;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style>'
    + `</head><body>${doc.body.innerHTML}</body></html>`;
}

function attachments(mail) {
  if (!mail.attachments.length) return emptyNote(t('noAttachments'));
  return h('ul', { class: 'rows', id: 'mail-attachments' }, mail.attachments.map((a) => h('li', { 'data-attachment': a.n },
    h('strong', { text: a.filename || `#${a.n}` }), ' ',
    h('span', { class: 'muted small', text: [a.mimeType, `${fmtNumber(Math.ceil(a.sizeBytes / 1024))} KB`, a.inline ? t('inlineImage') : null].filter(Boolean).join(' · ') }), ' ',
    a.kept ? button(t('download'), () => attempt(async () => location.assign((await api('GET', `${a.url}?redirect=false`)).url)), { class: 'small', 'data-download': a.n })
      : h('span', { class: 'muted small', text: t('notKept', a.notKeptReason) }))));
}

function rawMail(mail) {
  if (mail.rawMail.expired) return h('p', { class: 'muted', id: 'raw-expired', text: t('rawMailExpired', fmtDateTime(mail.rawMail.expiresAt)) });
  return button(t('download'), () => attempt(async () => location.assign((await api('GET', `${mail.rawMail.url}?redirect=false`)).url)), { id: 'raw-mail' });
}

/** Logs the mail on another contact, organisation or opportunity (POST /interactions/{id}/links). */
function addLink(mail) {
  const kind = select('kind', [['contactId', t('contactRecord')], ['accountId', t('account')], ['opportunityId', t('opportunity')]], 'contactId');
  const search = input('recordSearch', '', { type: 'search', autocomplete: 'off' });
  const choice = select('recordId', [], undefined, { required: true });
  let ticket = 0;
  const load = async () => {
    const mine = ++ticket;
    const q = search.value.trim();
    const path = kind.value === 'contactId' ? '/contacts' : kind.value === 'accountId' ? '/accounts' : '/opportunities';
    const page = await api('GET', path + qs({ q: kind.value === 'opportunityId' ? '' : q, limit: 20 }));
    if (mine !== ticket) return;
    clear(choice, ...page.items.map((r) => h('option', { value: r.id, text: r.name || fullName(r) })));
  };
  search.addEventListener('input', () => attempt(load));
  kind.addEventListener('change', () => attempt(load));
  attempt(load);
  return formDialog({
    title: t('addLink'), intro: mail.subject || t('noSubject'),
    fields: [field(t('recordKind'), kind), field(t('search'), search), field(t('chooseRecord'), choice)],
    submit: t('save'),
    onSubmit: async (v) => {
      const saved = await api('POST', `/interactions/${mail.id}/links`, { body: { [v.kind]: v.recordId }, version: mail.version });
      notify(t('linkAdded'));
      return saved;
    },
  });
}
