// The record forms, shared by the views: organisation, contact, task, call, opportunity.
import { h, field, input, textarea, select } from '../dom.js';
import { t, isoDay } from '../i18n.js';
import { api } from '../api.js';
import { state, formDialog, orNull, orUndefined, list, memberOptions, notify } from '../ui.js';

export const ACCOUNT_TYPES = ['MUNICIPALITY', 'PARTNER', 'SUPPLIER', 'CUSTOMER', 'OTHER'];

/** Create (no account) or edit an organisation; resolves to the saved record. */
export function accountDialog(account) {
  const a = account || {};
  const addr = a.address || {};
  return formDialog({
    title: account ? t('editAccount') : t('newAccount'),
    fields: [
      field(t('name'), input('name', a.name, { required: true, autocomplete: 'organization' })),
      field(t('type'), select('type', ACCOUNT_TYPES.map((k) => [k, t(k)]), a.type || 'MUNICIPALITY')),
      h('div', { class: 'two' },
        field(t('website'), input('website', a.website, { inputmode: 'url' })),
        field(t('phone'), input('phone', a.phone, { type: 'tel' }))),
      h('fieldset', {}, h('legend', { text: t('address') }),
        field(t('street'), input('address.street', addr.street)),
        h('div', { class: 'two' }, field(t('postalCode'), input('address.postalCode', addr.postalCode)),
          field(t('city'), input('address.city', addr.city))),
        field(t('state'), input('address.state', addr.state))),
      field(t('emailDomains'), input('emailDomains', (a.emailDomains || []).join(', ')), t('emailDomainsHint')),
      field(t('notes'), textarea('notes', a.notes, { rows: 4 })),
    ],
    submit: account ? t('save') : t('create'),
    onSubmit: async (v) => {
      const address = {};
      for (const part of ['street', 'postalCode', 'city', 'state']) address[part] = orNull(v['address.' + part]);
      const hasAddress = Object.values(address).some((x) => x !== null);
      const body = { name: v.name, type: v.type, website: orNull(v.website), phone: orNull(v.phone),
        emailDomains: list(v.emailDomains), notes: orNull(v.notes) };
      if (account) {
        body.address = hasAddress ? address : (account.address ? null : undefined);
        const saved = await api('PATCH', `/accounts/${account.id}`, { body, version: account.version });
        notify(t('saved'));
        return saved;
      }
      for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
      if (hasAddress) body.address = Object.fromEntries(Object.entries(address).filter(([, x]) => x !== null));
      const saved = await api('POST', '/accounts', { body });
      notify(t('created'));
      return saved;
    },
  });
}

/** Accounts to choose from in a select (first 200 by name). */
export async function accountOptions() {
  const page = await api('GET', '/accounts?limit=200');
  return [['', t('noAccount')], ...page.items.map((a) => [a.id, a.name])];
}

export async function contactDialog(contact, presets = {}) {
  const c = { ...presets, ...(contact || {}) };
  const accounts = await accountOptions();
  return formDialog({
    title: contact ? t('editContact') : t('newContact'),
    fields: [
      h('div', { class: 'two' },
        field(t('firstName'), input('firstName', c.firstName, { autocomplete: 'given-name' })),
        field(t('lastName'), input('lastName', c.lastName, { required: true, autocomplete: 'family-name' }))),
      field(t('title'), input('title', c.title)),
      field(t('account'), select('accountId', accounts, c.accountId || '')),
      field(t('emails'), input('emails', (c.emails || []).join(', '), { inputmode: 'email' }), t('commaHint')),
      field(t('phones'), input('phones', (c.phones || []).join(', '), { type: 'tel' }), t('commaHint')),
      field(t('notes'), textarea('notes', c.notes, { rows: 4 })),
    ],
    submit: contact ? t('save') : t('create'),
    onSubmit: async (v) => {
      const body = { firstName: orNull(v.firstName), lastName: v.lastName, title: orNull(v.title), accountId: orNull(v.accountId),
        emails: list(v.emails), phones: list(v.phones), notes: orNull(v.notes) };
      let saved;
      if (contact) {
        saved = await api('PATCH', `/contacts/${contact.id}`, { body, version: contact.version });
      } else {
        for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
        saved = await api('POST', '/contacts', { body });
      }
      notify(saved.linkedMails ? t('linkedMails', saved.linkedMails) : contact ? t('saved') : t('created'));
      return saved;
    },
  });
}

