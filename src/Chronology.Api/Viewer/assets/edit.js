import { get, send, session, Problem } from './api.js';
import { h, problemBox, text, fill } from './dom.js';
import { announce } from './live.js';
import { pathLabel } from './labels.js';

// Forms for every command of the contract. Each sends the JSON body the API documents, with If-Match naming the
// revision the page showed; every rule and every problem is the API's, shown next to the field it names.
const statusCommands = ['announce', 'schedule', 'reschedule', 'postpone', 'cancel', 'reinstate', 'hold'];
const relations = ['followUpOf', 'partOf', 'precededBy', 'relatedTo'];
const kinds = ['summit', 'talks', 'meeting', 'agreement', 'announcement', 'other'];

const lt = (en, zh) => {
  const map = {};
  if (en) map.en = en;
  if (zh) map['zh-Hant'] = zh;
  return Object.keys(map).length ? map : undefined;
};
const orNull = v => (v === '' || v == null ? undefined : v);
const common = v => ({ comment: orNull(v.comment), correction: v.correction || undefined });

function itemOptions(items, lang = 'en') {
  return (items ?? []).map(i => ({ value: i.id, label: text(i.name ?? i.text, lang) || i.title || i.url || `${i.relation} ${i.recordId}` }));
}

/** The catalogue of forms a record page offers, built from the record they edit. */
function commands(id, record, others) {
  const sourceChoices = { name: 'sources', label: 'Sources supporting it', type: 'multi', options: itemOptions(record.sources) };
  return [
    { key: 'status', title: 'Change the status', method: 'POST', path: v => `/records/${id}/${v.command}`,
      fields: [
        { name: 'command', label: 'Change', type: 'select', options: statusCommands, required: true },
        { name: 'on', label: 'On (valid date, EDTF)', hint: 'when it happened in the world, e.g. 2018-05-24', required: true },
        { name: 'by', label: 'By (who, in the world)' },
        { name: 'reason', label: 'Reason' },
        { name: 'start', label: 'Start (EDTF; schedule, reschedule, hold)', hint: 'e.g. 2018-06-12 or 2018-05-26T15:00:00+09:00' },
        { name: 'end', label: 'End (EDTF)' }, sourceChoices],
      body: v => ({ on: v.on, by: orNull(v.by), reason: orNull(v.reason), start: orNull(v.start), end: orNull(v.end), sources: v.sources?.length ? v.sources : undefined }) },
    { key: 'revise', title: 'Revise title, summary, kind, tags', method: 'PATCH', contentType: 'application/merge-patch+json', path: () => `/records/${id}`,
      fields: [
        { name: 'title.en', label: 'Title (English)', value: record.title?.en }, { name: 'title.zh-Hant', label: 'Title (繁體中文)', value: record.title?.['zh-Hant'], lang: 'zh-Hant' },
        { name: 'summary.en', label: 'Summary (English)', type: 'textarea', value: record.summary?.en },
        { name: 'summary.zh-Hant', label: 'Summary (繁體中文)', type: 'textarea', value: record.summary?.['zh-Hant'], lang: 'zh-Hant' },
        { name: 'kind', label: 'Kind', type: 'select', options: kinds, value: record.kind },
        { name: 'timeZone', label: 'Time zone (IANA)', value: record.timeZone }, { name: 'tags', label: 'Tags (comma separated)', value: (record.tags ?? []).join(', ') }],
      body: v => {
        const patch = {};
        const title = { en: orNull(v['title.en']), 'zh-Hant': orNull(v['title.zh-Hant']) };
        const summary = { en: orNull(v['summary.en']), 'zh-Hant': orNull(v['summary.zh-Hant']) };
        for (const [k, value] of Object.entries(title)) if (value !== record.title?.[k] && value !== undefined) (patch.title ??= {})[k] = value;
        for (const [k, value] of Object.entries(summary)) if (value !== record.summary?.[k] && value !== undefined) (patch.summary ??= {})[k] = value;
        if (v.kind !== record.kind) patch.kind = v.kind;
        if (orNull(v.timeZone) !== (record.timeZone ?? undefined)) patch.timeZone = orNull(v.timeZone) ?? null;
        const tags = v.tags.split(',').map(t => t.trim()).filter(Boolean);
        if (tags.join('\n') !== (record.tags ?? []).join('\n')) patch.tags = tags;
        return patch;
      } },
    { key: 'place', title: 'Set or correct the place', method: 'PUT', path: () => `/records/${id}/place`,
      fields: [
        { name: 'name.en', label: 'Name (English)', value: record.place?.name?.en }, { name: 'name.zh-Hant', label: 'Name (繁體中文)', value: record.place?.name?.['zh-Hant'], lang: 'zh-Hant' },
        { name: 'locality', label: 'Locality', value: record.place?.locality }, { name: 'country', label: 'Country (ISO code)', value: record.place?.country },
        { name: 'on', label: 'On (valid date, EDTF; for a change)' }],
      body: v => ({ name: lt(v['name.en'], v['name.zh-Hant']), locality: orNull(v.locality), country: orNull(v.country), on: orNull(v.on) }) },
    { key: 'participant', title: 'Add a participant', method: 'POST', path: () => `/records/${id}/participants`,
      fields: [{ name: 'name.en', label: 'Name (English)' }, { name: 'name.zh-Hant', label: 'Name (繁體中文)', lang: 'zh-Hant' }, { name: 'role', label: 'Role' }, { name: 'side', label: 'Side (e.g. KR, KP, US)' }],
      body: v => ({ name: lt(v['name.en'], v['name.zh-Hant']), role: orNull(v.role), side: orNull(v.side) }) },
    { key: 'removeParticipant', title: 'Remove a participant', method: 'DELETE', path: v => `/records/${id}/participants/${v.itemId}`,
      fields: [{ name: 'itemId', label: 'Participant', type: 'select', options: itemOptions(record.participants), required: true }], body: () => ({}) },
    { key: 'outcome', title: 'Add an outcome', method: 'POST', path: () => `/records/${id}/outcomes`,
      fields: [{ name: 'text.en', label: 'Outcome (English)', type: 'textarea' }, { name: 'text.zh-Hant', label: 'Outcome (繁體中文)', type: 'textarea', lang: 'zh-Hant' }],
      body: v => ({ text: lt(v['text.en'], v['text.zh-Hant']) ?? {} }) },
    { key: 'retractOutcome', title: 'Retract an outcome', method: 'DELETE', path: v => `/records/${id}/outcomes/${v.itemId}`,
      fields: [{ name: 'itemId', label: 'Outcome', type: 'select', options: itemOptions(record.outcomes), required: true }], body: () => ({}) },
    { key: 'source', title: 'Cite a source', method: 'POST', path: () => `/records/${id}/sources`,
      fields: [{ name: 'url', label: 'URL', type: 'url', required: true }, { name: 'title', label: 'Title' }, { name: 'publisher', label: 'Publisher' },
        { name: 'publishedOn', label: 'Published on (EDTF)' }, { name: 'quote', label: 'Quote', type: 'textarea' }],
      body: v => ({ url: v.url, title: orNull(v.title), publisher: orNull(v.publisher), publishedOn: orNull(v.publishedOn), quote: orNull(v.quote) }) },
    { key: 'withdrawSource', title: 'Withdraw a source', method: 'DELETE', path: v => `/records/${id}/sources/${v.itemId}`,
      fields: [{ name: 'itemId', label: 'Source', type: 'select', options: itemOptions(record.sources), required: true }], body: () => ({}) },
    { key: 'link', title: 'Link another record', method: 'POST', path: () => `/records/${id}/links`,
      fields: [{ name: 'relation', label: 'Relation', type: 'select', options: relations, required: true },
        { name: 'recordId', label: 'Record', type: 'select', options: others, required: true }],
      body: v => ({ relation: v.relation, recordId: v.recordId }) },
    { key: 'removeLink', title: 'Remove a link', method: 'DELETE', path: v => `/records/${id}/links/${v.itemId}`,
      fields: [{ name: 'itemId', label: 'Link', type: 'select', options: itemOptions(record.links), required: true }], body: () => ({}) },
  ];
}

