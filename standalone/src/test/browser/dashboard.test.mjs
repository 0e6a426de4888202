// Drives the dashboard of a live Fourfold in headless Chromium, as a user would: submits a sleep task from the page
// and follows it to SUCCEEDED with its progress, cancels another, follows a workflow and cancels one, and takes
// screenshots. Every wait is on page state, never on time. Run by DashboardBrowserIT; by hand:
//   BASE_URL=http://localhost:8080 CHROMIUM=/usr/bin/chromium SCREENSHOTS=/tmp/shots node dashboard.test.mjs
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const baseUrl = process.env.BASE_URL;
const screenshots = process.env.SCREENSHOTS || 'screenshots';
const patience = Number(process.env.PATIENCE_MILLIS || 60000);
// Set when the api has security on: the page must ask for a key, refuse a wrong one, and work with this one.
const apiKey = process.env.API_KEY;
assert.ok(baseUrl, 'BASE_URL must name the running Fourfold, e.g. http://localhost:8080');
mkdirSync(screenshots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // Chromium's sandbox needs user namespaces that containers and root often lack; the page is our own.
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const problems = [];
const origin = new URL(baseUrl).origin;
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
try {
  page.setDefaultTimeout(patience);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A failed load is logged by the browser as an error; the response listener below judges those.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    // Tolerated: a server without the queue operations (404), the cancel of a task that just ended (409), and calls
    // refused before the right key is entered (401).
    const tolerated = (response.status() === 404 && /^\/api\/(queues|schedules|workflows|dead-letters)\b/.test(path))
        || (response.status() === 409 && path.endsWith('/cancel'))
        || (response.status() === 401 && apiKey && response.request().headers()['x-api-key'] !== apiKey);
    if (response.status() >= 400 && !tolerated) {
      problems.push(`${response.status()} from ${response.request().method()} ${path}`);
    }
  });
  page.on('request', (request) => {
    if (!request.url().startsWith('data:') && new URL(request.url()).origin !== origin) {
      problems.push(`external request: ${request.url()}`);
    }
  });

  step('the dashboard opens and shows the live worker');
  await page.goto(`${baseUrl}/`);
  if (apiKey) {
    step('security is on: the page asks for an API key');
    await page.locator('#connection[data-state="locked"]').waitFor();
    await page.locator('#key-input').fill(`wrong-${apiKey}`);
    await page.locator('#key-form button[type="submit"]').click();
    await page.locator('#key-error', { hasText: 'refused' }).waitFor();
    await page.locator('#key-input').fill(apiKey);
    await page.locator('#key-form button[type="submit"]').click();
    await page.locator('#key-form').waitFor({ state: 'hidden' });
  }
  await page.locator('#connection[data-state="live"]').waitFor();
  await page.locator('#workers tr[data-worker] .slot[data-executor="VIRTUAL"]').first().waitFor();
  await page.locator('#submit-type option[value="sleep"]').waitFor({ state: 'attached' });

  step('a sleep task submitted from the page reports progress and succeeds');
  const succeeding = await submit(page, 'sleep', { millis: 4000 });
  await page.locator('#submit-result a').click();
  await page.waitForURL(`**/#/tasks/${succeeding}`);
  await page.locator('#task-progress-message').waitFor();
  await page.locator('#task-page[data-state="SUCCEEDED"]').waitFor();
  await page.locator('#task-live', { hasText: 'finished' }).waitFor();
  const progressSeen = await page.locator('#task-events li[data-state="RUNNING"]')
      .evaluateAll((items) => items.map((item) => Number(item.dataset.progress)));
  assert.ok(progressSeen.some((progress) => progress > 0 && progress < 1),
      `the page showed progress while the task ran; it saw RUNNING at ${JSON.stringify(progressSeen)}`);
  assert.equal(await page.locator('#task-progress').getAttribute('data-value'), '1');
  assert.deepEqual(JSON.parse(await page.locator('#task-outcome').textContent()), { sleptMillis: 4000 });
  assert.equal(await page.locator('#task-cancel').isHidden(), true, 'a finished task offers no cancel');
  await page.screenshot({ path: join(screenshots, 'task-succeeded.png'), fullPage: true });

  step('a long sleep task is cancelled from its page while it runs');
  await page.locator('a', { hasText: 'all tasks' }).click();
  const cancelled = await submit(page, 'sleep', { millis: 600000 });
  await page.locator('#submit-result a').click();
  await page.locator('#task-page[data-state="RUNNING"]').waitFor();
  await page.locator('#task-cancel').click();
  await page.locator('#task-page[data-state="CANCELLED"]').waitFor();
  await page.locator('#task-live', { hasText: 'finished' }).waitFor();
  assert.equal(await page.locator('#task-cancel').isHidden(), true);
  await page.screenshot({ path: join(screenshots, 'task-cancelled.png'), fullPage: true });

  step('the overview lists live tasks, busy slots, filters, and cancels from the list');
  await page.locator('a', { hasText: 'all tasks' }).click();
  for (const millis of [30000, 40000, 50000]) {
    await submit(page, 'sleep', { millis });
  }
  await submit(page, 'primes', { upTo: 200000 });
  await submit(page, 'echo', { hello: 'dashboard' });
  await page.waitForFunction(() => document.querySelectorAll('#tasks tr[data-state="RUNNING"]').length >= 3);
  await page.waitForFunction(() => [...document.querySelectorAll('.slot[data-executor="VIRTUAL"]')]
      .some((slot) => Number(slot.dataset.busy) >= 3));
  await page.locator(`#tasks tr[data-task="${cancelled}"][data-state="CANCELLED"]`).waitFor();
  await page.waitForFunction(() => Number(document.querySelector('#throughput').dataset.samples) >= 5);
  await page.screenshot({ path: join(screenshots, 'dashboard.png'), fullPage: true });

  await page.locator('#filter-state').selectOption('CANCELLED');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#tasks tr[data-task]')];
    return rows.length > 0 && rows.every((row) => row.dataset.state === 'CANCELLED');
  });
  await page.locator(`#tasks tr[data-task="${cancelled}"]`).waitFor();
  await page.locator('#filter-state').selectOption('RUNNING');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#tasks tr[data-task]')];
    return rows.length >= 3 && rows.every((row) => row.dataset.state === 'RUNNING');
  });
  await page.locator('#filter-type').selectOption('sleep');
  await page.locator('#tasks tr[data-state="RUNNING"] button.cancel').first().click();
  await page.waitForFunction(() => document.querySelectorAll('#tasks tr[data-task]').length === 2);
  while (await page.locator('#tasks tr[data-state="RUNNING"] button.cancel').count() > 0) {
    const before = await page.locator('#tasks tr[data-task]').count();
    await page.locator('#tasks tr[data-state="RUNNING"] button.cancel').first().click();
    await page.waitForFunction((count) => document.querySelectorAll('#tasks tr[data-task]').length < count, before);
  }
  await page.locator('#tasks tr.empty').waitFor();
  await page.locator('#filter-state').selectOption('');
  await page.locator('#filter-type').selectOption('');

  await page.locator('#queues tr[data-queue="default"], #queues-missing:not([hidden])').first().waitFor();
  if (await page.locator('#queues-missing').isVisible()) {
    step('no queue operations on this server (GET /api/queues answers 404): the page says so; pause not tried');
  } else {
    await queueOperations(page);
  }

  await page.locator('#schedules tr, #schedules-missing:not([hidden])').first().waitFor();
  if (await page.locator('#schedules-missing').isVisible()) {
    step('no schedules on this server (GET /api/schedules answers 404): the page says so');
  } else {
    await scheduleOperations(page);
  }
  await limitsShown(page);

  await page.locator('#workflows tr, #workflows-missing:not([hidden])').first().waitFor();
  if (await page.locator('#workflows-missing').isVisible()) {
    step('no workflows on this server (GET /api/workflows answers 404): the page says so');
  } else {
    await workflowOperations(page);
  }

  assert.deepEqual(problems, [], 'no errors in the page and no request leaves the origin');
  step('passed');
} catch (error) {
  // What the page showed when it went wrong: a screenshot, the notice and connection lines, what it logged.
  await page.screenshot({ path: join(screenshots, 'failure.png'), fullPage: true }).catch(() => {});
  const shown = await page.evaluate(() => ['#connection', '#notice', '#key-form']
      .map((selector) => `${selector}: ${document.querySelector(selector)?.textContent?.trim()}`)).catch(() => []);
  console.error(['dashboard: failed; the page showed', ...shown, ...problems].join('\n  '));
  throw error;
} finally {
  await browser.close();
}

