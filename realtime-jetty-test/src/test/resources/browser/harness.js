// The browser tests' side of realtime.js: connections opened on request, and a log of what each one saw,
// which the JUnit tests read through WebDriver (Tab.log). Served beside the module, as an application
// page would be: './realtime/realtime.js' is the copy the runtime jar serves.

import { connect, connections as physical } from './realtime/realtime.js';

const connections = [];

/** Connects, logging `message` and the events named in `names` from the first one on. */
function open(path, options = {}, names = []) {
  const handle = connect(path, options);
  const log = { events: [], states: [handle.state], opens: [], resets: [], errors: [], replies: [], ended: false };
  handle.on('message', (data, meta) => log.events.push({ event: meta.event, id: meta.id, data }));
  handle.on('state', state => log.states.push(state));
  handle.on('open', ({ transport }) => log.opens.push(transport));
  handle.on('reset', ({ cursor }) => log.resets.push(cursor));
  handle.on('error', error => log.errors.push({ code: error.code, message: error.message }));
  handle.on('end', () => (log.ended = true));
  names.forEach(name => handle.on(name, (data, meta) => log.events.push({ event: meta.event, id: meta.id, data })));
  connections.push({ handle, log });
  return connections.length - 1;
}

window.harness = {
  connect: open,

  /** Also logs events of these names (message is logged always). */
  listen(number, ...names) {
    const { handle, log } = connections[number];
    names.forEach(name => handle.on(name, (data, meta) => log.events.push({ event: meta.event, id: meta.id, data })));
  },

  log(number) {
    const { handle, log } = connections[number];
    return { ...log, state: handle.state, transport: handle.transport, kind: handle.kind, cursor: handle.cursor, tab: handle.tab, url: handle.url };
  },

  /** Sends a @Duplex message; its reply, or its failure, lands in the log's replies in the order they settle. */
  send(number, data) {
    const { handle, log } = connections[number];
    handle.send(data).then(
      reply => log.replies.push({ reply }),
      error => log.replies.push({ error: { code: error.code, message: error.message } }),
    );
  },

  close(number) {
    connections[number].handle.close();
  },

  /** The physical connections this page's handles hold open (realtime.js's connections()). */
  physical,
};
