// Start page: mails in my name waiting for my confirmation, my tasks due today and overdue, unresolved mail,
// the pipeline at a glance, recent activity.
import { h } from '../dom.js';
import { t, isoDay, fmtNumber, fmtDateTime } from '../i18n.js';
import { api } from '../api.js';
import { state, heading, section, emptyNote, link, dueBadge, taskMarks, memberName, button, attempt, notify } from '../ui.js';

export async function render(view) {
  const [held, due, unresolved, board, recent] = await Promise.all([
    api('GET', '/pending-mails?limit=50').catch(() => ({ items: [] })),
    api('GET', `/tasks?assignee=me&status=OPEN&dueBefore=${isoDay(1)}&limit=50`),
    api('GET', '/unresolved?limit=100'),
    api('GET', '/pipeline'),
    api('GET', '/interactions?limit=12').catch(() => ({ items: [] })),
  ]);
  const count = unresolved.items.length;
  view.append(
    heading(t('hello', state.me.name.split(' ')[0])),
    held.items.length ? heldMails(held.items) : null,
    h('div', { class: 'grid home' },
      section(t('myTasksDue'), due.items.length
        ? h('ul', { class: 'rows' }, due.items.map((task) => h('li', {},
          link(`#/tasks/${task.id}`, task.title), ' ', dueBadge(task), ' ', taskMarks(task))))
        : emptyNote(t('noTasksDue'))),
      section(t('unresolvedCount'),
        h('p', { class: 'big', text: fmtNumber(count) + (unresolved.nextCursor ? '+' : '') }),
        h('p', { text: count ? t('unresolvedWaiting', fmtNumber(count)) : t('unresolvedNone') }),
        count ? link('#/inbox', t('toInbox')) : null),
      section(t('pipelineGlance'),
        h('ul', { class: 'glance' }, board.stages.map((s) => h('li', { class: s.open ? '' : 'closed' },
          h('span', { class: 'count', text: fmtNumber(s.count) }), ' ', h('span', { text: s.label })))),
        link('#/pipeline', t('pipeline'))),
      section(t('recent'), recent.items.length
        ? h('ul', { class: 'rows' }, recent.items.map((i) => h('li', {},
          h('span', { class: 'tag', text: t(i.type) }), ' ',
          link(`#/interactions/${i.id}`, h('strong', { text: i.subject || i.summary || t(i.type) })), ' ',
          h('span', { class: 'muted small', text: [fmtDateTime(i.occurredAt), i.authorId ? memberName(i.authorId) : ''].filter(Boolean).join(' · ') }),
          ' ', i.accountIds[0] ? link(`#/accounts/${i.accountIds[0]}`, '→ ' + t('account')) :
            i.contactIds[0] ? link(`#/contacts/${i.contactIds[0]}`, '→ ' + t('contact')) : null)))
        : emptyNote(t('noRecent')))));
}

/** Mails in the caller's name whose sender SES could not verify: confirm (log it) or drop each. */
function heldMails(items) {
  const decide = (action) => attempt(async () => { await action(); await state.rerender(); });
  return h('section', { class: 'card held', id: 'held', 'aria-labelledby': 'held-title' },
    h('h2', { id: 'held-title', text: t('heldTitle') }),
    h('p', { class: 'muted', text: t('heldIntro') }),
    h('ul', { class: 'rows' }, items.map((mail) => h('li', { id: 'held-' + mail.id },
      h('strong', { text: mail.subject || t('noSubject') }), ' ',
      h('span', { class: 'muted small', text: [mail.from, fmtDateTime(mail.receivedAt), t('heldUntil', fmtDateTime(mail.confirmBy))].join(' · ') }), ' ',
      button(t('heldConfirm'), () => decide(async () => {
        const outcome = await api('POST', `/pending-mails/${mail.id}/confirm`);
        notify(t(outcome.result === 'QUARANTINED' ? 'heldNotLogged' : 'heldConfirmed'));
      }), { 'data-confirm': mail.id }),
      ' ',
      button(t('heldDrop'), () => decide(async () => {
        await api('DELETE', `/pending-mails/${mail.id}`);
        notify(t('heldDropped'));
      }), { 'data-drop': mail.id })))));
}
