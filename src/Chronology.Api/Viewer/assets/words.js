import { h } from './dom.js';

/** Words, spaces and punctuation as the language segments them (Intl.Segmenter), so CJK without spaces splits into words too. */
export function words(value, lang = 'en') {
  const segmenter = new Intl.Segmenter(lang, { granularity: 'word' });
  return [...segmenter.segment(value)].map(s => s.segment);
}

/** Longest common subsequence of two token lists, as operations: ['same'|'del'|'ins', token]. */
export function tokenDiff(a, b) {
  const n = a.length, m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--)
    lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops = [];
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { ops.push(['same', a[i]]); i++; j++; }
    else if (lcs[i + 1][j] >= lcs[i][j + 1]) ops.push(['del', a[i++]]);
    else ops.push(['ins', b[j++]]);
  }
  while (i < n) ops.push(['del', a[i++]]);
  while (j < m) ops.push(['ins', b[j++]]);
  return ops;
}

/** Runs of the same operation joined, so 和平之家 → 統一閣 reads as one deletion and one insertion. */
function runs(ops, keep) {
  const out = [];
  for (const [op, token] of ops) {
    if (!keep.includes(op)) continue;
    const last = out[out.length - 1];
    if (last && last[0] === op) last[1] += token; else out.push([op, token]);
  }
  return out;
}

/** The before and after text, each with what changed marked (<del> on the left, <ins> on the right). */
export function highlighted(before, after, lang) {
  const ops = tokenDiff(words(before ?? '', lang), words(after ?? '', lang));
  const side = (keep, tag) => runs(ops, keep).map(([op, t]) => (op === 'same' ? t : h(tag, {}, t)));
  return [side(['same', 'del'], 'del'), side(['same', 'ins'], 'ins')];
}
