import { test, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { connect, RealtimeError } from '../../main/resources/META-INF/resources/realtime/realtime.js';
import { World, record } from './fakes.js';

const base = 'http://app.test/shop/';
let world;
let handle;

beforeEach(() => {
  world = new World();
  world.offer = null; // these tests answer negotiation themselves
});

afterEach(() => {
  handle?.close();
  world.uninstall();
});

test('negotiates with the endpoint resolved against the application context', async () => {
  handle = connect('/prices/ACME?depth=2', { base });
  const negotiation = await world.next('negotiate');
  assert.equal(negotiation.url.href, 'http://app.test/shop/prices/ACME?depth=2');
  assert.equal(negotiation.headers.accept, 'application/realtime-negotiate+json');
  assert.equal(negotiation.credentials, 'same-origin');
  assert.equal(negotiation.headers['realtime-token'], undefined);
  assert.equal(handle.state, 'connecting');
  assert.equal(handle.url, 'http://app.test/shop/prices/ACME?depth=2');
});

test('by default, paths are relative to the context the module was served from', async () => {
  handle = connect('/prices/ACME');
  const module = new URL('../../main/resources/META-INF/resources/realtime/realtime.js', import.meta.url);
  assert.equal((await world.next('negotiate')).url.href, new URL('../prices/ACME', module).href);
});

test('takes absolute URLs as they are', async () => {
  handle = connect('http://other.test/feed', { base });
  assert.equal((await world.next('negotiate')).url.href, 'http://other.test/feed');
});

test('keeps the issued token and tab id in sessionStorage and sends the token back', async () => {
  handle = connect('/prices/ACME', { base });
  (await world.next('negotiate')).json(200, { protocol: 1, kind: 'stream', transports: ['sse'], token: 'tok-1', tab: 'tab-7' });
  const sse = await world.next('sse');
  assert.equal(sse.headers['realtime-token'], 'tok-1');
  assert.equal(handle.tab, 'tab-7');
  assert.equal(handle.kind, 'stream');
  assert.equal(world.storage.length, 1);

  const second = connect('/other', { base }); // same tab: the same token
  const negotiation = await world.next('negotiate');
  assert.equal(negotiation.headers['realtime-token'], 'tok-1');
  second.close();
});

test('a token from negotiation replaces the stored one', async () => {
  world.storage.setItem(`realtime.tab ${base}`, JSON.stringify({ token: 'old', tab: 'tab-1' }));
  handle = connect('/prices/ACME', { base });
  const negotiation = await world.next('negotiate');
  assert.equal(negotiation.headers['realtime-token'], 'old');
  negotiation.json(200, { protocol: 1, kind: 'stream', transports: ['sse'], token: 'new', tab: 'tab-1' });
  assert.equal((await world.next('sse')).headers['realtime-token'], 'new');
  assert.equal(handle.tab, 'tab-1');
});

test('works without sessionStorage', async () => {
  Object.defineProperty(globalThis, 'sessionStorage', {
    configurable: true,
    get() {
      throw new DOMException('denied', 'SecurityError');
    },
  });
  handle = connect('/prices/ACME', { base });
  (await world.next('negotiate')).json(200, { protocol: 1, kind: 'stream', transports: ['sse'], token: 'tok', tab: 't' });
  assert.equal((await world.next('sse')).headers['realtime-token'], 'tok');
  assert.equal(handle.tab, 't');
});

test('a refusal ends the handle with the server error', async () => {
  handle = connect('/prices/NOPE', { base });
  const seen = record(handle, 'error', 'state');
  (await world.next('negotiate')).error(404, 'not_found', 'No realtime endpoint at this path');
  await world.advance(60_000);
  assert.equal(handle.state, 'closed');
  const [[, error], ...states] = seen;
  assert.ok(error instanceof RealtimeError);
  assert.deepEqual([error.code, error.status, error.message], ['not_found', 404, 'No realtime endpoint at this path']);
  assert.deepEqual(states, [['state', 'closed', 'connecting']]);
  assert.equal(world.all('negotiate').length, 1);
});

test('an unreachable or overloaded server is asked again with growing delays', async () => {
  handle = connect('/prices/ACME', { base, reconnectDelay: 1000 });
  (await world.next('negotiate')).fail();
  await world.advance(999);
  assert.equal(world.untaken('negotiate').length, 0);
  await world.advance(1);
  (await world.next('negotiate')).error(503, 'overloaded', 'busy', { 'Retry-After': '5' });
  await world.advance(6999); // Retry-After (5 s) comes on top of the 2 s backoff
  assert.equal(world.untaken('negotiate').length, 0);
  await world.advance(1);
  (await world.next('negotiate')).json(200, { protocol: 1, kind: 'stream', transports: ['sse'] });
  await world.next('sse');
  assert.equal(handle.state, 'connecting');
});

test('a server speaking another protocol version is refused clearly', async () => {
  handle = connect('/prices/ACME', { base });
  const seen = record(handle, 'error');
  (await world.next('negotiate')).json(200, { protocol: 2, kind: 'stream', transports: ['sse'] });
  await world.advance(0);
  assert.equal(seen[0][1].code, 'protocol');
  assert.equal(handle.state, 'closed');
});

test('a forced transport the endpoint does not offer is an error', async () => {
  handle = connect('/prices/ACME', { base, transport: 'websocket' });
  const seen = record(handle, 'error');
  (await world.next('negotiate')).json(200, { protocol: 1, kind: 'stream', transports: ['sse', 'poll'] });
  await world.advance(0);
  assert.equal(seen[0][1].code, 'unsupported_transport');
  assert.match(seen[0][1].message, /offers \["sse","poll"\]; this client wants \["websocket"\]/);
  assert.equal(handle.state, 'closed');
});

test('close() while negotiating stops everything', async () => {
  handle = connect('/prices/ACME', { base });
  const seen = record(handle, 'state');
  const negotiation = await world.next('negotiate');
  handle.close();
  handle.close();
  assert.ok(negotiation.aborted);
  await world.advance(60_000);
  assert.deepEqual(seen, [['state', 'closed', 'connecting']]);
  assert.equal(world.exchanges.length, 1);
});