function control(spec, prefix) {
  const id = `${prefix}-${spec.name.replace(/\W/g, '-')}`;
  const described = spec.hint ? `${id}-hint` : null;
  const attrs = { id, name: spec.name, required: spec.required || null, 'aria-describedby': described, lang: spec.lang };
  let input;
  if (spec.type === 'select') input = h('select', attrs, spec.required ? null : h('option', { value: '' }, '—'),
    spec.options.map(o => (typeof o === 'string' ? { value: o, label: o } : o)).map(o => h('option', { value: o.value, selected: o.value === spec.value || null }, o.label)));
  else if (spec.type === 'textarea') input = h('textarea', { ...attrs, rows: 3 }, spec.value ?? '');
  else if (spec.type === 'multi') {
    return h('fieldset', { 'data-field': spec.name }, h('legend', {}, spec.label),
      spec.options.length ? spec.options.map((o, i) => h('div', { class: 'check' },
        h('input', { type: 'checkbox', id: `${id}-${i}`, name: spec.name, value: o.value }), h('label', { for: `${id}-${i}` }, o.label)))
        : h('p', { class: 'muted' }, 'No sources cited yet.'));
  } else input = h('input', { ...attrs, type: spec.type ?? 'text', value: spec.value ?? '' });
  return h('div', { 'data-field': spec.name.split('.')[0] }, h('label', { for: id }, spec.label), input,
    spec.hint ? h('span', { id: described, class: 'hint' }, spec.hint) : null);
}

