// The search field in the header: results as you type (debounced), grouped by kind; "/" focuses it.
import { h, clear } from './dom.js';
import { t, fmtDate } from './i18n.js';
import { api } from './api.js';

const GROUPS = [
  ['accounts', 'accounts', (hit) => '#/accounts/' + hit.id],
  ['contacts', 'contacts', (hit) => '#/contacts/' + hit.id],
  ['opportunities', 'opportunities', (hit) => (hit.accountId ? '#/accounts/' + hit.accountId : '#/pipeline')],
  ['interactions', 'interactionsGroup', (hit) => (hit.accountId ? '#/accounts/' + hit.accountId : hit.contactId ? '#/contacts/' + hit.contactId : '#/')],
];

export function searchBox() {
  const input = h('input', { type: 'search', id: 'search', name: 'everything', autocomplete: 'off', placeholder: t('searchAll'),
    'aria-label': t('searchAll'), 'aria-controls': 'search-results', 'aria-keyshortcuts': '/', maxlength: 100 });
  const results = h('div', { id: 'search-results', class: 'search-results card', hidden: true, 'aria-live': 'polite' });
  let timer;
  let ticket = 0;
  const close = () => { results.hidden = true; };
  async function run() {
    const q = input.value.trim();
    const mine = ++ticket;
    if (!q) { close(); return; }
    let data;
    try {
      data = await api('GET', '/search?q=' + encodeURIComponent(q));
    } catch {
      return; // a failed search shows nothing rather than an error while typing
    }
    if (mine !== ticket) return;
    const groups = GROUPS.filter(([key]) => data[key].length).map(([key, label, href]) => h('section', { class: 'search-group' },
      h('h2', { text: t(label) }),
      h('ul', {}, data[key].map((hit) => h('li', {}, h('a', { href: href(hit), onclick: close, 'data-kind': key },
        hit.name || hit.subject, hit.occurredAt ? h('span', { class: 'muted', text: ' · ' + fmtDate(hit.occurredAt) }) : null))))));
    clear(results, groups.length ? groups : h('p', { class: 'muted', text: t('empty') }));
    results.hidden = false;
  }
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 250); });
  input.addEventListener('keydown', (event) => { if (event.key === 'Escape') { input.value = ''; close(); } });
  const form = h('form', { role: 'search', class: 'search', 'aria-label': t('searchAll') }, input, results);
  form.addEventListener('submit', (event) => { event.preventDefault(); clearTimeout(timer); run(); });
  return form;
}

/** "/" anywhere but in a form field moves the focus to the search field. */
export function focusOnSlash() {
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const active = document.activeElement;
    if (active && (['INPUT', 'TEXTAREA', 'SELECT'].includes(active.tagName) || active.isContentEditable)) return;
    const box = document.getElementById('search');
    if (!box) return;
    event.preventDefault();
    box.focus();
  });
}
