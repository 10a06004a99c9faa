// The page: sign-in, the shell (navigation, language, sign-out) and a small hash router.
import { h, clear, field } from './dom.js';
import { t, setLanguage, language } from './i18n.js';
import { api, loadConfig, isLocal, token, signInLocal, signInCognito, completeCognitoSignIn, signOut, whenUnauthorized } from './api.js';
import { state, loadMembers, showError, notify, describe } from './ui.js';
import * as home from './views/home.js';
import * as accounts from './views/accounts.js';
import * as contacts from './views/contacts.js';
import * as pipeline from './views/pipeline.js';
import * as tasks from './views/tasks.js';
import * as inbox from './views/inbox.js';
import * as team from './views/team.js';
import { searchBox, focusOnSlash } from './search.js';

/** A view whose code loads when it is first opened (not part of the first load, which stays small). */
const later = (load, name) => async (...args) => (await load())[name](...args);
const mailView = later(() => import('./views/mail.js'), 'render');
const quarantineView = later(() => import('./views/quarantine.js'), 'render');
const reportsView = later(() => import('./views/reports.js'), 'render');
const duplicatesView = later(() => import('./views/duplicates.js'), 'render');
const mergeView = later(() => import('./views/merge.js'), 'render');
const aliasConfirmView = later(() => import('./views/alias.js'), 'confirm');
const auditView = later(() => import('./views/audit.js'), 'render');
const settingsView = later(() => import('./views/settings.js'), 'render');

// every route a mail of the CRM links to (receipts: #/interactions/<id>, #/unresolved; digests: #/tasks/<id>;
// a held mail: #/pending-mails/<id>, on the start page; an alias's link: #/aliases/confirm/<token>) is here
const routes = [
  [/^$/, home.render, 'home'],
  [/^pending-mails\/([0-9A-Z]+)$/, home.render, 'home'],
  [/^aliases\/confirm\/([A-Za-z0-9_-]+)$/, aliasConfirmView, ''],
  [/^accounts$/, accounts.list, 'accounts'],
  [/^accounts\/([0-9A-Z]+)$/, accounts.detail, 'accounts'],
  [/^contacts$/, contacts.list, 'contacts'],
  [/^contacts\/([0-9A-Z]+)$/, contacts.detail, 'contacts'],
  [/^pipeline$/, pipeline.board, 'pipeline'],
  [/^pipeline\/municipalities$/, pipeline.municipalities, 'pipeline'],
  [/^tasks$/, tasks.render, 'tasks'],
  [/^tasks\/([0-9A-Z]+)$/, tasks.render, 'tasks'],
  [/^inbox$/, inbox.render, 'inbox'],
  [/^unresolved$/, inbox.render, 'inbox'],
  [/^interactions\/([0-9A-Z]+)$/, mailView, ''],
  [/^quarantine$/, quarantineView, 'quarantine'],
  [/^team$/, team.render, 'team'],
  [/^reports$/, reportsView, 'reports'],
  [/^duplicates$/, duplicatesView, 'contacts'],
  [/^merge\/(contacts|accounts)\/([0-9A-Z]+)\/([0-9A-Z]+)$/, mergeView, 'contacts'],
  [/^audit$/, auditView, 'audit'],
  [/^settings$/, settingsView, 'settings'],
];

const main = () => document.getElementById('main');

function shell() {
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('nav'));
  const keys = ['home', 'accounts', 'contacts', 'pipeline', 'reports', 'tasks', 'inbox', 'team'];
  if (state.me.role === 'ADMIN') keys.push('quarantine', 'audit', 'settings');
  clear(nav, h('ul', {}, keys.map((key) =>
    h('li', {}, h('a', { href: '#/' + (key === 'home' ? '' : key), 'data-nav': key, text: t(key) })))));
  document.querySelector('.skip').textContent = t('skip');
  const tools = document.getElementById('tools');
  clear(tools,
    searchBox(),
    h('span', { class: 'who', text: state.me.name }),
    h('button', { type: 'button', id: 'language', lang: language() === 'de' ? 'en' : 'de', 'aria-label': t('switchLanguageLabel'),
      onclick: switchLanguage, text: t('switchLanguage') }),
    h('button', { type: 'button', id: 'signout', onclick: doSignOut, text: t('signOut') }));
  document.title = t('appName');
}

