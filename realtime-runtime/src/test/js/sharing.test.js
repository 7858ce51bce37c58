import { test, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../main/resources/META-INF/resources/realtime/realtime.js';
import { FakeDocument, World, record, settle } from './fakes.js';

// Tabs of one browser share Web Locks and BroadcastChannels; here, each handle plays one tab.

const base = 'http://app.test/';
let world;
let tabs;

beforeEach(() => {
  world = new World({ share: true });
  tabs = [];
});

afterEach(() => {
  tabs.forEach(tab => tab.close());
  world.uninstall();
});

async function openTab(path = '/prices/ACME', options = {}) {
  const tab = connect(path, { base, ...options });
  tabs.push(tab);
  await world.advance(0);
  return tab;
}

async function openStream(request) {
  const stream = request.stream();
  stream.write('retry: 2000\n\n');
  await settle();
  return stream;
}

function messages(tab) {
  const seen = [];
  tab.on('message', data => seen.push(data));
  return seen;
}

test('tabs on one endpoint share one connection and all receive its events', async () => {
  const leader = await openTab();
  const stream = await openStream(await world.next('sse'));
  const followers = [await openTab(), await openTab(), await openTab()];
  await settle();
  const seen = [leader, ...followers].map(messages);
  stream.write('id: E1:1\ndata: 1\n\nid: E1:2\ndata: 2\n\n');
  await settle();
  assert.deepEqual(seen, [[1, 2], [1, 2], [1, 2], [1, 2]]);
  assert.equal(world.all('sse').length, 1);
  assert.deepEqual(
    [leader, ...followers].map(tab => [tab.state, tab.transport, tab.cursor]),
    Array(4).fill(['open', 'sse', 'E1:2']),
  );
  assert.equal(world.locks.waiting(`realtime ${leader.url}`), 3);
});

test('when the leading tab closes, the next takes over and resumes from its own cursor', async () => {
  const leader = await openTab();
  const stream = await openStream(await world.next('sse'));
  const follower = await openTab();
  await settle();
  const seen = messages(follower);
  const states = record(follower, 'state');
  stream.write('id: E1:1\ndata: 1\n\n');
  await settle();
  leader.close();
  await world.advance(0);
  const takeover = await world.next('sse');
  assert.equal(takeover.headers['last-event-id'], 'E1:1');
  const resumed = await openStream(takeover);
  resumed.write('id: E1:1\ndata: 1\n\nid: E1:2\ndata: 2\n\n');
  await settle();
  assert.deepEqual(seen, [1, 2]);
  assert.deepEqual(states, [
    ['state', 'reconnecting', 'open'],
    ['state', 'open', 'reconnecting'],
  ]);
});

test('a follower that leaves does not disturb the others', async () => {
  const leader = await openTab();
  const stream = await openStream(await world.next('sse'));
  const leaving = await openTab();
  const staying = await openTab();
  await settle();
  const [gone, kept] = [messages(leaving), messages(staying)];
  leaving.close();
  stream.write('id: E1:1\ndata: 1\n\n');
  await settle();
  assert.deepEqual([gone, kept], [[], [1]]);
  assert.equal(leader.state, 'open');
  assert.equal(world.all('sse').length, 1);
});

test('the end of the stream ends every tab, and nobody reconnects', async () => {
  await openTab();
  const stream = await openStream(await world.next('sse'));
  const followers = [await openTab(), await openTab()];
  await settle();
  stream.write('event: end\ndata: {}\n\n');
  await world.advance(60_000);
  assert.deepEqual(tabs.map(tab => tab.state), ['closed', 'closed', 'closed']);
  assert.equal(world.all('sse').length, 1);
  assert.equal(followers.length, 2);
});

test('a refusal reaches every tab', async () => {
  await openTab();
  const request = await world.next('sse');
  const follower = await openTab();
  const seen = record(follower, 'error');
  await settle();
  request.error(403, 'forbidden', 'Only members');
  await world.advance(60_000);
  assert.equal(seen[0][1].code, 'forbidden');
  assert.deepEqual(tabs.map(tab => tab.state), ['closed', 'closed']);
  assert.equal(world.all('sse').length, 1);
});

test('a reset reaches every tab', async () => {
  await openTab();
  const stream = await openStream(await world.next('sse'));
  const follower = await openTab();
  await settle();
  const seen = record(follower, 'reset');
  stream.write('id: E2:10\nevent: reset\ndata: {"cursor":"E2:10"}\n\n');
  await settle();
  assert.deepEqual(seen, [['reset', { cursor: 'E2:10' }]]);
  assert.equal(follower.cursor, 'E2:10');
});

test('a tab opened later learns the state at once', async () => {
  await openTab();
  await openStream(await world.next('sse'));
  const late = await openTab();
  await settle();
  assert.equal(late.state, 'open');
  assert.equal(late.transport, 'sse');
});

test('share: false gives the tab its own connection', async () => {
  await openTab();
  await openTab('/prices/ACME', { share: false });
  await settle();
  assert.equal(world.all('sse').length, 2);
});

test('different endpoints are not shared', async () => {
  await openTab('/prices/ACME');
  await openTab('/prices/OTHER');
  await settle();
  assert.deepEqual(world.all('sse').map(e => e.path).sort(), ['/prices/ACME', '/prices/OTHER']);
});

test('@Duplex endpoints are not shared unless asked: a conversation belongs to one tab', async () => {
  world.offer = { protocol: 1, kind: 'duplex', transports: ['websocket'] };
  await openTab('/chat/lobby');
  await openTab('/chat/lobby');
  await settle();
  assert.equal(world.sockets.length, 2);
});

test('a follower sends through the leader and gets its own reply', async () => {
  world.offer = { protocol: 1, kind: 'duplex', transports: ['websocket'] };
  await openTab('/chat/lobby', { share: true });
  const socket = await world.socket(0);
  socket.accept();
  const follower = await openTab('/chat/lobby', { share: true });
  await settle();
  const reply = follower.send({ text: 'from a follower' });
  await settle();
  assert.deepEqual(socket.frames(), [{ ref: 1, data: { text: 'from a follower' } }]);
  socket.receive({ ref: 1, data: 'ack' });
  assert.equal(await reply, 'ack');
  const refused = follower.send('bad');
  await settle();
  socket.receive({ ref: 2, error: { code: 'bad_request', message: 'no' } });
  await assert.rejects(refused, { code: 'bad_request', message: 'no' });
  assert.equal(world.sockets.length, 1);
});

test('a forwarded message fails when its leader goes before replying', async () => {
  world.offer = { protocol: 1, kind: 'duplex', transports: ['websocket'] };
  const leader = await openTab('/chat/lobby', { share: true });
  (await world.socket(0)).accept();
  const follower = await openTab('/chat/lobby', { share: true });
  await settle();
  const lost = follower.send('in flight');
  const outcome = assert.rejects(lost, { code: 'disconnected' });
  await settle();
  leader.close();
  await world.advance(0);
  await outcome; // the follower took over: the reply can never come
  (await world.socket(1)).accept();
  await settle();
  assert.equal(follower.state, 'open');
});

test('without Web Locks, every tab connects by itself', async () => {
  delete globalThis.navigator.locks;
  await openTab();
  await openTab();
  await settle();
  assert.equal(world.all('sse').length, 2);
});

test('a visible follower makes a hidden leader check its connection', async () => {
  const leaderDocument = world.document;
  const leader = await openTab('/prices/ACME', { livenessTimeout: 45_000 });
  await openStream(await world.next('sse'));
  const followerDocument = new FakeDocument(); // the follower's tab has its own document
  globalThis.document = followerDocument;
  const follower = await openTab();
  await settle();
  globalThis.document = leaderDocument;
  leaderDocument.hidden = true;
  followerDocument.hidden = true;
  await world.advance(120_000);
  assert.equal(leader.state, 'open', 'hidden: timers alone prove nothing');
  followerDocument.setHidden(false);
  await world.advance(1000);
  assert.equal(leaderDocument.hidden, true);
  assert.equal(leader.state, 'reconnecting');
  assert.equal(follower.state, 'reconnecting');
});
