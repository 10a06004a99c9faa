// Pipeline: the board by stage with moves (Lost asks for the reason; a refused move shows the
// server's sentence) and the per-municipality overview with dormant ones marked.
import { h, field, select, textarea } from '../dom.js';
import { t, fmtDate, fmtDateTime, fmtMoney, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { heading, section, emptyNote, link, button, csvButton, memberName, attempt, notify, formDialog, showError } from '../ui.js';

const tabs = (current) => h('nav', { class: 'tabs', 'aria-label': t('pipeline') },
  link('#/pipeline', t('board'), current === 'board' ? { 'aria-current': 'page' } : {}),
  link('#/pipeline/municipalities', t('municipalities'), current === 'municipalities' ? { 'aria-current': 'page' } : {}));

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
        button(t('move'), () => move(o, target.value), { class: 'small', 'data-move': o.id, 'aria-label': `${t('move')}: ${o.name}` })));
  };

  view.append(heading(t('pipeline')), tabs('board'),
    data.truncated ? h('p', { class: 'alert', text: t('truncated') }) : '',
    h('div', { class: 'board' }, data.stages.map((s) => h('section', { class: 'column' + (s.open ? '' : ' closed'), 'aria-labelledby': 'col-' + s.stage, id: 'stage-' + s.stage },
      h('h2', { id: 'col-' + s.stage }, s.label, ' ', h('span', { class: 'count', text: fmtNumber(s.count) })),
      s.opportunities.length ? h('ul', { class: 'cards' }, s.opportunities.map(card)) : emptyNote('—')))));
}

export async function municipalities(view) {
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
        h('td', {}, m.stale ? h('span', { class: 'tag warn', title: t('staleHint'), text: t('stale') }) : null)))))
      : emptyNote(t('empty')),
    h('p', { class: 'muted small', text: `${t('stale')}: ${t('staleHint')}` }));
}
