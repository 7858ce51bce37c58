// Small fakes of the browser APIs realtime.js uses, and a World that installs them on globalThis.
//
// Time is a fake clock (setTimeout, clearTimeout and Date): tests move it with world.advance(ms). Network
// requests wait, unanswered, until the test answers them: `const sse = await world.next('sse')`.

import { mock } from 'node:test';

/**
 * setTimeout, clearTimeout and Date on a clock that moves only when a test advances it. node:test's own mock
 * clock would do, but it needs Node 20; this one runs on Node 18 as well (Debian 12's).
 */
class FakeClock {
  now = 1_000_000;
  #timers = new Map(); // id -> { due, callback, args }, in order of creation
  #nextId = 1;

  setTimeout = (callback, delay = 0, ...args) => {
    const id = this.#nextId++;
    this.#timers.set(id, { due: this.now + Math.max(0, Number(delay) || 0), callback, args });
    return id;
  };

  clearTimeout = id => {
    this.#timers.delete(id);
  };

  /** A Date whose now is this clock's. */
  get Date() {
    const clock = this;
    return class extends Date {
      constructor(...args) {
        super(...(args.length === 0 ? [clock.now] : args));
      }

      static now() {
        return clock.now;
      }
    };
  }

  /** Moves the clock on by ms, running due timers in order of due time, then of creation, new ones included. */
  tick(ms) {
    const end = this.now + ms;
    for (;;) {
      let first = null;
      for (const [id, timer] of this.#timers) {
        if (timer.due <= end && (first === null || timer.due < first.timer.due)) first = { id, timer };
      }
      if (first === null) break;
      this.#timers.delete(first.id);
      this.now = Math.max(this.now, first.timer.due);
      first.timer.callback(...first.timer.args);
    }
    this.now = end;
  }
}

/** A request the client made, for the test to inspect and answer. */
export class Exchange {
  #resolve;
  #reject;
  #stream = null;

  constructor(url, init) {
    this.url = new URL(url);
    this.method = init.method ?? 'GET';
    this.headers = Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    this.body = init.body === undefined ? undefined : JSON.parse(init.body);
    this.credentials = init.credentials;
    this.answered = false;
    this.aborted = false;
    this.response = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    init.signal?.addEventListener('abort', () => this.#abort(), { once: true });
  }

  /** negotiate, sse, poll or post: which of the protocol's requests this is. */
  get kind() {
    if (this.method === 'POST') return 'post';
    if (this.method === 'DELETE') return 'delete';
    const accept = this.headers.accept ?? '';
    if (accept.includes('application/realtime-negotiate+json')) return 'negotiate';
    if (this.url.searchParams.get('transport') === 'poll') return 'poll';
    if (accept.includes('text/event-stream')) return 'sse';
    return 'other';
  }

  get path() {
    return this.url.pathname;
  }

  query(name) {
    return this.url.searchParams.get(name);
  }

  json(status, body, headers = {}) {
    this.#answer(new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } }));
  }

  error(status, code, message = code, headers = {}) {
    this.json(status, { error: { code, message } }, headers);
  }

  noContent(headers = {}) {
    this.#answer(new Response(null, { status: 204, headers }));
  }

  /** Answers with a stream the test writes to: `stream.write('retry: 2000\n\n')`, `stream.end()`. */
  stream(contentType = 'text/event-stream;charset=UTF-8') {
    const encoder = new TextEncoder();
    let controller;
    const body = new ReadableStream({ start: c => (controller = c) });
    this.#stream = {
      write: text => controller.enqueue(encoder.encode(text)),
      end: () => controller.close(),
      abort: error => controller.error(error),
    };
    this.#answer(new Response(body, { status: 200, headers: { 'Content-Type': contentType } }));
    return this.#stream;
  }

  /** A network failure: fetch rejects with a TypeError, as browsers do. */
  fail(message = 'Failed to fetch') {
    if (this.#stream) {
      this.#stream.abort(new TypeError(message));
    } else {
      this.answered = true;
      this.#reject(new TypeError(message));
    }
  }

  #answer(response) {
    if (this.answered) throw new Error(`${this.method} ${this.url} was answered already`);
    this.answered = true;
    this.#resolve(response);
  }

  #abort() {
    this.aborted = true;
    const error = new DOMException('The operation was aborted.', 'AbortError');
    if (this.#stream) {
      try {
        this.#stream.abort(error);
      } catch {
        // already closed
      }
    } else if (!this.answered) {
      this.answered = true;
      this.#reject(error);
    }
  }
}

