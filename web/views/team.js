// Team: the members; admins add and deactivate (handing open tasks over). Everybody sees the inbound
// address and how to use it.
import { h, clear, field, select, input } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { state, heading, section, button, csvButton, attempt, notify, formDialog, loadMembers, activeMembers, showProblem, values } from '../ui.js';

export async function render(view) {
  await loadMembers();
  const admin = state.me.role === 'ADMIN';
  const rerender = async () => { const fresh = h('div', { class: 'view' }); await render(fresh); view.replaceWith(fresh); fresh.querySelector('h1').focus(); };
  const after = (promise) => attempt(async () => { if (await promise) await rerender(); });
  const address = state.me.inboundAddress;
  view.append(
    heading(t('team'), csvButton('/members'), admin ? button(t('addMember'), () => after(addMember()), { class: 'primary', id: 'add-member' }) : null),
    h('div', { class: 'grid detail' },
      section(t('members'), h('div', { class: 'scroll-x' }, h('table', { class: 'list' },
        h('thead', {}, h('tr', {}, [t('name'), t('email'), t('role'), t('status'), ''].map((c, i) =>
          h('th', { scope: 'col', class: i === 1 ? 'hide-phone' : '', text: c })))),
        h('tbody', {}, state.members.map((m) => h('tr', { class: m.active ? '' : 'inactive' },
          h('td', {}, m.name, m.id === state.me.id ? ' ' + t('you') : ''),
          h('td', { class: 'hide-phone', text: m.email }),
          h('td', { text: t(m.role) }),
          h('td', { text: m.active ? t('active') : t('inactive') }),
          h('td', {}, admin && m.active && m.id !== state.me.id
            ? h('div', { class: 'row-actions' },
              button(t('changeRole'), () => after(changeRole(m)), { class: 'small', 'data-role': m.id, 'aria-label': t('changeRoleOf', m.name) }),
              button(t('deactivate'), () => after(deactivate(m)), { class: 'small', 'aria-label': t('deactivateTitle', m.name) })) : null))))))),
      section(t('inboundTitle'),
        h('p', { class: 'inbound' }, h('code', { id: 'inbound-address', text: address || '—' }), ' ',
          address ? button(t('copy'), () => navigator.clipboard?.writeText(address).then(() => notify(t('copied'))), { class: 'small' }) : null),
        h('ul', {}, h('li', { text: t('inboundBcc') }), h('li', { text: t('inboundForward') }), h('li', { text: t('inboundPlus') }))),
      settings(),
      calendar()));
}

/** The caller's follow-up days (PATCH /members/{me} with If-Match). */
function settings() {
  const summary = h('div', { class: 'summary', tabindex: '-1' });
  const form = h('form', { id: 'my-settings', novalidate: true }, summary,
    field(t('followUpDays'), input('followUpDays', String(state.me.followUpDays ?? 7), { type: 'number', min: '0', max: '365', id: 'follow-up-days' }),
      t('followUpHint')),
    h('button', { type: 'submit', class: 'primary', text: t('save') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const days = Number(values(form).followUpDays);
      const saved = await api('PATCH', `/members/${state.me.id}`, { body: { followUpDays: Number.isFinite(days) ? days : values(form).followUpDays }, version: state.me.version });
      state.me = { ...state.me, ...saved };
      clear(summary);
      notify(t('saved'));
    } catch (e) {
      showProblem(form, summary, e);
    }
  });
  return section(t('mySettings'), form);
}

/** The secret calendar feed link: shown once when made (the server keeps only its hash), copy, rotate, revoke. */
function calendar() {
  const shown = h('div', { id: 'calendar-link' }, h('p', { class: 'muted small', text: t('calendarNone') }));
  const make = (label) => button(label, () => attempt(async () => {
    const { url } = await api('POST', '/me/calendar');
    clear(shown, h('p', { class: 'inbound' }, h('code', { id: 'calendar-url', text: url }), ' ',
      button(t('copy'), () => navigator.clipboard?.writeText(url).then(() => notify(t('linkCopied'))), { class: 'small', id: 'copy-calendar' })));
    notify(t('created'));
  }), { id: label === t('calendarCreate') ? 'calendar-create' : 'calendar-rotate' });
  return section(t('calendarTitle'), h('p', { class: 'muted', text: t('calendarIntro') }), shown,
    h('div', { class: 'actions' }, make(t('calendarCreate')), make(t('calendarRotate')),
      button(t('calendarRevoke'), () => attempt(async () => {
        try {
          await api('DELETE', '/me/calendar');
        } catch (e) {
          if (e.status !== 404) throw e;
        }
        clear(shown, h('p', { class: 'muted small', text: t('calendarRevoked') }));
        notify(t('calendarRevoked'));
      }), { id: 'calendar-revoke' })));
}

function addMember() {
  return formDialog({
    title: t('addMember'),
    fields: [
      field(t('name'), input('name', '', { required: true })),
      field(t('email'), input('email', '', { type: 'email', required: true })),
      h('div', { class: 'two' },
        field(t('role'), select('role', [['MEMBER', t('MEMBER')], ['ADMIN', t('ADMIN')]], 'MEMBER')),
        field(t('language'), select('language', [['de', t('de')], ['en', t('en')]], 'de'))),
    ],
    submit: t('create'),
    onSubmit: async (v) => {
      const saved = await api('POST', '/members', { body: v });
      notify(t('created'));
      return saved;
    },
  });
}

function changeRole(member) {
  return formDialog({
    title: t('changeRoleOf', member.name),
    fields: [field(t('role'), select('role', [['MEMBER', t('MEMBER')], ['ADMIN', t('ADMIN')]], member.role))],
    onSubmit: async (v) => {
      const saved = await api('PATCH', `/members/${member.id}`, { body: { role: v.role }, version: member.version });
      notify(t('saved'));
      return saved;
    },
  });
}

function deactivate(member) {
  const others = activeMembers().filter((m) => m.id !== member.id).map((m) => [m.id, m.name]);
  return formDialog({
    title: t('deactivateTitle', member.name),
    fields: [field(t('reassignTo'), select('reassignTo', others, state.me.id))],
    submit: t('deactivate'),
    onSubmit: async (v) => {
      const saved = await api('PATCH', `/members/${member.id}`, { body: { active: false, reassignTo: v.reassignTo }, version: member.version });
      notify(t('deactivated', member.name));
      return saved;
    },
  });
}
