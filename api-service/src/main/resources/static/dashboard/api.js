// The HTTP API as the page uses it. Every call sends the API key when one is set; answers that are not 2xx become
// an ApiError carrying the status and the problem's detail (RFC 9457 problem+json).

const KEY_STORAGE = 'fourfold.apiKey';

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function setApiKey(key) {
  if (key) {
    sessionStorage.setItem(KEY_STORAGE, key);
  } else {
    sessionStorage.removeItem(KEY_STORAGE);
  }
}

function headers(extra = {}) {
  const key = apiKey();
  return key ? { ...extra, 'X-API-Key': key } : extra;
}

async function failure(response) {
  let detail = `${response.status} ${response.statusText}`;
  try {
    const problem = await response.json();
    detail = problem.detail || problem.title || detail;
  } catch {
    // not a problem document: keep the status line
  }
  return new ApiError(response.status, detail);
}

async function call(method, path, body) {
  const init = { method, headers: headers({ Accept: 'application/json' }) };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (!response.ok) {
    throw await failure(response);
  }
  return response.status === 204 ? null : response.json();
}

function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(name, value);
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const segment = encodeURIComponent;

export const api = {
  tasks: (filters) => call('GET', `/api/tasks${query(filters)}`),
  task: (id) => call('GET', `/api/tasks/${segment(id)}`),
  submit: (request) => call('POST', '/api/tasks', request),
  cancel: (id) => call('POST', `/api/tasks/${segment(id)}/cancel`),
  workers: () => call('GET', '/api/workers'),
  taskTypes: () => call('GET', '/api/task-types'),
  queues: () => call('GET', '/api/queues'),
  pause: (queue) => call('POST', `/api/queues/${segment(queue)}/pause`),
  resume: (queue) => call('POST', `/api/queues/${segment(queue)}/resume`),
  schedules: () => call('GET', '/api/schedules'),
  pauseSchedule: (name) => call('POST', `/api/schedules/${segment(name)}/pause`),
  resumeSchedule: (name) => call('POST', `/api/schedules/${segment(name)}/resume`),
  limits: () => call('GET', '/api/limits'),
  workflows: (limit) => call('GET', `/api/workflows${query({ limit })}`),
  cancelWorkflow: (id) => call('POST', `/api/workflows/${segment(id)}/cancel`),
  deadLetters: (filters) => call('GET', `/api/dead-letters${query(filters)}`),
  retry: (id) => call('POST', `/api/dead-letters/${segment(id)}/retry`),
  discard: (id) => call('DELETE', `/api/dead-letters/${segment(id)}`),
};

/**
 * Follows a task over Server-Sent Events. EventSource cannot send the X-API-Key header, so the stream is read with
 * fetch() and parsed here. Calls onView with each task view; resolves when the server closes the stream (it does
 * after a terminal state) and rejects with an ApiError when the stream cannot start.
 */
export async function followTask(id, onView, signal) {
  const response = await fetch(`/api/tasks/${segment(id)}/events`,
      { headers: headers({ Accept: 'text/event-stream' }), signal });
  if (!response.ok) {
    throw await failure(response);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer = (buffer + value).replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5));
      if (data.length > 0) {
        onView(JSON.parse(data.join('\n')));
      }
    }
  }
}
