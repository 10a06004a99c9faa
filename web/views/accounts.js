// Organisations: list with type filter and search as you type; detail with contacts, opportunities,
// open tasks and the timeline; edit, log a call, new task, new contact, new opportunity.
import { h, clear, field, select } from '../dom.js';
import { t, fmtDate, fmtMoney } from '../i18n.js';
import { api, qs } from '../api.js';
import { heading, section, emptyNote, link, button, csvButton, dueBadge, taskMarks, memberName, timelineItem, attempt, notify, salesforceMark, filesSection, mergedNote } from '../ui.js';
import { ACCOUNT_TYPES, accountDialog, contactDialog, taskDialog, logCallDialog } from './forms.js';

export async function list(view) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const q = h('input', { type: 'search', name: 'q', value: params.get('q') || '', autocomplete: 'off' });
  const type = select('type', [['', t('allTypes')], ...ACCOUNT_TYPES.map((k) => [k, t(k)])], params.get('type') || '');
  const results = h('div', { 'aria-live': 'polite' });
  let cursor = null;
  let ticket = 0;
  const load = async (more) => {
    const mine = ++ticket;
    const page = await api('GET', '/accounts' + qs({ q: q.value.trim(), type: type.value, limit: 50, cursor: more ? cursor : '' }));
    if (mine !== ticket) return;
    cursor = page.nextCursor;
    const rows = page.items.map((a) => h('tr', {},
      h('td', {}, link(`#/accounts/${a.id}`, a.name)),
      h('td', { text: t(a.type) }),
      h('td', { class: 'hide-phone', text: a.address?.city || '' })));
    if (!more) {
      clear(results, page.items.length ? h('table', { class: 'list' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('name') }), h('th', { scope: 'col', text: t('type') }),
          h('th', { scope: 'col', class: 'hide-phone', text: t('city') }))),
        h('tbody', {}, rows)) : emptyNote(t('empty')));
    } else {
      results.querySelector('tbody').append(...rows);
    }
    results.querySelector('.more')?.remove();
    if (cursor) results.append(button(t('more'), () => attempt(() => load(true)), { class: 'more' }));
  };
  let debounce;
  q.addEventListener('input', () => { clearTimeout(debounce); debounce = setTimeout(() => attempt(() => load(false)), 200); });
  type.addEventListener('change', () => attempt(() => load(false)));
  await load(false);
  view.append(
    heading(t('accounts'), csvButton(() => '/accounts' + qs({ q: q.value.trim(), type: type.value })), button(t('newAccount'), async () => {
      const saved = await accountDialog();
      if (saved) location.hash = `#/accounts/${saved.id}`;
    }, { class: 'primary', id: 'new-account' })),
    h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      field(t('searchAccounts'), q), field(t('type'), type)),
    results);
}

/** `followed`: the note shown when `id` was merged into another account (its reads answer that one, its tasks are there). */
export async function detail(view, id, followed) {
  const [account, tasks, timeline, files] = await Promise.all([
    api('GET', `/accounts/${id}`),
    api('GET', `/tasks?accountId=${id}&status=OPEN&limit=50`),
    api('GET', `/accounts/${id}/timeline?limit=50`),
    api('GET', `/accounts/${id}/files`),
  ]);
  if (account.id !== id) return detail(view, account.id, mergedNote('accounts', account.id, account.name));
  const rerender = async () => { const fresh = h('div', { class: 'view' }); await detail(fresh, id); view.replaceWith(fresh); fresh.querySelector('h1').focus(); };
  const reloadAfter = (promise) => attempt(async () => { if (await promise) await rerender(); });
  const addr = account.address || {};
  const facts = [
    [t('type'), t(account.type)],
    [t('website'), account.website ? h('a', { href: account.website, rel: 'noopener noreferrer', target: '_blank', text: account.website }) : null],
    [t('phone'), account.phone ? h('a', { href: 'tel:' + account.phone, text: account.phone }) : null],
    [t('address'), [addr.street, [addr.postalCode, addr.city].filter(Boolean).join(' '), addr.state].filter(Boolean).join(', ') || null],
    [t('emailDomains'), account.emailDomains?.length ? account.emailDomains.join(', ') : null],
    [t('salesforceId'), account.salesforceId ? [salesforceMark(account.salesforceId), ' ', account.salesforceId] : null],
  ].filter(([, v]) => v);
  view.append(
    h('p', { class: 'crumbs' }, link('#/accounts', '← ' + t('accounts'))), followed,
    heading(account.name,
      button(t('logCall'), () => reloadAfter(logCallDialog({ accountId: id, contacts: account.contacts })), { class: 'primary', id: 'log-call' }),
      button(t('newTask'), () => reloadAfter(taskDialog(null, { accountId: id })), { id: 'new-task' }),
      button(t('edit'), () => reloadAfter(accountDialog(account)), { id: 'edit-account' })),
    h('div', { class: 'grid detail' },
      section(t('details'),
        h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', { text: k }), h('dd', {}, v)])),
        account.notes ? h('p', { class: 'notes', text: account.notes }) : null),
      section(t('contactsOf') + ` (${account.contactCount})`,
        account.contacts.length ? h('ul', { class: 'rows' }, account.contacts.map((c) => h('li', {},
          link(`#/contacts/${c.id}`, [c.firstName, c.lastName].filter(Boolean).join(' ')),
          c.title ? h('span', { class: 'muted', text: ' · ' + c.title }) : null,
          c.emails[0] ? h('span', { class: 'muted small', text: ' · ' + c.emails[0] }) : null)))
          : emptyNote(t('noContacts')),
        button(t('newContactHere'), () => reloadAfter(contactDialog(null, { accountId: id })), { id: 'new-contact' })),
      section(t('opportunities'),
        account.opportunities.length ? h('ul', { class: 'rows' }, account.opportunities.map((o) => h('li', {},
          h('strong', { text: o.name }), ' ', h('span', { class: 'tag stage', text: o.stageLabel }),
          h('span', { class: 'muted small', text: [' ' + o.typeLabel, o.amount != null ? fmtMoney(o.amount) : '',
            o.expectedCloseDate ? fmtDate(o.expectedCloseDate) : '', memberName(o.ownerId)].filter(Boolean).join(' · ') }))))
          : emptyNote(t('noOpportunities')),
        account.type === 'MUNICIPALITY'
          ? button(t('newOpportunity'), () => reloadAfter(import('./opportunity.js').then((m) => m.createDialog(account))), { id: 'new-opportunity' })
          : h('p', { class: 'muted small', text: t('opportunityOnlyMunicipality') })),
      section(t('openTasks'),
        tasks.items.length ? h('ul', { class: 'rows' }, tasks.items.map((task) => h('li', {},
          link(`#/tasks/${task.id}`, task.title), ' ', dueBadge(task), ' ', taskMarks(task), h('span', { class: 'muted small', text: ' · ' + memberName(task.assigneeId) }),
          ' ', button(t('complete'), () => attempt(async () => {
            await api('POST', `/tasks/${task.id}/complete`, { version: task.version });
            notify(t('completedMsg'));
            await rerender();
          }), { class: 'small', 'aria-label': `${t('complete')}: ${task.title}` }))))
          : emptyNote(t('noTasks'))),
      filesSection(`/accounts/${id}/files`, files),
      section(t('timeline'), timeline.items.length
        ? h('ol', { class: 'timeline', id: 'timeline' }, timeline.items.map(timelineItem)) : emptyNote(t('noTimeline')))));
  // possible duplicates: loaded with their view's code when the record is shown, never delaying it
  import('./duplicates.js').then((d) => d.showHint(view, 'accounts', id)).catch(() => {});
}
