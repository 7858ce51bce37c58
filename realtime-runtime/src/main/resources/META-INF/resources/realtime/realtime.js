/*
 * realtime.js: the browser client of the realtime wire protocol, version 1 (docs/protocol.md).
 *
 *   import { connect } from '/my-app/realtime/realtime.js';
 *
 *   const prices = connect('/prices/ACME');           // a @Stream, @Push or @Duplex path of the app
 *   prices.on('message', price => render(price));
 *   prices.on('reset', () => reloadEverything());      // events may have been missed: reload your state
 *
 *   const chat = connect('/chat/lobby');
 *   await chat.send({ text: 'hi' });                  // settles with the server's reply
 *
 * One handle per endpoint. It negotiates, picks a transport (WebSocket, Server-Sent Events, long-poll) and
 * falls back to the next when one is blocked, reconnects with jittered backoff and resumes from the last
 * cursor, drops duplicates, keeps the tab token, and shares one connection between the tabs of a browser;
 * or, with `multiplex`, one connection between the handles of a tab.
 * No dependencies; served by the runtime jar at <context>/realtime/realtime.js.
 *
 * Reading order: connect() and Handle (what applications touch), Group (one connection shared by the
 * tabs), Mux (one connection shared by a tab's handles), Link (a connection and its reconnect loop),
 * Outbox (messages awaiting replies), the three transports and those of a shared connection, and small
 * functions they share.
 */

const PROTOCOL = 1;
const NEGOTIATE = 'application/realtime-negotiate+json';
const TOKEN_HEADER = 'Realtime-Token';
const SUBPROTOCOL = 'realtime.v1';
const TOKEN_SUBPROTOCOL = 'realtime.token.';
const MAX_PENDING = 1000; // messages queued or awaiting a reply, per connection: a handle's, or a shared one
const MAX_RETRY_AFTER = 3_600_000; // ms: a longer Retry-After (a misconfigured server) is taken as an hour
const HOLD_CONFIRM = 1000; // a long-poll still held after this long was accepted: refusals answer at once
const VISIBLE_GRACE = 1000; // after a tab comes back, let queued network tasks run before judging liveness
const STRIKES = { websocket: 1, sse: 2, poll: 2 }; // failed attempts before a transport is abandoned
// Realtime-Uplink: the custom header that no cross-site form can send (docs/protocol.md "Duplex fallback").
const UPLINK_HEADERS = Object.freeze({ 'Content-Type': 'application/json', 'Realtime-Uplink': '1' });

const DEFAULTS = Object.freeze({
  transport: undefined, // force one transport or an ordered list: 'websocket' | 'sse' | 'poll'
  share: undefined, // one connection for all tabs; default true, except @Duplex endpoints
  multiplex: false, // one connection for all handles of the tab that set it, each a subscription over it
  timeout: 10_000, // ms for send() to settle
  reconnectDelay: undefined, // ms before the first reconnect; default the server's `retry`, else 1000
  maxReconnectDelay: 30_000, // the backoff's cap, ms
  breakerFailures: 6, // failed attempts within breakerWindow after which the client pauses
  breakerWindow: 120_000, // ms
  breakerCooldown: 60_000, // ms a pause lasts at least, before one probe attempt
  openTimeout: 10_000, // ms for a transport to deliver its first bytes before it counts as failed
  livenessTimeout: 45_000, // ms of silence beyond the expected after which a connection is presumed dead
  pollTimeout: 25, // seconds a long-poll may be held by the server
  base: undefined, // what paths are relative to; default the context the module was served from
});

/** The application's root: the module is served at <context>/realtime/realtime.js. */
const CONTEXT_ROOT = new URL('../', import.meta.url);

/**
 * Opens a realtime connection to an endpoint of the application.
 *
 * @param {string} path the endpoint's path as annotated (`/prices/ACME`), relative to the application's
 *     context, or an absolute URL
 * @param {object} [options] see DEFAULTS above and realtime.d.ts
 * @returns {Handle} the connection; it connects at once and keeps reconnecting until close()
 */
export function connect(path, options = {}) {
  const settings = { ...DEFAULTS, ...withoutUndefined(options) };
  const base = new URL(settings.base ?? CONTEXT_ROOT, globalThis.location?.href);
  return new Handle(endpointUrl(path, base), settings, tabTokens(base.href), base);
}

/**
 * The number of physical connections this page's handles hold open now (WebSockets, event streams, long-poll
 * conversations): one per handle of its own, one per connection shared with `multiplex`, and, with `share`, one
 * per endpoint in the tab that leads it and none in the others. A connection that is reconnecting counts once it
 * is open again. For pages that show it; cheap enough to read on every update.
 *
 * @returns {number}
 */
export function connections() {
  return [...LINKS].filter(link => link.status().state === 'open').length;
}

/** A failure with a machine-readable code: the server's error code, or one of the client's own. */
export class RealtimeError extends Error {
  constructor(code, message, status) {
    super(message);
    this.name = 'RealtimeError';
    this.code = code;
    this.status = status;
  }
}

// ---- Handle: what the application holds -------------------------------------------------------------

class Handle {
  #url;
  #settings;
  #tokens;
  #negotiation;
  #listeners = new Map();
  #state = 'connecting';
  #pausedUntil = null;
  #opened = false;
  #cursor = null;
  #transport = null;
  #kind = null;
  #backend = null; // a Link (this tab's own connection), a Group (shared with other tabs) or a Subscription
  #ready; // resolves with the backend, or null once closed
  #presence = null;
  #becomeReady;

  constructor(url, settings, tokens, base) {
    this.#url = url;
    this.#settings = settings;
    this.#tokens = tokens;
    this.#negotiation = new Negotiation(url, tokens);
    this.#ready = new Promise(resolve => (this.#becomeReady = resolve));
    const path = settings.multiplex ? contextPath(url, base) : null;
    if (path) {
      const member = { path, url, cursor: () => this.#cursor, apply: message => this.#apply(message) };
      this.#backend = Mux.join(base, settings, tokens, member);
    } else {
      this.#start();
    }
  }

  /** 'connecting', 'open', 'reconnecting', 'paused' or 'closed'. */
  get state() {
    return this.#state;
  }

  /** While 'paused': when the next attempt is due (ms since the epoch, as Date.now()); otherwise null. */
  get pausedUntil() {
    return this.#pausedUntil;
  }

  /** The transport now in use ('websocket', 'sse' or 'poll'), or null. */
  get transport() {
    return this.#transport;
  }

  /** The endpoint's kind once negotiated: 'push', 'stream' or 'duplex'. */
  get kind() {
    return this.#kind;
  }

  /** The cursor of the last event received, or null. */
  get cursor() {
    return this.#cursor;
  }

  /** This tab's id as the server issued it, or null. */
  get tab() {
    return this.#tokens.read()?.tab ?? null;
  }

  /** The endpoint's absolute URL. */
  get url() {
    return this.#url.href;
  }

  /** Adds a listener: for an event name from the server, or for state, open, reset, end, error. */
  on(name, listener) {
    if (!this.#listeners.has(name)) {
      this.#listeners.set(name, new Set());
    }
    this.#listeners.get(name).add(listener);
    return this;
  }

  /** Removes a listener added with on(). */
  off(name, listener) {
    this.#listeners.get(name)?.delete(listener);
    return this;
  }

  /** Sends a message to a @Duplex endpoint: settles with the reply, or rejects (RealtimeError). */
  send(data) {
    if (this.#state === 'closed') {
      return Promise.reject(closedError());
    }
    const expiry = new AbortController();
    let timer;
    const expired = new Promise((_, reject) => {
      timer = setTimeout(() => {
        expiry.abort();
        reject(new RealtimeError('timeout', `No reply within ${this.#settings.timeout} ms`));
      }, this.#settings.timeout);
    });
    const sent = this.#ready.then(backend => {
      if (!backend) {
        throw closedError();
      }
      if (this.#kind !== 'duplex') {
        throw new RealtimeError('not_duplex', `send() needs a @Duplex endpoint; ${this.url} is a ${this.#kind}`);
      }
      return backend.send(data, expiry.signal);
    });
    return Promise.race([sent, expired]).finally(() => clearTimeout(timer));
  }

