// The Fourfold dashboard: an overview polled every two seconds and a task page that follows one task over SSE.
// Everything it shows comes from the public HTTP API; the DOM is built with textContent only, never from HTML.

import { api, apiKey, ApiError, followTask, setApiKey } from './api.js';
import { formatRate, ThroughputChart } from './chart.js';

const POLL_MILLIS = 2000;
const RECONNECT_MILLIS = 2000;
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const SAMPLE_PAYLOADS = {
  sleep: { millis: 10000 },
  echo: { hello: 'world' },
  primes: { upTo: 2000000 },
  flaky: { failures: 1 },
  'http.get': { url: 'https://example.com/' },
};

const $ = (selector) => document.querySelector(selector);

/** Builds an element: props are properties (or data-/aria- attributes), children are nodes or text. */
function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name.startsWith('data-') || name.startsWith('aria-')) {
      element.setAttribute(name, value);
    } else if (name === 'onclick') {
      element.addEventListener('click', value);
    } else {
      element[name] = value;
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

const state = {
  needsKey: false,
  missing: { queues: false, schedules: false, workflows: false, deadLetters: false },
  typesLoaded: false,
  lastFinishedAt: null,
  lastSampleAt: null,
  polling: null,
  following: null,
};

const chart = new ThroughputChart($('#throughput'));

// ---- notices and the connection line ----------------------------------------------------------------------------

function notice(text) {
  const element = $('#notice');
  element.textContent = text;
  element.hidden = !text;
}

function connection(kind, text) {
  const element = $('#connection');
  element.dataset.state = kind;
  element.textContent = text;
}

/** Handles a failed call: 401 asks for a key, anything else is shown. Returns nothing. */
function failed(error, what) {
  if (error instanceof ApiError && error.status === 401) {
    askForKey(apiKey() ? 'That key was refused: ' + error.message : null);
    return;
  }
  if (error instanceof ApiError && error.status === 403) {
    notice(`${what}: not allowed for this key's role (${error.message})`);
    return;
  }
  notice(`${what}: ${error.message}`);
}

// ---- the API key ------------------------------------------------------------------------------------------------

function askForKey(message) {
  state.needsKey = true;
  $('#key-form').hidden = false;
  $('#key-button').hidden = false;
  $('#key-error').hidden = !message;
  $('#key-error').textContent = message || '';
  connection('locked', 'API key needed');
  $('#key-input').focus();
}

$('#key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  setApiKey($('#key-input').value.trim());
  $('#key-input').value = '';
  $('#key-form').hidden = true;
  state.needsKey = false;
  state.typesLoaded = false;
  route();
});

$('#key-button').addEventListener('click', () => {
  setApiKey(null);
  askForKey(null);
});

// ---- formatting -------------------------------------------------------------------------------------------------

function ago(instant) {
  if (!instant) {
    return '';
  }
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(instant)) / 1000));
  return duration(seconds) + ' ago';
}

function duration(seconds) {
  if (seconds < 90) {
    return `${Math.round(seconds)} s`;
  }
  if (seconds < 5400) {
    return `${Math.round(seconds / 60)} min`;
  }
  return `${(seconds / 3600).toFixed(1)} h`;
}

function badge(taskState) {
  return h('span', { className: 'state', 'data-state': taskState }, taskState);
}

function taskLink(id) {
  return h('a', { href: `#/tasks/${encodeURIComponent(id)}`, className: 'task-link', title: id }, id.slice(0, 13));
}

function percent(progress) {
  return `${Math.round(progress * 100)} %`;
}

function replaceRows(table, rows, emptyText, columns) {
  const body = table.tBodies[0];
  body.replaceChildren(...(rows.length ? rows
      : [h('tr', { className: 'empty' }, h('td', { colSpan: columns }, emptyText))]));
}

// ---- the overview -----------------------------------------------------------------------------------------------

async function loadTaskTypes() {
  const types = await api.taskTypes();
  const names = types.map((type) => type.type);
  const submitType = $('#submit-type');
  const previous = submitType.value || 'sleep';
  submitType.replaceChildren(...names.map((name) => h('option', { value: name }, name)));
  submitType.value = names.includes(previous) ? previous : names[0] || '';
  const filterType = $('#filter-type');
  const filtered = filterType.value;
  filterType.replaceChildren(h('option', { value: '' }, 'any'),
      ...names.map((name) => h('option', { value: name }, name)));
  filterType.value = names.includes(filtered) ? filtered : '';
  state.typesLoaded = true;
}

