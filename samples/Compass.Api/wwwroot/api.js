// Thin client for the Compass API (same origin, JSON camelCase, errors as RFC 9457 problem details).

/** An error carrying the problem details the API returned (title, detail, field errors). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problemText(status, problem));
    this.status = status;
    this.problem = problem;
  }
}

/** Formats a problem-details body for people: title, detail and one line per field error. */
export function problemText(status, problem) {
  if (status === 401 && (!problem || typeof problem !== 'object' || !problem.detail)) {
    return 'The API wants a key: enter it under Settings (top of the page).';
  }
  if (!problem || typeof problem !== 'object') {
    return `The server answered ${status}${problem ? `: ${String(problem).slice(0, 300)}` : ''}.`;
  }
  const lines = [problem.title || `The server answered ${status}.`];
  if (problem.detail) lines.push(problem.detail);
  const errors = problem.errors || {};
  for (const [field, messages] of Object.entries(errors)) {
    for (const m of [].concat(messages)) if (m !== problem.detail) lines.push(`• ${field}: ${m}`);
  }
  return lines.join('\n');
}

/** Headers every API call carries: the API key from the settings, when one is set. */
export function authHeaders() {
  const key = sessionStorage.getItem('compassApiKey');
  return key ? { 'X-Api-Key': key } : {};
}

async function readError(res) {
  const text = await res.text();
  try { return new ApiError(res.status, JSON.parse(text)); } catch { return new ApiError(res.status, text); }
}

/** GET or POST JSON; throws ApiError on a non-2xx answer. */
export async function api(path, body, { method, signal } = {}) {
  const init = { method: method || (body === undefined ? 'GET' : 'POST'), headers: { Accept: 'application/json', ...authHeaders() }, signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'Could not reach the Compass API.', detail: e.message });
  }
  if (!res.ok) throw await readError(res);
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') || '';
  return type.includes('json') ? res.json() : res.text();
}

/** POSTs and returns the body as a Blob plus the file name from Content-Disposition. */
export async function apiBlob(path, body) {
  const res = await fetch(path, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: '*/*', ...authHeaders() }, body: JSON.stringify(body),
  });
  if (!res.ok) throw await readError(res);
  const cd = res.headers.get('content-disposition') || '';
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd);
  return { blob: await res.blob(), fileName: m ? decodeURIComponent(m[1]) : null };
}

/** Reads a text/event-stream body, calling onEvent(name, data) for each event. */
export async function readSse(res, onEvent, signal) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    if (signal?.aborted) { reader.cancel().catch(() => {}); break; }
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, '');
      let name = 'message';
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) onEvent(name, data.join('\n'));
    }
  }
}

/**
 * POSTs asking for server-sent events; `progress` events go to onProgress and the `result` event is returned.
 * A server that answers plain JSON instead is accepted too.
 */
export async function apiStream(path, body, onProgress, signal) {
  let res;
  try {
    res = await fetch(path, {
      method: 'POST', signal,
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream, application/json', ...authHeaders() },
      body: JSON.stringify(body),
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'Could not reach the Compass API.', detail: e.message });
  }
  if (!res.ok) throw await readError(res);
  const type = res.headers.get('content-type') || '';
  if (!type.includes('text/event-stream')) return res.json();
  let result; let problem;
  await readSse(res, (name, data) => {
    let parsed = data;
    try { parsed = JSON.parse(data); } catch { /* plain text */ }
    if (name === 'result') result = parsed;
    else if (name === 'error' || name === 'problem') problem = parsed;
    else onProgress?.(parsed, name);
  }, signal);
  if (problem) throw new ApiError(500, problem);
  if (result === undefined) throw new ApiError(500, { title: 'The stream ended without a result.' });
  return result;
}
