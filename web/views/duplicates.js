// Duplicates: pairs of contacts and of organisations that may be the same, and the hint on a record's view.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { heading, section, emptyNote, link } from '../ui.js';

const recordLink = (kind, record) => link(`#/${kind}/${record.id}`, record.name);
/** "Merge…": the merge screen of the pair, `kept` the record kept unless swapped there. */
const mergeLink = (kind, keptId, otherId, label) => link(`#/merge/${kind}/${keptId}/${otherId}`, t('mergeOpen'),
  { class: 'merge-open', 'aria-label': label });

function pairsTable(kind, pairs) {
  if (!pairs.length) return emptyNote(t('noDuplicates'));
  const th = (text) => h('th', { scope: 'col', text });
  return h('table', { class: 'list', id: `duplicates-${kind}` },
    h('thead', {}, h('tr', {}, th(t('duplicateFirst')), th(t('duplicateSecond')), th(t('duplicateReason')), th(t('mergeDo')))),
    h('tbody', {}, pairs.map((pair) => h('tr', {},
      h('td', {}, recordLink(kind, pair.records[0])),
      h('td', {}, recordLink(kind, pair.records[1])),
      h('td', { text: t('duplicate' + pair.reason) }),
      h('td', {}, mergeLink(kind, pair.records[0].id, pair.records[1].id, t('mergeOpenLabel', pair.records[0].name, pair.records[1].name)))))));
}

export async function render(view) {
  const [contacts, accounts] = await Promise.all([
    api('GET', '/contacts/duplicates?limit=100'),
    api('GET', '/accounts/duplicates?limit=100'),
  ]);
  view.append(
    heading(t('duplicates')),
    h('p', { class: 'muted', text: t('duplicatesIntro') }),
    section(t('contacts'), pairsTable('contacts', contacts.items)),
    section(t('accounts'), pairsTable('accounts', accounts.items)));
}

/**
 * The hint on a contact's or organisation's view: the records of the list's first page (200 shared
 * keys, one request) that may be the same as this one; null when there are none.
 */
export async function hint(kind, id) {
  const page = await api('GET', `/${kind}/duplicates?limit=200`);
  const others = page.items.filter((pair) => pair.records.some((r) => r.id === id))
    .map((pair) => ({ record: pair.records.find((r) => r.id !== id), reason: pair.reason }));
  if (!others.length) return null;
  return h('p', { class: 'alert conflict', role: 'note', id: 'duplicate-hint' },
    h('span', {}, t('duplicateHint'), ' ',
      others.map((other, i) => [i ? ', ' : '', recordLink(kind, other.record), ` (${t('duplicate' + other.reason)}) `,
        mergeLink(kind, id, other.record.id, t('mergeWith', other.record.name))])),
    link('#/duplicates', t('duplicatesAll')));
}

/**
 * Shows the hint below the crumbs of a record's view once it is known; the view does not wait for it.
 * data-duplicates says that the look-up is done (found or none).
 */
export function showHint(view, kind, id) {
  hint(kind, id).then((element) => {
    if (element) view.querySelector('.crumbs')?.after(element);
    view.dataset.duplicates = element ? 'found' : 'none';
  }).catch(() => {});
}
