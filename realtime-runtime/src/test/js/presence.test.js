import { test, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../main/resources/META-INF/resources/realtime/realtime.js';
import { World, settle } from './fakes.js';

const base = 'https://app.test/ctx/';
const ann = { id: 'm-ann', user: '', name: 'ann' };
const bob = { id: 'm-bob', user: 'bob', name: 'bob' };
let world;
let handle;

beforeEach(() => {
  world = new World();
  world.offer = { protocol: 1, kind: 'duplex', transports: ['websocket'], token: 'tok', tab: 'tab-1' };
});

afterEach(() => {
  handle?.close();
  world.uninstall();
});

async function openRoom() {
  handle = connect('/rooms/lobby', { base });
  const presence = handle.presence();
  const seen = [];
  presence.on('join', member => seen.push(['join', member.name]));
  presence.on('leave', member => seen.push(['leave', member.name]));
  const socket = await world.socket(0);
  socket.accept();
  await settle();
  return { presence, seen, socket };
}

const counts = (tabs, connections = tabs) => ({ users: tabs, tabs, connections });

test('the list a connection joins with, then changes numbered after it', async () => {
  const { presence, seen, socket } = await openRoom();
  assert.equal(handle.presence(), presence, 'one presence per handle');
  socket.receive({ event: 'presence', data: { seq: 4, members: [ann], occupancy: counts(1) } });
  socket.receive({ id: 'E:9', event: 'presence', data: { seq: 5, joined: [bob], left: [], occupancy: counts(2) } });
  socket.receive({ id: 'E:10', event: 'presence', data: { seq: 6, joined: [], left: ['m-ann'], occupancy: counts(1) } });
  await settle();
  assert.deepEqual(seen, [['join', 'ann'], ['join', 'bob'], ['leave', 'ann']]);
  assert.deepEqual(presence.members, [bob]);
  assert.deepEqual(presence.occupancy, counts(1));
});

test('a change the list already holds is dropped: replayed history, or the race with the list', async () => {
  const { presence, seen, socket } = await openRoom();
  socket.receive({ event: 'presence', data: { seq: 7, members: [ann, bob], occupancy: counts(2) } });
  socket.receive({ id: 'E:3', event: 'presence', data: { seq: 6, joined: [], left: ['m-bob'], occupancy: counts(1) } });
  socket.receive({ id: 'E:4', event: 'presence', data: { seq: 7, joined: [bob], left: [], occupancy: counts(2) } });
  await settle();
  assert.deepEqual(presence.members, [ann, bob]);
  assert.deepEqual(seen, [['join', 'ann'], ['join', 'bob']]);
});

test('a new list after a reconnect replaces the old: who went meanwhile leaves', async () => {
  const { presence, seen, socket } = await openRoom();
  socket.receive({ event: 'presence', data: { seq: 2, members: [ann, bob], occupancy: counts(2) } });
  socket.receive({ event: 'presence', data: { seq: 9, members: [bob], occupancy: counts(1) } });
  await settle();
  assert.deepEqual(presence.members, [bob]);
  assert.deepEqual(seen, [['join', 'ann'], ['join', 'bob'], ['leave', 'ann']]);
});

test('a known member joining again is renamed, not announced; counts include the unlisted', async () => {
  const { presence, seen, socket } = await openRoom();
  socket.receive({ event: 'presence', data: { seq: 1, members: [ann], occupancy: counts(500) } });
  socket.receive({
    id: 'E:2',
    event: 'presence',
    data: { seq: 2, joined: [{ ...ann, name: 'Ann' }], left: [], occupancy: counts(500, 640) },
  });
  await settle();
  assert.deepEqual(presence.members, [{ ...ann, name: 'Ann' }]);
  assert.deepEqual(seen, [['join', 'ann']]);
  assert.deepEqual(presence.occupancy, counts(500, 640));
});

test("an application's own event named presence, without a seq, is left alone", async () => {
  const { presence, socket } = await openRoom();
  socket.receive({ event: 'presence', data: 'hello' });
  await settle();
  assert.deepEqual(presence.members, []);
});

test('changes of two nodes arriving out of number order are each applied once; the counts are the newest', async () => {
  const { presence, seen, socket } = await openRoom();
  const cid = { id: 'm-cid', user: '', name: 'cid' };
  socket.receive({ event: 'presence', data: { seq: 3, members: [ann], occupancy: counts(1) } });
  socket.receive({ id: 'E:5', event: 'presence', data: { seq: 5, joined: [cid], left: [], occupancy: counts(3) } });
  socket.receive({ id: 'E:6', event: 'presence', data: { seq: 4, joined: [bob], left: [], occupancy: counts(2) } });
  socket.receive({ id: 'E:6', event: 'presence', data: { seq: 4, joined: [bob], left: [], occupancy: counts(2) } });
  await settle();
  assert.deepEqual(seen, [['join', 'ann'], ['join', 'cid'], ['join', 'bob']]);
  assert.deepEqual(presence.members, [ann, cid, bob]);
  assert.deepEqual(presence.occupancy, counts(3));
});
