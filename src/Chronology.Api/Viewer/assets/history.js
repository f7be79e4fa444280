import { get, query } from './api.js';
import { h, main, tagged, instant } from './dom.js';
import { recordTabs } from './nav.js';
import { eventName, isList } from './labels.js';
import { revisionActions } from './edit.js';

const marks = types => [
  types.some(t => t.startsWith('revision_reverted')) ? h('strong', { class: 'mark' }, 'revert ') : null,
  types.some(t => t.startsWith('revision_undone')) ? h('strong', { class: 'mark' }, 'undo ') : null,
];

/** Items added to and removed from lists by one revision, from the diff with the revision before it. */
function listChanges(diff) {
  if (!diff) return null;
  const items = diff.changes.filter(c => isList(c.path) && c.path.split('/').length === 3 && (c.op === 'add' || c.op === 'remove'));
  if (!items.length) return null;
  const count = (op, list) => items.filter(c => c.op === op && c.path.startsWith(`/${list}/`)).length;
  return ['participants', 'outcomes', 'sources', 'links'].flatMap(list => [
    count('add', list) ? h('span', { class: 'added' }, `+${count('add', list)} ${list} `) : null,
    count('remove', list) ? h('span', { class: 'removed' }, `−${count('remove', list)} ${list} `) : null,
  ]);
}

/** The fields a revision changed, leaving out the lists whose items it added or removed (counted beside). */
function fields(paths, diff) {
  const counted = new Set((diff?.changes ?? []).filter(c => isList(c.path) && c.path.split('/').length === 3 && c.op !== 'replace').map(c => c.path.split('/')[1]));
  return [...new Set(paths.map(p => p.split('/')[1]))].filter(f => !counted.has(f)).join(', ');
}

/** Where a revision stands in the signed transparency log: its entry, with the inclusion proof under the latest signed head. */
function logEntry(item, head) {
  if (item.logIndex == null) return h('span', { class: 'muted' }, 'not logged yet');
  if (!head || item.logIndex >= head.treeSize) return h('span', { class: 'muted' }, `entry ${item.logIndex}, not signed yet`);
  return h('a', { href: `/log/proof/inclusion?index=${item.logIndex}&treeSize=${head.treeSize}` },
    `entry ${item.logIndex}`, h('span', { class: 'sr-only' }, `: proof that revision ${item.revision} is in the log signed at size ${head.treeSize}`));
}

export async function render({ id, params }) {
  const lang = params.get('lang');
  const [record, page, head] = await Promise.all([
    get(`/records/${id}`),
    get(`/records/${id}/history${query({ limit: 100, after: params.get('after') })}`),
    get('/log/tree-head').catch(() => null),
  ]);
  const latest = record.revision;
  const diffs = Object.fromEntries(await Promise.all(page.items.map(async item =>
    [item.revision, item.revision > 1 ? await get(`/records/${id}/diff?from=${item.revision - 1}&to=${item.revision}`).catch(() => null) : null])));

  const rows = page.items.map((item, index) => {
    const n = item.revision;
    const radio = (name, checked) => h('input', {
      type: 'radio', name, value: n, checked: checked || null, form: 'compare', 'aria-label': `${name === 'from' ? 'Compare from' : 'Compare to'} revision ${n}`,
    });
    return h('tr', { 'data-revision': n },
      h('td', {}, radio('from', index === 1), ' ', radio('to', index === 0)),
      h('td', {}, h('a', { href: `/records/${id}?revision=${n}${lang ? `&lang=${lang}` : ''}` }, h('span', { class: 'sr-only' }, 'revision '), n, h('span', { class: 'sr-only' }, ' as it was'))),
      h('td', {}, instant(item.recordedAt)),
      h('td', {}, item.editor, item.importedBy && item.importedBy !== item.editor ? h('span', { class: 'muted' }, ` (imported by ${item.importedBy})`) : ''),
      h('td', {}, marks(item.eventTypes), item.correction ? h('strong', { class: 'mark correction' }, 'correction ') : null, item.comment ? h('span', { dir: 'auto' }, item.comment) : h('span', { class: 'muted' }, 'no comment')),
      h('td', {}, h('span', { class: 'muted' }, item.eventTypes.map(eventName).join(', ')), h('br'), n === 1 ? 'created' : fields(item.changedPaths, diffs[n]), ' ', listChanges(diffs[n])),
      h('td', { class: 'nowrap' },
        n > 1 ? h('a', { href: `/records/${id}/diff?from=${n - 1}&to=${n}` }, 'prev', h('span', { class: 'sr-only' }, `: revision ${n} against ${n - 1}`)) : h('span', { class: 'muted' }, 'prev'),
        ' · ',
        n < latest ? h('a', { href: `/records/${id}/diff?from=${n}&to=${latest}` }, 'cur', h('span', { class: 'sr-only' }, `: revision ${n} against the current ${latest}`)) : h('span', { class: 'muted' }, 'cur'),
        revisionActions(id, n, latest)),
      h('td', {}, logEntry(item, head)));
  });

  main(['History of ', tagged(record.title, lang ?? 'en', 'span')],
    recordTabs(id, 'history', lang),
    h('p', { class: 'muted' }, `${latest} revisions, newest first. Pick any two with the buttons on the left to compare them; “prev” compares a revision with the one before, “cur” with the current one. “Signed log” links each revision's entry in the signed transparency log to the proof that it is there (docs/verification.md says how to check it).`),
    h('form', { id: 'compare', method: 'get', action: `/records/${id}/diff` }, h('button', { type: 'submit', class: 'primary' }, 'Compare selected revisions')),
    h('div', { class: 'scroll' }, h('table', { class: 'history' },
      h('caption', { class: 'muted' }, 'Revisions of this record'),
      h('thead', {}, h('tr', {}, ['Compare', 'Revision', 'Recorded (UTC)', 'Editor', 'Comment', 'What changed', 'Diffs', 'Signed log'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows))),
    page.next ? h('nav', { class: 'pager', 'aria-label': 'Older revisions' }, h('a', { href: `?after=${encodeURIComponent(page.next)}` }, 'Older revisions')) : null);
}
