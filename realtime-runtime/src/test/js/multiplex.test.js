// Handles connected with `multiplex` share one connection to <context>/realtime/mux (docs/protocol.md
// "Shared connections"), each a subscription with its own cursor.

import { test, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../main/resources/META-INF/resources/realtime/realtime.js';
import { World, record, settle } from './fakes.js';

const MUX_OFFER = { protocol: 1, kind: 'multiplex', transports: ['websocket', 'sse', 'poll'], subscriptions: 100, token: 'tok', tab: 'tab-1' };
let world;
let handles;
let base; // one application per test: the client remembers a server without shared connections

beforeEach(t => {
  world = new World();
  world.offer = MUX_OFFER;
  handles = [];
  base = `https://app.test/${t.name.replace(/\W+/g, '-')}/`;
});

afterEach(() => {
  handles.forEach(handle => handle.close());
  world.uninstall();
});

function open(path, options = {}) {
  const handle = connect(path, { base, multiplex: true, ...options });
  handles.push(handle);
  return handle;
}

/** Three handles over one accepted WebSocket, each told its start. */
async function threeOverWebSocket() {
  const [a, b, c] = ['/prices/A', '/prices/B', '/news'].map(path => open(path));
  const socket = await world.socket(0);
  socket.accept();
  await settle();
  ['s1', 's2', 's3'].forEach((sub, i) => socket.receive({ sub, event: 'subscribed', data: { kind: 'stream', cursor: `E${i}:0` } }));
  await settle();
  return { socket, handles: [a, b, c] };
}

test('three handles share one WebSocket to the mux path, one negotiation, one subscribe frame', async () => {
  const { socket, handles: [a, b, c] } = await threeOverWebSocket();
  assert.equal(world.sockets.length, 1);
  assert.equal(socket.url.href, new URL('realtime/mux', base).href.replace('https:', 'wss:'));
  assert.deepEqual(world.all('negotiate').map(e => e.path), [new URL(base).pathname + 'realtime/mux']);
  assert.deepEqual(socket.frames(), [{ subscribe: { s1: { path: '/prices/A' }, s2: { path: '/prices/B' }, s3: { path: '/news' } } }]);
  for (const handle of [a, b, c]) {
    assert.equal(handle.state, 'open');
    assert.equal(handle.transport, 'websocket');
    assert.equal(handle.kind, 'stream');
  }
  const seen = [a, b, c].map(handle => record(handle, 'message'));
  socket.receive({ sub: 's2', id: 'E1:1', event: 'message', data: 'b1' });
  socket.receive({ sub: 's1', id: 'E0:1', event: 'message', data: 'a1' });
  socket.receive({ sub: 's3', event: 'message', data: 'c-direct' });
  await settle();
  assert.deepEqual(seen, [
    [['message', 'a1', { event: 'message', id: 'E0:1' }]],
    [['message', 'b1', { event: 'message', id: 'E1:1' }]],
    [['message', 'c-direct', { event: 'message', id: null }]],
  ]);
  assert.deepEqual([a.cursor, b.cursor, c.cursor], ['E0:1', 'E1:1', 'E2:0']);
});

test('subscribes and unsubscribes while connected; the last close ends the connection', async () => {
  const { socket, handles: [a, b, c] } = await threeOverWebSocket();
  const d = open('/jobs/42');
  await settle();
  assert.equal(d.state, 'open');
  b.close();
  await settle();
  assert.deepEqual(socket.frames().slice(1), [{ subscribe: { s4: { path: '/jobs/42' } } }, { unsubscribe: ['s2'] }]);
  [a, c, d].forEach(handle => handle.close());
  await settle();
  assert.equal(socket.closedWith, 1000);
});

test('a drop resumes every subscription from its own cursor, without duplicates', async () => {
  const { socket, handles: [a, b, c] } = await threeOverWebSocket();
  const seen = [a, b, c].map(handle => record(handle, 'message'));
  socket.receive({ sub: 's1', id: 'E0:1', event: 'message', data: 'a1' });
  socket.receive({ sub: 's2', id: 'E1:1', event: 'message', data: 'b1' });
  await settle();
  socket.drop(1006);
  await settle();
  assert.deepEqual([a.state, b.state, c.state], ['reconnecting', 'reconnecting', 'reconnecting']);
  await world.advance(1000);
  const again = await world.socket(1);
  again.accept();
  await settle();
  assert.deepEqual(again.frames(), [
    { subscribe: { s1: { path: '/prices/A', cursor: 'E0:1' }, s2: { path: '/prices/B', cursor: 'E1:1' }, s3: { path: '/news', cursor: 'E2:0' } } },
  ]);
  again.receive({ sub: 's1', event: 'subscribed', data: { kind: 'stream', cursor: 'E0:1' } });
  again.receive({ sub: 's1', id: 'E0:1', event: 'message', data: 'a1' }); // replayed: dropped
  again.receive({ sub: 's1', id: 'E0:2', event: 'message', data: 'a2' });
  again.receive({ sub: 's3', id: 'E2:1', event: 'message', data: 'c1' });
  await settle();
  assert.deepEqual(seen.map(events => events.map(([, data]) => data)), [['a1', 'a2'], ['b1'], ['c1']]);
});

test('a refused subscription fails its handle alone', async () => {
  const { socket, handles: [a, b, c] } = await threeOverWebSocket();
  const errors = record(b, 'error');
  socket.receive({ sub: 's2', event: 'error', data: { status: 403, code: 'forbidden', message: 'no' } });
  socket.receive({ sub: 's1', id: 'E0:1', event: 'message', data: 'a1' });
  await settle();
  assert.equal(errors[0][1].code, 'forbidden');
  assert.equal(errors[0][1].status, 403);
  assert.deepEqual([a.state, b.state, c.state], ['open', 'closed', 'open']);
  assert.equal(a.cursor, 'E0:1');
  assert.equal(socket.frames().length, 1, 'the server ended it: no unsubscribe');
});

test('an end closes its handle alone and is not subscribed again', async () => {
  const { socket, handles: [a, b] } = await threeOverWebSocket();
  const ended = record(a, 'end');
  socket.receive({ sub: 's1', event: 'end', data: {} });
  await settle();
  assert.equal(ended.length, 1);
  assert.deepEqual([a.state, b.state], ['closed', 'open']);
  socket.drop(1006);
  await world.advance(1000);
  const again = await world.socket(1);
  again.accept();
  await settle();
  assert.deepEqual(Object.keys(again.frames()[0].subscribe), ['s2', 's3']);
});

test('a @Duplex subscription sends with its id and settles with its reply', async () => {
  const chat = open('/chat/lobby');
  const socket = await world.socket(0);
  socket.accept();
  socket.receive({ sub: 's1', event: 'subscribed', data: { kind: 'duplex', messages: 'json', replies: true, cursor: 'C:1' } });
  await settle();
  const reply = chat.send({ text: 'hi' });
  await settle();
  assert.deepEqual(socket.frames()[1], { sub: 's1', ref: 1, data: { text: 'hi' } });
  socket.receive({ sub: 's1', ref: 1, data: { ok: true } });
  assert.deepEqual(await reply, { ok: true });
});

test('a refused upgrade falls back to SSE, which carries every subscription; @Duplex messages POST to their own path', async () => {
  const [prices, chat] = ['/prices/A', '/chat/lobby'].map(path => open(path));
  (await world.socket(0)).drop(1006); // a proxy that does not pass upgrades
  await world.advance(1000);
  const request = await world.next('post');
  assert.equal(request.headers.accept, 'text/event-stream');
  assert.deepEqual(request.body, { subscriptions: { s1: { path: '/prices/A' }, s2: { path: '/chat/lobby' } } });
  const stream = request.stream();
  stream.write('retry: 2000\n\nevent: connection\ndata: {"connection":"M1"}\n\n');
  stream.write('sub: s1\nevent: subscribed\ndata: {"kind":"stream","cursor":"E0:0"}\n\n');
  stream.write('sub: s2\nevent: subscribed\ndata: {"kind":"duplex","messages":"json","replies":true,"cursor":"C:0"}\n\n');
  await settle();
  assert.deepEqual([prices.transport, chat.transport], ['sse', 'sse']);
  assert.equal(world.sockets.length, 1, 'WebSocket is not tried again');
  const reply = chat.send({ text: 'hi' });
  const post = await world.next('post');
  assert.equal(post.url.href, new URL('chat/lobby', base).href);
  assert.equal(post.headers['realtime-uplink'], '1');
  assert.deepEqual(post.body, { ref: 1, data: { text: 'hi' } });
  post.json(200, { ref: 1, data: { ok: true } });
  assert.deepEqual(await reply, { ok: true });
});

test('over SSE: opens with a POST of the set, names the connection, and changes it with POSTs', async () => {
  const a = open('/prices/A', { transport: 'sse' });
  const request = await world.next('post');
  assert.equal(request.headers.accept, 'text/event-stream');
  assert.equal(request.headers['realtime-uplink'], '1');
  assert.equal(request.headers['realtime-token'], 'tok');
  assert.deepEqual(request.body, { subscriptions: { s1: { path: '/prices/A' } } });
  const stream = request.stream();
  const b = open('/prices/B', { transport: 'sse' }); // before the stream named itself: sent once it has
  stream.write('retry: 2000\n\nevent: connection\ndata: {"connection":"M1"}\n\n');
  stream.write('sub: s1\nevent: subscribed\ndata: {"kind":"stream","cursor":"E0:0"}\n\n');
  stream.write('sub: s1\nid: E0:1\nevent: message\ndata: "a1"\n\n');
  await settle();
  assert.equal(a.cursor, 'E0:1');
  assert.equal(a.transport, 'sse');
  const control = await world.next('post');
  // The set as it was when the stream named itself, before s1's first event.
  assert.deepEqual(control.body, { connection: 'M1', subscriptions: { s1: { path: '/prices/A' }, s2: { path: '/prices/B' } } });
  control.noContent();
  stream.write('sub: s2\nevent: subscribed\ndata: {"kind":"stream","cursor":"E1:0"}\n\n');
  await settle();
  assert.equal(b.cursor, 'E1:0');
  assert.equal(world.all('sse').length, 0, 'no stream of its own');
});

test('over SSE: a control POST answered 404 unknown_connection reopens the stream with the whole set', async () => {
  open('/prices/A', { transport: 'sse' });
  const stream = (await world.next('post')).stream();
  stream.write('retry: 10\n\nevent: connection\ndata: {"connection":"M1"}\n\nsub: s1\nid: E0:5\nevent: message\ndata: 1\n\n');
  await settle();
  open('/prices/B', { transport: 'sse' });
  (await world.next('post')).error(404, 'unknown_connection');
  await world.advance(1000);
  const reopened = await world.next('post');
  assert.equal(reopened.headers.accept, 'text/event-stream');
  assert.deepEqual(reopened.body, { subscriptions: { s1: { path: '/prices/A', cursor: 'E0:5' }, s2: { path: '/prices/B' } } });
});

test('over long-poll: each poll carries the set and the last answer\'s cursor; a change sends the next at once', async () => {
  const a = open('/prices/A', { transport: 'poll' });
  const first = await world.next('post');
  assert.equal(first.query('transport'), 'poll');
  assert.deepEqual(first.body, { subscriptions: { s1: { path: '/prices/A' } } });
  open('/news', { transport: 'poll' });
  await settle();
  assert.equal(first.aborted, false, 'the first poll opens the connection: the change waits for its answer');
  first.json(200, { cursor: 'M1:0' });
  const second = await world.next('post');
  assert.deepEqual(second.body, { cursor: 'M1:0', subscriptions: { s1: { path: '/prices/A' }, s2: { path: '/news' } } });
  second.json(200, { cursor: 'M1:1', events: [{ sub: 's1', event: 'subscribed', data: { kind: 'stream', cursor: 'E0:0' } }, { sub: 's1', id: 'E0:1', event: 'message', data: 'a1' }] });
  const third = await world.next('post');
  assert.equal(a.cursor, 'E0:1');
  open('/prices/B', { transport: 'poll' });
  await settle();
  assert.equal(third.aborted, true, 'the held poll gives way to one with the new set');
  const fourth = await world.next('post');
  const set = { s1: { path: '/prices/A', cursor: 'E0:1' }, s2: { path: '/news' }, s3: { path: '/prices/B' } };
  assert.deepEqual(fourth.body, { cursor: 'M1:1', subscriptions: set });
});

test('a server without shared connections: each handle connects by itself', async () => {
  world.offer = null;
  const a = open('/prices/A');
  const negotiation = await world.next('negotiate');
  assert.equal(negotiation.path, new URL(base).pathname + 'realtime/mux');
  world.offer = { protocol: 1, kind: 'stream', transports: ['sse'] }; // the endpoints' own negotiations
  negotiation.error(404, 'not_found');
  const stream = await world.next('sse');
  assert.equal(stream.path, new URL(base).pathname + 'prices/A');
  stream.stream().write('retry: 1000\n\n');
  await settle();
  assert.equal(a.state, 'open');
  open('/prices/B'); // the client remembers: no second try of the mux path
  assert.equal((await world.next('sse')).path, new URL(base).pathname + 'prices/B');
  assert.deepEqual(world.all('negotiate').map(e => e.path.slice(new URL(base).pathname.length)), ['realtime/mux', 'prices/A', 'prices/B']);
});
