import { get, send, headers, session } from './api.js';
import { h, main, problemBox, instant, fill } from './dom.js';

const wait = ms => new Promise(resolve => setTimeout(resolve, ms));

/** Polls a status URL until its state is done or failed, drawing each answer. */
async function follow(url, draw) {
  for (;;) {
    const status = await get(url);
    draw(status);
    if (status.state === 'done' || status.state === 'failed') return status;
    await wait(500);
  }
}

function projectionsTable(items, onRebuild) {
  return h('div', { class: 'scroll' }, h('table', {},
    h('caption', { class: 'muted' }, 'The views the worker projects from the events'),
    h('thead', {}, h('tr', {}, ['Projection', 'State', 'Position', 'High water mark', 'Lag (events)', 'Lag (s)', 'Dead letters', ''].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, items.map(p => h('tr', { 'data-projection': p.name },
      h('th', { scope: 'row' }, p.name, p.version > 1 ? h('span', { class: 'muted' }, ` v${p.version}`) : ''),
      h('td', {}, p.state), h('td', {}, p.position), h('td', {}, p.highWaterMark), h('td', {}, p.lagEvents),
      h('td', {}, p.lagSeconds == null ? '—' : Number(p.lagSeconds).toFixed(1)), h('td', {}, p.deadLetters ?? 0),
      h('td', {}, h('button', { type: 'button', onclick: () => onRebuild(p.name), 'aria-label': `Rebuild ${p.name}` }, 'Rebuild')))))));
}

function progressOf(label, value, max) {
  return h('div', {}, h('label', {}, label, h('progress', { value: value ?? 0, max: Math.max(max ?? 1, 1) })));
}

function importPanel() {
  const file = h('input', { type: 'file', id: 'import-file', name: 'file', accept: '.ndjson,application/x-ndjson', required: true });
  const out = h('div', { id: 'import-status', 'aria-live': 'polite' });
  const form = h('form', { class: 'form-grid', 'aria-label': 'Import NDJSON' },
    h('div', {}, h('label', { for: 'import-file' }, 'NDJSON file (one command per line)'), file),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, 'Upload and import')), out);
  form.addEventListener('submit', e => {
    e.preventDefault();
    if (!file.files.length) return;
    // XMLHttpRequest, because fetch reports no upload progress.
    const request = new XMLHttpRequest();
    request.open('POST', '/imports');
    for (const [k, v] of Object.entries(headers({ 'Content-Type': 'application/x-ndjson' }))) request.setRequestHeader(k, v);
    const upload = h('progress', { value: 0, max: 1, 'aria-label': 'Upload' });
    fill(out, h('p', {}, 'Uploading… '), upload);
    request.upload.onprogress = p => { upload.max = p.total || 1; upload.value = p.loaded; };
    request.onload = async () => {
      const body = request.responseText ? JSON.parse(request.responseText) : null;
      if (request.status !== 202) { fill(out, problemBox({ body, message: `HTTP ${request.status}` })); return; }
      const location = request.getResponseHeader('Location');
      await follow(location, status => {
        const handled = (status.imported ?? 0) + (status.skipped ?? 0) + (status.errors?.length ?? 0);
        fill(out, 
          h('p', { 'data-state': status.state }, `Import ${status.state}: ${status.imported ?? 0} imported, ${status.skipped ?? 0} skipped, ${status.errors?.length ?? 0} refused of ${status.lines ?? '?'} lines.`),
          progressOf('Lines handled ', handled, status.lines),
          status.errors?.length ? h('div', { class: 'scroll' }, h('table', { class: 'import-errors' },
            h('caption', {}, 'Lines refused'),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Line'), h('th', { scope: 'col' }, 'Why'))),
            h('tbody', {}, status.errors.map(x => h('tr', {}, h('td', {}, x.line), h('td', {}, x.reason)))))) : null);
      });
    };
    request.onerror = () => fill(out, h('p', { class: 'problem', role: 'alert' }, 'The upload failed: the server could not be reached.'));
    request.send(file.files[0]);
  });
  return form;
}

export async function render() {
  if (!session.key()) {
    main('Administration', h('p', {}, 'Sign in with an admin API key (top of the page) to see the projections, rebuild them and import files.'));
    return;
  }
  const tableHolder = h('div', { id: 'projections' });
  const rebuildOut = h('div', { id: 'rebuild-status', 'aria-live': 'polite' });
  const load = async () => {
    const { items } = await get('/admin/projections');
    fill(tableHolder, projectionsTable(items, rebuild), h('p', { class: 'muted' }, 'Read at ', instant(new Date().toISOString().replace(/\.\d+Z$/, 'Z'))));
  };
  const rebuild = async name => {
    try {
      const started = await send('POST', `/admin/projections/${name}/rebuild`, null);
      await follow(started.location, status => fill(rebuildOut, 
        h('p', { 'data-state': status.state }, `Rebuild of ${status.name}: ${status.state}, ${status.processed ?? 0} of ${status.total ?? '?'} events.`, status.error ? ` ${status.error}` : ''),
        progressOf(`Rebuilding ${status.name} `, status.processed, status.total)));
      await load();
    } catch (error) { fill(rebuildOut, problemBox(error)); }
  };
  main('Administration',
    h('section', { 'aria-labelledby': 'p-h' }, h('h2', { id: 'p-h' }, 'Projections'), tableHolder, rebuildOut,
      h('button', { type: 'button', onclick: load }, 'Refresh')),
    h('section', { 'aria-labelledby': 'i-h' }, h('h2', { id: 'i-h' }, 'Import'), importPanel()));
  await load();
}
