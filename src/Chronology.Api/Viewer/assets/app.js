import { session } from './api.js';
import { h, main, problemBox, fill } from './dom.js';
import { startLive } from './live.js';

const uuid = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const routes = [
  [new RegExp('^/?$'), () => import('./timeline.js')],
  [new RegExp(`^/records/(${uuid})/?$`), () => import('./record.js')],
  [new RegExp(`^/records/(${uuid})/history/?$`), () => import('./history.js')],
  [new RegExp(`^/records/(${uuid})/diff/?$`), () => import('./diff.js')],
  [new RegExp(`^/records/(${uuid})/blame/?$`), () => import('./blame.js')],
  [new RegExp('^/admin/?$'), () => import('./admin.js')],
];

function signIn() {
  const box = document.getElementById('signin');
  if (session.key()) {
    fill(box, 
      h('span', { class: 'muted' }, 'Signed in for this tab'),
      h('button', { type: 'button', onclick: () => { session.signOut(); location.reload(); } }, 'Sign out'));
    return;
  }
  const input = h('input', { type: 'password', id: 'api-key', name: 'api-key', autocomplete: 'off', required: true });
  fill(box, h('form', {
    class: 'inline',
    onsubmit: e => { e.preventDefault(); session.signIn(input.value.trim()); location.reload(); },
  }, h('label', { for: 'api-key' }, 'API key'), input, h('button', { type: 'submit' }, 'Sign in')));
}

/** The page has drawn its data: tests wait for this, and bench/viewer-render.sh times it. */
function ready() {
  performance.mark('chronology:ready');
  document.body.dataset.ready = 'true';
}

async function render() {
  signIn();
  const path = location.pathname;
  for (const [pattern, load] of routes) {
    const match = pattern.exec(path);
    if (!match) continue;
    try {
      const page = await load();
      await page.render({ id: match[1], params: new URLSearchParams(location.search) });
    } catch (error) {
      main('This page could not be shown', problemBox(error),
        error.status === 401 || error.status === 403 ? h('p', {}, 'Reading needs a key here: sign in with an API key above.') : null);
    }
    ready();
    return;
  }
  main('Not a page', h('p', {}, 'Nothing is shown at this address.'));
  ready();
}

startLive();
render();