function values(form) {
  const data = new FormData(form);
  const v = {};
  for (const [k, value] of data.entries()) {
    if (k === 'sources') (v.sources ??= []).push(value);
    else v[k] = typeof value === 'string' ? value.trim() : value;
  }
  v.correction = data.get('correction') === 'on';
  return v;
}

/** The API's problem next to the fields it names; what it names no field of goes on top of the form. */
function showProblem(form, error) {
  form.querySelectorAll('.field-error, .problem, .conflict').forEach(e => e.remove());
  const errors = error.body?.errors ?? {};
  let placed = false;
  for (const [name, messages] of Object.entries(errors)) {
    const key = name.replace(/^\$?\.?\/?/, '').split(/[./[]/)[0];
    const field = form.querySelector(`[data-field="${CSS.escape(key)}"]`);
    if (!field) continue;
    const message = h('p', { class: 'field-error', id: `${form.id}-${key}-error`, role: 'alert' }, messages.join(' '));
    field.append(message);
    field.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
    field.querySelector('input, select, textarea')?.setAttribute('aria-errormessage', message.id);
    placed = true;
  }
  if (!placed) form.prepend(problemBox(error));
}

/** After a 412: what changed since the form's revision, and the choice to re-apply the edit on top or discard it. */
async function showStale(form, id, base, error, retry) {
  form.querySelectorAll('.field-error, .problem, .conflict').forEach(e => e.remove());
  const current = error.body?.currentRevision;
  const [diff, record] = await Promise.all([
    get(`/records/${id}/diff?from=${base}&to=${current}`).catch(() => ({ changes: [] })),
    get(`/records/${id}?minRevision=${current}`).catch(() => null),
  ]);
  const box = h('div', { class: 'conflict', role: 'alert' },
    h('p', {}, h('strong', {}, `Someone else saved revision ${current} while you edited revision ${base}.`), ' What changed meanwhile:'),
    h('ul', {}, diff.changes.map(c => h('li', {}, pathLabel(c.path, [record], 'en')))),
    h('p', {}, h('a', { href: `/records/${id}/diff?from=${base}&to=${current}` }, 'See the changes side by side')),
    h('div', { class: 'inline' },
      h('button', { type: 'button', class: 'primary', onclick: () => retry(current) }, `Re-apply my edit on revision ${current}`),
      h('button', { type: 'button', onclick: () => { sessionStorage.removeItem(`chronology.minRevision.${id}`); location.reload(); } }, 'Discard my edit')));
  form.prepend(box);
  box.querySelector('button').focus();
}

function done(id, result) {
  const revision = result.body?.revision;
  if (revision) sessionStorage.setItem(`chronology.minRevision.${id}`, revision);
  announce(`Saved as revision ${revision}.`);
  location.assign(`/records/${id}${location.search.includes('lang=') ? `?lang=${new URLSearchParams(location.search).get('lang')}` : ''}`);
}

function commandForm(id, spec, base) {
  const prefix = `e-${spec.key}`;
  const form = h('form', { id: prefix, class: 'form-grid', novalidate: true, 'aria-label': spec.title },
    spec.fields.map(f => control(f, prefix)),
    h('div', {}, h('label', { for: `${prefix}-comment` }, 'Edit summary'), h('input', { id: `${prefix}-comment`, name: 'comment' })),
    h('div', { class: 'check' }, h('input', { type: 'checkbox', id: `${prefix}-correction`, name: 'correction' }),
      h('label', { for: `${prefix}-correction` }, 'This is a correction (we were wrong), not a change in the world')),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, 'Save')));
  const submit = async revision => {
    const v = values(form);
    try {
      done(id, await send(spec.method, spec.path(v), { ...spec.body(v), ...common(v) }, { ifMatch: revision, contentType: spec.contentType }));
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      if (error.status === 412) await showStale(form, id, revision, error, submit);
      else showProblem(form, error);
    }
  };
  form.addEventListener('submit', e => { e.preventDefault(); submit(base); });
  return h('details', { class: 'edit', 'data-command': spec.key }, h('summary', {}, spec.title), form);
}