async function switchLanguage() {
  const next = language() === 'de' ? 'en' : 'de';
  try {
    state.me = await api('PATCH', `/members/${state.me.id}`, { body: { language: next }, version: state.me.version });
  } catch (e) {
    // the choice still applies to this page even when it cannot be saved
    if (e.status === 412) state.me = await api('GET', '/me');
  }
  setLanguage(next);
  state.definition = null;
  shell();
  await route();
}

function doSignOut() {
  state.me = null;
  if (!signOut()) showSignIn();
}

function showSignIn(message) {
  document.getElementById('shell').hidden = true;
  clear(document.getElementById('nav'));
  clear(document.getElementById('tools'));
  const summary = h('div', { class: 'summary', tabindex: '-1' });
  if (message) summary.append(h('div', { class: 'alert', role: 'alert', text: message }));
  let content;
  if (isLocal()) {
    const email = h('input', { name: 'email', type: 'email', autocomplete: 'email', required: true, value: localStorage.getItem('crm.lastEmail') || 'admin@example.org' });
    const form = h('form', { id: 'signin', class: 'card signin' },
      h('h1', { tabindex: '-1', text: t('signInTitle') }),
      h('p', { class: 'muted', text: t('signInLocal') }), summary,
      field(t('email'), email),
      h('button', { type: 'submit', class: 'primary', text: t('signIn') }));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await signInLocal(email.value.trim());
        localStorage.setItem('crm.lastEmail', email.value.trim());
        await start();
      } catch (e) {
        clear(summary, h('div', { class: 'alert', role: 'alert', text: describe(e) }));
        email.focus();
      }
    });
    content = form;
  } else {
    content = h('div', { class: 'card signin' }, h('h1', { tabindex: '-1', text: t('signInTitle') }), summary,
      h('button', { type: 'button', class: 'primary', onclick: signInCognito, text: t('signInCognito') }));
  }
  clear(main(), content);
  content.querySelector('h1').focus();
}

let rendering = 0;
async function route() {
  if (!state.me) return;
  const path = decodeURIComponent(location.hash.replace(/^#\/?/, '').split('?')[0]);
  const [pattern, view, navKey] = routes.find(([p]) => p.test(path)) || routes[0];
  const params = path.match(pattern)?.slice(1) || [];
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === navKey) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  const ticket = ++rendering;
  const target = h('div', { class: 'view' });
  clear(document.getElementById('alert'));
  main().setAttribute('aria-busy', 'true');
  try {
    await view(target, ...params);
    if (ticket !== rendering) return;
    clear(main(), target);
    document.title = `${target.querySelector('h1')?.textContent || ''} – ${t('appName')}`;
    target.querySelector('h1')?.focus();
  } catch (e) {
    if (ticket === rendering) showError(e);
  } finally {
    main().removeAttribute('aria-busy');
  }
}
state.rerender = route;

async function start() {
  try {
    state.me = await api('GET', '/me');
  } catch (e) {
    state.me = null;
    showSignIn(e.status === 401 || e.status === 403 ? (e.status === 403 ? describe(e) : undefined) : describe(e));
    return;
  }
  setLanguage(state.me.language);
  await loadMembers();
  document.getElementById('shell').hidden = false;
  shell();
  await route();
}

whenUnauthorized(() => {
  if (state.me) { state.me = null; showSignIn(t('sessionExpired')); }
});
window.addEventListener('hashchange', route);
focusOnSlash();
document.querySelector('.skip').addEventListener('click', (event) => { event.preventDefault(); (main().querySelector('h1') || main()).focus(); });

(async () => {
  await loadConfig();
  try {
    await completeCognitoSignIn();
  } catch (e) {
    notify(e.message);
  }
  if (token()) await start(); else showSignIn();
})();
