import { test, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../main/resources/META-INF/resources/realtime/realtime.js';
import { World, record, settle } from './fakes.js';

const base = 'http://app.test/';
let world;
let handle;

beforeEach(() => {
  world = new World();
  world.offer = { protocol: 1, kind: 'push', transports: ['poll', 'sse'], token: 'tok' };
});

afterEach(() => {
  handle?.close();
  world.uninstall();
});

test('polls with the hold timeout, then from the cursor of each batch', async () => {
  handle = connect('/notifications', { base });
  const seen = record(handle, 'message', 'alert');
  const first = await world.next('poll');
  assert.equal(first.query('timeout'), '25');
  assert.equal(first.query('cursor'), null);
  assert.equal(first.headers['realtime-token'], 'tok');
  assert.equal(first.headers.accept, 'application/json');
  first.json(200, {
    cursor: 'E1:43',
    events: [
      { id: 'E1:42', event: 'message', data: { text: 'hi' } },
      { id: 'E1:43', event: 'alert', data: { text: 'again' } },
    ],
  });
  const second = await world.next('poll');
  assert.equal(second.query('cursor'), 'E1:43');
  assert.deepEqual(seen, [
    ['message', { text: 'hi' }, { event: 'message', id: 'E1:42' }],
    ['alert', { text: 'again' }, { event: 'alert', id: 'E1:43' }],
  ]);
  assert.equal(handle.state, 'open');
  assert.equal(handle.transport, 'poll');
});

test('an empty hold (204) asks again from the same cursor', async () => {
  handle = connect('/notifications', { base, pollTimeout: 10 });
  (await world.next('poll')).json(200, { cursor: 'E1:1', events: [{ id: 'E1:1', event: 'message', data: 1 }] });
  const held = await world.next('poll');
  assert.equal(held.query('timeout'), '10');
  held.noContent();
  assert.equal((await world.next('poll')).query('cursor'), 'E1:1');
  assert.equal(handle.state, 'open');
});

test('a request still held after a moment means the endpoint accepted: open', async () => {
  handle = connect('/notifications', { base });
  await world.next('poll');
  await world.advance(999);
  assert.equal(handle.state, 'connecting');
  await world.advance(1);
  assert.equal(handle.state, 'open');
});

test('a refusal is an error, and never looked open', async () => {
  handle = connect('/notifications', { base });
  const seen = record(handle, 'state', 'error');
  (await world.next('poll')).error(403, 'forbidden', 'Only members');
  await world.advance(60_000);
  assert.deepEqual(seen.map(([name, value]) => [name, value.code ?? value]), [
    ['error', 'forbidden'],
    ['state', 'closed'],
  ]);
});

test('a reset answer is surfaced and polling continues from its cursor', async () => {
  handle = connect('/notifications', { base });
  const seen = record(handle, 'reset');
  (await world.next('poll')).json(200, { cursor: 'E1:5', events: [{ id: 'E1:5', event: 'message', data: 5 }] });
  (await world.next('poll')).json(200, { reset: true, cursor: 'E2:1043' });
  assert.equal((await world.next('poll')).query('cursor'), 'E2:1043');
  assert.deepEqual(seen, [['reset', { cursor: 'E2:1043' }]]);
  assert.equal(handle.cursor, 'E2:1043');
});

test('a failed poll reconnects and resumes from the last cursor', async () => {
  handle = connect('/notifications', { base });
  (await world.next('poll')).json(200, { cursor: 'E1:8', events: [{ id: 'E1:8', event: 'message', data: 8 }] });
  (await world.next('poll')).fail();
  await settle();
  assert.equal(handle.state, 'reconnecting');
  await world.advance(1000);
  assert.equal((await world.next('poll')).query('cursor'), 'E1:8');
});

test('a poll that fails before any event resumes from the head the first answer gave', async () => {
  handle = connect('/notifications', { base });
  const seen = record(handle, 'message');
  (await world.next('poll')).json(200, { cursor: 'E1:41', events: [] });
  await settle();
  assert.equal(handle.cursor, 'E1:41');
  (await world.next('poll')).fail();
  await settle();
  await world.advance(1000);
  assert.equal((await world.next('poll')).query('cursor'), 'E1:41');
  assert.deepEqual(seen, []);
});

test('a request held far beyond its timeout is presumed lost', async () => {
  handle = connect('/notifications', { base, pollTimeout: 25, livenessTimeout: 45_000 });
  const held = await world.next('poll');
  await world.advance(25_000 + 44_999);
  assert.equal(held.aborted, false);
  await world.advance(2);
  assert.ok(held.aborted);
  assert.equal(handle.state, 'reconnecting');
});

test('an end event in a batch completes the handle', async () => {
  handle = connect('/jobs/42', { base });
  const seen = record(handle, 'message', 'end');
  (await world.next('poll')).json(200, {
    cursor: 'E1:2',
    events: [
      { id: 'E1:1', event: 'message', data: 'done' },
      { event: 'end', data: {} },
      { id: 'E1:2', event: 'message', data: 'after the end' },
    ],
  });
  await world.advance(60_000);
  assert.deepEqual(seen, [
    ['message', 'done', { event: 'message', id: 'E1:1' }],
    ['end', { reason: null, cursor: 'E1:1' }],
  ]);
  assert.equal(handle.state, 'closed');
  assert.equal(world.all('poll').length, 1);
});
