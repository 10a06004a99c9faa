// Pipeline: the board by stage with moves (Lost asks for the reason; a refused move shows the
// server's sentence) and the per-municipality overview with dormant ones marked.
import { h, field, select, textarea, input } from '../dom.js';
import { t, fmtDate, fmtDateTime, fmtMoney, fmtNumber, isoDay } from '../i18n.js';
import { api } from '../api.js';
import { heading, section, emptyNote, link, button, csvButton, memberName, attempt, notify, formDialog, showError } from '../ui.js';

const tabs = (current) => h('nav', { class: 'tabs', 'aria-label': t('pipeline') },
  link('#/pipeline', t('board'), current === 'board' ? { 'aria-current': 'page' } : {}),
  link('#/pipeline/municipalities', t('municipalities'), current === 'municipalities' ? { 'aria-current': 'page' } : {}));

/** The opportunity editor (create any type, edit, delete): its code loads when first used. */
const editor = () => import('./opportunity.js');
/** POST /opportunities/{id}/snooze {until, reason} with the version the page read. */
export function snoozeDialog(o) {
  return formDialog({
    title: t('snoozeTitle', o.name),
    fields: [
      field(t('snoozeUntil'), input('until', isoDay(30), { type: 'date', required: true, id: 'snooze-until' })),
      field(t('snoozeReason'), input('reason', '', { required: true, maxlength: 180, id: 'snooze-reason' })),
    ],
    submit: t('snooze'),
    onSubmit: async (v) => {
      const saved = await api('POST', `/opportunities/${o.id}/snooze`, { body: v, version: o.version });
      notify(t('snoozedMsg', fmtDate(saved.snooze.until)));
      return saved;
    },
  });
}

export async function board(view) {
  const data = await api('GET', '/pipeline');
  const stageOptions = data.stages.map((s) => [s.stage, s.label]);
  const rerender = async () => { const fresh = h('div', { class: 'view' }); await board(fresh); view.replaceWith(fresh); };

  const move = (o, target) => attempt(async () => {
    const targetStage = data.stages.find((s) => s.stage === target);
    const body = { stage: target };
    if (!o.open && targetStage.open) body.reopen = true;
    let saved;
    if (target === 'CLOSED_LOST') {
      saved = await formDialog({
        title: t('lostTitle'), intro: o.name,
        fields: [field(t('lostReason'), textarea('lostReason', '', { required: true, maxlength: 1000 }))],
        submit: t('move'),
        onSubmit: (v) => api('POST', `/opportunities/${o.id}/stage`, { body: { ...body, lostReason: v.lostReason }, version: o.version }),
      });
      if (!saved) return;
    } else {
      saved = await api('POST', `/opportunities/${o.id}/stage`, { body, version: o.version });
    }
    await rerender();
    notify(t('moved', saved.name, saved.stageLabel));
    document.getElementById('card-' + o.id)?.querySelector('select')?.focus();
  });

  const change = (open) => attempt(async () => { if (await open(await editor())) await rerender(); });

  const card = (o) => {
    const target = select('stage', stageOptions.filter(([k]) => k !== o.stage), undefined,
      { id: 'move-' + o.id, 'aria-label': `${t('moveTo')}: ${o.name}` });
    return h('li', { class: 'opp' + (o.open ? '' : ' closed'), id: 'card-' + o.id },
      h('p', { class: 'opp-name' }, h('strong', { text: o.name })),
      h('p', { class: 'small' }, o.accounts.map((a, i) => [i ? ', ' : '', link(`#/accounts/${a.accountId}`, a.name || a.accountId)])),
      h('p', { class: 'muted small', text: [o.typeLabel, memberName(o.ownerId), o.amount != null ? fmtMoney(o.amount) : null,
        t('daysInStage', fmtNumber(o.daysInStage))].filter(Boolean).join(' · ') }),
      o.lostReason ? h('p', { class: 'small', text: `${t('lostReason')}: ${o.lostReason}` }) : null,
      h('div', { class: 'move' }, target,
        button(t('move'), () => move(o, target.value), { class: 'small', 'data-move': o.id, 'aria-label': `${t('move')}: ${o.name}` }),
        button(t('snooze'), () => attempt(async () => { if (await snoozeDialog(o)) await rerender(); }),
          { class: 'small', 'data-snooze': o.id, 'aria-label': `${t('snooze')}: ${o.name}` })),
      h('div', { class: 'actions' },
        button(t('edit'), () => change((m) => m.editDialog(o.id)), { class: 'small', 'data-edit': o.id, 'aria-label': `${t('edit')}: ${o.name}` }),
        button(t('delete'), () => change((m) => m.deleteDialog(o.id)), { class: 'small', 'data-delete': o.id, 'aria-label': `${t('delete')}: ${o.name}` })));
  };

  view.append(heading(t('pipeline'), button(t('newOpportunity'), () => change((m) => m.createDialog()), { class: 'primary', id: 'new-opportunity' })), tabs('board'),
    data.truncated ? h('p', { class: 'alert', text: t('truncated') }) : '',
    h('div', { class: 'board' }, data.stages.map((s) => h('section', { class: 'column' + (s.open ? '' : ' closed'), 'aria-labelledby': 'col-' + s.stage, id: 'stage-' + s.stage },
      h('h2', { id: 'col-' + s.stage }, s.label, ' ', h('span', { class: 'count', text: fmtNumber(s.count) })),
      s.opportunities.length ? h('ul', { class: 'cards' }, s.opportunities.map(card)) : emptyNote('—')))));
}

