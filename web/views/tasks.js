// Tasks: mine and everybody's, open or done; complete, reopen, edit; hand over a vacation window.
import { h, clear, field, select, input } from '../dom.js';
import { t, fmtNumber, fmtDateTime, isoDay } from '../i18n.js';
import { api, qs } from '../api.js';
import { state, heading, section, emptyNote, link, button, csvButton, dueBadge, taskMarks, memberName, memberOptions, attempt, notify, showProblem, values } from '../ui.js';
import { taskDialog } from './forms.js';

const filter = { who: 'me', status: 'OPEN' };

export async function render(view, openId) {
  const results = h('div', { 'aria-live': 'polite' });
  const load = async () => {
    const page = await api('GET', '/tasks' + qs({ assignee: filter.who === 'me' ? 'me' : '', status: filter.status, limit: 200 }));
    clear(results, page.items.length ? h('ul', { class: 'tasks' }, page.items.map(row)) : emptyNote(t('noTasks')));
  };
  const refresh = () => attempt(load);
  const row = (task) => h('li', { class: 'task' + (task.status === 'DONE' ? ' done' : ''), id: 'task-' + task.id },
    task.status === 'OPEN'
      ? button(t('complete'), () => attempt(async () => {
        await api('POST', `/tasks/${task.id}/complete`, { version: task.version });
        notify(t('completedMsg'));
        await load();
      }), { class: 'small', 'aria-label': `${t('complete')}: ${task.title}` })
      : button(t('reopen'), () => attempt(async () => {
        await api('POST', `/tasks/${task.id}/reopen`, { version: task.version });
        notify(t('reopenedMsg'));
        await load();
      }), { class: 'small', 'aria-label': `${t('reopen')}: ${task.title}` }),
    h('div', { class: 'task-main' },
      h('p', {}, h('strong', { text: task.title }), ' ', dueBadge(task), ' ', taskMarks(task)),
      h('p', { class: 'muted small' },
        [memberName(task.assigneeId), task.handedOverFrom ? t('handedOverFrom', memberName(task.handedOverFrom)) : null,
          task.completedAt ? `${t('done')}: ${fmtDateTime(task.completedAt)}` : null].filter(Boolean).join(' · '),
        task.accountId ? [' · ', link(`#/accounts/${task.accountId}`, t('account'))] : null,
        task.contactId ? [' · ', link(`#/contacts/${task.contactId}`, t('contact'))] : null),
      task.description ? h('p', { class: 'small', text: task.description }) : null),
    button(t('edit'), () => attempt(async () => { if (await taskDialog(task)) await load(); }),
      { class: 'small', 'aria-label': `${t('edit')}: ${task.title}` }));

  const toggle = (key, value, text) => button(text, () => {
    filter[key] = value;
    for (const b of view.querySelectorAll(`[data-filter="${key}"]`)) b.setAttribute('aria-pressed', String(b.dataset.value === value));
    refresh();
  }, { 'data-filter': key, 'data-value': value, 'aria-pressed': String(filter[key] === value) });

  await load();
  view.append(
    heading(t('tasks'), csvButton(() => '/tasks' + qs({ assignee: filter.who === 'me' ? 'me' : '', status: filter.status })), button(t('newTask'), () => attempt(async () => { if (await taskDialog()) await load(); }), { class: 'primary', id: 'new-task' })),
    h('div', { class: 'filters toggles' },
      h('div', { role: 'group', 'aria-label': t('assignee') }, toggle('who', 'me', t('mine')), toggle('who', 'all', t('everybody'))),
      h('div', { role: 'group', 'aria-label': t('status') }, toggle('status', 'OPEN', t('open')), toggle('status', 'DONE', t('done')))),
    results,
    handover(refresh));

  if (openId) {
    setTimeout(() => attempt(async () => {
      const task = await api('GET', `/tasks/${openId}`);
      if (await taskDialog(task)) await load();
    }), 0);
  }
}

function handover(refresh) {
  const summary = h('div', { class: 'summary', tabindex: '-1' });
  const form = h('form', { id: 'handover', novalidate: true },
    h('p', { class: 'muted', text: t('handoverIntro') }), summary,
    h('div', { class: 'two' },
      field(t('fromMember'), select('fromMemberId', memberOptions(), state.me.id)),
      field(t('toMember'), select('toMemberId', memberOptions(), memberOptions().find(([id]) => id !== state.me.id)?.[0]))),
    h('div', { class: 'two' },
      field(t('dueFrom'), input('dueFrom', isoDay(), { type: 'date' })),
      field(t('dueUntil'), input('dueUntil', isoDay(14), { type: 'date' }))),
    h('button', { type: 'submit', class: 'primary', text: t('handoverDo') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const v = values(form);
    try {
      const body = { fromMemberId: v.fromMemberId, toMemberId: v.toMemberId };
      if (v.dueFrom) body.dueFrom = v.dueFrom;
      if (v.dueUntil) body.dueUntil = v.dueUntil;
      const result = await api('POST', '/tasks/handover', { body });
      clear(summary);
      notify(t('handedOver', fmtNumber(result.moved)));
      await refresh();
    } catch (e) {
      showProblem(form, summary, e);
    }
  });
  return section(t('handover'), form);
}