  /** Who is here on the endpoint's topic, kept from the server's `presence` events (docs/presence.md). */
  presence() {
    return (this.#presence ??= new Presence(this));
  }

  /**
   * Stops the run this handle follows (docs/protocol.md "Stopping a run"): a DELETE on the endpoint's path, which
   * the endpoint's method may refuse. Resolves once the server stopped it (or found it ended already); the run's
   * `end`, with reason 'stopped', then reaches the handle as any end. Rejects with a RealtimeError: the server's
   * (`method_not_allowed` when the endpoint does not return a run, `forbidden`, ...) or `network`.
   */
  async stop() {
    const target = new URL(this.#url);
    target.search = '';
    target.hash = '';
    const headers = withToken({ 'Realtime-Uplink': '1', Accept: 'application/json' }, this.#tokens.read()?.token);
    let response;
    try {
      response = await fetch(target, { method: 'DELETE', headers, cache: 'no-store', credentials: 'same-origin' });
    } catch (error) {
      throw toError(networkFailure(error));
    }
    if (!response.ok) {
      throw toError(await failureOf(response));
    }
  }

  /** Closes the connection and stops reconnecting. Idempotent. */
  close() {
    if (this.#state === 'closed') {
      return;
    }
    this.#negotiation.cancel();
    this.#backend?.close();
    this.#becomeReady(null);
    this.#setState('closed');
  }

  async #start() {
    const result = await this.#negotiation.run(new Pacer(this.#settings, undefined, message => this.#apply(message)));
    if (this.#state === 'closed') {
      return;
    }
    if (result.failure) {
      this.#fail(result.failure);
      return;
    }
    this.#kind = result.offer.kind;
    const share = this.#settings.share ?? this.#kind !== 'duplex';
    const apply = message => this.#apply(message);
    const link = report => new Link(this.#url, this.#settings, this.#negotiation, () => this.#cursor, report);
    if (share && canShare()) {
      this.#backend = new Group(`realtime ${this.url}`, this.#settings.timeout, apply, link);
    } else {
      this.#backend = link(apply).start();
    }
    this.#becomeReady(this.#backend);
  }

  /** Applies what a Link reports, whether this tab's own or the shared one's, relayed by a Group. */
  #apply(message) {
    if (this.#state === 'closed') {
      return;
    }
    if (message.t === 'state') {
      this.#transport = message.transport;
      this.#pausedUntil = message.state === 'paused' ? message.until : null;
      this.#setState(message.state);
    } else if (message.t === 'unshared') {
      this.#backend = null; // the server has no shared connections: one of this handle's own
      this.#start();
    } else if (message.t === 'frame') {
      this.#receive(message.frame);
    } else if (message.t === 'error') {
      this.#fail(message.error);
    }
  }

  #receive({ sub, id, event, data }) {
    if (event === 'subscribed' && sub !== undefined) {
      this.#kind = data?.kind ?? null; // a shared connection's subscription: what negotiation tells otherwise
      this.#cursor = data?.cursor ?? this.#cursor;
      this.#becomeReady(this.#backend);
    } else if (event === 'error' && sub !== undefined) {
      this.#fail(data); // a shared connection refused this subscription alone
    } else if (event === 'reset') {
      this.#cursor = data?.cursor ?? id;
      this.#emit('reset', { cursor: this.#cursor });
    } else if (event === 'end') {
      this.#cursor = id ?? this.#cursor;
      this.#emit('end', { reason: data?.reason ?? null, cursor: this.#cursor });
      this.close();
    } else if (id && seen(this.#cursor, id)) {
      return; // a duplicate: replayed after a reconnect, or relayed twice during a failover
    } else {
      if (id) {
        this.#cursor = id;
      }
      if (event) {
        this.#emit(event, data, { event, id: id ?? null });
      }
    }
  }

  #fail(error) {
    this.#emit('error', toError(error));
    this.close();
  }

  #setState(state) {
    const next = state === 'reconnecting' && !this.#opened ? 'connecting' : state;
    const previous = this.#state;
    if (next === previous) {
      return;
    }
    this.#state = next;
    this.#opened ||= next === 'open';
    if (next === 'closed') {
      this.#transport = null;
      this.#pausedUntil = null;
    }
    this.#emit('state', next, previous);
    if (next === 'open') {
      this.#emit('open', { transport: this.#transport });
    }
  }

  #emit(name, ...args) {
    for (const listener of [...(this.#listeners.get(name) ?? [])]) {
      try {
        listener(...args);
      } catch (error) {
        reportLater(error); // an application's listener must not break the connection
      }
    }
  }
}

// ---- Group: one connection per endpoint, shared by the tabs --------------------------------------------
//
// Browsers allow six HTTP/1.1 connections per host; a few tabs holding streams exhaust them and the page's
// own requests stall. So the tabs of an endpoint elect a leader with a Web Lock: the lock's holder runs the
// connection and relays what it reports over a BroadcastChannel; the others queue for the lock, and the
// first in line takes over (resuming from its own cursor) when the leader's tab closes or crashes.
//
// With `multiplex` and `share: true`, the tabs share one multiplexed connection the same way: each tab's Mux
// gives its subscriptions, and the leader's connection carries them all. A follower tells the leader of its
// subscriptions (again whenever a new leader asks); the leader keeps each one's cursor from the frames it relays,
// and drops a tab's subscriptions once the lock that tab holds while it lives is released.

class Group {
  #channel;
  #apply;
  #createLink;
  #link = null;
  #release = null;
  #waiting = new AbortController();
  #id = randomId();
  #sent = 0;
  #pending = new Map(); // a follower's forwarded messages, by number
  #closed = false;
  #timeout;
  #stopWatching;
  #name;
  #subscriptions; // with `multiplex`: a function giving this tab's subscriptions, { id: { path, cursor } }
  #remote = new Map(); // the leader's: the other tabs' subscriptions, id -> { path, cursor, tab }
  #watched = new Set(); // the leader's: the tabs whose lock it waits for
  #announced = false; // a follower tells the leader of its subscriptions once it holds its tab's lock
  #leaveTab = () => {};

  constructor(name, timeout, apply, createLink, subscriptions = null) {
    this.#name = name;
    this.#timeout = timeout;
    this.#apply = apply;
    this.#createLink = createLink;
    this.#subscriptions = subscriptions;
    this.#channel = new BroadcastChannel(name);
    this.#channel.onmessage = ({ data }) => this.#hear(data);
    this.#stopWatching = onVisible(() => this.#post({ t: 'check' }));
    if (subscriptions) {
      // The tab's own lock, held while the Group lives: its release tells the leader the tab has gone.
      const held = () =>
        this.#closed
          ? undefined
          : new Promise(release => {
              this.#leaveTab = release;
              this.#elect();
              this.#announce();
            });
      navigator.locks.request(`${name} tab ${this.#id}`, held).catch(() => {});
    } else {
      this.#elect();
    }
  }

  send(data, signal, route = null) {
    if (this.#link) {
      return this.#link.send(data, signal, route);
    }
    return new Promise((resolve, reject) => {
      const number = ++this.#sent;
      this.#pending.set(number, { resolve, reject });
      signal.addEventListener('abort', () => this.#pending.delete(number), { once: true });
      this.#post({ t: 'send', from: this.#id, number, data, route });
    });
  }

  /** With `multiplex`: this tab's subscriptions changed, { subscribe } or { unsubscribe }. */
  update(change) {
    if (this.#link) {
      this.#link.update(change);
    } else if (this.#announced) {
      this.#post({ t: 'update', from: this.#id, change });
    } // else the announcement, once this tab holds its lock, carries the whole set
  }

  /** The connection's state when this tab runs it; null when it follows (the last state heard applies). */
  status() {
    return this.#link?.status() ?? null;
  }

  close() {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    this.#stopWatching();
    this.#waiting.abort();
    if (this.#link) {
      this.#link.close();
      this.#post({ t: 'leaving' });
      this.#release();
    }
    this.#channel.close();
    this.#leaveTab();
    for (const { reject } of this.#pending.values()) {
      reject(closedError());
    }
  }

  #elect() {
    navigator.locks
      .request(this.#name, { signal: this.#waiting.signal }, () => this.#lead())
      .catch(() => {}); // aborted while waiting: closed as a follower
    this.#post({ t: 'hello' });
  }

  #lead() {
    if (this.#closed) {
      return undefined;
    }
    return new Promise(release => {
      this.#release = release;
      const relay = message => {
        this.#post(message); // first: applying an error or `end` closes this tab's side of the channel
        this.#track(message);
        this.#apply(message);
      };
      this.#link = this.#createLink(relay, () => this.#set());
      relay({ t: 'state', state: 'reconnecting', transport: null }); // the previous leader may have crashed
      for (const { reject } of this.#pending.values()) {
        reject(new RealtimeError('disconnected', 'The tab that carried this message closed'));
      }
      this.#pending.clear();
      if (this.#subscriptions) {
        this.#post({ t: 'lead' }); // the other tabs tell their subscriptions, each from its own cursor
      }
      // A macrotask first, so that an `end` the previous leader relayed just before leaving is heard.
      setTimeout(() => this.#closed || this.#link.start(), 0);
    });
  }

  #announce() {
    this.#announced = true;
    this.#post({ t: 'update', from: this.#id, change: { subscribe: this.#subscriptions() } });
  }

