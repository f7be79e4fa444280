// The one way the pages talk to the server: the same JSON API as every other client, from the same origin.
// The API key lives in sessionStorage only: never in a URL, a cookie or a log.
const keyName = 'chronology.apiKey';

export const session = {
  key: () => sessionStorage.getItem(keyName),
  signIn: key => sessionStorage.setItem(keyName, key),
  signOut: () => sessionStorage.removeItem(keyName),
};

export class Problem extends Error {
  constructor(status, body, headers) {
    super(body?.detail || body?.title || `HTTP ${status}`);
    this.status = status;
    this.body = body ?? {};
    this.headers = headers;
  }
}

export function headers(extra = {}) {
  const h = { Accept: 'application/json', ...extra };
  const key = session.key();
  if (key) h.Authorization = `Bearer ${key}`;
  return h;
}

async function answer(response) {
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : null;
  if (!response.ok) throw new Problem(response.status, body, response.headers);
  return { body, etag: response.headers.get('ETag'), location: response.headers.get('Location'), status: response.status };
}

export async function get(path) {
  return (await answer(await fetch(path, { headers: headers() }))).body;
}

export async function getWithTag(path) {
  return answer(await fetch(path, { headers: headers() }));
}

/** A command: JSON body, If-Match with the revision the form was based on. */
export async function send(method, path, body, { ifMatch, contentType = 'application/json' } = {}) {
  const extra = { 'Content-Type': contentType };
  if (ifMatch != null) extra['If-Match'] = `"${ifMatch}"`;
  return answer(await fetch(path, { method, headers: headers(extra), body: body == null ? undefined : JSON.stringify(body) }));
}

export const query = params => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
};
