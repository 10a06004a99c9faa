// The link mailed to a new alias: confirms it for the signed-in member. Loaded when opened.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { heading, link, describe } from '../ui.js';

export async function confirm(view, token) {
  view.append(heading(t('aliasTitle')));
  try {
    const member = await api('POST', '/me/aliases/confirm', { body: { token } });
    view.append(h('p', { id: 'alias-result', text: t('aliasConfirmed', member.aliases.join(', ')) }));
  } catch (e) {
    view.append(h('p', { id: 'alias-result', class: 'error', text: describe(e) }));
  }
  view.append(link('#/', t('home')));
}