/**
 * A task that fails every attempt is a dead letter: Retry on its page puts it back in its queue (it fails again),
 * the queue is paused and resumed from the overview, and the dead letter is deleted there.
 */
async function queueOperations(page) {
  step('a failing task becomes a dead letter: retry it, pause and resume its queue, delete it');
  const dead = await submit(page, 'flaky', { failures: 100 });
  await page.locator('#submit-result a').click();
  await page.locator('#task-page[data-state="FAILED"]').waitFor();
  assert.match(await page.locator('#task-outcome').textContent(), /fails as planned/);
  await page.screenshot({ path: join(screenshots, 'task-failed.png'), fullPage: true });
  // The page may have seen the first QUEUED too, when it followed the task from its submit.
  const queuedBefore = await page.locator('#task-events li[data-state="QUEUED"]').count();
  await page.locator('#task-retry').click();
  await page.waitForFunction((count) => document.querySelectorAll('#task-events li[data-state="QUEUED"]').length
      > count, queuedBefore);
  await page.locator('#task-page[data-state="FAILED"]').waitFor();
  await page.locator('#task-live', { hasText: 'finished' }).waitFor();

  await page.locator('a', { hasText: 'all tasks' }).click();
  const row = page.locator(`#dead-letters tr[data-task="${dead}"]`);
  await row.waitFor();
  const queue = page.locator('#queues tr[data-queue="default"]');
  await queue.locator('button.queue-toggle', { hasText: 'Pause' }).click();
  await queue.locator('.paused').waitFor();
  await page.screenshot({ path: join(screenshots, 'queue-paused.png'), fullPage: true });
  await queue.locator('button.queue-toggle', { hasText: 'Resume' }).click();
  await queue.locator('.paused').waitFor({ state: 'detached' });

  await row.locator('button', { hasText: 'Delete' }).click();
  await row.waitFor({ state: 'detached' });
  await page.locator(`#tasks tr[data-task="${dead}"]`).waitFor({ state: 'detached' });
}