/** Calls an endpoint the server may not have yet; a 404 marks it missing instead of failing the refresh. */
async function optional(name, call) {
  try {
    const value = await call();
    state.missing[name] = false;
    return value;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      state.missing[name] = true;
      return null;
    }
    throw error;
  }
}

async function refreshOverview() {
  if (!state.typesLoaded) {
    await loadTaskTypes();
  }
  const filters = { state: $('#filter-state').value, type: $('#filter-type').value,
    queue: $('#filter-queue').value.trim(), limit: 25 };
  const [queues, schedules, limits, workflows, workers, tasks, dead] = await Promise.all([
    optional('queues', api.queues),
    optional('schedules', api.schedules),
    api.limits(),
    optional('workflows', () => api.workflows(10)),
    api.workers(),
    api.tasks(filters),
    optional('deadLetters', () => api.deadLetters({ limit: 10 })),
  ]);
  renderQueues(queues);
  renderSchedules(schedules);
  renderLimits(limits);
  renderWorkflows(workflows);
  renderWorkers(workers);
  renderTasks(tasks.tasks);
  renderDeadLetters(dead);
  await sampleThroughput(queues);
}

function renderQueues(queues) {
  const missing = queues === null;
  $('#queues-missing').hidden = !missing;
  $('#queues-missing').textContent = missing ? 'This server has no queue figures (GET /api/queues answered 404).' : '';
  $('#queues').hidden = missing;
  if (missing) {
    return;
  }
  replaceRows($('#queues'), queues.map((queue) => h('tr', { 'data-queue': queue.name },
      h('td', {}, queue.name, queue.paused ? h('span', { className: 'paused' }, 'paused') : null),
      h('td', { className: 'number' }, queue.ready),
      h('td', { className: 'number' }, queue.delayed),
      h('td', { className: 'number' }, queue.running),
      h('td', { className: 'number' }, queue.dead),
      h('td', { className: 'number' }, formatRate(queue.finishedPerSecond)),
      h('td', { className: 'number' }, queue.ready > 0 ? duration(queue.oldestReadyAgeSeconds) : ''),
      h('td', {}, h('button', {
        type: 'button', className: 'queue-toggle', textContent: queue.paused ? 'Resume' : 'Pause',
        onclick: () => act(queue.paused ? 'Resume' : 'Pause',
            () => (queue.paused ? api.resume(queue.name) : api.pause(queue.name))),
      })))), 'No queues yet.', 8);
}

function renderLimits(limits) {
  replaceRows($('#limits'), limits.map((limit) => h('tr', { 'data-limit': limit.type },
      h('td', {}, limit.type),
      h('td', { className: 'number' }, limit.concurrency ? `${limit.running} / ${limit.concurrency}` : '—'),
      h('td', {}, limit.rate ? `${limit.rate.permits} per ${limit.rate.period}` : '—'))),
      'No limits: PUT /api/limits/{type} or fourfold.limits.* set them.', 3);
}

function renderSchedules(schedules) {
  const missing = schedules === null;
  $('#schedules-missing').hidden = !missing;
  $('#schedules-missing').textContent = missing ? 'This server has no schedules (GET /api/schedules answered 404).' : '';
  $('#schedules').hidden = missing;
  if (missing) {
    return;
  }
  replaceRows($('#schedules'), schedules.map((schedule) => h('tr', { 'data-schedule': schedule.name },
      h('td', {}, schedule.name, schedule.paused ? h('span', { className: 'paused' }, 'paused') : null),
      h('td', {}, schedule.cron ? `${schedule.cron} (${schedule.zone})` : `every ${schedule.every}`),
      h('td', {}, `${schedule.type} → ${schedule.queue || 'its queue'}`),
      h('td', { className: 'next-run' }, schedule.paused || schedule.nextRuns.length === 0 ? ''
          : new Date(schedule.nextRuns[0]).toLocaleString()),
      h('td', {}, h('button', {
        type: 'button', className: 'schedule-toggle', textContent: schedule.paused ? 'Resume' : 'Pause',
        onclick: () => act(schedule.paused ? 'Resume' : 'Pause', () => (schedule.paused
            ? api.resumeSchedule(schedule.name) : api.pauseSchedule(schedule.name))),
      })))), 'No schedules: PUT /api/schedules/{name} or fourfold.schedules.* make one.', 5);
}

