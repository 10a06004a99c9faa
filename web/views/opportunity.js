// Opportunities beyond the board's moves: a new one of any type (Split with several municipalities and their
// shares), editing and deleting one. Loaded when first used.
import { h, field, select, input, textarea } from '../dom.js';
import { t } from '../i18n.js';
import { api, qs } from '../api.js';
import { state, button, notify, formDialog, memberOptions, orNull } from '../ui.js';
import { definition, stageLabel } from './forms.js';

/**
 * Any type; for a type with several municipalities (Split) one row per municipality with its share.
 * From an account's page, that municipality comes first.
 */
export async function createDialog(account) {
  const def = await definition();
  const municipalities = (await api('GET', '/accounts' + qs({ type: 'MUNICIPALITY', limit: 200 }))).items.map((a) => [a.id, a.name]);
  const types = def.types.map((ty) => [ty.key, stageLabel(ty)]);
  const stages = def.stages.filter((s) => !s.closed).map((s) => [s.key, stageLabel(s)]);
  const type = select('type', types, 'STANDARD');
  if (account && !municipalities.some(([id]) => id === account.id)) municipalities.unshift([account.id, account.name]);
  const rows = h('ol', { class: 'shares', id: 'opp-accounts' });
  const addRow = () => {
    const n = rows.children.length;
    rows.append(h('li', { class: 'two' },
      field(`${t('municipality')} ${n + 1}`, select(`account${n}`, [['', '—'], ...municipalities], n === 0 && account ? account.id : '')),
      field(t('share'), input(`share${n}`, '', { inputmode: 'decimal', placeholder: '%' }))));
  };
  const several = () => (def.types.find((ty) => ty.key === type.value)?.maxAccounts ?? 1) > 1;
  const more = button(t('addMunicipality'), addRow, { class: 'small', id: 'add-municipality' });
  const arrange = () => {
    while (rows.children.length > (several() ? Math.max(2, rows.children.length) : 1)) rows.lastChild.remove();
    while (rows.children.length < (several() ? 2 : 1)) addRow();
    for (const share of rows.querySelectorAll('[name^=share]')) share.closest('.field').hidden = !several();
    more.hidden = !several();
  };
  type.addEventListener('change', arrange);
  arrange();
  return formDialog({
    title: t('newOpportunity'),
    fields: [
      field(t('name'), input('name', account ? `Integreat ${account.name}` : '', { required: true })),
      h('div', { class: 'two' }, field(t('type'), type), field(t('stage'), select('stage', stages, stages[0][0]))),
      rows, more,
      h('div', { class: 'two' },
        field(t('owner'), select('ownerId', memberOptions(), state.me.id)),
        field(t('expectedCloseDate'), input('expectedCloseDate', '', { type: 'date' }))),
      field(t('amount'), input('amount', '', { inputmode: 'decimal' })),
    ],
    submit: t('create'),
    onSubmit: async (v) => {
      const accounts = [];
      for (let i = 0; v[`account${i}`] !== undefined; i++) {
        if (!v[`account${i}`]) continue;
        const share = v[`share${i}`];
        accounts.push(several() && share ? { accountId: v[`account${i}`], share: Number(share.replace(',', '.')) } : { accountId: v[`account${i}`] });
      }
      const body = { name: v.name, type: v.type, stage: v.stage, ownerId: v.ownerId, accounts };
      if (v.expectedCloseDate) body.expectedCloseDate = v.expectedCloseDate;
      if (v.amount) body.amount = Number(v.amount.replace(',', '.'));
      const saved = await api('POST', '/opportunities', { body });
      notify(t('created'));
      return saved;
    },
  });
}

/** Name, owner, expected close, amount and notes (type, accounts and stage change elsewhere). */
export async function editDialog(id) {
  const o = await api('GET', `/opportunities/${id}`);
  return formDialog({
    title: t('editOpportunity'), intro: o.name,
    fields: [
      field(t('name'), input('name', o.name, { required: true })),
      h('div', { class: 'two' },
        field(t('owner'), select('ownerId', memberOptions(), o.ownerId)),
        field(t('expectedCloseDate'), input('expectedCloseDate', o.expectedCloseDate || '', { type: 'date' }))),
      field(t('amount'), input('amount', o.amount ?? '', { inputmode: 'decimal' })),
      field(t('notes'), textarea('notes', o.notes || '', { rows: 4 })),
    ],
    onSubmit: async (v) => {
      const body = { name: v.name, ownerId: v.ownerId, expectedCloseDate: orNull(v.expectedCloseDate), notes: orNull(v.notes),
        amount: v.amount ? Number(String(v.amount).replace(',', '.')) : null };
      const saved = await api('PATCH', `/opportunities/${id}`, { body, version: o.version });
      notify(t('saved'));
      return saved;
    },
  });
}

export async function deleteDialog(id) {
  const o = await api('GET', `/opportunities/${id}`);
  return formDialog({
    title: t('deleteOpportunity'), intro: o.name, fields: [], submit: t('delete'),
    onSubmit: async () => {
      await api('DELETE', `/opportunities/${id}`, { version: o.version });
      notify(t('deleted'));
      return true;
    },
  });
}


