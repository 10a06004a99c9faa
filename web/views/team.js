// Team: the members; admins add and deactivate (handing open tasks over). Everybody sees the inbound
// address and how to use it.
import { h, field, select, input } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { state, heading, section, button, csvButton, attempt, notify, formDialog, loadMembers, activeMembers } from '../ui.js';

export async function render(view) {
  await loadMembers();
  const admin = state.me.role === 'ADMIN';
  const rerender = async () => { const fresh = h('div', { class: 'view' }); await render(fresh); view.replaceWith(fresh); fresh.querySelector('h1').focus(); };
  const after = (promise) => attempt(async () => { if (await promise) await rerender(); });
  const address = state.me.inboundAddress;
  view.append(
    heading(t('team'), csvButton('/members'), admin ? button(t('addMember'), () => after(addMember()), { class: 'primary', id: 'add-member' }) : null),
    h('div', { class: 'grid detail' },
      section(t('members'), h('table', { class: 'list' },
        h('thead', {}, h('tr', {}, [t('name'), t('email'), t('role'), t('status'), ''].map((c, i) =>
          h('th', { scope: 'col', class: i === 1 ? 'hide-phone' : '', text: c })))),
        h('tbody', {}, state.members.map((m) => h('tr', { class: m.active ? '' : 'inactive' },
          h('td', {}, m.name, m.id === state.me.id ? ' ' + t('you') : ''),
          h('td', { class: 'hide-phone', text: m.email }),
          h('td', { text: t(m.role) }),
          h('td', { text: m.active ? t('active') : t('inactive') }),
          h('td', {}, admin && m.active && m.id !== state.me.id
            ? button(t('deactivate'), () => after(deactivate(m)), { class: 'small', 'aria-label': t('deactivateTitle', m.name) }) : null)))))),
      section(t('inboundTitle'),
        h('p', { class: 'inbound' }, h('code', { id: 'inbound-address', text: address || '—' }), ' ',
          address ? button(t('copy'), () => navigator.clipboard?.writeText(address).then(() => notify(t('copied'))), { class: 'small' }) : null),
        h('ul', {}, h('li', { text: t('inboundBcc') }), h('li', { text: t('inboundForward') }), h('li', { text: t('inboundPlus') })))));
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