/** A workflow's steps shown at most this many, each a link to its task. */
const WORKFLOW_STEPS_SHOWN = 12;

function renderWorkflows(workflows) {
  const missing = workflows === null;
  $('#workflows-missing').hidden = !missing;
  $('#workflows-missing').textContent = missing ? 'This server has no workflows (GET /api/workflows answered 404).' : '';
  $('#workflows').hidden = missing;
  if (missing) {
    return;
  }
  replaceRows($('#workflows'), workflows.map((workflow) => {
    const steps = workflow.callback ? [...workflow.steps, workflow.callback] : workflow.steps;
    const shown = steps.slice(0, WORKFLOW_STEPS_SHOWN).map((step) => (step.state === 'PENDING'
        ? h('span', { className: 'state', 'data-state': step.state, title: `${step.type}, not submitted yet` },
            step.type)
        : h('a', { href: `#/tasks/${encodeURIComponent(step.taskId)}`, className: 'state workflow-step',
          'data-state': step.state, title: `${step.type}: ${step.state}` }, step.type)));
    const more = steps.length > shown.length ? ` +${steps.length - shown.length} more` : '';
    return h('tr', { 'data-workflow': workflow.id, 'data-state': workflow.state },
        h('td', { title: workflow.id }, workflow.id.slice(0, 13)),
        h('td', {}, workflow.kind),
        h('td', {}, badge(workflow.state)),
        h('td', { title: Object.entries(workflow.counts).map(([name, count]) => `${count} ${name}`).join(', ') },
            h('progress', { max: 1, value: workflow.progress }), ' ', percent(workflow.progress)),
        h('td', {}, h('div', { className: 'workflow-steps' }, ...shown, more)),
        h('td', {}, ago(workflow.createdAt)),
        h('td', {}, workflow.state === 'RUNNING' ? h('button', {
          type: 'button', className: 'workflow-cancel', textContent: 'Cancel',
          onclick: () => act('Cancel', () => api.cancelWorkflow(workflow.id)),
        }) : null));
  }), 'No workflows: POST /api/workflows makes a chain, a group or a batch.', 7);
}

function renderWorkers(workers) {
  replaceRows($('#workers'), workers.map((worker) => h('tr', { 'data-worker': worker.id },
      h('td', { title: worker.id }, worker.id),
      h('td', {}, `${worker.host} (pid ${worker.pid})`),
      h('td', {}, worker.queues.join(', ')),
      h('td', { className: 'slots' }, Object.entries(worker.slots).map(([executor, slots]) =>
          h('span', { className: 'slot', 'data-executor': executor, 'data-busy': slots.busy },
              h('span', { className: 'slot-name' }, executor),
              h('meter', { min: 0, max: slots.size, value: slots.busy }),
              `${slots.busy} / ${slots.size}`))),
      h('td', {}, ago(worker.lastHeartbeat)))), 'No live worker: tasks wait in their queues.', 5);
}

function renderTasks(tasks) {
  replaceRows($('#tasks'), tasks.map((task) => h('tr', { 'data-task': task.id, 'data-state': task.state },
      h('td', {}, taskLink(task.id)),
      h('td', {}, task.type),
      h('td', {}, task.queue),
      h('td', {}, badge(task.state)),
      h('td', {}, h('progress', { max: 1, value: task.progress }), ' ', percent(task.progress)),
      h('td', { className: 'number' }, `${task.attempt} / ${task.maxAttempts}`),
      h('td', {}, ago(task.createdAt)),
      h('td', {}, TERMINAL.has(task.state) ? null : h('button', {
        type: 'button', className: 'cancel', textContent: 'Cancel',
        onclick: () => act('Cancel', () => api.cancel(task.id)),
      })))), 'No task matches.', 8);
}

