// With `multiplex` and `share: true`, the tabs of a browser share one multiplexed connection (docs/client.md
// "One connection for the whole browser"). Each tab is a module instance of its own here, as each browser tab
// runs its own copy of the client; they share the fake Web Locks and BroadcastChannels of one World.

import { test, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { World, record, settle } from './fakes.js';

const CLIENT = new URL('../../main/resources/META-INF/resources/realtime/realtime.js', import.meta.url);
const MUX_OFFER = { protocol: 1, kind: 'multiplex', transports: ['websocket'], subscriptions: 100, token: 'tok', tab: 'tab-1' };
let world;
let handles;
let base;
let tabs = 0;

beforeEach(t => {
  world = new World({ share: true });
  world.offer = MUX_OFFER;
  handles = [];
  base = `http://app.test/${t.name.replace(/\W+/g, '-')}/`;
});

afterEach(() => {
  handles.forEach(handle => handle.close());
  world.uninstall();
});

/** A tab: a fresh copy of the client, with `connect` opening shared multiplexed handles. */
async function openTab() {
  const client = await import(`${CLIENT.href}?tab=${++tabs}`);
  return {
    client,
    open(path) {
      const handle = client.connect(path, { base, multiplex: true, share: true });
      handles.push(handle);
      return handle;
    },
  };
}

/** WebSocket number `index`, once the leader's timer that starts its connection ran. */
async function nextSocket(index) {
  for (let round = 0; round < 50 && world.sockets.length <= index; round++) {
    await world.advance(0);
  }
  return world.socket(index);
}

/** The subscription ids the socket's frames named, by path. */
function idsByPath(socket) {
  const ids = {};
  for (const frame of socket.frames()) {
    for (const [id, wanted] of Object.entries(frame.subscribe ?? {})) {
      ids[wanted.path] = id;
    }
  }
  return ids;
}

test('two tabs with two handles each hold one WebSocket, and each handle gets its own events', async () => {
  const first = await openTab();
  const second = await openTab();
  const [a, b] = ['/prices/A', '/prices/B'].map(path => first.open(path));
  const socket = await nextSocket(0);
  socket.accept();
  await settle();
  const [c, d] = ['/news', '/jobs/42'].map(path => second.open(path));
  await world.advance(0);

  assert.equal(world.sockets.length, 1, 'one connection for the browser');
  const ids = idsByPath(socket);
  assert.deepEqual(Object.keys(ids).sort(), ['/jobs/42', '/news', '/prices/A', '/prices/B']);
  assert.equal(new Set(Object.values(ids)).size, 4, 'no two tabs use the same subscription id');
  assert.equal(first.client.connections() + second.client.connections(), 1);

  Object.values(ids).forEach((sub, i) => socket.receive({ sub, event: 'subscribed', data: { kind: 'stream', cursor: `E${i}:0` } }));
  const seen = [a, b, c, d].map(handle => record(handle, 'message'));
  ['/prices/A', '/prices/B', '/news', '/jobs/42'].forEach((path, i) =>
    socket.receive({ sub: ids[path], id: `E${i}:1`, event: 'message', data: path }));
  await world.advance(0);
  assert.deepEqual(
    seen.map(events => events.map(([, data]) => data)),
    [['/prices/A'], ['/prices/B'], ['/news'], ['/jobs/42']],
  );
  assert.deepEqual([a, b, c, d].map(handle => handle.state), ['open', 'open', 'open', 'open']);

  c.close();
  await world.advance(0);
  assert.deepEqual(socket.frames().at(-1), { unsubscribe: [ids['/news']] }, "a follower's close reaches the server");
});

test("when the leading tab goes, the other reconnects with every one of its subscriptions from its own cursor", async () => {
  const first = await openTab();
  const second = await openTab();
  const a = first.open('/prices/A');
  const socket = await nextSocket(0);
  socket.accept();
  await settle();
  const [c, d] = ['/news', '/jobs/42'].map(path => second.open(path));
  await world.advance(0);
  const ids = idsByPath(socket);
  socket.receive({ sub: ids['/prices/A'], event: 'subscribed', data: { kind: 'stream', cursor: 'E0:0' } });
  socket.receive({ sub: ids['/news'], event: 'subscribed', data: { kind: 'stream', cursor: 'E1:0' } });
  socket.receive({ sub: ids['/jobs/42'], event: 'subscribed', data: { kind: 'stream', cursor: 'E2:0' } });
  socket.receive({ sub: ids['/news'], id: 'E1:7', event: 'message', data: 'n7' });
  socket.receive({ sub: ids['/jobs/42'], id: 'E2:3', event: 'message', data: 'j3' });
  await world.advance(0);
  assert.deepEqual([c.cursor, d.cursor], ['E1:7', 'E2:3']);

  a.close(); // the leading tab's last handle: it leaves, and the other tab takes over
  await world.advance(0);
  const next = await nextSocket(1);
  next.accept();
  await world.advance(0);
  const set = Object.assign({}, ...next.frames().map(frame => frame.subscribe ?? {}));
  assert.deepEqual(set, {
    [ids['/news']]: { path: '/news', cursor: 'E1:7' },
    [ids['/jobs/42']]: { path: '/jobs/42', cursor: 'E2:3' },
  });
  assert.equal(socket.closedWith, 1000);
  assert.equal(second.client.connections(), 1);
  const seen = record(d, 'message');
  next.receive({ sub: ids['/jobs/42'], id: 'E2:3', event: 'message', data: 'j3' }); // a replay: dropped
  next.receive({ sub: ids['/jobs/42'], id: 'E2:4', event: 'message', data: 'j4' });
  await world.advance(0);
  assert.deepEqual(seen.map(([, data]) => data), ['j4']);
});

test("the leader drops the subscriptions of a tab that went without closing its handles", async () => {
  const first = await openTab();
  const second = await openTab();
  first.open('/prices/A');
  const socket = await nextSocket(0);
  socket.accept();
  await settle();
  second.open('/news');
  second.open('/jobs/42');
  await world.advance(0);
  const ids = idsByPath(socket);
  // The follower's own lock is the one the leader waits for.
  const follower = world.locks.held().filter(name => name.includes(' tab ') && world.locks.waiting(name) === 1);
  assert.equal(follower.length, 1);
  world.locks.crash(follower[0]); // the browser releases a closed tab's locks
  await world.advance(0);
  assert.deepEqual(socket.frames().at(-1), { unsubscribe: [ids['/news'], ids['/jobs/42']] });
  assert.equal(socket.closedWith, null, "the leader's own subscription goes on");
});
