import { headers } from './api.js';

// The change stream read with fetch, so the Authorization header goes along when reads need a key
// (an EventSource cannot send it, and the key never goes in a URL). Pages listen for 'chronology:change'.
let lastId = null;
let retry = 1000;

function dispatch(block) {
  let data = '', id = null, event = 'message';
  for (const line of block.split('\n')) {
    if (line.startsWith('data:')) data += line.slice(5).trimStart();
    else if (line.startsWith('id:')) id = line.slice(3).trim();
    else if (line.startsWith('event:')) event = line.slice(6).trim();
  }
  if (id) lastId = id;
  if (event === 'change' && data) window.dispatchEvent(new CustomEvent('chronology:change', { detail: JSON.parse(data) }));
}

async function connect() {
  const extra = lastId ? { 'Last-Event-ID': lastId } : {};
  const response = await fetch('/changes/stream', { headers: { ...headers(extra), Accept: 'text/event-stream' } });
  if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
  document.body.dataset.live = 'connected';
  retry = 1000;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      dispatch(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  }
}

export function startLive() {
  const loop = async () => {
    try { await connect(); } catch { /* offline or refused: try again below */ }
    document.body.dataset.live = 'reconnecting';
    setTimeout(loop, retry);
    retry = Math.min(retry * 2, 30000);
  };
  loop();
}

/** Tells assistive technology (and everyone) what just arrived. */
export function announce(message) {
  const region = document.getElementById('live');
  region.textContent = message;
}
