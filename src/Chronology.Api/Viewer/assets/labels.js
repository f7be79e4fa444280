import { text } from './dom.js';

const lists = ['participants', 'outcomes', 'sources', 'links'];

/** A readable name for a diff or blame path: list items by their name in either state, not by their id. */
export function pathLabel(path, states, lang) {
  const parts = path.split('/').filter(Boolean);
  if (lists.includes(parts[0]) && parts[1]) {
    const item = states.map(s => (s?.[parts[0]] ?? []).find(x => x.id === parts[1])).find(Boolean);
    const name = item ? text(item.name ?? item.text ?? item.title ?? item.relation, lang) || item.url || parts[1] : parts[1];
    return [parts[0].replace(/s$/, ''), `“${name.length > 60 ? name.slice(0, 57) + '…' : name}”`, ...parts.slice(2)].join(' › ');
  }
  return parts.join(' › ');
}

/** "place_corrected.v1" → "place corrected". */
export const eventName = type => type.replace(/\.v\d+$/, '').replaceAll('_', ' ');

export const isList = path => lists.includes(path.split('/')[1]);