export async function municipalities(view) {
  const rerender = async () => { const fresh = h('div', { class: 'view' }); await municipalities(fresh); view.replaceWith(fresh); };
  // the overview has no versions: read the opportunity for its If-Match first
  const snooze = (opportunityId) => attempt(async () => {
    if (await snoozeDialog(await api('GET', `/opportunities/${opportunityId}`))) await rerender();
  });
  const unsnooze = (opportunityId) => attempt(async () => {
    const o = await api('GET', `/opportunities/${opportunityId}`);
    await api('DELETE', `/opportunities/${opportunityId}/snooze`, { version: o.version });
    notify(t('unsnoozedMsg'));
    await rerender();
  });
  const items = [];
  let cursor = '';
  do {
    const page = await api('GET', '/pipeline/municipalities?limit=200' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < 1000);
  view.append(heading(t('pipeline'), csvButton('/pipeline/municipalities')), tabs('municipalities'),
    items.length ? h('table', { class: 'list municipalities' },
      h('thead', {}, h('tr', {}, [t('name'), t('stage'), t('lastContact'), t('nextTask'), ''].map((c, i) =>
        h('th', { scope: 'col', class: i === 2 || i === 3 ? 'hide-phone' : '', text: c })))),
      h('tbody', {}, items.map((m) => h('tr', { class: m.stale ? 'stale' : '' },
        h('td', {}, link(`#/accounts/${m.accountId}`, m.name)),
        h('td', {}, m.state === 'NONE' ? h('span', { class: 'muted', text: t('noOpportunity') })
          : [h('span', { class: 'tag stage', text: m.stageLabel || t('closedState') }),
            m.daysInStage != null ? h('span', { class: 'muted small', text: ' ' + t('daysInStage', fmtNumber(m.daysInStage)) }) : null]),
        h('td', { class: 'hide-phone', text: m.lastInteractionAt ? fmtDateTime(m.lastInteractionAt) : '—' }),
        h('td', { class: 'hide-phone' }, m.nextTask ? link(`#/tasks/${m.nextTask.id}`, fmtDate(m.nextTask.dueDate)) : '—'),
        h('td', { 'data-municipality': m.accountId },
          m.stale ? h('span', { class: 'tag warn', title: t('staleHint'), text: t('stale') }) : null,
          m.snoozedUntil ? [h('span', { class: 'small snoozed', text: t('snoozedUntil', fmtDate(m.snoozedUntil), m.snoozeReason) }), ' ',
            button(t('unsnooze'), () => unsnooze(m.snoozeOpportunityId), { class: 'small', 'aria-label': `${t('unsnooze')}: ${m.name}` })]
            : m.openOpportunities.length ? button(t('snooze'), () => snooze(m.openOpportunities[0].id),
              { class: 'small', 'data-snooze': m.accountId, 'aria-label': `${t('snooze')}: ${m.name}` }) : null)))))
      : emptyNote(t('empty')),
    h('p', { class: 'muted small', text: `${t('stale')}: ${t('staleHint')}` }));
}
