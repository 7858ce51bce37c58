import { test, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../main/resources/META-INF/resources/realtime/realtime.js';
import { World, record, settle } from './fakes.js';

const base = 'http://app.test/';
let world;
let handle;

beforeEach(() => {
  world = new World();
});

afterEach(() => {
  handle?.close();
  world.uninstall();
});

async function open(path = '/prices/ACME', options = {}) {
  handle = connect(path, { base, ...options });
  const request = await world.next('sse');
  const stream = request.stream();
  stream.write('retry: 2000\n\n');
  await settle();
  return { request, stream };
}

test('opens a stream with fetch, reporting the state', async () => {
  handle = connect('/prices/ACME', { base });
  const states = record(handle, 'state', 'open');
  const request = await world.next('sse');
  assert.equal(request.headers.accept, 'text/event-stream');
  assert.equal(request.headers['last-event-id'], undefined);
  assert.equal(request.path, '/prices/ACME');
  const stream = request.stream();
  await settle();
  assert.equal(handle.state, 'connecting', 'headers alone do not prove the stream flows');
  stream.write('retry: 2000\n\n');
  await settle();
  assert.equal(handle.state, 'open');
  assert.equal(handle.transport, 'sse');
  assert.deepEqual(states, [['state', 'open', 'connecting'], ['open', { transport: 'sse' }]]);
});

test('delivers events by name with their JSON data and cursor', async () => {
  const { stream } = await open();
  const seen = record(handle, 'message', 'quote');
  stream.write('id: E1:42\nevent: message\ndata: {"symbol":"ACME","cents":100}\n\n');
  stream.write('id: E1:43\nevent: quote\ndata: {"symbol":"ACME","cents":101}\n\n');
  await settle();
  assert.deepEqual(seen, [
    ['message', { symbol: 'ACME', cents: 100 }, { event: 'message', id: 'E1:42' }],
    ['quote', { symbol: 'ACME', cents: 101 }, { event: 'quote', id: 'E1:43' }],
  ]);
  assert.equal(handle.cursor, 'E1:43');
});

test('parses the event stream format however the bytes are split', async () => {
  const { stream } = await open();
  const seen = record(handle, 'message', 'note');
  const text =
    ': heartbeat\r\n\r\n' +
    'id: E1:1\r\nevent: note\r\ndata: {"a":\r\ndata: 1}\r\n\r\n' + // CRLF, data over two lines
    'id:E1:2\rdata:"no space"\r\r' + // CR alone; no space after the colon; default name
    'data\n\n' + // a field without a colon: empty data
    'event: message\ndata: plain text\nunknown: ignored\n\n';
  for (const character of text) {
    stream.write(character);
  }
  await settle(60);
  assert.deepEqual(seen, [
    ['note', { a: 1 }, { event: 'note', id: 'E1:1' }],
    ['message', 'no space', { event: 'message', id: 'E1:2' }],
    ['message', '', { event: 'message', id: null }],
    ['message', 'plain text', { event: 'message', id: null }],
  ]);
});

test('events without a cursor do not move it; a bare id does', async () => {
  const { stream } = await open();
  const seen = record(handle, 'progress');
  stream.write('id: E1:5\nevent: progress\ndata: {"percent":10}\n\n');
  stream.write('event: progress\ndata: {"percent":50}\n\n');
  await settle();
  assert.equal(handle.cursor, 'E1:5');
  stream.write('id: E1:9\n\n');
  await settle();
  assert.equal(handle.cursor, 'E1:9');
  assert.equal(seen.length, 2);
});

test('an end event completes the handle: no reconnect', async () => {
  const { stream } = await open();
  const seen = record(handle, 'end', 'state');
  stream.write('event: end\ndata: {}\n\n');
  await world.advance(120_000);
  assert.deepEqual(seen, [['end', { reason: null, cursor: null }], ['state', 'closed', 'open']]);
  assert.equal(world.all('sse').length, 1);
});

test('an answer that is not an event stream counts the transport out', async () => {
  world.offer = { protocol: 1, kind: 'stream', transports: ['sse', 'poll'] };
  handle = connect('/prices/ACME', { base });
  (await world.next('sse')).stream('text/html'); // a login page, say
  const poll = await world.next('poll');
  assert.equal(poll.query('transport'), 'poll');
});

test('close() aborts the stream, once', async () => {
  const { request } = await open();
  const seen = record(handle, 'state');
  handle.close();
  handle.close();
  await world.advance(60_000);
  assert.ok(request.aborted);
  assert.deepEqual(seen, [['state', 'closed', 'open']]);
  assert.equal(world.all('sse').length, 1);
});

test('a listener that throws is reported and the others still run', async () => {
  const { stream } = await open();
  const seen = [];
  handle.on('message', () => {
    throw new Error('app bug');
  });
  handle.on('message', data => seen.push(data));
  stream.write('id: E1:1\ndata: 1\n\nid: E1:2\ndata: 2\n\n');
  await settle();
  assert.deepEqual(seen, [1, 2]);
  assert.equal(world.errors.length, 2);
  assert.equal(world.errors[0].message, 'app bug');
});

test('off() removes a listener', async () => {
  const { stream } = await open();
  const seen = [];
  const listener = data => seen.push(data);
  handle.on('message', listener).off('message', listener);
  stream.write('id: E1:1\ndata: 1\n\n');
  await settle();
  assert.deepEqual(seen, []);
});