  /** The leader's whole set: this tab's subscriptions and the other tabs', each from its cursor. */
  #set() {
    const set = { ...this.#subscriptions() };
    for (const [id, { path, cursor }] of this.#remote) {
      set[id] = cursor ? { path, cursor } : { path };
    }
    return set;
  }

  /** The leader adopts a follower's change, and learns when that tab goes. */
  #adopt(tab, change) {
    for (const [id, wanted] of Object.entries(change.subscribe ?? {})) {
      this.#remote.set(id, { ...wanted, tab });
    }
    for (const id of change.unsubscribe ?? []) {
      this.#remote.delete(id);
    }
    this.#link.update(change);
    if (this.#watched.has(tab)) {
      return;
    }
    this.#watched.add(tab);
    const gone = () => {
      this.#watched.delete(tab);
      const ids = [...this.#remote].filter(([, remote]) => remote.tab === tab).map(([id]) => id);
      ids.forEach(id => this.#remote.delete(id));
      if (ids.length > 0 && !this.#closed) {
        this.#link.update({ unsubscribe: ids });
      }
    };
    navigator.locks.request(`${this.#name} tab ${tab}`, { signal: this.#waiting.signal }, gone).catch(() => {});
  }

  /** The leader keeps each other tab's subscription's cursor from the frames it relays. */
  #track({ t, frame }) {
    const remote = t === 'frame' && this.#remote.get(frame.sub);
    if (!remote) {
      return;
    }
    if (frame.event === 'end' || frame.event === 'error') {
      this.#remote.delete(frame.sub);
    } else if (frame.event === 'subscribed') {
      remote.cursor = frame.data?.cursor ?? remote.cursor;
    } else if (frame.event === 'reset') {
      remote.cursor = frame.data?.cursor ?? frame.id;
    } else if (frame.id) {
      remote.cursor = frame.id;
    }
  }

  #hear(message) {
    if (this.#link) {
      this.#serve(message);
    } else if (message.t === 'settle') {
      this.#settle(message);
    } else if (message.t === 'leaving') {
      this.#apply({ t: 'state', state: 'reconnecting', transport: null });
    } else if (message.t === 'lead') {
      if (this.#announced) {
        this.#announce();
      }
    } else if (message.t === 'state' || message.t === 'frame' || message.t === 'error') {
      this.#apply(message);
    }
  }

  /** The leader answers the followers. */
  #serve(message) {
    if (message.t === 'hello') {
      this.#post(this.#link.status());
    } else if (message.t === 'check') {
      this.#link.check(true); // a visible tab vouches that the timers are not throttled
    } else if (message.t === 'update' && this.#subscriptions) {
      this.#adopt(message.from, message.change);
    } else if (message.t === 'send') {
      const settle = (ok, value) => this.#post({ t: 'settle', to: message.from, number: message.number, ok, value });
      const expiry = new AbortController();
      const timer = setTimeout(() => expiry.abort(), this.#timeout); // the follower gives up then too
      this.#link.send(message.data, expiry.signal, message.route ?? null).finally(() => clearTimeout(timer)).then(
        value => settle(true, value),
        error => settle(false, { code: error.code, message: error.message, status: error.status }),
      );
    }
  }

  #settle({ to, number, ok, value }) {
    const pending = to === this.#id && this.#pending.get(number);
    if (pending) {
      this.#pending.delete(number);
      ok ? pending.resolve(value) : pending.reject(toError(value));
    }
  }

  #post(message) {
    if (!this.#closed || message.t === 'leaving') {
      this.#channel.postMessage(message);
    }
  }
}

function canShare() {
  return typeof globalThis.navigator?.locks?.request === 'function' && typeof globalThis.BroadcastChannel === 'function';
}

// ---- Mux: one connection per tab, shared by its handles (docs/client.md "One connection for all handles of a tab")
//
// Handles connected with `multiplex` join a Mux of their application: one connection to <context>/realtime/mux
// carrying a subscription per handle (docs/protocol.md "Shared connections"). The Mux keeps the set, and each
// handle keeps its own cursor, which every (re)opening request reads, so a reconnect resumes every subscription
// where it was. A server without shared connections answers the negotiation 404: each handle then connects by
// itself, and so do later ones. With `share: true` as well, the tabs of the browser share the Mux's connection
// through a Group (above).

const MUXES = new Map(); // per application and transport setting: the open Muxes, and whether the server has none

class Mux {
  #key;
  #url;
  #settings;
  #negotiation;
  #members = new Map(); // subscription id -> { path, cursor(), apply(message), replies }
  #count = 0;
  #limit = Infinity; // subscriptions per connection, from the negotiation
  #shared; // whether the tabs share this connection
  #prefix; // of subscription ids: with `share`, this tab's, so that no two tabs use the same id
  #link = null; // a Link, or with `share` a Group
  #status = { t: 'state', state: 'connecting', transport: null };