/** A WebSocket the test drives from the server's side. */
export function webSocketClass(world) {
  return class FakeWebSocket {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSED = 3;

    constructor(url, protocols) {
      this.url = new URL(String(url));
      this.protocols = protocols;
      this.sent = [];
      this.readyState = 0;
      this.protocol = '';
      this.binaryType = 'blob';
      this.closedWith = null;
      world.sockets.push(this);
    }

    // ---- the server's side
    accept(protocol = 'realtime.v1') {
      this.readyState = 1;
      this.protocol = protocol;
      this.onopen?.({});
    }

    receive(message) {
      this.onmessage?.({ data: typeof message === 'string' || message instanceof ArrayBuffer ? message : JSON.stringify(message) });
    }

    drop(code = 1006, reason = '') {
      this.readyState = 3;
      this.onclose?.({ code, reason, wasClean: code !== 1006 });
    }

    frames() {
      return this.sent.map(text => JSON.parse(text));
    }

    // ---- the browser's side
    send(text) {
      if (this.readyState !== 1) throw new DOMException('Still in CONNECTING state.', 'InvalidStateError');
      this.sent.push(text);
    }

    close(code) {
      this.closedWith = code ?? 1005;
      this.readyState = 3;
      setImmediate(() => this.onclose?.({ code: 1005, reason: '', wasClean: true }));
    }
  };
}

export class FakeStorage {
  #items = new Map();
  getItem(key) {
    return this.#items.has(key) ? this.#items.get(key) : null;
  }
  setItem(key, value) {
    this.#items.set(key, String(value));
  }
  removeItem(key) {
    this.#items.delete(key);
  }
  get length() {
    return this.#items.size;
  }
}

/** Web Locks (exclusive mode only): one holder per name, the others wait in order. */
export class FakeLocks {
  #queues = new Map();

  request(name, options, callback) {
    if (typeof options === 'function') {
      return this.request(name, {}, options); // request(name, callback), as browsers allow
    }
    return new Promise((resolve, reject) => {
      const signal = options.signal;
      if (signal?.aborted) {
        reject(new DOMException('aborted', 'AbortError'));
        return;
      }
      const waiter = { callback, resolve, reject };
      const queue = this.#queue(name);
      queue.push(waiter);
      signal?.addEventListener('abort', () => {
        const index = queue.indexOf(waiter);
        if (index > 0 || (index === 0 && !waiter.granted)) {
          queue.splice(index, 1);
          reject(new DOMException('aborted', 'AbortError'));
        }
      });
      this.#grant(name);
    });
  }

  holders(name) {
    return this.#queue(name).filter(w => w.granted).length;
  }

  waiting(name) {
    return this.#queue(name).filter(w => !w.granted).length;
  }

  #queue(name) {
    if (!this.#queues.has(name)) this.#queues.set(name, []);
    return this.#queues.get(name);
  }

  #grant(name) {
    const queue = this.#queue(name);
    const first = queue[0];
    if (!first || first.granted) return;
    first.granted = true;
    setImmediate(async () => {
      try {
        first.resolve(await first.callback({ name, mode: 'exclusive' }));
      } catch (error) {
        first.reject(error);
      }
      this.#release(name, first);
    });
  }

  /** The names of the locks held now. */
  held() {
    return [...this.#queues.keys()].filter(name => this.holders(name) > 0);
  }

  /** Releases a held lock as the browser does when the holder's tab goes, whatever its callback still awaits. */
  crash(name) {
    const holder = this.#queue(name)[0];
    if (holder?.granted) {
      this.#release(name, holder);
    }
  }

  #release(name, holder) {
    const queue = this.#queue(name);
    const index = queue.indexOf(holder);
    if (index >= 0) {
      queue.splice(index, 1);
      this.#grant(name);
    }
  }
}

/** BroadcastChannel: delivers a structured clone to every other open channel of the same name, as a task. */
export function broadcastChannelClass(world) {
  return class FakeBroadcastChannel {
    constructor(name) {
      this.name = name;
      this.closed = false;
      this.onmessage = null;
      world.channels.push(this);
    }
    postMessage(message) {
      if (this.closed) throw new DOMException('closed', 'InvalidStateError');
      world.broadcasts.push({ name: this.name, message });
      for (const other of world.channels) {
        if (other !== this && other.name === this.name && !other.closed) {
          const copy = structuredClone(message);
          setImmediate(() => other.closed || other.onmessage?.({ data: copy }));
        }
      }
    }
    close() {
      this.closed = true;
    }
  };
}

