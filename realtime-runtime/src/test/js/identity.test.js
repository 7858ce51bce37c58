import { test, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../main/resources/META-INF/resources/realtime/realtime.js';
import { World, record, settle } from './fakes.js';

const base = 'http://app.test/';
let world;
let handle;

beforeEach(() => {
  world = new World();
  world.offer = { protocol: 1, kind: 'stream', transports: ['sse'], token: 'first', tab: 'tab-1' };
});

afterEach(() => {
  handle?.close();
  world.uninstall();
});

async function refuse(request) {
  request.error(401, 'unauthenticated', 'Token refused');
  await settle();
}

test('a refused token is dropped and replaced by one renegotiation', async () => {
  handle = connect('/prices/ACME', { base });
  const first = await world.next('sse');
  assert.equal(first.headers['realtime-token'], 'first');
  world.offer = { ...world.offer, token: 'second', tab: 'tab-2' };
  await refuse(first);
  const negotiations = world.all('negotiate');
  assert.equal(negotiations.length, 2);
  assert.equal(negotiations[1].headers['realtime-token'], undefined, 'the refused token is not offered again');
  const second = await world.next('sse');
  assert.equal(second.headers['realtime-token'], 'second');
  assert.equal(handle.tab, 'tab-2');
  second.stream().write('retry: 2000\n\n');
  await settle();
  assert.equal(handle.state, 'open');
});

test('a second refusal in a row is final', async () => {
  handle = connect('/prices/ACME', { base });
  const seen = record(handle, 'error');
  await refuse(await world.next('sse'));
  await refuse(await world.next('sse'));
  await world.advance(60_000);
  assert.equal(handle.state, 'closed');
  assert.deepEqual([seen[0][1].code, seen[0][1].status], ['unauthenticated', 401]);
  assert.equal(world.all('sse').length, 2);
});

test('after a connection opened, a later refusal earns a renegotiation again', async () => {
  handle = connect('/prices/ACME', { base });
  await refuse(await world.next('sse'));
  const working = (await world.next('sse')).stream();
  working.write('retry: 2000\n\nid: E1:1\ndata: 1\n\n');
  await settle();
  working.end();
  await world.advance(2000);
  await refuse(await world.next('sse'));
  const again = await world.next('sse');
  assert.equal(again.headers['last-event-id'], 'E1:1');
  assert.equal(world.all('negotiate').length, 3);
});

test('a refused negotiation is final', async () => {
  world.offer = null;
  handle = connect('/prices/ACME', { base });
  const seen = record(handle, 'error');
  (await world.next('negotiate')).error(401, 'unauthenticated', 'Log in first');
  await world.advance(60_000);
  assert.equal(seen[0][1].code, 'unauthenticated');
  assert.equal(world.exchanges.length, 1);
});

test('forbidden by the application is final, with its message', async () => {
  handle = connect('/rooms/secret', { base });
  const seen = record(handle, 'error');
  (await world.next('sse')).error(403, 'forbidden', 'Only members may follow this room');
  await world.advance(60_000);
  assert.deepEqual([seen[0][1].code, seen[0][1].message], ['forbidden', 'Only members may follow this room']);
  assert.equal(handle.state, 'closed');
  assert.equal(world.all('sse').length, 1);
});

test('an overloaded server is retried no sooner than it asks, plus the backoff', async () => {
  handle = connect('/prices/ACME', { base });
  (await world.next('sse')).error(503, 'overloaded', 'busy', { 'Retry-After': '7' });
  await world.advance(7999); // 7 s asked, and the first backoff (1 s, as Math.random() is 1 here)
  assert.equal(world.untaken('sse').length, 0);
  await world.advance(1);
  await world.next('sse');
  assert.equal(handle.state, 'connecting');
});

test('a revoked stream (the cookie session ended) drops the token and renegotiates once', async () => {
  handle = connect('/prices/ACME', { base });
  const states = record(handle, 'state');
  const first = await world.next('sse');
  const stream = first.stream();
  stream.write('retry: 2000\n\nid: E1:1\ndata: 1\n\n');
  await settle();
  world.offer = { ...world.offer, token: 'second', tab: 'tab-2' };
  stream.write('event: revoked\ndata: {"code":"session_ended","message":"The HTTP session has ended"}\n\n');
  await settle();
  const negotiations = world.all('negotiate');
  assert.equal(negotiations.length, 2);
  assert.equal(negotiations[1].headers['realtime-token'], undefined, 'the revoked token is not offered again');
  const second = await world.next('sse');
  assert.equal(second.headers['realtime-token'], 'second');
  assert.equal(second.headers['last-event-id'], 'E1:1', 'it resumes where it was');
  assert.equal(handle.tab, 'tab-2');
  assert.ok(!states.some(([state]) => state === 'closed'));
});

test('after a logout, an endpoint that requires a user refuses the renegotiated tab: final', async () => {
  handle = connect('/prices/ACME', { base });
  const seen = record(handle, 'error');
  const stream = (await world.next('sse')).stream();
  stream.write('retry: 2000\n\nevent: revoked\ndata: {"code":"session_ended","message":"The HTTP session has ended"}\n\n');
  await settle();
  (await world.next('sse')).error(401, 'unauthenticated', 'This endpoint requires an authenticated user');
  await settle();
  await world.advance(60_000);
  assert.equal(handle.state, 'closed');
  assert.deepEqual([seen[0][1].code, seen[0][1].status], ['unauthenticated', 401]);
  assert.equal(world.all('negotiate').length, 2);
});
