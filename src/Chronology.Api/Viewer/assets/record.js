import { get, getWithTag, query } from './api.js';
import { h, main, tagged, text, instant, erasable } from './dom.js';
import { human } from './dates.js';
import { announce } from './live.js';
import { statusBand } from './band.js';
import { editPanel } from './edit.js';
import { recordTabs, languages, languageSwitch } from './nav.js';

const clocks = ['revision', 'knownAt', 'validAt'];
let liveUpdates = null;
const relations = { followUpOf: 'Follow-up of', partOf: 'Part of', precededBy: 'Preceded by', relatedTo: 'Related to' };

/** What exactly is shown, in words that never mix the two clocks. */
function banner(id, params, record, latest, shownRevision) {
  const revision = params.get('revision'), knownAt = params.get('knownAt'), validAt = params.get('validAt');
  if (!revision && !knownAt && !validAt) return null;
  const lines = [];
  if (revision) {
    const item = shownRevision;
    lines.push(h('p', { 'data-clock': 'revision' }, h('strong', {}, `Revision ${record.revision} of ${latest}`),
      item ? [', recorded ', instant(item.recordedAt), ` by ${item.editor}`, item.comment ? ` — “${item.comment}”` : ''] : ''));
  }
  if (knownAt && validAt) lines.push(h('p', { 'data-clock': 'both' }, h('strong', {}, `The world on ${human(validAt)}`), ' as it was recorded by ', instant(knownAt), ` (revision ${record.revision} of ${latest}).`));
  else if (knownAt) lines.push(h('p', { 'data-clock': 'recorded' }, h('strong', {}, 'The record as it was recorded by '), instant(knownAt), ` — revision ${record.revision} of ${latest}. Later edits are not shown.`));
  else if (validAt) lines.push(h('p', { 'data-clock': 'valid' }, h('strong', {}, `The world on ${human(validAt)}`), revision ? ' as revision ' + record.revision + ' recorded it.' : ` as we know it now (revision ${record.revision}).`));
  return h('div', { class: 'banner', role: 'note', 'aria-label': 'What this page shows' }, lines,
    h('p', {}, h('a', { href: `/records/${id}${query({ lang: params.get('lang') })}` }, 'Back to the current state')));
}

function travelForm(id, params) {
  const field = (name, label, hint, value) => h('div', {},
    h('label', { for: `t-${name}` }, label),
    h('input', { id: `t-${name}`, name, value: value ?? '', 'aria-describedby': `t-${name}-hint` }),
    h('span', { id: `t-${name}-hint`, class: 'hint' }, hint));
  return h('details', { class: 'edit', open: clocks.some(c => params.has(c)) || null },
    h('summary', {}, 'Travel in time'),
    h('form', { method: 'get', action: `/records/${id}`, class: 'form-grid' },
      params.get('lang') ? h('input', { type: 'hidden', name: 'lang', value: params.get('lang') }) : null,
      field('revision', 'As of revision', 'a revision number: the same forever', params.get('revision')),
      field('knownAt', 'As recorded by (recorded time)', 'an instant, e.g. 2026-01-01T00:00:00Z', params.get('knownAt')),
      field('validAt', 'The world on (valid time)', 'an EDTF date, e.g. 2018-05-28', params.get('validAt')),
      h('div', {}, h('button', { type: 'submit' }, 'Show'))));
}

function cites(blame, path, sources) {
  const cited = blame?.fields?.[path]?.sources ?? [];
  if (!cited.length) return null;
  return h('span', { class: 'cites' }, ' ', cited.map(s => {
    const n = sources.findIndex(x => x.id === s.id) + 1;
    return n > 0 ? h('a', { href: `#source-${n}`, 'aria-label': `source ${n}: ${s.title ?? s.url}` }, `[${n}]`) : null;
  }));
}

function dates(record) {
  const zone = record.timeZone ? ` · time zone ${record.timeZone}` : '';
  const span = record.end ? `${record.start}/${record.end}` : record.start;
  if (!span) return h('span', { class: 'muted' }, 'not known yet');
  return [h('span', { title: `EDTF ${span}` }, human(span)), h('span', { class: 'muted' }, zone),
    record.previousStarts?.length ? h('div', { class: 'muted' }, 'Earlier dates: ', record.previousStarts.map(human).join('; ')) : null];
}

async function linkTitles(links) {
  const titles = {};
  await Promise.all(links.map(async l => {
    try { titles[l.recordId] = (await get(`/records/${l.recordId}`)).title; } catch { titles[l.recordId] = null; }
  }));
  return titles;
}

