import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../main/resources/META-INF/resources/realtime/realtime.js';
import { World, record, settle } from './fakes.js';

const base = 'http://app.test/';
let world;
let handle;

afterEach(() => {
  handle?.close();
  world.uninstall();
});

async function openStream(options = {}, { random = 1 } = {}) {
  world = new World({ random });
  handle = connect('/prices/ACME', { base, ...options });
  const stream = (await world.next('sse')).stream();
  stream.write('retry: 2000\n\n');
  await settle();
  return stream;
}

test('a dropped stream reconnects after the server retry delay and resumes from the last cursor', async () => {
  const stream = await openStream();
  const states = record(handle, 'state');
  stream.write('id: E1:1\ndata: 1\n\nid: E1:2\ndata: 2\n\n');
  await settle();
  stream.end();
  await world.advance(1999);
  assert.equal(world.untaken('sse').length, 0);
  await world.advance(1);
  const again = await world.next('sse');
  assert.equal(again.headers['last-event-id'], 'E1:2');
  again.stream().write('retry: 2000\n\n');
  await settle();
  assert.deepEqual(states, [
    ['state', 'reconnecting', 'open'],
    ['state', 'open', 'reconnecting'],
  ]);
});

test('events seen already are dropped, by cursor', async () => {
  const stream = await openStream();
  const seen = [];
  handle.on('message', data => seen.push(data));
  stream.write('id: E1:9\ndata: 9\n\nid: E1:10\ndata: 10\n\n');
  await settle();
  stream.end();
  await world.advance(2000);
  const replay = (await world.next('sse')).stream();
  // A replay that overlaps, in the same epoch, with offsets compared as numbers of any length.
  replay.write('retry: 2000\n\nid: E1:9\ndata: 9\n\nid: E1:10\ndata: 10\n\nid: E1:11\ndata: 11\n\n');
  replay.write('id: E1:100000000000000000001\ndata: "big"\n\nid: E1:99\ndata: 99\n\n');
  await settle();
  assert.deepEqual(seen, [9, 10, 11, 'big']);
  assert.equal(handle.cursor, 'E1:100000000000000000001');
});

test('an event of another epoch is never a duplicate', async () => {
  const stream = await openStream();
  const seen = [];
  handle.on('message', data => seen.push(data));
  stream.write('id: E1:50\ndata: 1\n\nid: E2:1\ndata: 2\n\n');
  await settle();
  assert.deepEqual(seen, [1, 2]);
});

test('a reset is surfaced with its cursor, and the stream continues after it', async () => {
  const stream = await openStream();
  const seen = record(handle, 'reset', 'message');
  stream.write('id: E1:3\ndata: 3\n\n');
  stream.write('id: E2:1043\nevent: reset\ndata: {"cursor":"E2:1043"}\n\n');
  stream.write('id: E2:1044\ndata: 4\n\n');
  await settle();
  assert.deepEqual(seen.map(([name, data]) => [name, data]), [
    ['message', 3],
    ['reset', { cursor: 'E2:1043' }],
    ['message', 4],
  ]);
  stream.end();
  await world.advance(2000);
  assert.equal((await world.next('sse')).headers['last-event-id'], 'E2:1044');
});

test('reconnect from the server is honoured after its retry delay, and resumes', async () => {
  const stream = await openStream();
  stream.write('id: E1:7\ndata: 7\n\n');
  stream.write('retry: 5000\nevent: reconnect\ndata: {}\n\n');
  await world.advance(4999);
  assert.equal(world.untaken('sse').length, 0);
  await world.advance(1);
  assert.equal((await world.next('sse')).headers['last-event-id'], 'E1:7');
});

test('backoff grows exponentially up to the cap, with jitter between half and all of it', async () => {
  const stream = await openStream({ reconnectDelay: 100, maxReconnectDelay: 1000, breakerFailures: 100 }, { random: 0 });
  world.offer = { protocol: 1, kind: 'stream', transports: ['sse'] }; // nothing to fall back to
  stream.end(); // a healthy connection dropped: the next wait starts again from the initial delay
  const waits = [];
  for (let attempt = 0; attempt < 6; attempt++) {
    let waited = 0;
    while (world.untaken('sse').length === 0 && waited < 5000) {
      await world.advance(10);
      waited += 10;
    }
    waits.push(waited);
    (await world.next('sse')).fail(); // fails before it opens: the next wait doubles
    await settle();
  }
  // Math.random() is 0: each wait is half of min(cap, 100 * 2^n).
  assert.deepEqual(waits, [50, 100, 200, 400, 500, 500]);
});

test('the browser coming back online cuts the wait short', async () => {
  const stream = await openStream({ reconnectDelay: 20_000 });
  stream.end();
  await world.advance(100);
  assert.equal(world.untaken('sse').length, 0);
  world.online();
  await world.next('sse');
});

test('a silent stream is presumed dead after the liveness timeout, and heartbeats keep it alive', async () => {
  const stream = await openStream({ livenessTimeout: 45_000 });
  for (let i = 0; i < 5; i++) {
    await world.advance(15_000);
    stream.write(':\n\n'); // heartbeat
  }
  assert.equal(handle.state, 'open');
  await world.advance(45_001);
  assert.equal(handle.state, 'reconnecting');
});

test('in a hidden tab, timers alone never declare the connection dead; becoming visible re-checks', async () => {
  const stream = await openStream({ livenessTimeout: 45_000 });
  stream.write('id: E1:1\ndata: 1\n\n');
  world.document.hidden = true;
  await world.advance(10 * 60_000);
  assert.equal(handle.state, 'open');
  assert.equal(world.all('sse').length, 1);
  world.document.setHidden(false);
  await world.advance(999); // a moment for network events queued while frozen
  assert.equal(handle.state, 'open');
  await world.advance(1);
  assert.equal(handle.state, 'reconnecting');
  await world.advance(2000);
  assert.equal((await world.next('sse')).headers['last-event-id'], 'E1:1');
});

test('becoming visible does not disturb a live connection', async () => {
  const stream = await openStream({ livenessTimeout: 45_000 });
  world.document.setHidden(true);
  await world.advance(30_000);
  stream.write(':\n\n');
  world.document.setHidden(false);
  await world.advance(5000);
  assert.equal(handle.state, 'open');
});

test('the preamble must arrive within the open timeout', async () => {
  world = new World();
  handle = connect('/prices/ACME', { base, openTimeout: 10_000 });
  const first = await world.next('sse');
  first.stream(); // headers, then nothing: a buffering proxy
  await world.advance(10_000);
  assert.ok(first.aborted);
  assert.equal(handle.state, 'connecting');
});