export class FakeDocument extends EventTarget {
  hidden = false;
  setHidden(hidden) {
    this.hidden = hidden;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

/** Everything a test needs, installed on globalThis; uninstall() puts things back. */
export class World {
  exchanges = [];
  sockets = [];
  channels = [];
  broadcasts = [];
  errors = [];
  offer = { protocol: 1, kind: 'stream', transports: ['sse', 'poll'] };
  #saved = {};
  #waiters = [];

  constructor({ share = false, random = 1 } = {}) {
    this.storage = new FakeStorage();
    this.document = new FakeDocument();
    this.window = new EventTarget();
    this.locks = share ? new FakeLocks() : undefined;
    this.clock = new FakeClock();
    this.#install({
      setTimeout: this.clock.setTimeout,
      clearTimeout: this.clock.clearTimeout,
      Date: this.clock.Date,
      fetch: (url, init = {}) => this.#fetch(url, init),
      WebSocket: webSocketClass(this),
      sessionStorage: this.storage,
      document: this.document,
      navigator: share ? { locks: this.locks } : {},
      BroadcastChannel: share ? broadcastChannelClass(this) : undefined,
      addEventListener: (type, listener) => this.window.addEventListener(type, listener),
      removeEventListener: (type, listener) => this.window.removeEventListener(type, listener),
      reportError: error => this.errors.push(error),
    });
    this.random = mock.method(Math, 'random', () => random);
  }

  uninstall() {
    this.random.mock.restore();
    for (const [name, descriptor] of Object.entries(this.#saved)) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete globalThis[name];
    }
  }

  /** Moves the clock on, running due timers, and lets the client react. */
  async advance(ms) {
    await settle();
    this.clock.tick(ms);
    await settle();
  }

  /** The next request of this kind (negotiate, sse, poll, post) not yet taken by a test. */
  async next(kind) {
    for (let round = 0; round < 200; round++) {
      const found = this.exchanges.find(e => !e.taken && (kind === undefined || e.kind === kind));
      if (found) {
        found.taken = true;
        return found;
      }
      await new Promise(resolve => setImmediate(resolve));
    }
    const open = this.exchanges.filter(e => !e.taken).map(e => `${e.kind} ${e.url}`);
    throw new Error(`No ${kind ?? ''} request came; untaken: ${JSON.stringify(open)}`);
  }

  /** The requests of this kind so far. */
  all(kind) {
    return this.exchanges.filter(e => e.kind === kind);
  }

  /** Asserts no request of this kind is waiting untaken. */
  untaken(kind) {
    return this.exchanges.filter(e => !e.taken && (kind === undefined || e.kind === kind));
  }

  async socket(index = this.sockets.length) {
    for (let round = 0; round < 200 && this.sockets.length <= index; round++) {
      await new Promise(resolve => setImmediate(resolve));
    }
    if (this.sockets.length <= index) throw new Error(`WebSocket #${index} was never opened`);
    return this.sockets[index];
  }

  online() {
    this.window.dispatchEvent(new Event('online'));
  }

  #fetch(url, init) {
    const exchange = new Exchange(url, init);
    this.exchanges.push(exchange);
    if (exchange.kind === 'negotiate' && this.offer) {
      exchange.taken = true;
      exchange.json(200, this.offer, { 'Content-Type': 'application/realtime-negotiate+json' });
    }
    return exchange.response;
  }

  #install(globals) {
    for (const [name, value] of Object.entries(globals)) {
      this.#saved[name] = Object.getOwnPropertyDescriptor(globalThis, name);
      if (value === undefined) delete globalThis[name];
      else Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
    }
  }
}

/** Lets promises and immediate tasks run to quiescence (the mock clock does not move). */
export async function settle(rounds = 20) {
  for (let i = 0; i < rounds; i++) {
    await new Promise(resolve => setImmediate(resolve));
  }
}

/** Records a handle's events as [name, ...arguments] tuples. */
export function record(handle, ...names) {
  const seen = [];
  for (const name of names) {
    handle.on(name, (...args) => seen.push([name, ...args]));
  }
  return seen;
}
