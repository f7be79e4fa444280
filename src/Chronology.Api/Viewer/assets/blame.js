import { get } from './api.js';
import { h, main, tagged, instant } from './dom.js';
import { recordTabs } from './nav.js';
import { pathLabel } from './labels.js';

export async function render({ id, params }) {
  const lang = params.get('lang') ?? 'en';
  const [record, blame] = await Promise.all([get(`/records/${id}`), get(`/records/${id}/blame`)]);
  const rows = Object.entries(blame.fields).map(([path, b]) => h('tr', { 'data-path': path },
    h('th', { scope: 'row' }, pathLabel(path, [record], lang)),
    h('td', {}, h('a', { href: `/records/${id}?revision=${b.revision}` }, `revision ${b.revision}`), ' · ', h('a', { href: `/records/${id}/diff?from=${Math.max(b.revision - 1, 1)}&to=${b.revision}` }, 'diff', h('span', { class: 'sr-only' }, ` of revision ${b.revision}`))),
    h('td', {}, b.editor),
    h('td', {}, instant(b.recordedAt)),
    h('td', {}, b.correction ? h('strong', {}, 'correction ') : null, b.comment ?? ''),
    h('td', {}, b.sources?.length ? h('ul', { class: 'plain' }, b.sources.map(s => h('li', {}, h('a', { href: s.url, rel: 'noreferrer' }, s.title ?? s.url), s.publisher ? ` — ${s.publisher}` : ''))) : h('span', { class: 'muted' }, 'none cited'))));
  main(['Who set what: ', tagged(record.title, lang, 'span')],
    recordTabs(id, 'blame', lang),
    h('p', { class: 'muted' }, `For each field and list item of revision ${record.revision}: the revision, editor and time that last set it, with the sources cited then.`),
    h('div', { class: 'scroll' }, h('table', {},
      h('caption', { class: 'muted' }, 'Last change of each field'),
      h('thead', {}, h('tr', {}, ['Field', 'Revision', 'Editor', 'Recorded (UTC)', 'Comment', 'Sources'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows))));
}
