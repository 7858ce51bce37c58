import { test, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { connect, RealtimeError } from '../../main/resources/META-INF/resources/realtime/realtime.js';
import { World, record, settle } from './fakes.js';

const base = 'https://app.test/ctx/';
let world;
let handle;

beforeEach(() => {
  world = new World();
  world.offer = { protocol: 1, kind: 'duplex', transports: ['websocket', 'sse', 'poll'], token: 'tok.A-1_b~', tab: 'tab-1' };
});

afterEach(() => {
  handle?.close();
  world.uninstall();
});

async function openSocket(options = {}) {
  handle = connect('/chat/lobby', { base, ...options });
  const socket = await world.socket(0);
  socket.accept();
  await settle();
  return socket;
}

test('connects with the protocol and the token as subprotocols', async () => {
  handle = connect('/chat/lobby', { base });
  const socket = await world.socket(0);
  assert.equal(socket.url.href, 'wss://app.test/ctx/chat/lobby');
  assert.deepEqual(socket.protocols, ['realtime.v1', 'realtime.token.tok.A-1_b~']);
  assert.equal(socket.binaryType, 'arraybuffer');
  socket.accept();
  await settle();
  assert.equal(handle.state, 'open');
  assert.equal(handle.transport, 'websocket');
});

test('a token that cannot be a subprotocol is left out rather than breaking the handshake', async () => {
  world.offer.token = 'has/slash=';
  handle = connect('/chat/lobby', { base });
  assert.deepEqual((await world.socket(0)).protocols, ['realtime.v1']);
});

test('delivers event frames and binary messages', async () => {
  const socket = await openSocket();
  const seen = record(handle, 'message', 'joined');
  socket.receive({ id: 'E1:1', event: 'joined', data: { who: 'ann' } });
  socket.receive({ event: 'message', data: 'direct' });
  const bytes = new Uint8Array([1, 2]).buffer;
  socket.receive(bytes);
  await settle();
  assert.deepEqual(seen, [
    ['joined', { who: 'ann' }, { event: 'joined', id: 'E1:1' }],
    ['message', 'direct', { event: 'message', id: null }],
    ['message', bytes, { event: 'message', id: null }],
  ]);
});

test('resumes with lastEventId after a drop, and drops duplicates', async () => {
  const socket = await openSocket();
  const seen = [];
  handle.on('message', data => seen.push(data));
  socket.receive({ id: 'E1:1', event: 'message', data: 1 });
  socket.drop(1006);
  await world.advance(1000);
  const again = await world.socket(1);
  assert.equal(again.url.searchParams.get('lastEventId'), 'E1:1');
  again.accept();
  again.receive({ id: 'E1:1', event: 'message', data: 1 });
  again.receive({ id: 'E1:2', event: 'message', data: 2 });
  await settle();
  assert.deepEqual(seen, [1, 2]);
});

test('a frame with an id alone moves the cursor without an event, so a drop before the first event resumes', async () => {
  const socket = await openSocket();
  const seen = record(handle, 'message');
  socket.receive({ id: 'E1:41' });
  await settle();
  assert.deepEqual(seen, []);
  assert.equal(handle.cursor, 'E1:41');
  socket.drop(1006);
  await world.advance(1000);
  assert.equal((await world.socket(1)).url.searchParams.get('lastEventId'), 'E1:41');
});

test('send() resolves with the reply to its ref', async () => {
  const socket = await openSocket();
  const first = handle.send({ text: 'hi' });
  const second = handle.send({ text: 'again' });
  await settle();
  assert.deepEqual(socket.frames(), [
    { ref: 1, data: { text: 'hi' } },
    { ref: 2, data: { text: 'again' } },
  ]);
  socket.receive({ ref: 2, data: { ok: 2 } });
  socket.receive({ ref: 1, data: { ok: 1 } });
  assert.deepEqual(await Promise.all([first, second]), [{ ok: 1 }, { ok: 2 }]);
});

test('an error reply rejects with its code; the connection stays open', async () => {
  const socket = await openSocket();
  const sent = handle.send('bad');
  await settle();
  socket.receive({ ref: 1, error: { code: 'bad_request', message: 'Not a chat message' } });
  await assert.rejects(sent, error => error instanceof RealtimeError && error.code === 'bad_request' && error.message === 'Not a chat message');
  assert.equal(handle.state, 'open');
});

test('send() is rejected by a timeout when no reply comes', async () => {
  await openSocket({ timeout: 5000 });
  const sent = handle.send('hello?');
  const outcome = assert.rejects(sent, { code: 'timeout' });
  await world.advance(5000);
  await outcome;
});

test('messages sent while connecting wait for the connection', async () => {
  handle = connect('/chat/lobby', { base });
  const sent = handle.send('early');
  const socket = await world.socket(0);
  assert.deepEqual(socket.sent, []);
  socket.accept();
  await settle();
  assert.deepEqual(socket.frames(), [{ ref: 1, data: 'early' }]);
  socket.receive({ ref: 1, data: 'ack' });
  assert.equal(await sent, 'ack');
});

test('a reply lost with its connection rejects as disconnected; queued messages go out on the next', async () => {
  const socket = await openSocket();
  socket.receive({ id: 'E1:1', event: 'message', data: 1 }); // it worked: a later drop does not count against it
  const lost = handle.send('in flight');
  const outcome = assert.rejects(lost, { code: 'disconnected' });
  await settle();
  socket.drop(1006);
  await outcome;
  const later = handle.send('later');
  await world.advance(1000);
  const again = await world.socket(1);
  again.accept();
  await settle();
  assert.deepEqual(again.frames(), [{ ref: 2, data: 'later' }]);
  again.receive({ ref: 2, data: 'ok' });
  assert.equal(await later, 'ok');
});

test('when negotiation says the endpoint sends no replies, send() resolves once sent', async () => {
  world.offer.replies = false;
  const socket = await openSocket();
  assert.equal(await handle.send('fire and forget'), undefined);
  assert.equal(socket.sent.length, 1);
});

test('send() on a stream endpoint or a closed handle is refused', async () => {
  world.offer = { protocol: 1, kind: 'stream', transports: ['sse'] };
  handle = connect('/prices/ACME', { base });
  await assert.rejects(handle.send('x'), { code: 'not_duplex' });
  handle.close();
  await assert.rejects(handle.send('x'), { code: 'closed' });
});

test('close code 1000 completes the stream; 1001 reconnects', async () => {
  let socket = await openSocket();
  socket.drop(1001, 'server shutting down; reconnect');
  await world.advance(1000);
  socket = await world.socket(1);
  socket.accept();
  await settle();
  const seen = record(handle, 'end', 'state');
  socket.drop(1000, 'stream complete');
  await world.advance(60_000);
  assert.deepEqual(seen, [['end', { reason: null, cursor: null }], ['state', 'closed', 'open']]);
  assert.equal(world.sockets.length, 2);
});

test('4000 (too slow) reconnects and resumes', async () => {
  const socket = await openSocket();
  socket.receive({ id: 'E1:9', event: 'message', data: 9 });
  socket.drop(4000, 'slow consumer; resume from last cursor');
  await world.advance(1000);
  assert.equal((await world.socket(1)).url.searchParams.get('lastEventId'), 'E1:9');
});

test('1008 renegotiates once without the refused token, then gives up', async () => {
  const socket = await openSocket();
  const seen = record(handle, 'error');
  world.offer.token = 'fresh';
  socket.drop(1008, 'token refused');
  await settle();
  const renegotiation = world.all('negotiate')[1];
  assert.equal(renegotiation.headers['realtime-token'], undefined);
  const second = await world.socket(1);
  assert.deepEqual(second.protocols, ['realtime.v1', 'realtime.token.fresh']);
  second.drop(1008, 'session ended');
  await settle();
  assert.equal(handle.state, 'closed');
  assert.equal(seen[0][1].code, 'policy');
  assert.equal(world.sockets.length, 2);
});

test('a refused upgrade falls back to SSE, with POST carrying the messages', async () => {
  handle = connect('/chat/lobby', { base });
  (await world.socket(0)).drop(1006); // a proxy that does not pass upgrades
  await world.advance(1000);
  const sse = await world.next('sse');
  assert.equal(sse.headers['realtime-token'], 'tok.A-1_b~');
  sse.stream().write('retry: 2000\n\n');
  await settle();
  assert.equal(handle.transport, 'sse');
  const reply = handle.send({ text: 'hi' });
  const post = await world.next('post');
  assert.equal(post.url.href, 'https://app.test/ctx/chat/lobby');
  assert.equal(post.headers['content-type'], 'application/json');
  assert.equal(post.headers['realtime-uplink'], '1', 'the header a cross-site form cannot send');
  assert.equal(post.headers['realtime-token'], 'tok.A-1_b~');
  assert.deepEqual(post.body, { ref: 1, data: { text: 'hi' } });
  post.json(200, { ref: 1, data: { ok: true } });
  assert.deepEqual(await reply, { ok: true });

  const refused = handle.send({ text: 'no' });
  (await world.next('post')).json(200, { ref: 2, error: { code: 'forbidden', message: 'muted' } });
  await assert.rejects(refused, { code: 'forbidden', message: 'muted' });

  const rejected = handle.send({ text: 'huge' });
  (await world.next('post')).error(413, 'too_large', 'Message too large');
  await assert.rejects(rejected, { code: 'too_large', status: 413 });

  const quiet = handle.send('no reply');
  (await world.next('post')).noContent();
  assert.equal(await quiet, undefined);
});