/** A schedule made over the API shows with its next run; it is paused and resumed from the overview. */
async function scheduleOperations(page) {
  step('a schedule shows with its next run, and is paused and resumed from the overview');
  const call = async (method, path, body) => (await callApi(page, method, path, body)).status;
  assert.equal(await call('PUT', '/api/schedules/browser-yearly',
      { cron: '@yearly', zone: 'Europe/Paris', type: 'sleep', payload: { millis: 1 } }), 201);
  const schedule = page.locator('#schedules tr[data-schedule="browser-yearly"]');
  await schedule.locator('td.next-run', { hasText: /\d/ }).waitFor();
  await schedule.locator('button.schedule-toggle', { hasText: 'Pause' }).click();
  await schedule.locator('.paused').waitFor();
  await page.screenshot({ path: join(screenshots, 'schedule-paused.png'), fullPage: true });
  await schedule.locator('button.schedule-toggle', { hasText: 'Resume' }).click();
  await schedule.locator('.paused').waitFor({ state: 'detached' });
  assert.equal(await call('DELETE', '/api/schedules/browser-yearly'), 204);
  await schedule.waitFor({ state: 'detached' });
}

/** Limits set over the API show on the overview with their use, and go when they are removed. */
async function limitsShown(page) {
  step('limits set over the API show on the overview, and go when removed');
  const call = async (method, path, body) => (await callApi(page, method, path, body)).status;
  assert.equal(await call('PUT', '/api/limits/sleep', { concurrency: 3, rate: { permits: 10, period: 'PT1S' } }), 201);
  const limit = page.locator('#limits tr[data-limit="sleep"]');
  await limit.locator('td', { hasText: '0 / 3' }).waitFor();
  await limit.locator('td', { hasText: '10 per PT1S' }).waitFor();
  await page.screenshot({ path: join(screenshots, 'limits.png'), fullPage: true });
  assert.equal(await call('DELETE', '/api/limits/sleep'), 204);
  await limit.waitFor({ state: 'detached' });
}

/** A chain made over the API shows its steps and ends SUCCEEDED; a running batch is cancelled from the overview. */
async function workflowOperations(page) {
  step('a chain shows its steps and succeeds, and a running batch is cancelled from the overview');
  const chain = await callApi(page, 'POST', '/api/workflows',
      { kind: 'CHAIN', tasks: [{ type: 'echo', payload: { n: 1 } }, { type: 'echo' }] });
  assert.equal(chain.status, 201);
  const chainRow = page.locator(`#workflows tr[data-workflow="${chain.body.id}"][data-state="SUCCEEDED"]`);
  await chainRow.waitFor();
  assert.equal(await chainRow.locator('a.workflow-step[data-state="SUCCEEDED"]').count(), 2);

  const batch = await callApi(page, 'POST', '/api/workflows',
      { kind: 'BATCH', tasks: [{ type: 'sleep', payload: { millis: 60000 } }] });
  assert.equal(batch.status, 201);
  await page.locator(`#workflows tr[data-workflow="${batch.body.id}"] button.workflow-cancel`).click();
  await page.locator(`#workflows tr[data-workflow="${batch.body.id}"][data-state="CANCELLED"]`).waitFor();
  await page.screenshot({ path: join(screenshots, 'workflows.png'), fullPage: true });
}

/** Calls the API from the page, with the key the page holds; answers the status and the JSON body, if any. */
function callApi(page, method, path, body) {
  return page.evaluate(async ([method, path, body]) => {
    const key = sessionStorage.getItem('fourfold.apiKey');
    const headers = { 'Content-Type': 'application/json', ...(key ? { 'X-API-Key': key } : {}) };
    const response = await fetch(path, { method, headers, body: body && JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }, [method, path, body]);
}

/** Submits a task with the page's form and returns its id, read from the confirmation line. */
async function submit(page, type, payload) {
  const previous = await page.locator('#submit-result a').textContent().catch(() => null);
  await page.locator('#submit-type').selectOption(type);
  await page.locator('#submit-payload').fill(JSON.stringify(payload));
  await page.locator('#submit-button').click();
  await page.waitForFunction((old) => {
    const link = document.querySelector('#submit-result a');
    return link !== null && link.textContent !== old;
  }, previous);
  return page.locator('#submit-result a').textContent();
}

function step(text) {
  console.log(`dashboard: ${text}`);
}
