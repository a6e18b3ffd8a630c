#!/usr/bin/env node
// Drives the unmodified public Segment and RudderStack Node clients against a Waymark server.
//
//   node send.mjs --host http://127.0.0.1:PORT --write-key KEY --client segment|rudder \
//                 --users N --events-per-user M --prefix STR [--timeout-ms 120000]
//
// For every user `${prefix}-u${i}` it sends one identify, M track events, one page call and,
// for every 5th user, one group call; then it flushes the client and prints ONE line of JSON
// to stdout describing exactly what was sent:
//   {"users":{"<userId>":{"identify":1,"track":M,"page":1,"group":0|1,"events":{"<name>":n}}},"total":T}
// It exits non-zero if any call was not acknowledged by the server.

import { parseArgs } from 'node:util';
import { Analytics as SegmentAnalytics } from '@segment/analytics-node';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';

// Keep stdout for the one summary line: anything the clients log goes to stderr.
const writeStdout = (text) => process.stdout.write(text);
for (const method of ['log', 'info', 'debug', 'warn', 'trace']) {
  console[method] = (...args) => console.error(...args);
}

const EVENT_NAMES = ['Signed Up', 'Viewed Item', 'Added To Cart', 'Checked Out', 'Shared Link'];

function fail(message) {
  process.stderr.write(`send.mjs: ${message}\n`);
  process.exit(1);
}

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      host: { type: 'string' },
      'write-key': { type: 'string' },
      client: { type: 'string' },
      users: { type: 'string', default: '10' },
      'events-per-user': { type: 'string', default: '5' },
      prefix: { type: 'string', default: 'send' },
      'timeout-ms': { type: 'string', default: '120000' },
    },
    strict: true,
  }));
} catch (err) {
  fail(err.message);
}

const host = options.host;
const writeKey = options['write-key'];
const clientKind = options.client;
const userCount = Number.parseInt(options.users, 10);
const eventsPerUser = Number.parseInt(options['events-per-user'], 10);
const prefix = options.prefix;
const timeoutMs = Number.parseInt(options['timeout-ms'], 10);

if (!host) fail('--host is required');
if (!writeKey) fail('--write-key is required');
if (clientKind !== 'segment' && clientKind !== 'rudder') fail('--client must be segment or rudder');
if (!Number.isInteger(userCount) || userCount < 0) fail('--users must be a non-negative integer');
if (!Number.isInteger(eventsPerUser) || eventsPerUser < 0) fail('--events-per-user must be a non-negative integer');
if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) fail('--timeout-ms must be a positive integer');

const watchdog = setTimeout(() => {
  fail(`timed out after ${timeoutMs} ms: ${acknowledged} of ${sent} calls acknowledged, ${errors.length} failed`);
}, timeoutMs);
watchdog.unref();

let sent = 0;
let acknowledged = 0;
const errors = [];
let resolveAllSettled;
const allSettled = new Promise((resolve) => { resolveAllSettled = resolve; });
let sendingDone = false;

function describe(err) {
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object') {
    if (err.reason instanceof Error) return err.reason.message;
    try { return JSON.stringify(err); } catch { /* fall through */ }
  }
  return String(err);
}

// One callback per call: both clients invoke it once the batch holding the call was delivered
// (no error) or given up on (error).
function onSettled(err) {
  if (err) {
    errors.push(describe(err));
  } else {
    acknowledged += 1;
  }
  if (sendingDone && acknowledged + errors.length === sent) resolveAllSettled();
}

process.on('unhandledRejection', (reason) => {
  errors.push(`unhandled rejection: ${describe(reason)}`);
});

let reportedClientErrors = 0;
function reportClientError(kind, err) {
  reportedClientErrors += 1;
  if (reportedClientErrors <= 5) process.stderr.write(`${kind} client error: ${describe(err)}\n`);
}

let client;
if (clientKind === 'segment') {
  // flushInterval: closeAndFlush() otherwise waits up to the default 10 s for the last partial batch.
  client = new SegmentAnalytics({ writeKey, host, flushAt: 100, maxRetries: 3, flushInterval: 250 });
  client.on('error', (err) => reportClientError('segment', err));
} else {
  client = new RudderAnalytics(writeKey, {
    dataPlaneUrl: host,
    flushAt: 100,
    retryCount: 3,
    logLevel: 'error',
    // Without an error handler a failed background flush becomes an unhandled rejection; the
    // per-call callbacks still receive the error, which is what we count.
    errorHandler: (err) => reportClientError('rudder', err),
  });
}

function call(method, message) {
  sent += 1;
  client[method](message, onSettled);
}

const summary = { users: {}, total: 0 };

for (let i = 0; i < userCount; i += 1) {
  const userId = `${prefix}-u${i}`;
  const record = { identify: 0, track: 0, page: 0, group: 0, events: {} };
  summary.users[userId] = record;

  call('identify', {
    userId,
    traits: { email: `${userId}@example.test`, name: `User ${i} of ${prefix}`, plan: 'pro' },
  });
  record.identify += 1;

  for (let j = 0; j < eventsPerUser; j += 1) {
    const event = EVENT_NAMES[(i + j) % EVENT_NAMES.length];
    call('track', { userId, event, properties: { count: j, source: 'test' } });
    record.track += 1;
    record.events[event] = (record.events[event] ?? 0) + 1;
  }

  call('page', { userId, name: 'Home', properties: { path: '/', source: 'test' } });
  record.page += 1;

  if (i % 5 === 0) {
    const groupId = `${prefix}-c${i % 3}`;
    call('group', { userId, groupId, traits: { name: `Company ${i % 3} of ${prefix}` } });
    record.group += 1;
  }

  // Let the clients' network I/O make progress while we keep producing calls.
  if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
}
summary.total = sent;
sendingDone = true;
if (acknowledged + errors.length === sent) resolveAllSettled();

try {
  if (clientKind === 'segment') {
    await client.closeAndFlush({ timeout: timeoutMs });
  } else {
    // rudder's flush() sends at most flushAt messages per call: keep flushing until drained.
    while (client.queue.length > 0) {
      await client.flush();
    }
    await client.flush();
  }
} catch (err) {
  errors.push(`flush failed: ${describe(err)}`);
}

if (errors.length === 0) await allSettled;
clearTimeout(watchdog);

if (errors.length > 0 || acknowledged !== sent) {
  const shown = [...new Set(errors)].slice(0, 5).join('; ');
  fail(`${acknowledged} of ${sent} calls acknowledged, ${errors.length} failed: ${shown}`);
}

writeStdout(`${JSON.stringify(summary)}\n`);
process.exit(0);
