// Refusals (429/503 with Retry-After, WebSocket 1013) and the circuit breaker: a client that keeps failing
// waits what the server asks plus its backoff, then pauses for a cool-down and probes once (docs/client.md
// "Refusals, Retry-After and the breaker").

import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../main/resources/META-INF/resources/realtime/realtime.js';
import { World, record, settle } from './fakes.js';

const base = 'http://app.test/';
let world;
let handles = [];

afterEach(() => {
  handles.forEach(handle => handle.close());
  handles = [];
  world.uninstall();
});

function open(path, options = {}) {
  const handle = connect(path, { base, ...options });
  handles.push(handle);
  return handle;
}

/** Moves the fake clock on until a request of this kind waits; fails past `limit` ms. */
async function arrival(kind, limit = 200_000) {
  const start = Date.now();
  while (world.untaken(kind).length === 0) {
    assert.ok(Date.now() - start <= limit, `no ${kind} request within ${limit} ms`);
    await world.advance(250);
  }
  return world.next(kind);
}

test('refused again and again, the handle pauses for the cool-down, probes once, and resumes without loss', async () => {
  world = new World();
  world.offer = { protocol: 1, kind: 'stream', transports: ['sse'] };
  const handle = open('/prices/ACME');
  const seen = record(handle, 'message');
  const first = (await world.next('sse')).stream();
  first.write('id: E1:1\ndata: 1\n\n');
  await settle();
  first.end(); // a healthy connection dropped: the first failure of the window
  let refusals = 0;
  while (handle.state !== 'paused') {
    (await arrival('sse')).error(429, 'too_many_requests', 'slow down', { 'Retry-After': '1' });
    await settle();
    refusals++;
  }
  assert.equal(refusals, 5, 'six failures within the window: the drop and five refusals');
  // The cool-down is 60 s and up to a quarter more: Math.random() is 1 here.
  assert.equal(handle.pausedUntil, Date.now() + 75_000);
  await world.advance(74_999);
  assert.equal(world.untaken('sse').length, 0, 'nothing is tried while paused');
  await world.advance(1);
  assert.equal(handle.state, 'reconnecting', 'the pause is over: the probe is out');
  assert.equal(handle.pausedUntil, null);
  const probe = await world.next('sse');
  assert.equal(probe.headers['last-event-id'], 'E1:1');
  probe.stream().write('id: E1:2\ndata: 2\n\n');
  await settle();
  assert.equal(handle.state, 'open');
  assert.deepEqual(seen.map(([, data]) => data), [1, 2]);
  assert.equal(world.all('sse').length, 7);
});

test('a refused probe pauses again at once; the limits are options', async () => {
  world = new World();
  world.offer = { protocol: 1, kind: 'stream', transports: ['sse'] };
  const handle = open('/prices/ACME', { breakerFailures: 2, breakerWindow: 60_000, breakerCooldown: 10_000 });
  const states = record(handle, 'state');
  (await world.next('sse')).error(503, 'overloaded', 'busy');
  await settle();
  (await arrival('sse')).error(503, 'overloaded', 'busy');
  await settle();
  assert.equal(handle.state, 'paused');
  const probe = await arrival('sse', 12_500);
  probe.error(503, 'overloaded', 'busy');
  await settle();
  assert.equal(handle.state, 'paused', 'one failed probe is enough');
  await world.advance(12_499);
  assert.equal(world.untaken('sse').length, 0);
  await world.advance(1);
  (await world.next('sse')).stream().write('id: E1:1\ndata: 1\n\n');
  await settle();
  assert.deepEqual(states.map(([, state]) => state), ['paused', 'connecting', 'paused', 'connecting', 'open']);
});

test('a connection that works closes the breaker: later failures count from nothing', async () => {
  world = new World();
  world.offer = { protocol: 1, kind: 'stream', transports: ['sse'] };
  const handle = open('/prices/ACME', { breakerFailures: 2 });
  (await world.next('sse')).error(503, 'overloaded', 'busy');
  await settle();
  const stream = (await arrival('sse')).stream();
  stream.write('id: E1:1\ndata: 1\n\n');
  await settle();
  stream.end(); // worked, then dropped: one failure in a fresh window
  await settle();
  assert.equal(handle.state, 'reconnecting');
});