  /** Adds a handle's subscription to a Mux with room for it; returns the Subscription the handle holds. */
  static join(base, settings, tokens, member) {
    const shared = settings.share === true && canShare();
    const key = `${base.href} ${JSON.stringify(settings.transport ?? null)}${shared ? ' shared' : ''}`;
    const entry = MUXES.get(key) ?? { unshared: false, muxes: new Set() };
    MUXES.set(key, entry);
    if (entry.unshared) {
      queueMicrotask(() => member.apply({ t: 'unshared' }));
      return null;
    }
    // A shared one takes every handle: the server refuses the subscriptions beyond its bound one by one.
    let mux = [...entry.muxes].find(candidate => shared || candidate.#members.size < candidate.#limit);
    if (!mux) {
      mux = new Mux(key, new URL('realtime/mux', contextRoot(base)), settings, tokens, shared);
      entry.muxes.add(mux);
    }
    return mux.#add(member);
  }

  constructor(key, url, settings, tokens, shared) {
    this.#key = key;
    this.#url = url;
    this.#settings = settings;
    this.#shared = shared;
    this.#prefix = shared ? `${randomId().replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}.` : '';
    this.#negotiation = new Negotiation(url, tokens);
    this.#start();
  }

  async #start() {
    const result = await this.#negotiation.run(new Pacer(this.#settings, undefined, message => this.#report(message)));
    if (this.#members.size === 0) {
      return; // every handle closed meanwhile
    }
    if (result.failure?.status === 404 || (result.offer && result.offer.kind !== 'multiplex')) {
      MUXES.get(this.#key).unshared = true;
      this.#leave(() => ({ t: 'unshared' }));
    } else if (result.failure) {
      const { code, message, status } = result.failure;
      this.#leave(() => ({ t: 'error', error: { code, message, status } }));
    } else {
      this.#limit = result.offer.subscriptions ?? Infinity;
      const report = message => this.#report(message);
      const link = (relay, set) => new Link(this.#url, this.#settings, this.#negotiation, () => null, relay, set);
      this.#link = this.#shared
        ? new Group(`realtime mux ${this.#key}`, this.#settings.timeout, report, link, () => this.#set())
        : link(report, () => this.#set()).start();
    }
  }

  #add(member) {
    const id = `${this.#prefix}s${++this.#count}`;
    this.#members.set(id, member);
    queueMicrotask(() => this.#members.get(id) === member && member.apply(this.#link?.status() ?? this.#status));
    this.#link?.update({ subscribe: { [id]: this.#wanted(member) } });
    return {
      send: (data, signal) => this.#link.send(data, signal, { sub: id, url: member.url, replies: member.replies !== false }),
      close: () => this.#remove(id, true),
    };
  }

  #remove(id, tell) {
    if (!this.#members.delete(id)) {
      return;
    }
    if (this.#members.size > 0) {
      if (tell) {
        this.#link?.update({ unsubscribe: [id] });
      }
      return;
    }
    this.#negotiation.cancel();
    this.#link?.close();
    MUXES.get(this.#key)?.muxes.delete(this);
  }

  /** Routes what the Link reports: a subscription's frames to its handle, the connection's to every handle. */
  #report(message) {
    if (message.t === 'frame') {
      const { sub, event, data } = message.frame;
      const member = this.#members.get(sub);
      if (!member) {
        return; // unsubscribed meanwhile, or the connection's own
      }
      if (event === 'subscribed') {
        member.replies = data?.replies;
      } else if (event === 'end' || event === 'error') {
        this.#remove(sub, false); // the server ended it already
      }
      member.apply(message);
      return;
    }
    if (message.t === 'state') {
      this.#status = message;
    }
    for (const member of [...this.#members.values()]) {
      member.apply(message);
    }
  }

  #leave(message) {
    const members = [...this.#members.values()];
    this.#members.clear();
    MUXES.get(this.#key)?.muxes.delete(this);
    members.forEach(member => member.apply(message()));
  }

  /** The whole set, each subscription from its handle's cursor. */
  #set() {
    return Object.fromEntries([...this.#members].map(([id, member]) => [id, this.#wanted(member)]));
  }

  #wanted(member) {
    const cursor = member.cursor();
    return cursor ? { path: member.path, cursor } : { path: member.path };
  }
}

/** The endpoint's path relative to the application's context, or null when it is elsewhere or has a query. */
function contextPath(url, base) {
  const root = contextRoot(base);
  if (url.origin !== root.origin || url.search || !url.pathname.startsWith(root.pathname)) {
    return null;
  }
  return `/${url.pathname.slice(root.pathname.length)}`;
}

function contextRoot(base) {
  return base.href.endsWith('/') ? base : new URL(`${base.href}/`);
}

// ---- Link: one tab's connection to an endpoint, and its reconnect loop --------------------------------
//
// Reports to its owner as plain data, so that a Group can relay the same messages to other tabs:
//   { t: 'state', state: 'open' | 'reconnecting' | 'paused', transport, until }   `until` when paused
//   { t: 'frame', frame: { id, event, data } }             and `sub` on a shared connection
//   { t: 'error', error: { code, message, status } }      fatal: the Link has closed
// Given `subscriptions` (a function returning the set), it runs a shared connection rather than an endpoint's.

const LINKS = new Set(); // the Links started and not closed, for connections()

class Link {
  #url;
  #settings;
  #negotiation;
  #cursor;
  #report;
  #pacer;
  #outbox = new Outbox();
  #names = []; // the transports to use, preferred first
  #index = 0; // the one in use
  #strikes = new Map(); // failed attempts per transport while the server answered negotiation
  #suspect = null; // the transport whose last attempt failed before it was of any use
  #retry = null; // the server's reconnection delay, from SSE `retry:`
  #reauthenticated = false;
  #attempt = null;
  #closed = false;
  #watchdog = null;
  #unlisten = [];
  #subscriptions;

  constructor(url, settings, negotiation, cursor, report, subscriptions = null) {
    this.#subscriptions = subscriptions;
    this.#url = url;
    this.#settings = settings;
    this.#negotiation = negotiation;
    this.#cursor = cursor;
    this.#report = report;
    this.#pacer = new Pacer(settings, () => this.#retry, report);
  }

  start() {
    LINKS.add(this);
    this.#unlisten = [onVisible(() => this.check(false)), onOnline(() => this.#pacer.wake())];
    this.#loop();
    return this;
  }

  close() {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    LINKS.delete(this);
    this.#unlisten.forEach(remove => remove());
    this.#pacer.cancel();
    this.#negotiation.cancel();
    this.#outbox.fail(closedError());
    this.#attempt?.end(null);
  }

  /** `route`, on a shared connection: { sub, url, replies } of the @Duplex subscription the message is for. */
  send(data, signal, route = null) {
    const sent = this.#outbox.add(data, signal, route);
    if (this.#attempt?.opened) {
      this.#flush();
    }
    return sent;
  }

  /** A shared connection's subscriptions changed: { subscribe } or { unsubscribe }. */
  update(change) {
    this.#attempt?.transport?.update(change);
  }

  status() {
    const open = this.#attempt?.opened === true;
    const until = this.#pacer.pausedUntil();
    if (!open && until !== null) {
      return { t: 'state', state: 'paused', transport: null, until };
    }
    return { t: 'state', state: open ? 'open' : 'reconnecting', transport: open ? this.#attempt.name : null };
  }

  /** Ends the connection if it has been silent too long, but never on timers alone in a hidden tab. */
  check(vouched) {
    const attempt = this.#attempt;
    clearTimeout(this.#watchdog);
    if (!attempt || attempt.silence === Infinity) {
      return; // WebSocket: the server's pings are invisible to scripts, silence proves nothing
    }
    const overdue = now() - attempt.active - attempt.silence - this.#settings.livenessTimeout;
    if (overdue < 0) {
      this.#watchdog = setTimeout(() => this.check(false), 1 - overdue);
    } else if (!isHidden() || vouched) {
      attempt.end({ type: 'failed', code: 'silent', message: 'The connection went silent' });
    }
    // Hidden and overdue: throttled or frozen timers prove nothing. onVisible() asks again.
  }

  async #loop() {
    let negotiate = !this.#negotiation.offer; // a Handle negotiates before it creates its Link
    while (!this.#closed) {
      if (negotiate || this.#names.length === 0) {
        const result = negotiate ? await this.#negotiation.run(this.#pacer) : { offer: this.#negotiation.offer };
        if (this.#closed) {
          return;
        }
        const confirmed = negotiate && !result.retried; // the server answered at once
        const failure = result.failure ?? this.#choose(result.offer, confirmed);
        if (failure) {
          this.#fatal(failure);
          return;
        }
      }
      const outcome = await this.#connect(this.#names[this.#index]);
      if (this.#closed || outcome.type === 'end') {
        return;
      }
      this.#report({ t: 'state', state: 'reconnecting', transport: null });
      negotiate = await this.#recover(outcome);
    }
  }

  /** Decides what follows a connection that ended and waits as long as needed; true: negotiate first. */
  async #recover(outcome) {
    if (outcome.type === 'reconnect') {
      this.#pacer.reset();
      await this.#pacer.next();
      return false;
    }
    if (outcome.fatal || (outcome.auth && this.#reauthenticated)) {
      this.#fatal(outcome);
      return false;
    }
    if (outcome.auth) {
      this.#reauthenticated = true; // once: a refused token is replaced, a refused user is final
      this.#negotiation.forget();
      return true;
    }
    if (outcome.unusable) {
      if (this.#abandon(outcome.transport)) {
        await this.#pacer.next(); // every transport failed: do not spin
      }
      return false;
    }
    // A connection that carried traffic, or lasted (longer than it may take to open), was fine: the
    // network or the server dropped it.
    if (outcome.opened && (outcome.useful || outcome.lived >= this.#settings.openTimeout)) {
      this.#pacer.reset();
      this.#strikes.delete(outcome.transport);
      await this.#pacer.next(outcome.retryAfter);
      return false;
    }
    // An HTTP error status (a 503, say) or a WebSocket refused with 1013 came through the transport: the
    // server is the problem, not it.
    if (outcome.status || outcome.refused) {
      await this.#pacer.next(outcome.retryAfter);
      return false;
    }
    // It never opened, or was cut at once: the transport is suspect, unless the server is simply away.
    // Negotiating again tells which: the strike counts only if plain HTTP still reaches the server.
    this.#suspect = outcome.transport;
    await this.#pacer.next(outcome.retryAfter);
    return true;
  }

  /** Takes a negotiation's offer: the transports to use, and a strike for a suspect one if `confirmed`. */
  #choose(offer, confirmed) {
    const offered = offer.transports.filter(name => name in TRANSPORTS);
    const forced = [this.#settings.transport ?? []].flat();
    const names = forced.length ? forced.filter(name => offered.includes(name)) : offered;
    if (names.length === 0) {
      const wanted = JSON.stringify(forced.length ? forced : Object.keys(TRANSPORTS));
      return {
        code: 'unsupported_transport',
        message: `The endpoint offers ${JSON.stringify(offer.transports)}; this client wants ${wanted}`,
      };
    }
    const current = this.#names[this.#index];
    this.#names = names;
    this.#index = Math.max(0, names.indexOf(current));
    const suspect = this.#suspect;
    this.#suspect = null;
    if (confirmed && suspect && suspect === current) {
      const strikes = (this.#strikes.get(suspect) ?? 0) + 1;
      this.#strikes.set(suspect, strikes);
      if (strikes >= STRIKES[suspect]) {
        this.#abandon(suspect);
      }
    }
    return null;
  }

  /** Moves on to the next transport; returns true when it wrapped around to the first again. */
  #abandon(name) {
    this.#strikes.delete(name);
    this.#index = (this.#names.indexOf(name) + 1) % this.#names.length;
    return this.#index === 0;
  }

  #fatal(failure) {
    this.close();
    this.#report({ t: 'error', error: { code: failure.code, message: failure.message, status: failure.status } });
  }

  /** One attempt over one transport; resolves with how it ended. */
  #connect(name) {
    return new Promise(resolve => {
      const attempt = { name, opened: false, useful: false, ended: false, since: now(), active: now() };
      attempt.silence = name === 'websocket' ? Infinity : name === 'poll' ? this.#settings.pollTimeout * 1000 : 0;
      attempt.openTimer = setTimeout(
        () => attempt.end({ type: 'failed', code: 'open_timeout', message: `No ${name} data within the open timeout` }),
        this.#settings.openTimeout,
      );
      attempt.end = outcome => {
        if (attempt.ended) {
          return;
        }
        attempt.ended = true;
        clearTimeout(attempt.openTimer);
        clearTimeout(this.#watchdog);
        attempt.transport?.close();
        this.#attempt = null;
        this.#outbox.disconnect();
        resolve({ ...outcome, transport: name, opened: attempt.opened, useful: attempt.useful, lived: now() - attempt.since });
      };
      const hooks = {
        open: () => this.#opened(attempt),
        activity: () => (attempt.active = now()),
        frame: frame => this.#frame(attempt, frame),
        reply: reply => {
          attempt.useful = true;
          this.#outbox.settle(reply);
        },
        retry: millis => (this.#retry = millis),
        // A WebSocket closed with 1000 ends the stream as an `end` event would.
        done: outcome => (outcome.type === 'end' ? this.#frame(attempt, { event: 'end', data: {} }) : attempt.end(outcome)),
      };
      this.#attempt = attempt;
      const options = { url: this.#url, cursor: this.#cursor(), token: this.#negotiation.token(), settings: this.#settings };
      const open = this.#subscriptions ? SHARED_TRANSPORTS[name] : TRANSPORTS[name];
      attempt.transport = open({ ...options, subscriptions: this.#subscriptions, hooks });
      this.check(false);
    });
  }

  #opened(attempt) {
    if (attempt.opened || attempt.ended) {
      return;
    }
    attempt.opened = true;
    clearTimeout(attempt.openTimer);
    this.#reauthenticated = false;
    this.#report({ t: 'state', state: 'open', transport: attempt.name });
    this.#flush();
  }

  #frame(attempt, frame) {
    if (attempt.ended) {
      return;
    }
    this.#opened(attempt);
    attempt.useful = true;
    attempt.active = now();
    if (frame.sub !== undefined) {
      this.#report({ t: 'frame', frame }); // a subscription's `end` or `error` is its own, not the connection's
      return;
    }
    if (frame.event === 'reconnect') {
      attempt.end({ type: 'reconnect' });
      return;
    }
    if (frame.event === 'revoked') {
      // The cookie session ended (docs/protocol.md "Identity"): as a refused token, renegotiate once.
      const { code = 'session_ended', message = 'The session has ended' } = frame.data ?? {};
      attempt.end({ type: 'failed', auth: true, status: 401, code, message });
      return;
    }
    this.#report({ t: 'frame', frame });
    if (frame.event === 'end') {
      attempt.end({ type: 'end' });
    }
  }

  /** Sends what waited for an open connection: as WebSocket frames, or one POST each (the uplink). */
  #flush() {
    const attempt = this.#attempt;
    for (const entry of this.#outbox.take()) {
      const route = entry.route;
      const replies = route ? route.replies : this.#negotiation.offer?.replies !== false;
      if (attempt.name === 'websocket') {
        attempt.transport.send(JSON.stringify(route ? { sub: route.sub, ref: entry.ref, data: entry.data } : { ref: entry.ref, data: entry.data }));
        replies ? this.#outbox.await(entry) : entry.resolve(undefined);
      } else {
        // Without WebSocket, a subscription's messages go to its endpoint's own path (docs/protocol.md).
        postUplink(route?.url ?? this.#url, this.#negotiation.token(), { ref: entry.ref, data: entry.data }).then(
          reply => (reply?.error ? entry.reject(toError(reply.error)) : entry.resolve(reply?.data)),
          error => entry.reject(error),
        );
      }
    }
  }
}

// ---- Outbox: messages waiting for a connection or for their reply ------------------------------------

class Outbox {
  #queued = [];
  #awaiting = new Map();
  #ref = 0;

  add(data, signal, route = null) {
    if (this.#queued.length + this.#awaiting.size >= MAX_PENDING) {
      return Promise.reject(new RealtimeError('queue_full', `More than ${MAX_PENDING} messages await sending`));
    }
    return new Promise((resolve, reject) => {
      const entry = { ref: ++this.#ref, data, route, resolve, reject };
      this.#queued.push(entry);
      signal?.addEventListener('abort', () => this.#drop(entry), { once: true });
    });
  }

  /** Removes and returns the queued messages, to send them now. */
  take() {
    return this.#queued.splice(0);
  }

  /** Keeps a sent message until its reply arrives. */
  await(entry) {
    this.#awaiting.set(entry.ref, entry);
  }

  settle(reply) {
    const entry = this.#awaiting.get(reply.ref);
    if (entry) {
      this.#awaiting.delete(reply.ref);
      reply.error ? entry.reject(toError(reply.error)) : entry.resolve(reply.data);
    }
  }

  /** The connection dropped: replies to what it carried will never come; queued messages wait on. */
  disconnect() {
    this.#rejectAll(this.#awaiting.values(), new RealtimeError('disconnected', 'The connection dropped before the reply'));
    this.#awaiting.clear();
  }

  fail(error) {
    this.disconnect();
    this.#rejectAll(this.#queued, error);
    this.#queued = [];
  }

  #rejectAll(entries, error) {
    for (const entry of entries) {
      entry.reject(error);
    }
  }

  #drop(entry) {
    this.#awaiting.delete(entry.ref);
    const index = this.#queued.indexOf(entry);
    if (index >= 0) {
      this.#queued.splice(index, 1);
    }
  }
}

// ---- Negotiation: what the endpoint offers, and this tab's token --------------------------------------

class Negotiation {
  #url;
  #tokens;
  #abort = null;
  offer = null;

  constructor(url, tokens) {
    this.#url = url;
    this.#tokens = tokens;
  }

  token() {
    return this.#tokens.read()?.token ?? null;
  }

  /** Drops a token the server refused, so that the next negotiation issues a new one. */
  forget() {
    this.#tokens.forget();
  }

  /**
   * Negotiates until the server answers: resolves with { offer, retried } or, when refused, { failure }.
   * `retried` tells that the server was unreachable for a while.
   */
  async run(pacer) {
    for (let retried = false; ; retried = true) {
      const result = await this.#once();
      if (result.offer || result.failure.fatal || result.failure.auth || result.failure.cancelled) {
        return { ...result, retried };
      }
      if (!(await pacer.next(result.failure.retryAfter))) {
        return { failure: { cancelled: true } };
      }
    }
  }

  cancel() {
    this.#abort?.abort();
  }

  async #once() {
    this.#abort = new AbortController();
    const headers = withToken({ Accept: NEGOTIATE }, this.token());
    try {
      const response = await fetch(this.#url, { headers, cache: 'no-store', credentials: 'same-origin', signal: this.#abort.signal });
      if (!response.ok) {
        return { failure: await failureOf(response) };
      }
      const offer = await response.json();
      if (offer.protocol !== PROTOCOL || !Array.isArray(offer.transports)) {
        const message = `The server speaks realtime protocol ${offer.protocol}; this client speaks ${PROTOCOL}`;
        return { failure: { fatal: true, code: 'protocol', message } };
      }
      if (offer.token) {
        this.#tokens.write({ token: offer.token, tab: offer.tab ?? null });
      }
      this.offer = offer;
      return { offer };
    } catch (error) {
      return { failure: this.#abort.signal.aborted ? { cancelled: true } : networkFailure(error) };
    }
  }
}

/** The tab token, kept in sessionStorage: one per tab, survives a reload (issue 5, design section 6). */
function tabTokens(scope) {
  const key = `realtime.tab ${scope}`;
  let memory = null; // when storage is unavailable (privacy modes), the token lives as long as the page
  return {
    read() {
      try {
        return JSON.parse(globalThis.sessionStorage?.getItem(key) ?? 'null') ?? memory;
      } catch {
        return memory;
      }
    },
    write(value) {
      memory = value;
      try {
        globalThis.sessionStorage?.setItem(key, JSON.stringify(value));
      } catch {
        // storage full or denied: the in-memory copy serves this page
      }
    },
    forget() {
      memory = null;
      try {
        globalThis.sessionStorage?.removeItem(key);
      } catch {
        // as above
      }
    },
  };
}

// ---- Transports ------------------------------------------------------------------------------------
//
// Each opens one connection and calls its hooks: open() once it works, activity() on any traffic,
// frame({ id, event, data }) per event, reply({ ref, data | error }) per reply, retry(ms), and
// done(failure) when it ends by itself. close() ends it silently. Control events (reset, end, reconnect)
// are frames like any other; the Link gives them their meaning.

const TRANSPORTS = { websocket: openWebSocket, sse: openEventStream, poll: openLongPoll };

/** WebSocket (docs/protocol.md "WebSocket"): resumes with ?lastEventId, token as a subprotocol. */
function openWebSocket({ url, cursor, token, hooks }) {
  const target = new URL(url);
  target.protocol = target.protocol === 'https:' ? 'wss:' : 'ws:';
  if (cursor) {
    target.searchParams.set('lastEventId', cursor);
  }
  // Browsers cannot set headers on a WebSocket handshake: the subprotocol list carries the token.
  const protocols = [SUBPROTOCOL];
  if (token && /^[A-Za-z0-9._~-]+$/.test(token)) {
    protocols.push(TOKEN_SUBPROTOCOL + token);
  }
  let socket;
  try {
    socket = new WebSocket(target, protocols);
  } catch (error) {
    queueMicrotask(() => hooks.done({ type: 'failed', unusable: true, code: 'websocket', message: String(error) }));
    return { send() {}, close() {} };
  }
  let opened = false;
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => {
    opened = true;
    hooks.open();
  };
  socket.onmessage = ({ data }) => {
    hooks.activity();
    if (typeof data !== 'string') {
      hooks.frame({ event: 'message', data }); // binary frames carry byte[] messages
      return;
    }
    const frame = parseJson(data);
    if (frame && typeof frame === 'object' && 'ref' in frame) {
      hooks.reply(frame);
    } else if (frame && typeof frame === 'object' && (frame.event || 'data' in frame)) {
      hooks.frame(tagged(frame.sub, { id: frame.id, event: frame.event ?? 'message', data: frame.data }));
    } else if (typeof frame?.id === 'string') {
      hooks.frame(tagged(frame.sub, { id: frame.id, event: null })); // where the subscription starts
    }
  };
  socket.onclose = ({ code, reason }) => hooks.done(closeOutcome(code, reason, opened));
  return {
    send: text => socket.send(text),
    close() {
      socket.onclose = socket.onmessage = socket.onopen = null;
      socket.close(1000);
    },
  };
}

/** What a WebSocket close code means for the client (docs/protocol.md "Close codes"). */
function closeOutcome(code, reason, opened) {
  const message = reason || `WebSocket closed with ${code}`;
  switch (code) {
    case 1000:
      return { type: 'end' };
    case 1001:
      return { type: 'reconnect' };
    case 1008:
      return { type: 'failed', auth: true, code: 'policy', message }; // refused: token, origin, session
    case 1013:
      return { type: 'failed', refused: true, code: 'try_again_later', message }; // too many tabs: as a 429
    default:
      return { type: 'failed', code: opened ? 'closed' : 'websocket_refused', message };
  }
}

/**
 * Server-Sent Events read with fetch rather than EventSource: fetch sends the token and Last-Event-ID as
 * headers (no token in URLs, nor in server logs), shows the status and JSON body of a refusal, sees the
 * heartbeats that prove the connection alive, and does not reconnect behind the Link's back.
 */
function openEventStream({ url, cursor, token, hooks, body }) {
  const abort = new AbortController();
  const headers = withToken({ Accept: 'text/event-stream' }, token);
  if (cursor) {
    headers['Last-Event-ID'] = cursor;
  }
  // A shared connection opens with a POST of its subscriptions (docs/protocol.md "Over Server-Sent Events").
  const request = body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) };
  if (body !== undefined) {
    Object.assign(headers, UPLINK_HEADERS);
  }
  const read = async () => {
    const response = await fetch(url, { ...request, headers, cache: 'no-store', credentials: 'same-origin', signal: abort.signal });
    if (!response.ok) {
      return hooks.done(await failureOf(response));
    }
    if (!/^text\/event-stream/i.test(response.headers.get('Content-Type') ?? '')) {
      // Something between us and the server (a login page, a proxy) answered instead.
      return hooks.done({ type: 'failed', unusable: true, code: 'not_event_stream', message: 'The answer is not an event stream' });
    }
    const parser = new EventStreamParser(hooks.frame, hooks.retry);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return hooks.done({ type: 'failed', code: 'closed', message: 'The server closed the stream' });
      }
      hooks.activity();
      hooks.open(); // the preamble arrived: nothing buffers the stream
      parser.feed(decoder.decode(value, { stream: true }));
    }
  };
  read().catch(error => abort.signal.aborted || hooks.done(networkFailure(error)));
  return { close: () => abort.abort() };
}

/** The text/event-stream format (WHATWG HTML, section 9.2.6), fed in chunks. */
class EventStreamParser {
  #onFrame;
  #onRetry;
  #pending = '';
  #event = '';
  #data = [];
  #id = undefined;
  #sub = undefined; // a shared connection's subscription: a field that plain parsers ignore

  constructor(onFrame, onRetry) {
    this.#onFrame = onFrame;
    this.#onRetry = onRetry;
  }

  feed(chunk) {
    let text = this.#pending + chunk;
    const carriageReturn = text.endsWith('\r'); // may be the first half of CRLF: decide with the next chunk
    if (carriageReturn) {
      text = text.slice(0, -1);
    }
    const lines = text.split(/\r\n|\r|\n/);
    this.#pending = lines.pop() + (carriageReturn ? '\r' : '');
    lines.forEach(line => this.#line(line));
  }

  #line(line) {
    if (line === '') {
      this.#dispatch();
      return;
    }
    if (line.startsWith(':')) {
      return; // a comment: the server's heartbeat
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
    if (field === 'event') {
      this.#event = value;
    } else if (field === 'data') {
      this.#data.push(value);
    } else if (field === 'sub') {
      this.#sub = value;
    } else if (field === 'id' && !value.includes('\0')) {
      this.#id = value;
    } else if (field === 'retry' && /^\d+$/.test(value)) {
      this.#onRetry(Number(value));
    }
  }

  #dispatch() {
    const frame = { id: this.#id || undefined, event: this.#event || 'message', data: this.#data };
    const sub = this.#sub;
    this.#event = '';
    this.#data = [];
    this.#id = undefined;
    this.#sub = undefined;
    if (frame.data.length > 0) {
      this.#onFrame(tagged(sub, { ...frame, data: parseJson(frame.data.join('\n')) }));
    } else if (frame.id) {
      this.#onFrame(tagged(sub, { id: frame.id, event: null })); // a position without an event: the cursor moves on
    }
  }
}

/** Long-poll (docs/protocol.md "Long-poll"): one held GET after another, each from the last cursor. */
function openLongPoll({ url, cursor, token, settings, hooks }) {
  const abort = new AbortController();
  const headers = withToken({ Accept: 'application/json' }, token);
  const holdConfirmed = setTimeout(hooks.open, HOLD_CONFIRM);
  let position = cursor;
  const poll = async () => {
    while (!abort.signal.aborted) {
      const target = new URL(url);
      target.searchParams.set('transport', 'poll');
      target.searchParams.set('timeout', String(settings.pollTimeout));
      if (position) {
        target.searchParams.set('cursor', position);
      }
      hooks.activity();
      const response = await fetch(target, { headers, cache: 'no-store', credentials: 'same-origin', signal: abort.signal });
      if (!response.ok) {
        return hooks.done(await failureOf(response));
      }
      hooks.open();
      if (response.status === 204) {
        // A draining server answers at once with Retry-After: asking again at once would spin.
        await sleep(retryAfterOf(response.headers.get('Retry-After')), abort.signal);
        continue;
      }
      const batch = await response.json();
      if (batch.reset) {
        hooks.frame({ id: batch.cursor, event: 'reset', data: { cursor: batch.cursor } });
      }
      for (const event of batch.events ?? []) {
        hooks.frame({ id: event.id, event: event.event ?? 'message', data: event.data });
      }
      if (!batch.reset && batch.cursor && !batch.events?.length) {
        hooks.frame({ id: batch.cursor, event: null }); // a position alone, such as the first answer's head
      }
      position = batch.cursor ?? position;
    }
  };
  poll().catch(error => abort.signal.aborted || hooks.done(networkFailure(error)));
  return {
    close() {
      clearTimeout(holdConfirmed);
      abort.abort();
    },
  };
}

/** The uplink of a @Duplex endpoint without WebSocket (docs/protocol.md "Duplex fallback"). */
async function postUplink(url, token, envelope) {
  const headers = withToken({ ...UPLINK_HEADERS, Accept: 'application/json' }, token);
  let response;
  try {
    response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(envelope), cache: 'no-store', credentials: 'same-origin' });
  } catch (error) {
    throw toError(networkFailure(error));
  }
  if (!response.ok) {
    throw toError(await failureOf(response));
  }
  return response.status === 204 ? null : response.json();
}

// ---- Transports of a shared connection (docs/protocol.md "Shared connections") ---------------------------
//
// The same hooks as above; frames carry their subscription's `sub`. Their options add `subscriptions()`,
// the whole set with each subscription's cursor, read whenever a (re)opening request needs it, and the
// connection they return adds update(change), which tells the server of a subscribe or unsubscribe.

const SHARED_TRANSPORTS = { websocket: openSharedWebSocket, sse: openSharedEventStream, poll: openSharedPoll };

/** Subscribes the whole set once the socket is open, and each change as it comes. */
function openSharedWebSocket(options) {
  const { hooks, subscriptions } = options;
  let open = false;
  const socket = openWebSocket({
    ...options,
    cursor: null, // each subscription carries its own
    hooks: {
      ...hooks,
      open() {
        open = true;
        const set = subscriptions();
        if (Object.keys(set).length > 0) {
          socket.send(JSON.stringify({ subscribe: set }));
        }
        hooks.open();
      },
      // 1000 ends a stream of its own; a shared connection's subscriptions end one by one, with `end`.
      done: outcome => hooks.done(outcome.type === 'end' ? { type: 'reconnect' } : outcome),
    },
  });
  return { ...socket, update: change => open && socket.send(JSON.stringify(change)) };
}

/**
 * Opens the stream with a POST of the whole set; changes go up as POSTs naming the connection, each with the
 * whole set again, so that one in flight and one queued behind it are all there ever is.
 */
function openSharedEventStream(options) {
  const { url, token, hooks, subscriptions } = options;
  let name = null; // the server names the connection in its first frame
  let sending = false;
  let again = false;
  const control = async () => {
    if (!name || sending) {
      again = true;
      return;
    }
    sending = true;
    again = false;
    const headers = withToken({ ...UPLINK_HEADERS, Accept: 'application/json' }, token);
    const body = JSON.stringify({ connection: name, subscriptions: subscriptions() });
    try {
      const response = await fetch(url, { method: 'POST', headers, body, cache: 'no-store', credentials: 'same-origin' });
      if (!response.ok) {
        // 404 unknown_connection: the stream ended or another server holds it. Reopening carries the set.
        hooks.done(response.status === 404 ? { type: 'reconnect' } : await failureOf(response));
        return;
      }
    } catch (error) {
      hooks.done(networkFailure(error));
      return;
    }
    sending = false;
    if (again) {
      control();
    }
  };
  const frame = frame => {
    if (frame.event === 'connection' && frame.sub === undefined) {
      name = frame.data?.connection ?? null;
      if (again) {
        control(); // what changed while the stream was opening
      }
    } else {
      hooks.frame(frame);
    }
  };
  const stream = openEventStream({ ...options, cursor: null, body: { subscriptions: subscriptions() }, hooks: { ...hooks, frame } });
  return { ...stream, update: control };
}

/**
 * Each poll is a POST of the whole set and of the cursor of the last answer. A change aborts the poll the
 * server holds and sends the next at once: the server answers what it held again, so nothing is lost. Not the
 * first poll, which opens the connection: it is answered at once, and aborting it would leave that connection
 * unknown to the client and open another.
 */
function openSharedPoll({ url, token, settings, hooks, subscriptions }) {
  const closed = new AbortController();
  let current = null; // the poll in flight
  const headers = withToken({ ...UPLINK_HEADERS, Accept: 'application/json' }, token);
  const holdConfirmed = setTimeout(hooks.open, HOLD_CONFIRM);
  const target = new URL(url);
  target.searchParams.set('transport', 'poll');
  target.searchParams.set('timeout', String(settings.pollTimeout));
  let position = null;
  const once = async signal => {
    const set = subscriptions();
    const body = JSON.stringify(position ? { cursor: position, subscriptions: set } : { subscriptions: set });
    hooks.activity();
    const response = await fetch(target, { method: 'POST', headers, body, cache: 'no-store', credentials: 'same-origin', signal });
    if (!response.ok) {
      return hooks.done(await failureOf(response));
    }
    hooks.open();
    const batch = response.status === 204 ? {} : await response.json();
    for (const event of batch.events ?? []) {
      hooks.frame(tagged(event.sub, { id: event.id, event: event.event ?? 'message', data: event.data }));
    }
    position = batch.cursor ?? position;
    return true;
  };
  const poll = async () => {
    while (!closed.signal.aborted) {
      current = new AbortController();
      try {
        if (!(await once(current.signal))) {
          return;
        }
      } catch (error) {
        if (!current.signal.aborted || closed.signal.aborted) {
          throw error;
        } // else replaced by a poll with the new set
      }
    }
  };
  poll().catch(error => closed.signal.aborted || hooks.done(networkFailure(error)));
  return {
    update: () => position && current?.abort(),
    close() {
      clearTimeout(holdConfirmed);
      closed.abort();
      current?.abort();
    },
  };
}

// ---- Shared functions ----------------------------------------------------------------------------------

/**
 * Jittered exponential backoff: the n-th wait is the server's `Retry-After`, if any, plus a random time between
 * half and all of min(max, initial * 2^n). A Breaker may lengthen a wait into a pause. Waits end early when the
 * browser comes back online, and cancel() ends them for good.
 */
class Pacer {
  #settings;
  #serverDelay;
  #breaker;
  #attempts = 0;
  #wait = null;
  #cancelled = false;

  /** `report` hears a 'paused' state when a wait becomes a pause, and 'reconnecting' when the pause is over. */
  constructor(settings, serverDelay = () => null, report = () => {}) {
    this.#settings = settings;
    this.#serverDelay = serverDelay;
    this.#breaker = new Breaker(settings, report);
  }

  /** After a failed attempt: resolves true after the next delay (`retryAfter` ms and more), or false if cancelled. */
  next(retryAfter = 0) {
    if (this.#cancelled) {
      return Promise.resolve(false);
    }
    const initial = this.#settings.reconnectDelay ?? this.#serverDelay() ?? 1000;
    const ceiling = Math.min(this.#settings.maxReconnectDelay, initial * 2 ** this.#attempts++);
    const delay = this.#breaker.failed(retryAfter + ceiling * (0.5 + Math.random() / 2));
    return new Promise(resolve => {
      const timer = setTimeout(() => this.#finish(true), delay);
      this.#wait = { timer, resolve };
    });
  }

  /** A connection worked: the backoff starts again from its first delay, and the breaker forgets. */
  reset() {
    this.#attempts = 0;
    this.#breaker.reset();
  }

  /** When a pause ends, as Date.now(); null when not paused. */
  pausedUntil() {
    return this.#wait ? this.#breaker.pausedUntil() : null;
  }

  wake() {
    this.#finish(true);
  }

  cancel() {
    this.#cancelled = true;
    this.#finish(false);
  }

  #finish(result) {
    const wait = this.#wait;
    this.#wait = null;
    if (wait) {
      clearTimeout(wait.timer);
      if (result) {
        this.#breaker.resume();
      }
      wait.resolve(result);
    }
  }
}

// ---- Breaker: a client that keeps failing pauses, then probes -----------------------------------------
//
// Backoff alone still lets every client of a refusing server try every maxReconnectDelay, forever. After
// breakerFailures failed attempts within breakerWindow the breaker opens: no attempt for breakerCooldown (up to a
// quarter more, jittered so that refused clients do not come back together), then one probe (half-open). A probe
// that fails pauses again at once; a connection that works closes it. A Link has one, so a connection shared
// by tabs (`share`) or by handles (`multiplex`) pauses once, for all of them.

class Breaker {
  #settings;
  #report;
  #failures = []; // times of the failures within the window: at most breakerFailures
  #probing = false;
  #until = null;

  constructor(settings, report) {
    this.#settings = settings;
    this.#report = report;
  }

  /** A failed attempt, to be followed by a wait of `delay` ms: returns the wait, lengthened if it pauses. */
  failed(delay) {
    const at = now();
    this.#failures = this.#failures.filter(time => at - time < this.#settings.breakerWindow);
    this.#failures.push(at);
    if (!this.#probing && this.#failures.length < this.#settings.breakerFailures) {
      return delay;
    }
    this.#failures = [];
    this.#probing = true;
    const pause = Math.max(delay, this.#settings.breakerCooldown * (1 + Math.random() / 4));
    this.#until = Date.now() + pause;
    this.#report({ t: 'state', state: 'paused', transport: null, until: this.#until });
    return pause;
  }

  /** A wait is over: after a pause, the probe goes out. */
  resume() {
    if (this.#until !== null) {
      this.#until = null;
      this.#report({ t: 'state', state: 'reconnecting', transport: null });
    }
  }

  reset() {
    this.#failures = [];
    this.#probing = false;
  }

  pausedUntil() {
    return this.#until;
  }
}

/** Resolves after `millis` ms, or at once when `signal` aborts. */
function sleep(millis, signal) {
  return new Promise(resolve => {
    if (millis <= 0 || signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(resolve, millis);
    signal.addEventListener('abort', () => resolve(clearTimeout(timer)), { once: true });
  });
}

/** Retry-After as ms: delay-seconds or an HTTP date (RFC 9110, 10.2.3); 0 when absent or unreadable. */
function retryAfterOf(header) {
  const value = header?.trim() ?? '';
  const millis = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Math.min(Number.isFinite(millis) ? Math.max(0, millis) : 0, MAX_RETRY_AFTER);
}

/** Whether `id` is at or before `last` (same epoch, offset not greater): docs/protocol.md "Cursors". */
function seen(last, id) {
  const before = splitCursor(last);
  const candidate = splitCursor(id);
  if (!before || !candidate || before.epoch !== candidate.epoch) {
    return false;
  }
  const a = candidate.offset;
  const b = before.offset;
  return a.length < b.length || (a.length === b.length && a <= b); // exact for offsets of any size
}

function splitCursor(cursor) {
  const match = /^([A-Za-z0-9_-]{1,64}):(0|[1-9][0-9]*)$/.exec(cursor ?? '');
  return match && { epoch: match[1], offset: match[2] };
}

/** Reads an HTTP error answer: { error: { code, message } } (docs/protocol.md "Errors"). */
async function failureOf(response) {
  const body = await response.json().catch(() => null);
  const status = response.status;
  const code = body?.error?.code ?? `http_${status}`;
  const message = body?.error?.message ?? `HTTP ${status}`;
  const retryAfter = retryAfterOf(response.headers.get('Retry-After'));
  const unusable = code === 'unsupported_transport';
  const transient = status >= 500 || status === 408 || status === 429;
  return { type: 'failed', status, code, message, retryAfter, unusable, auth: status === 401, fatal: !transient && !unusable && status !== 401 };
}

function networkFailure(error) {
  return { type: 'failed', code: 'network', message: error?.message ?? String(error) };
}

function toError(failure) {
  return failure instanceof RealtimeError ? failure : new RealtimeError(failure.code, failure.message, failure.status);
}

function closedError() {
  return new RealtimeError('closed', 'The connection is closed');
}

function withToken(headers, token) {
  if (token) {
    headers[TOKEN_HEADER] = token;
  }
  return headers;
}

function endpointUrl(path, base) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    return new URL(path);
  }
  return new URL(String(path).replace(/^\/+/, ''), contextRoot(base));
}

/** A frame with the shared connection's subscription it belongs to, if any. */
function tagged(sub, frame) {
  return typeof sub === 'string' ? { sub, ...frame } : frame;
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function withoutUndefined(options) {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function isHidden() {
  return globalThis.document?.hidden === true;
}

/** Calls `callback` shortly after the tab becomes visible; returns the function that stops it. */
function onVisible(callback) {
  const document = globalThis.document;
  if (!document?.addEventListener) {
    return () => {};
  }
  let timer = null;
  const listener = () => {
    clearTimeout(timer);
    timer = document.hidden ? null : setTimeout(callback, VISIBLE_GRACE);
  };
  document.addEventListener('visibilitychange', listener);
  return () => {
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', listener);
  };
}

function onOnline(callback) {
  globalThis.addEventListener?.('online', callback);
  return () => globalThis.removeEventListener?.('online', callback);
}

function now() {
  return Date.now();
}

function randomId() {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
}

function reportLater(error) {
  if (typeof globalThis.reportError === 'function') {
    globalThis.reportError(error); // the console shows it as uncaught; this call returns normally
  } else {
    setTimeout(() => {
      throw error;
    }, 0);
  }
}

// ---- Presence: who is here, kept from the server's `presence` events (docs/presence.md) ---------------
//
// A connection that joins gets the list (`members`) with the room's sequence number; changes (`joined`,
// `left`) carry later numbers. A change not above the list's number is already in it: replayed history
// and the race between the list and the first changes are harmless. Across nodes, two nodes' changes may
// arrive out of number order: each is applied once, and the counts are those of the newest.

class Presence {
  #members = new Map(); // by member id, longest present first
  #occupancy = { users: 0, tabs: 0, connections: 0 };
  #seq = -1; // the list's number: changes up to it are in the list
  #newest = -1; // the newest change applied
  #applied = new Set(); // changes above the list's number applied, the last 256
  #listeners = new Map();

  constructor(handle) {
    handle.on('presence', data => this.#apply(data));
  }

  /** The listed members: { id, user, name }, longest present first. */
  get members() {
    return [...this.#members.values()];
  }

  /** The counts, which include members beyond the listed ones: { users, tabs, connections }. */
  get occupancy() {
    return { ...this.#occupancy };
  }

  /** Adds a listener: 'join' and 'leave' (a member), 'change' (after every update). */
  on(name, listener) {
    if (!this.#listeners.has(name)) {
      this.#listeners.set(name, new Set());
    }
    this.#listeners.get(name).add(listener);
    return this;
  }

  /** Removes a listener added with on(). */
  off(name, listener) {
    this.#listeners.get(name)?.delete(listener);
    return this;
  }

  #apply(data) {
    if (typeof data?.seq !== 'number') {
      return; // an application's own event of that name
    }
    if (Array.isArray(data.members)) {
      const before = this.#members;
      this.#members = new Map(data.members.map(member => [member.id, member]));
      this.#seq = this.#newest = data.seq;
      this.#applied.clear();
      before.forEach((member, id) => this.#members.has(id) || this.#emit('leave', member));
      this.#members.forEach((member, id) => before.has(id) || this.#emit('join', member));
    } else if (data.seq > this.#seq && !this.#applied.has(data.seq)) {
      this.#applied.add(data.seq);
      if (this.#applied.size > 256) {
        const oldest = this.#applied.values().next().value;
        this.#applied.delete(oldest);
        this.#seq = Math.max(this.#seq, oldest);
      }
      for (const id of data.left ?? []) {
        const member = this.#members.get(id);
        if (member && this.#members.delete(id)) {
          this.#emit('leave', member);
        }
      }
      for (const member of data.joined ?? []) {
        const known = this.#members.has(member.id);
        this.#members.set(member.id, member); // a known member's new name replaces the old
        if (!known) {
          this.#emit('join', member);
        }
      }
    } else {
      return;
    }
    if (data.seq >= this.#newest) {
      this.#newest = data.seq;
      this.#occupancy = { ...this.#occupancy, ...data.occupancy };
    }
    this.#emit('change', this);
  }

  #emit(name, ...args) {
    for (const listener of [...(this.#listeners.get(name) ?? [])]) {
      try {
        listener(...args);
      } catch (error) {
        reportLater(error);
      }
    }
  }
}
