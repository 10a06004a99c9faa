// The audit log (admins): who did what to which record, newest first, page after page. Loaded when first opened.
import { h } from '../dom.js';
import { t, fmtDateTime } from '../i18n.js';
import { api, qs } from '../api.js';
import { heading, emptyNote, button, attempt, state } from '../ui.js';

export async function render(view) {
  const body = h('tbody', {});
  const table = h('table', { id: 'audit' },
    h('thead', {}, h('tr', {}, [t('auditWhen'), t('auditWho'), t('auditAction'), t('auditRecord'), t('reason')]
      .map((label) => h('th', { scope: 'col', text: label })))), body);
  const more = button(t('more'), () => attempt(() => load(true)), { hidden: true, id: 'audit-more' });
  let cursor = null;
  const memberName = (id) => state.members.find((m) => m.id === id)?.name || id;
  const load = async (next) => {
    const page = await api('GET', '/audit' + qs({ limit: 50, cursor: next ? cursor : '' }));
    cursor = page.nextCursor;
    body.append(...page.items.map((e) => h('tr', {},
      h('td', { text: fmtDateTime(e.at) }), h('td', { text: memberName(e.actor) }),
      h('td', { text: t('audit_' + e.action) === 'audit_' + e.action ? e.action : t('audit_' + e.action) }),
      h('td', { text: `${e.recordType} ${e.recordId || ''}` }), h('td', { text: e.reason || '' }))));
    more.hidden = !cursor;
    if (!body.children.length) table.replaceWith(emptyNote(t('noAudit')));
  };
  view.append(heading(t('audit')), h('p', { class: 'muted', text: t('auditIntro') }), table, more);
  await load(false);
}
