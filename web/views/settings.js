// The team's settings (admins): how long mail nobody needs is kept, addresses never logged, team addresses.
// Saved with the ETag it was read with; a change by another admin meanwhile shows the reload prompt (412).
import { h, field, select, clear } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { heading, notify, showProblem, memberOptions, button, section } from '../ui.js';

const DAYS = ['unresolvedDays', 'quarantineDays', 'heldDays', 'rawMailDays'];
const lines = (text) => text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);

export async function render(view) {
  const settings = await api('GET', '/settings');
  const summary = h('div', { class: 'summary', tabindex: '-1' });
  const rows = h('div', { id: 'team-addresses' });
  const addRow = (entry = {}) => rows.append(h('div', { class: 'team-address' },
    field(t('teamAddress'), h('input', { type: 'email', name: 'teamAddress', value: entry.address || '' })),
    field(t('teamAddressMember'), select('teamMember', memberOptions(), entry.memberId))));
  settings.teamAddresses.forEach(addRow);
  const form = h('form', { novalidate: true, id: 'settings' },
    summary,
    section(t('retention'), h('p', { class: 'muted', text: t('retentionIntro') }),
      DAYS.map((name) => field(t(name), h('input', { type: 'number', min: 1, max: 3650, step: 1,
        name: `retention.${name}`, value: settings.retention[name] })))),
    section(t('neverLog'), h('p', { class: 'muted', text: t('neverLogIntro', settings.neverLoggedCount) }),
      field(t('neverLogDomains'), h('textarea', { name: 'neverLog.domains', rows: 3 }, settings.neverLog.domains.join('\n')), t('onePerLine')),
      field(t('neverLogAddresses'), h('textarea', { name: 'neverLog.addresses', rows: 3 }, settings.neverLog.addresses.join('\n')), t('onePerLine'))),
    section(t('teamAddresses'), h('p', { class: 'muted', text: t('teamAddressesIntro') }), rows,
      button(t('addTeamAddress'), () => addRow(), { id: 'add-team-address' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: t('save') })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const retention = {};
    for (const name of DAYS) {
      const value = form.elements[`retention.${name}`].value.trim();
      retention[name] = value === '' || Number.isNaN(Number(value)) ? value : Number(value);
    }
    const teamAddresses = [...rows.querySelectorAll('.team-address')]
      .map((row) => ({ address: row.querySelector('[name=teamAddress]').value.trim(), memberId: row.querySelector('[name=teamMember]').value }))
      .filter((entry) => entry.address);
    const body = {
      retention,
      neverLog: { domains: lines(form.elements['neverLog.domains'].value), addresses: lines(form.elements['neverLog.addresses'].value) },
      teamAddresses,
    };
    try {
      clear(summary);
      await api('PUT', '/settings', { body, version: settings.version });
      notify(t('saved'));
      const fresh = h('div', { class: 'view' });
      await render(fresh);
      view.replaceWith(fresh);
    } catch (e) {
      showProblem(form, summary, e);
    }
  });
  view.append(heading(t('settings')), form);
}
