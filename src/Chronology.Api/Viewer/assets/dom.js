// A tiny element builder: pages are built from text nodes, never from HTML strings, so data can hold anything.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

/** Replaces an element's children with these (nested arrays and nulls allowed). */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

export function main(title, ...children) {
  const m = document.getElementById('main');
  fill(m, h('h1', {}, title), children);
  document.title = `${typeof title === 'string' ? title : m.querySelector('h1').textContent} · Chronology`;
  return m;
}

/** Language-tagged text in the reader's chosen language, then English, then whatever the record has. */
export function text(map, lang) {
  if (map == null) return '';
  if (typeof map === 'string') return map;
  return map[lang] ?? map.en ?? Object.values(map)[0] ?? '';
}

export function langOf(map, lang) {
  if (map == null || typeof map === 'string') return undefined;
  return map[lang] != null ? lang : map.en != null ? 'en' : Object.keys(map)[0];
}

/** What the API serves where a personal value was erased (docs/erasure.md): "[erased]", or a name {"und": "[erased]"}. */
export const ERASED = '[erased]';

export function isErased(value) {
  return value === ERASED || (value != null && typeof value === 'object' && value.und === ERASED && Object.keys(value).length === 1);
}

/** An erased value as a marker that says what happened, anything else as render(value) makes it. */
export function erasable(value, render) {
  return isErased(value)
    ? h('span', { class: 'erased', title: 'Erased on request. The signed log keeps a commitment to it, never the value.' }, 'erased')
    : render(value);
}

/** Text in its own language, so screen readers and fonts treat 統一閣 as Chinese. */
export function tagged(map, lang, tag = 'span', attrs = {}) {
  return h(tag, { ...attrs, lang: langOf(map, lang) }, text(map, lang));
}

export function instant(iso) {
  if (!iso) return '';
  return h('time', { datetime: iso }, iso.replace('T', ' ').replace(/\.\d+/, '').replace('Z', ' UTC'));
}

export function problemBox(error) {
  const body = error.body ?? {};
  return h('div', { class: 'problem', role: 'alert' },
    h('strong', {}, body.title ?? 'Something went wrong'), ' ', body.detail ?? error.message,
    body.type ? h('span', { class: 'muted' }, ` (${body.code ?? body.type})`) : null);
}
