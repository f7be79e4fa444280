import { get, query } from './api.js';
import { h, main, tagged, fill } from './dom.js';
import { human, period } from './dates.js';
import { announce } from './live.js';
import { createForm } from './edit.js';

const kinds = ['summit', 'talks', 'meeting', 'agreement', 'announcement', 'other'];
const statuses = ['proposed', 'announced', 'scheduled', 'rescheduled', 'postponed', 'cancelled', 'held'];
const lang = () => new URLSearchParams(location.search).get('lang') ?? 'en';

function select(name, label, options, value) {
  return h('div', {},
    h('label', { for: `f-${name}` }, label),
    h('select', { id: `f-${name}`, name }, h('option', { value: '' }, 'any'),
      options.map(o => h('option', { value: o, selected: o === value }, o))));
}

function input(name, label, value, hint, type = 'text') {
  return h('div', {},
    h('label', { for: `f-${name}` }, label),
    h('input', { id: `f-${name}`, name, type, value: value ?? '', 'aria-describedby': hint ? `f-${name}-hint` : null }),
    hint ? h('span', { id: `f-${name}-hint`, class: 'hint' }, hint) : null);
}

function entryLine(entry) {
  const title = tagged(entry.title, lang());
  const link = h('a', { href: `/records/${entry.recordId}` }, title);
  const what = entry.entry === 'status'
    ? [h('span', { class: `status ${entry.status}` }, entry.change ?? entry.status), ' ', link]
    : [h('span', { class: 'status date' }, entry.kind ?? 'date'), ' ', link];
  return h('li', { 'data-record': entry.recordId, 'data-entry': entry.entry },
    h('span', { class: 'when' }, h('span', { title: `EDTF ${entry.date}` }, human(entry.date))), h('span', {}, what));
}

function grouped(items) {
  const sections = [];
  let current = null;
  for (const item of items) {
    const label = period(item.date);
    if (!current || current.label !== label) sections.push(current = { label, items: [] });
    current.items.push(item);
  }
  return sections.map((s, i) => h('section', { 'aria-labelledby': `m-${i}` },
    h('h2', { id: `m-${i}` }, s.label), h('ol', { class: 'timeline' }, s.items.map(entryLine))));
}

export async function render({ params }) {
  const filters = Object.fromEntries(['q', 'kind', 'status', 'from', 'to', 'after', 'limit', 'lang'].map(k => [k, params.get(k)]));
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter the timeline', method: 'get', action: '/' },
    input('q', 'Text', filters.q, 'any language, e.g. 首腦會談', 'search'),
    select('kind', 'Kind', kinds, filters.kind),
    select('status', 'Status', statuses, filters.status),
    input('from', 'From (valid time)', filters.from, 'EDTF, e.g. 2018-05'),
    input('to', 'To (valid time)', filters.to, 'EDTF, e.g. 2018-06-30'),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, 'Show')));
  const list = h('div', { id: 'entries' });
  main('Timeline', h('p', { class: 'muted' }, 'Records and their status changes in the order they happened in the world (valid time), grouped by month. Imprecise dates are shown as precise as they are known.'),
    form, createForm(), list);

  const load = async () => {
    const page = await get(`/timeline${query({ ...filters, lang: null, limit: filters.limit ?? 100 })}`);
    const next = page.next ? `/${query({ ...filters, after: page.next })}` : null;
    fill(list, 
      page.items.length ? grouped(page.items) : h('p', {}, 'Nothing on the timeline matches these filters.'),
      h('nav', { class: 'pager', 'aria-label': 'Pages' },
        filters.after ? h('a', { href: `/${query({ ...filters, after: null })}` }, 'First page') : h('span'),
        next ? h('a', { href: next, rel: 'next' }, 'Next page') : h('span', { class: 'muted' }, 'End of the timeline')));
    return page;
  };
  await load();
  window.addEventListener('chronology:change', async e => {
    await load();
    // The timeline is read from the records view, which may trail the change feed by a moment.
    setTimeout(load, 1500);
    announce(`Revision ${e.detail.revision} by ${e.detail.editor} arrived; the timeline is up to date.`);
  });
}