function renderDeadLetters(page) {
  const missing = page === null;
  $('#dead-missing').hidden = !missing;
  $('#dead-missing').textContent = missing
    ? 'This server has no dead-letter endpoints (GET /api/dead-letters answered 404).' : '';
  $('#dead-letters').hidden = missing;
  if (missing) {
    return;
  }
  replaceRows($('#dead-letters'), page.tasks.map((task) => h('tr', { 'data-task': task.id },
      h('td', {}, taskLink(task.id)),
      h('td', {}, task.type),
      h('td', {}, task.queue),
      h('td', { className: 'error-text' }, task.error ? `${task.error.type}: ${task.error.message}` : ''),
      h('td', {}, ago(task.finishedAt)),
      h('td', {},
          h('button', { type: 'button', textContent: 'Retry', onclick: () => act('Retry', () => api.retry(task.id)) }),
          ' ',
          h('button', { type: 'button', textContent: 'Delete',
            onclick: () => act('Delete', () => api.discard(task.id)) })))),
  'No dead letters.', 6);
}

/**
 * One throughput sample: tasks finished per second over all queues from GET /api/queues, or, on a server without
 * it, tasks whose finishedAt is newer than the last sample among the 200 most recent, per second since then.
 */
async function sampleThroughput(queues) {
  if (queues !== null) {
    const total = queues.reduce((sum, queue) => sum + queue.finishedPerSecond, 0);
    $('#throughput-source').textContent = 'finished tasks per second, all queues (GET /api/queues)';
    addSample(total);
    return;
  }
  const now = Date.now();
  const recent = (await api.tasks({ limit: 200 })).tasks.filter((task) => task.finishedAt);
  const newest = recent.reduce((max, task) => (task.finishedAt > max ? task.finishedAt : max), '');
  if (state.lastFinishedAt !== null) {
    const count = recent.filter((task) => task.finishedAt > state.lastFinishedAt).length;
    addSample(count / Math.max(0.5, (now - state.lastSampleAt) / 1000));
  }
  if (state.lastFinishedAt === null || newest > state.lastFinishedAt) {
    state.lastFinishedAt = newest;
  }
  state.lastSampleAt = now;
  $('#throughput-source').textContent = 'finished tasks per second, from the recent tasks';
}

function addSample(value) {
  chart.add(value);
  $('#throughput-now').textContent = `${formatRate(value)} tasks/s`;
}

/** Runs an action, shows its failure, and refreshes what is on screen. */
async function act(what, call) {
  try {
    const answer = await call();
    notice('');
    return answer;
  } catch (error) {
    failed(error, what);
    return null;
  } finally {
    if (!$('#overview').hidden) {
      refreshOverview().catch((error) => failed(error, 'Refresh'));
    }
  }
}

$('#submit-type').addEventListener('change', () => {
  const sample = SAMPLE_PAYLOADS[$('#submit-type').value] || {};
  $('#submit-payload').value = JSON.stringify(sample);
});

$('#submit-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  let payload;
  try {
    payload = JSON.parse($('#submit-payload').value || 'null');
  } catch (error) {
    notice(`Submit: the payload is not JSON (${error.message})`);
    return;
  }
  const request = { type: $('#submit-type').value, payload };
  const queue = $('#submit-queue').value.trim();
  if (queue) {
    request.queue = queue;
  }
  const view = await act('Submit', () => api.submit(request));
  if (view) {
    $('#submit-result').replaceChildren('Submitted ', taskLink(view.id), ' ', badge(view.state));
    $('#submit-result a').textContent = view.id;
  }
});

$('#task-filters').addEventListener('change', () => refreshOverview().catch((error) => failed(error, 'Refresh')));
$('#task-filters').addEventListener('submit', (event) => event.preventDefault());

function startPolling() {
  stopPolling();
  const tick = async () => {
    if (state.needsKey) {
      return;
    }
    try {
      await refreshOverview();
      connection('live', 'live');
    } catch (error) {
      if (!(error instanceof ApiError)) {
        connection('offline', `offline: ${error.message}`);
      } else {
        failed(error, 'Refresh');
      }
    }
    if (state.polling !== null) {
      state.polling = setTimeout(tick, POLL_MILLIS);
    }
  };
  state.polling = setTimeout(tick, 0);
}

function stopPolling() {
  if (state.polling !== null) {
    clearTimeout(state.polling);
  }
  state.polling = null;
}

// ---- the task page ----------------------------------------------------------------------------------------------