export async function render({ id, params }) {
  const travel = clocks.some(c => params.has(c));
  const [{ body: record, etag }, revisions] = await Promise.all([
    getWithTag(`/records/${id}${query({ revision: params.get('revision'), knownAt: params.get('knownAt'), validAt: params.get('validAt'), minRevision: params.get('minRevision') ?? sessionStorage.getItem(`chronology.minRevision.${id}`) })}`),
    get(`/records/${id}/history?limit=500`),
  ]);
  const [blame, band, titles] = await Promise.all([
    travel ? null : get(`/records/${id}/blame`),
    get(`/records/${id}/status-history${query({ revision: params.get('revision'), knownAt: params.get('knownAt') })}`),
    linkTitles(record.links ?? []),
  ]);
  const latest = revisions.items[0]?.revision ?? record.revision;
  const shown = revisions.items.find(i => i.revision === record.revision);
  const langs = languages(record);
  const lang = params.get('lang') ?? (langs.includes('en') ? 'en' : langs[0]);
  const src = record.sources ?? [];
  const t = path => cites(blame, path, src);

  const heading = tagged(record.title, lang);
  main(heading,
    recordTabs(id, 'record', lang),
    banner(id, params, record, latest, shown),
    languageSwitch(langs, lang),
    h('p', {}, h('span', { class: `status ${record.status}` }, record.status), ' ', h('span', { class: 'muted' }, `${record.kind} · revision ${record.revision}${record.lastEditor ? ` · last edited by ${record.lastEditor}` : ''}`)),
    text(record.summary, lang) ? tagged(record.summary, lang, 'p') : null,
    h('dl', { class: 'facts' },
      h('dt', {}, 'When'), h('dd', {}, dates(record), t('/start')),
      h('dt', {}, 'Status'), h('dd', {}, record.status, t('/status')),
      h('dt', {}, 'Place'), h('dd', { 'data-field': 'place' }, record.place
        ? [tagged(record.place.name, lang), record.place.locality ? `, ${record.place.locality}` : '', record.place.country ? ` (${record.place.country})` : '',
          record.place.coordinates ? h('span', { class: 'muted' }, ` ${record.place.coordinates.lat}, ${record.place.coordinates.lon}`) : '', t('/place')]
        : h('span', { class: 'muted' }, 'not known')),
      Object.keys(record.aliases ?? {}).length ? [h('dt', {}, 'Also called'), h('dd', {}, Object.entries(record.aliases).map(([l, names]) => names.map(n => h('span', { lang: l }, n, '; '))))] : null,
      record.tags?.length ? [h('dt', {}, 'Tags'), h('dd', {}, record.tags.join(', '))] : null),
    h('h2', {}, 'Status over valid time'),
    params.has('revision') || params.has('knownAt')
      ? h('p', { class: 'muted' }, `The band shows the status history as revision ${record.revision} recorded it.`) : null,
    statusBand(id, band.intervals, lang),
    h('h2', {}, 'Participants'),
    record.participants?.length
      ? h('div', { class: 'scroll' }, h('table', {}, h('caption', { class: 'muted' }, 'Who took part, with their role and side'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Role'), h('th', { scope: 'col' }, 'Side'))),
        h('tbody', {}, record.participants.map(p => h('tr', { 'data-item': p.id }, h('td', {}, erasable(p.name, name => tagged(name, lang)), t(`/participants/${p.id}`)), h('td', {}, erasable(p.role, role => role ?? '')), h('td', {}, p.side ?? ''))))))
      : h('p', { class: 'muted' }, 'No participants recorded.'),
    h('h2', {}, 'Outcomes'),
    record.outcomes?.length
      ? h('ul', { id: 'outcomes' }, record.outcomes.map(o => h('li', { 'data-item': o.id }, tagged(o.text, lang), t(`/outcomes/${o.id}`))))
      : h('p', { class: 'muted', id: 'outcomes' }, 'No outcomes recorded.'),
    h('h2', {}, 'Related records'),
    record.links?.length
      ? h('ul', {}, record.links.map(l => h('li', { 'data-item': l.id }, `${relations[l.relation] ?? l.relation}: `, h('a', { href: `/records/${l.recordId}${query({ lang })}` }, titles[l.recordId] ? tagged(titles[l.recordId], lang) : l.recordId))))
      : h('p', { class: 'muted' }, 'No links to other records.'),
    h('h2', {}, 'Sources'),
    src.length
      ? h('ol', {}, src.map((s, i) => h('li', { id: `source-${i + 1}`, 'data-item': s.id },
        h('a', { href: s.url, rel: 'noreferrer' }, s.title ?? s.url), s.publisher ? ` — ${s.publisher}` : '', s.publishedOn ? `, ${human(s.publishedOn)}` : '',
        s.quote ? h('blockquote', {}, erasable(s.quote, quote => `“${quote}”`)) : null)))
      : h('p', { class: 'muted' }, 'No sources cited.'),
    travelForm(id, params),
    travel ? null : editPanel(id, record, Number(etag?.replaceAll('"', '') ?? record.revision)));

  // A new revision of this record redraws the page, unless the editor has a form open: then the form keeps the
  // revision it was based on (a save answers 412 and shows what changed) and the page only says what arrived.
  liveUpdates?.abort();
  liveUpdates = new AbortController();
  if (!travel) window.addEventListener('chronology:change', e => {
    if (e.detail.recordId !== id || e.detail.revision <= record.revision) return;
    const arrived = `Revision ${e.detail.revision} by ${e.detail.editor} arrived${e.detail.comment ? `: ${e.detail.comment}` : ''}.`;
    if (document.querySelector('details.edit[data-command][open]')) {
      announce(`${arrived} Your open form is still based on revision ${record.revision}.`);
      return;
    }
    announce(arrived);
    const p = new URLSearchParams(params);
    p.set('minRevision', e.detail.revision);
    render({ id, params: p });
  }, { signal: liveUpdates.signal });
}
