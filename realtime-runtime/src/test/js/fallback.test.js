import { test, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../main/resources/META-INF/resources/realtime/realtime.js';
import { World, settle } from './fakes.js';

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

/** Runs the clock until the client makes its next request, of any kind but negotiation. */
async function nextRequest(limit = 120_000) {
  for (let waited = 0; waited <= limit; waited += 100) {
    const pending = world.exchanges.find(e => !e.taken && e.kind !== 'negotiate');
    if (pending) {
      pending.taken = true;
      return pending;
    }
    await world.advance(100);
  }
  throw new Error('The client made no request');
}

test('a transport the server does not serve is left at once for the next', async () => {
  handle = connect('/prices/ACME', { base });
  (await world.next('sse')).error(400, 'unsupported_transport', 'Transport sse is not available here');
  const poll = await world.next('poll');
  assert.equal(poll.query('transport'), 'poll');
  assert.equal(world.all('negotiate').length, 1);
});

test('a stream that never delivers its preamble is abandoned after two tries', async () => {
  handle = connect('/prices/ACME', { base, openTimeout: 10_000 });
  (await nextRequest()).stream(); // a proxy holds the bytes back
  const second = await nextRequest();
  assert.equal(second.kind, 'sse');
  second.stream();
  const third = await nextRequest();
  assert.equal(third.kind, 'poll');
  assert.equal(world.all('negotiate').length, 3, 'each strike was confirmed by a negotiation');
});

test('a stream cut at once, again and again, is abandoned', async () => {
  handle = connect('/prices/ACME', { base });
  for (let i = 0; i < 2; i++) {
    const sse = await nextRequest();
    assert.equal(sse.kind, 'sse');
    const stream = sse.stream();
    stream.write('retry: 2000\n\n');
    await settle();
    stream.end(); // opened, carried nothing, lasted no time
  }
  assert.equal((await nextRequest()).kind, 'poll');
});

test('when the server itself is away, the transport is not blamed', async () => {
  world.offer = null;
  // breakerFailures: this test is about strikes, not about the pause that so many failures earn.
  handle = connect('/prices/ACME', { base, maxReconnectDelay: 4000, breakerFailures: 100 });
  (await world.next('negotiate')).json(200, { protocol: 1, kind: 'stream', transports: ['sse', 'poll'] });
  for (let i = 0; i < 5; i++) {
    const attempt = await nextRequest();
    assert.equal(attempt.kind, 'sse', `attempt ${i}`);
    attempt.fail();
    await world.advance(4000);
    (await world.next('negotiate')).fail(); // the server is down: negotiation fails too
    await world.advance(4000);
    (await world.next('negotiate')).json(200, { protocol: 1, kind: 'stream', transports: ['sse', 'poll'] });
  }
  // Each failed attempt was followed by a failed negotiation: no strikes, SSE stayed the choice.
});

test('healthy connections that drop never cause a fallback', async () => {
  handle = connect('/prices/ACME', { base });
  for (let i = 1; i <= 5; i++) {
    const sse = await nextRequest();
    assert.equal(sse.kind, 'sse');
    const stream = sse.stream();
    stream.write(`retry: 2000\n\nid: E1:${i}\ndata: ${i}\n\n`);
    await settle();
    stream.end();
  }
  assert.equal(world.all('negotiate').length, 1);
});

test('after the last transport, the first is tried again', async () => {
  handle = connect('/prices/ACME', { base });
  (await nextRequest()).error(400, 'unsupported_transport', 'no sse');
  (await nextRequest()).error(400, 'unsupported_transport', 'no poll');
  assert.equal((await nextRequest()).kind, 'sse');
});

test('the transport can be forced', async () => {
  handle = connect('/prices/ACME', { base, transport: 'poll' });
  assert.equal((await nextRequest()).kind, 'poll');
  assert.equal(world.all('sse').length, 0);
});

test('a forced list sets the order', async () => {
  handle = connect('/prices/ACME', { base, transport: ['poll', 'sse'] });
  (await nextRequest()).error(400, 'unsupported_transport', 'no poll');
  assert.equal((await nextRequest()).kind, 'sse');
});

test('a @Push endpoint polls first', async () => {
  world.offer = { protocol: 1, kind: 'push', transports: ['poll', 'sse'] };
  handle = connect('/jobs/42', { base });
  assert.equal((await nextRequest()).kind, 'poll');
});

test('a transport this client does not know is ignored', async () => {
  world.offer = { protocol: 1, kind: 'stream', transports: ['carrier-pigeon', 'sse'] };
  handle = connect('/prices/ACME', { base });
  assert.equal((await nextRequest()).kind, 'sse');
});

test('an overloaded server never makes the client abandon a transport', async () => {
  handle = connect('/prices/ACME', { base });
  for (let i = 0; i < 5; i++) {
    const attempt = await nextRequest();
    assert.equal(attempt.kind, 'sse', `attempt ${i}`);
    attempt.error(503, 'overloaded', 'busy', { 'Retry-After': '1' });
  }
  assert.equal(world.all('negotiate').length, 1);
});
