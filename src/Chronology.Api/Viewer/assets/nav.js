import { h, text, isErased } from './dom.js';
import { query } from './api.js';

/** The record's own pages, as tabs. */
export function recordTabs(id, current, lang) {
  const tab = (key, label, href) => h('li', {}, h('a', { href, 'aria-current': key === current ? 'page' : null }, label));
  const q = query({ lang });
  return h('nav', { 'aria-label': 'Record pages' }, h('ul', { class: 'tabs' },
    tab('record', 'Record', `/records/${id}${q}`),
    tab('history', 'History', `/records/${id}/history${q}`),
    tab('blame', 'Who set what (blame)', `/records/${id}/blame${q}`)));
}

/** Every language a record has text in, English first. */
export function languages(record) {
  const found = new Set();
  const add = map => { if (map && typeof map === 'object') Object.keys(map).forEach(k => found.add(k)); };
  add(record.title); add(record.summary); add(record.aliases); add(record.place?.name);
  // An erased name's "und" (undetermined) is no language of the record.
  (record.participants ?? []).forEach(p => { if (!isErased(p.name)) add(p.name); });
  (record.outcomes ?? []).forEach(o => add(o.text));
  return [...found].sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));
}

const names = { en: 'English', 'zh-Hant': '中文（繁體）', 'zh-Hans': '中文（简体）', ko: '한국어', ja: '日本語' };

export function languageSwitch(langs, lang) {
  if (langs.length < 2) return null;
  return h('nav', { 'aria-label': 'Language of the record' }, h('ul', { class: 'tabs' },
    langs.map(l => {
      const p = new URLSearchParams(location.search);
      p.set('lang', l);
      p.delete('minRevision');
      return h('li', {}, h('a', { href: `${location.pathname}?${p}`, lang: l, hreflang: l, 'aria-current': l === lang ? 'true' : null }, names[l] ?? l));
    })));
}

export { text };
