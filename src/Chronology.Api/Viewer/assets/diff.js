import { get, query } from './api.js';
import { h, main, tagged, instant } from './dom.js';
import { recordTabs } from './nav.js';
import { highlighted } from './words.js';
import { pathLabel } from './labels.js';

/** The leaves of a value, each with its sub-path ("name/zh-Hant") and its text. */
function leaves(value, prefix = '') {
  if (value == null) return {};
  if (Array.isArray(value)) return value.every(v => typeof v !== 'object') ? { [prefix]: value.join(', ') } : Object.assign({}, ...value.map((v, i) => leaves(v, `${prefix}/${i}`)));
  if (typeof value === 'object') return Object.assign({}, ...Object.entries(value).filter(([k]) => k !== 'id').map(([k, v]) => leaves(v, `${prefix}/${k}`)));
  return { [prefix]: String(value) };
}

const langTag = /^[a-z]{2}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$/;

function changeRows(change, states, lang) {
  const before = leaves(change.before), after = leaves(change.after);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const label = pathLabel(change.path, states, lang);
  return keys.filter(k => before[k] !== after[k]).map((k, i) => {
    const tag = [...`${change.path}${k}`.split('/')].reverse().find(p => langTag.test(p)) ?? 'en';
    const [b, a] = highlighted(before[k], after[k], tag);
    return h('tr', { 'data-path': change.path + k, 'data-op': change.op, class: i === 0 ? 'first' : 'more' },
      h('th', { scope: 'row', class: 'path' }, i === 0 ? label : '', k ? h('span', { class: 'muted' }, ` ${k.split('/').filter(Boolean).join(' › ')}`) : '', i === 0 && change.op !== 'replace' ? h('span', { class: 'muted' }, ` (${change.op === 'add' ? 'added' : 'removed'})`) : ''),
      h('td', { class: 'before', lang: tag }, before[k] == null ? h('span', { class: 'muted' }, '—') : b),
      h('td', { class: 'after', lang: tag }, after[k] == null ? h('span', { class: 'muted' }, '—') : a));
  });
}

export async function render({ id, params }) {
  const lang = params.get('lang');
  const history = await get(`/records/${id}/history?limit=500`);
  const latest = history.items[0]?.revision ?? 1;
  const from = Number(params.get('from') ?? Math.max(latest - 1, 1));
  const to = Number(params.get('to') ?? latest);
  const [diff, a, b] = await Promise.all([
    get(`/records/${id}/diff${query({ from, to })}`),
    get(`/records/${id}?revision=${from}`),
    get(`/records/${id}?revision=${to}`),
  ]);
  const step = (f, t, label, rel) => (f >= 1 && t <= latest && f < t
    ? h('a', { href: `/records/${id}/diff?from=${f}&to=${t}${lang ? `&lang=${lang}` : ''}`, rel }, label)
    : h('span', { class: 'muted' }, label));
  const rows = diff.changes.flatMap(c => changeRows(c, [b, a], lang ?? 'en'));
  main(['Changes to ', tagged(b.title, lang ?? 'en', 'span')],
    recordTabs(id, 'history', lang),
    h('p', {}, 'From ', h('a', { href: `/records/${id}?revision=${from}` }, `revision ${from}`), ' to ', h('a', { href: `/records/${id}?revision=${to}` }, `revision ${to}`),
      ` (the current revision is ${latest}). Removed words are struck through in red on the left, added words marked in green on the right.`),
    h('ul', { class: 'plain' }, [from, to].map(n => history.items.find(i => i.revision === n)).filter(Boolean).map(i => h('li', {},
      h('strong', {}, `Revision ${i.revision}`), ', recorded ', instant(i.recordedAt), ` by ${i.editor}`, i.correction ? [' ', h('strong', { class: 'mark correction' }, 'correction')] : '',
      i.comment ? [': ', h('span', { dir: 'auto' }, i.comment)] : ''))),
    h('nav', { class: 'pager', 'aria-label': 'Step through revisions' },
      step(from - 1, to - 1, '← Previous pair', 'prev'), step(from + 1, to + 1, 'Next pair →', 'next')),
    rows.length
      ? h('div', { class: 'scroll' }, h('table', { class: 'diff' },
        h('caption', { class: 'muted' }, `${diff.changes.length} changed fields and list items`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, `Revision ${from}`), h('th', { scope: 'col' }, `Revision ${to}`))),
        h('tbody', {}, rows)))
      : h('p', {}, 'These two revisions have the same content.'));
}