test('Retry-After as an HTTP date is honoured, plus the backoff', async () => {
  world = new World();
  world.offer = null;
  const handle = open('/prices/ACME', { reconnectDelay: 1000 });
  const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
  (await world.next('negotiate')).error(503, 'overloaded', 'busy', { 'Retry-After': inTenSeconds });
  await world.advance(10_999);
  assert.equal(world.untaken('negotiate').length, 0);
  await world.advance(1);
  (await world.next('negotiate')).json(200, { protocol: 1, kind: 'stream', transports: ['sse'] });
  await world.next('sse');
  assert.equal(handle.state, 'connecting');
});

test('a WebSocket closed with 1013 is a refusal: retried after the backoff, never abandoned for it', async () => {
  world = new World();
  world.offer = { protocol: 1, kind: 'duplex', transports: ['websocket', 'sse'], token: 'tok', tab: 'tab-1' };
  const handle = open('/chat/lobby', { breakerFailures: 3 });
  for (let i = 0; i < 3; i++) {
    const socket = await world.socket(i);
    socket.accept();
    socket.drop(1013, 'too_many_tabs');
    await settle();
    if (i < 2) {
      await world.advance(1000 * 2 ** i);
    }
  }
  assert.equal(world.all('sse').length, 0, 'a refusal says nothing against the transport');
  assert.equal(handle.state, 'paused');
});

test('a long-poll answered 204 with Retry-After waits before it asks again', async () => {
  world = new World();
  world.offer = { protocol: 1, kind: 'push', transports: ['poll'], token: 'tok' };
  open('/notifications');
  (await world.next('poll')).json(200, { cursor: 'E1:1', events: [] });
  (await world.next('poll')).noContent({ 'Retry-After': '2' }); // a draining server
  await settle();
  await world.advance(1999);
  assert.equal(world.untaken('poll').length, 0);
  await world.advance(1);
  assert.equal((await world.next('poll')).query('cursor'), 'E1:1');
});

test('handles multiplexed over one connection pause once, together', async () => {
  world = new World();
  world.offer = { protocol: 1, kind: 'multiplex', transports: ['websocket'], subscriptions: 100, token: 'tok', tab: 'tab-1' };
  const three = ['/prices/A', '/prices/B', '/news'].map(path => open(path, { multiplex: true, breakerFailures: 2 }));
  for (let i = 0; i < 2; i++) {
    const socket = await world.socket(i);
    socket.accept();
    socket.drop(1013, 'too_many_tabs');
    await settle();
    if (i < 1) {
      await world.advance(1000);
    }
  }
  const until = three[0].pausedUntil;
  assert.ok(until > Date.now());
  for (const handle of three) {
    assert.equal(handle.state, 'paused');
    assert.equal(handle.pausedUntil, until);
  }
  await world.advance(until - Date.now() - 1);
  assert.equal(world.sockets.length, 2, 'one physical connection: two attempts, not six');
  await world.advance(1);
  await world.socket(2);
  assert.deepEqual(three.map(handle => handle.state), ['reconnecting', 'reconnecting', 'reconnecting']);
});

test('tabs sharing one connection pause once, together, and a tab that joins meanwhile is told so', async () => {
  world = new World({ share: true });
  world.offer = { protocol: 1, kind: 'stream', transports: ['sse'] };
  const leader = open('/prices/ACME', { breakerFailures: 2 });
  await world.advance(0);
  const follower = open('/prices/ACME', { breakerFailures: 2 });
  await world.advance(0);
  (await world.next('sse')).error(429, 'too_many_requests', 'slow down', { 'Retry-After': '1' });
  await settle();
  (await arrival('sse')).error(429, 'too_many_requests', 'slow down', { 'Retry-After': '1' });
  await settle();
  const latecomer = open('/prices/ACME', { breakerFailures: 2 });
  await world.advance(0);
  await settle();
  for (const tab of [leader, follower, latecomer]) {
    assert.equal(tab.state, 'paused');
    assert.equal(tab.pausedUntil, leader.pausedUntil);
  }
  await world.advance(leader.pausedUntil - Date.now() - 1);
  assert.equal(world.all('sse').length, 2, 'one physical connection: two attempts, not one per tab');
});