function renderTask(view) {
  const page = $('#task-page');
  page.dataset.state = view.state;
  $('#task-id').textContent = view.id;
  $('#task-state').replaceChildren(badge(view.state));
  $('#task-progress').value = view.progress;
  $('#task-progress').dataset.value = String(view.progress);
  const message = view.progressMessage ? ` · ${view.progressMessage}` : '';
  $('#task-progress-message').textContent = `${percent(view.progress)}${message}`;
  const fields = [
    ['type', view.type], ['queue', view.queue], ['attempt', `${view.attempt} of ${view.maxAttempts}`],
    ['priority', view.priority], ['created', view.createdAt], ['run at', view.runAt],
    ['started', view.startedAt], ['finished', view.finishedAt], ['worker', view.worker], ['executor', view.executor],
    ['unique', view.unique],
  ];
  $('#task-fields').replaceChildren(...fields.flatMap(([name, value]) =>
      [h('dt', {}, name), h('dd', { 'data-field': name }, value ?? '—')]));
  $('#task-cancel').hidden = TERMINAL.has(view.state);
  $('#task-retry').hidden = view.state !== 'FAILED' || state.missing.deadLetters;
  const outcome = view.result !== null && view.result !== undefined ? ['Result', view.result]
    : view.error ? [view.state === 'FAILED' || view.state === 'CANCELLED' ? 'Error' : 'Last error', view.error] : null;
  $('#task-outcome-title').hidden = !outcome;
  $('#task-outcome').hidden = !outcome;
  if (outcome) {
    $('#task-outcome-title').textContent = outcome[0];
    $('#task-outcome').textContent = JSON.stringify(outcome[1], null, 2);
  }
  $('#task-events').append(h('li', { 'data-state': view.state, 'data-progress': view.progress },
      `${new Date().toLocaleTimeString()} · ${view.state} · attempt ${view.attempt} · ${percent(view.progress)}`,
      view.progressMessage ? ` · ${view.progressMessage}` : ''));
}

/** Shows a task and follows it; {@code known} is a view already in hand (a retry's answer), shown first. */
function showTask(id, known) {
  stopFollowing();
  $('#task-events').replaceChildren();
  $('#task-outcome').hidden = true;
  $('#task-outcome-title').hidden = true;
  $('#task-id').textContent = id;
  if (known) {
    renderTask(known);
  }
  const controller = new AbortController();
  state.following = controller;
  let finished = false;
  const follow = async () => {
    if (controller.signal.aborted || state.needsKey) {
      return;
    }
    $('#task-live').textContent = 'following live';
    $('#task-live').dataset.live = 'true';
    try {
      await followTask(id, (view) => {
        finished = TERMINAL.has(view.state);
        renderTask(view);
      }, controller.signal);
    } catch (error) {
      if (controller.signal.aborted) {
        return;
      }
      if (error instanceof ApiError) {
        $('#task-live').textContent = '';
        failed(error, `Task ${id}`);
        return;
      }
    }
    if (finished) {
      $('#task-live').textContent = 'finished';
      $('#task-live').dataset.live = 'false';
    } else if (!controller.signal.aborted) {
      // The stream broke before the task finished (a proxy, a restart): follow again from a fresh snapshot.
      $('#task-live').textContent = 'reconnecting…';
      setTimeout(follow, RECONNECT_MILLIS);
    }
  };
  follow();
}

function stopFollowing() {
  if (state.following) {
    state.following.abort();
    state.following = null;
  }
}

$('#task-cancel').addEventListener('click', () => act('Cancel', () => api.cancel($('#task-id').textContent)));
$('#task-retry').addEventListener('click', async () => {
  const view = await act('Retry', () => api.retry($('#task-id').textContent));
  if (view) {
    showTask(view.id, view);
  }
});

// ---- routing ----------------------------------------------------------------------------------------------------

function route() {
  const match = location.hash.match(/^#\/tasks\/(.+)$/);
  $('#overview').hidden = Boolean(match);
  $('#task-page').hidden = !match;
  notice('');
  if (match) {
    stopPolling();
    showTask(decodeURIComponent(match[1]));
  } else {
    stopFollowing();
    startPolling();
  }
}

window.addEventListener('hashchange', route);
route();
