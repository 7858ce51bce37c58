// A handle on a run (docs/protocol.md "Runs"): its end tells the reason, and stop() asks the server to stop it.

import { test, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../main/resources/META-INF/resources/realtime/realtime.js';
import { World, record, settle } from './fakes.js';

const base = 'http://app.test/';
let world;
let handle;

beforeEach(() => {
  world = new World();
  world.offer = { protocol: 1, kind: 'stream', transports: ['sse', 'poll'], token: 'tok' };
});

afterEach(() => {
  handle?.close();
  world.uninstall();
});

async function openSse(path = '/answers/42') {
  handle = connect(path, { base });
  const stream = (await world.next('sse')).stream();
  stream.write('retry: 2000\n\n');
  await settle();
  return stream;
}

test('the end of a run over Server-Sent Events tells its reason and cursor', async () => {
  const stream = await openSse();
  const seen = record(handle, 'message', 'end');
  stream.write('id: E1:1\ndata: "Hel"\n\nid: E1:2\nevent: end\ndata: {"reason":"stopped"}\n\n');
  await settle();
  assert.deepEqual(seen, [
    ['message', 'Hel', { event: 'message', id: 'E1:1' }],
    ['end', { reason: 'stopped', cursor: 'E1:2' }],
  ]);
  assert.equal(handle.cursor, 'E1:2');
  assert.equal(handle.state, 'closed');
});

test('the end of a run over long-poll tells its reason', async () => {
  handle = connect('/answers/42', { base, transport: 'poll' });
  const seen = record(handle, 'end');
  (await world.next('poll')).json(200, {
    cursor: 'E1:3',
    events: [
      { id: 'E1:2', event: 'message', data: 'lo' },
      { id: 'E1:3', event: 'end', data: { reason: 'complete' } },
    ],
  });
  await settle();
  assert.deepEqual(seen, [['end', { reason: 'complete', cursor: 'E1:3' }]]);
});

test('the end of a run followed on a shared connection tells its reason', async () => {
  world.offer = { protocol: 1, kind: 'multiplex', transports: ['websocket'], subscriptions: 100, token: 'tok', tab: 't' };
  handle = connect('/answers/42', { base: 'https://app.test/runs-mux/', multiplex: true });
  const socket = await world.socket(0);
  socket.accept();
  await settle();
  socket.receive({ sub: 's1', event: 'subscribed', data: { kind: 'stream', cursor: 'E1:0' } });
  const seen = record(handle, 'end');
  socket.receive({ sub: 's1', id: 'E1:1', event: 'end', data: { reason: 'interrupted' } });
  await settle();
  assert.deepEqual(seen, [['end', { reason: 'interrupted', cursor: 'E1:1' }]]);
  assert.equal(handle.state, 'closed');
});

test('stop() sends a DELETE on the path, without its query, as an uplink with the tab token', async () => {
  await openSse('/answers/42?lang=en');
  const stopping = handle.stop();
  const request = await world.next('delete');
  assert.equal(request.url.href, 'http://app.test/answers/42');
  assert.equal(request.headers['realtime-uplink'], '1');
  assert.equal(request.headers['realtime-token'], 'tok');
  assert.equal(request.credentials, 'same-origin');
  request.noContent();
  assert.equal(await stopping, undefined);
  assert.equal(handle.state, 'open', 'the end, not the DELETE, closes the handle');
});

test('stop() rejects with the server refusal, or a network error', async () => {
  await openSse();
  const refused = handle.stop();
  (await world.next('delete')).error(405, 'method_not_allowed', 'Only runs can be stopped', { Allow: 'GET' });
  await assert.rejects(refused, { name: 'RealtimeError', code: 'method_not_allowed', status: 405 });

  const forbidden = handle.stop();
  (await world.next('delete')).error(403, 'forbidden', 'Not your answer');
  await assert.rejects(forbidden, { code: 'forbidden', status: 403 });

  const unreachable = handle.stop();
  (await world.next('delete')).fail();
  await assert.rejects(unreachable, { code: 'network' });
  assert.equal(handle.state, 'open');
});