/** New task (presets: accountId, contactId, opportunityId) or edit one. */
export function taskDialog(task, presets = {}) {
  const x = { ...presets, ...(task || {}) };
  return formDialog({
    title: task ? t('editTask') : t('newTask'),
    fields: [
      field(t('title'), input('title', x.title, { required: true })),
      h('div', { class: 'two' },
        field(t('dueDate'), input('dueDate', x.dueDate || isoDay(1), { type: 'date', required: true })),
        field(t('assignee'), select('assigneeId', memberOptions(), x.assigneeId || state.me.id))),
      field(t('description'), textarea('description', x.description)),
      h('div', { class: 'two' },
        field(t('recurrence'), select('recurrenceUnit', [['', t('recurrenceNone')], ...['DAY', 'WEEK', 'MONTH', 'YEAR'].map((u) => [u, t(u)])],
          x.recurrence?.unit || '', { id: 'recurrence-unit' })),
        field(t('every'), input('recurrenceEvery', String(x.recurrence?.every || 1), { type: 'number', min: '1', max: '366', id: 'recurrence-every' }))),
    ],
    submit: task ? t('save') : t('create'),
    onSubmit: async (v) => {
      const body = { title: v.title, dueDate: v.dueDate, assigneeId: v.assigneeId, description: orNull(v.description),
        recurrence: v.recurrenceUnit ? { every: Number(v.recurrenceEvery) || v.recurrenceEvery, unit: v.recurrenceUnit } : null };
      if (!task && body.recurrence === null) delete body.recurrence;
      if (task) {
        const saved = await api('PATCH', `/tasks/${task.id}`, { body, version: task.version });
        notify(t('saved'));
        return saved;
      }
      if (body.description === null) delete body.description;
      for (const k of ['accountId', 'contactId', 'opportunityId']) if (presets[k]) body[k] = presets[k];
      const saved = await api('POST', '/tasks', { body });
      notify(t('created'));
      return saved;
    },
  });
}

/** Log a call on an account (with a choice of its contacts) or on a contact; optional follow-up task. */
export function logCallDialog({ accountId, contactId, contacts = [] }) {
  const followUp = h('input', { type: 'checkbox', name: 'followUp' });
  const followUpFields = h('div', { class: 'indent', hidden: true },
    field(t('followUpTitle'), input('followUpTitle', '')),
    h('div', { class: 'two' },
      field(t('dueDate'), input('followUpDue', isoDay(7), { type: 'date' })),
      field(t('assignee'), select('followUpAssignee', memberOptions(), state.me.id))));
  followUp.addEventListener('change', () => { followUpFields.hidden = !followUp.checked; });
  const now = new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  return formDialog({
    title: t('logCall'),
    fields: [
      contacts.length ? field(t('contact'), select('contactId', [['', t('noAccount')], ...contacts.map((c) =>
        [c.id, [c.firstName, c.lastName].filter(Boolean).join(' ')])], '')) : null,
      field(t('occurredAt'), input('occurredAt', now, { type: 'datetime-local' })),
      field(t('callSummary'), textarea('summary', '', { required: true })),
      field(t('outcome'), textarea('outcome', '', { rows: 2 })),
      field(t('nextSteps'), textarea('nextSteps', '', { rows: 2 })),
      field(t('followUp'), followUp),
      followUpFields,
    ],
    onSubmit: async (v) => {
      const body = { type: 'CALL', summary: orUndefined(v.summary), outcome: orUndefined(v.outcome), nextSteps: orUndefined(v.nextSteps) };
      if (v.occurredAt) body.occurredAt = new Date(v.occurredAt).toISOString();
      if (accountId) body.accountIds = [accountId];
      const who = contactId || v.contactId;
      if (who) body.contactIds = [who];
      if (v.followUp) body.followUpTask = { title: v.followUpTitle, dueDate: v.followUpDue, assigneeId: v.followUpAssignee };
      const saved = await api('POST', '/interactions', { body });
      notify(saved.followUpTask ? t('callLoggedWithTask') : t('callLogged'));
      return saved;
    },
  });
}

export async function definition() {
  if (!state.definition) state.definition = await api('GET', '/pipeline/definition');
  return state.definition;
}

const label = (item) => item.labels?.[document.documentElement.lang] || item.labels?.de || item.key;

export const stageLabel = label;
