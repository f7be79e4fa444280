import { h } from './dom.js';
import { human } from './dates.js';

const svgNs = 'http://www.w3.org/2000/svg';
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, v);
  for (const c of children.flat()) if (c != null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** Where an EDTF date starts on the axis (its earliest day); enough to place it, the API keeps the exact bounds. */
function start(edtf) {
  const m = /^[~?%]?(\d{4})(?:-(\d\d))?(?:-(\d\d))?/.exec((edtf ?? '').split('/')[0]);
  if (!m) return NaN;
  const month = m[2] && Number(m[2]) <= 12 ? Number(m[2]) - 1 : 0;
  return Date.UTC(Number(m[1]), month, m[3] ? Number(m[3]) : 1);
}

/**
 * The status over valid time as a band: one coloured interval per status, each a link to the revision that
 * recorded it; a table beneath says the same in words. A correction or a backfilled change is drawn at the
 * valid date it carries, whatever the revision that recorded it.
 */
export function statusBand(id, intervals, lang) {
  if (!intervals?.length) return h('p', { class: 'muted' }, 'No status changes recorded.');
  const starts = intervals.map(i => start(i.from));
  const ends = intervals.map(i => (i.to ? start(i.to) : NaN));
  const day = 86400000;
  const firstKnown = Math.min(...starts);
  const lastKnown = Math.max(...starts, ...ends.filter(x => !isNaN(x)));
  // Room before the first change and after the last one, where an interval still open runs on.
  const span = lastKnown - firstKnown;
  const first = firstKnown - Math.max(span * 0.04, 2 * day);
  const last = lastKnown + Math.max(span * 0.12, 6 * day);
  const width = 1000, x = t => ((t - first) / (last - first)) * width;

  const top = 46, height = 40;
  const bars = intervals.map((interval, i) => {
    const x0 = x(starts[i]);
    const x1 = isNaN(ends[i]) ? width : x(ends[i]);
    const w = Math.max(x1 - x0, 3);
    const name = interval.change === 'reinstated' ? 'reinstated' : interval.status;
    const label = `${interval.change && interval.change !== interval.status ? `${interval.status} (${interval.change})` : interval.status} from ${human(interval.from)}${interval.to ? ` to ${human(interval.to)}` : ', still'}; recorded in revision ${interval.revision}`;
    // Each interval is named above the band at its start (two staggered rows, so neighbours do not collide).
    const row = i % 2 === 0 ? 18 : 36;
    return s('a', { href: `/records/${id}?revision=${interval.revision}${lang ? `&lang=${lang}` : ''}`, 'aria-label': label, class: 'band-link', 'data-status': interval.status, 'data-change': interval.change },
      s('title', {}, label),
      s('line', { x1: x0 + 1, x2: x0 + 1, y1: row + 4, y2: top, stroke: '#57606a' }),
      s('text', { x: Math.min(x0 + 4, width - name.length * 9.5), y: row, 'font-size': 16, class: 'band-label' }, name),
      s('rect', { x: x0, y: top, width: w, height, class: `fill-${interval.status}`, stroke: '#fff', 'stroke-width': 2 }));
  });

  // Month starts as ticks over a long axis, every seventh day over a short one.
  const ticks = [];
  const monthly = last - first > 60 * day;
  const d = new Date(first);
  let t = monthly ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  while (t < last) {
    const m = new Date(t);
    const label = monthly ? `${months[m.getUTCMonth()]}${m.getUTCMonth() === 0 ? ` ${m.getUTCFullYear()}` : ''}` : `${m.getUTCDate()} ${months[m.getUTCMonth()]}`;
    ticks.push(s('g', {}, s('line', { x1: x(t), x2: x(t), y1: top + height, y2: top + height + 10, stroke: '#57606a' }),
      s('text', { x: x(t) + 3, y: top + height + 28, 'font-size': 16, fill: '#57606a' }, label)));
    t = monthly ? Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1) : t + 7 * day;
  }

  const svg = s('svg', { viewBox: `0 0 ${width} ${top + height + 36}`, class: 'band', role: 'group', 'aria-label': 'Status over valid time; each interval links to the revision that recorded it' }, bars, ticks);
  const table = h('details', {}, h('summary', {}, 'The same in words'),
    h('div', { class: 'scroll' }, h('table', { class: 'band-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'From (valid time)'), h('th', { scope: 'col' }, 'To'), h('th', { scope: 'col' }, 'Recorded in'))),
      h('tbody', {}, intervals.map(i => h('tr', {},
        h('td', {}, h('span', { class: `status ${i.status}` }, i.status), i.change && i.change !== i.status ? ` (${i.change})` : ''),
        h('td', {}, human(i.from)), h('td', {}, i.to ? human(i.to) : 'still'),
        h('td', {}, h('a', { href: `/records/${id}?revision=${i.revision}` }, `revision ${i.revision}`))))))));
  return h('figure', { class: 'band-figure' }, h('div', { class: 'scroll' }, svg), table);
}