/** Every edit form of a record, for a signed-in editor; one line saying how to sign in otherwise. */
export function editPanel(id, record, base) {
  const section = h('section', { 'aria-labelledby': 'edit-heading' }, h('h2', { id: 'edit-heading' }, 'Edit this record'));
  if (!session.key()) {
    section.append(h('p', { class: 'muted' }, 'Sign in with an editor’s API key (top of the page) to edit. The key stays in this tab only.'));
    return section;
  }
  section.append(h('p', { class: 'muted' }, `Your edits are based on revision ${base}; if someone saves first, you will see what changed and choose.`));
  const holder = h('div', {});
  section.append(holder);
  get('/records?limit=500').then(list => {
    const others = list.items.filter(r => r.id !== id).map(r => ({ value: r.id, label: text(r.title, 'en') }));
    fill(holder, ...commands(id, record, others).map(spec => commandForm(id, spec, base)));
  });
  return section;
}

/** Revert to a revision or undo it, from the history; a 409 of an undo names the paths later edits changed. */
export function revisionActions(id, revision, latest) {
  if (!session.key()) return null;
  const out = h('span', { class: 'actions' });
  const act = (label, path, body) => h('button', {
    type: 'button', 'aria-label': `${label} revision ${revision}`,
    onclick: async () => {
      out.querySelectorAll('.problem, .conflict').forEach(e => e.remove());
      try { done(id, await send('POST', `/records/${id}/${path}`, { ...body, comment: `${label} revision ${revision}` }, { ifMatch: latest })); }
      catch (error) {
        if (error.status === 409 && error.body?.errors?.paths) out.append(h('div', { class: 'conflict', role: 'alert' },
          h('strong', {}, `Revision ${revision} cannot be undone: later edits changed `), error.body.errors.paths.join(', ')));
        else out.append(problemBox(error));
      }
    },
  }, label);
  if (revision < latest) out.append(' ', act('Revert to', 'revert', { toRevision: revision }));
  if (revision > 1) out.append(' ', act('Undo', 'undo', { revision }));
  return out;
}

/** Creating a record, from the timeline. */
export function createForm() {
  if (!session.key()) return null;
  const spec = { key: 'create', fields: [
    { name: 'kind', label: 'Kind', type: 'select', options: kinds, required: true },
    { name: 'title.en', label: 'Title (English)' }, { name: 'title.zh-Hant', label: 'Title (繁體中文)', lang: 'zh-Hant' },
    { name: 'summary.en', label: 'Summary (English)', type: 'textarea' }, { name: 'timeZone', label: 'Time zone (IANA)', hint: 'e.g. Asia/Seoul' },
    { name: 'tags', label: 'Tags (comma separated)' }] };
  const form = h('form', { id: 'e-create', class: 'form-grid', novalidate: true, 'aria-label': 'New record' },
    spec.fields.map(f => control(f, 'e-create')),
    h('div', {}, h('label', { for: 'e-create-comment' }, 'Edit summary'), h('input', { id: 'e-create-comment', name: 'comment' })),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, 'Create')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const v = values(form);
    try {
      const result = await send('POST', '/records', {
        kind: v.kind, title: lt(v['title.en'], v['title.zh-Hant']) ?? {}, summary: lt(v['summary.en']), timeZone: orNull(v.timeZone),
        tags: v.tags ? v.tags.split(',').map(t => t.trim()).filter(Boolean) : undefined, comment: orNull(v.comment),
      });
      done(result.body.id, result);
    } catch (error) { showProblem(form, error); }
  });
  return h('details', { class: 'edit' }, h('summary', {}, 'New record'), form);
}
