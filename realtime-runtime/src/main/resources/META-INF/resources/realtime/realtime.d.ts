/**
 * Type declarations for realtime.js, the browser client of the realtime wire protocol, version 1.
 *
 * ```ts
 * import { connect } from '/my-app/realtime/realtime.js';
 * const prices = connect('/prices/ACME');
 * prices.on('message', (price: Price) => render(price));
 * ```
 */

/** A transport, in the protocol's words. */
export type Transport = 'websocket' | 'sse' | 'poll';

/** The kind of endpoint, after its annotation. */
export type Kind = 'push' | 'stream' | 'duplex';

/**
 * - `connecting`: before the first connection opened (negotiating, or trying transports)
 * - `open`: a connection is up (in a shared group: the leading tab's)
 * - `reconnecting`: the connection dropped; waiting with backoff, then resuming from the last cursor
 * - `paused`: refused or failing too often (`breakerFailures`); nothing is tried until `pausedUntil`, then one
 *   probe. Recovers by itself once the server admits the client again.
 * - `closed`: after `close()`, an `end`, or a refusal (then `error` said why). Final.
 */
export type State = 'connecting' | 'open' | 'reconnecting' | 'paused' | 'closed';

export interface Options {
  /** Use only this transport, or these in this order; default: the endpoint's order of preference. */
  transport?: Transport | Transport[];
  /**
   * Share one connection with the other tabs of this browser (a leader tab elected with Web Locks relays
   * over BroadcastChannel). Default: true, except for `@Duplex` endpoints, whose conversation belongs to
   * one tab. Needs a secure context (https or localhost); elsewhere every tab connects by itself.
   */
  share?: boolean;
  /**
   * Carry this handle as a subscription over one connection that all handles of this tab with `multiplex`
   * share (`<context>/realtime/mux`), each with its own cursor and resume. Handles that force different
   * `transport`s get separate connections; the other timing options are those of the handle that opened the
   * connection. The server's `subscriptions` limit caps one connection; more handles open another.
   * A refused subscription fails its handle alone. With `share: true` as well, the tabs of the browser share
   * the one connection (the leader tab's, made with its token), and the `subscriptions` limit is for all of them;
   * otherwise it is this tab's own. A server without shared connections answers 404, and each handle then connects
   * by itself. Default false.
   */
  multiplex?: boolean;
  /** Milliseconds for `send()` to settle before it rejects with code `timeout`. Default 10000. */
  timeout?: number;
  /** Milliseconds before the first reconnect. Default: the server's SSE `retry`, else 1000. */
  reconnectDelay?: number;
  /** The cap of the exponential backoff, in milliseconds. Default 30000. */
  maxReconnectDelay?: number;
  /**
   * Failed or refused attempts within `breakerWindow` after which the handle pauses (state `paused`) for
   * `breakerCooldown`, then makes one probe attempt; a probe that fails pauses again. Default 6.
   */
  breakerFailures?: number;
  /** Milliseconds over which `breakerFailures` are counted. Default 120000. */
  breakerWindow?: number;
  /** Milliseconds a pause lasts at least (up to a quarter more, jittered). Default 60000. */
  breakerCooldown?: number;
  /** Milliseconds for a transport to deliver its first bytes before the attempt counts as failed. Default 10000. */
  openTimeout?: number;
  /**
   * Milliseconds of silence beyond the expected (the server's heartbeats, a long-poll's hold) after which
   * a connection is presumed dead and replaced. Never applied on timers alone while the tab is hidden.
   * Keep it above the server's heartbeat interval (15 s by default). Default 45000.
   */
  livenessTimeout?: number;
  /** Seconds the server may hold a long-poll. Default 25. */
  pollTimeout?: number;
  /**
   * What relative paths resolve against. Default: the application's context, from where this module
   * was served (`<context>/realtime/realtime.js`). Set it when you serve a copy of the module elsewhere.
   */
  base?: string | URL;
}

/** Where an event came from. */
export interface EventMeta {
  /** The event's name. */
  event: string;
  /** The event's cursor (`<epoch>:<offset>`), or null for events sent to one connection alone. */
  id: string | null;
}

/** A failure with a machine-readable code: the server's error code, or one of the client's own. */
export class RealtimeError extends Error {
  /**
   * The server's code (`forbidden`, `not_found`, `unauthenticated`, ...) or the client's: `timeout`,
   * `closed`, `disconnected` (the connection dropped before the reply), `not_duplex`, `queue_full`,
   * `network`, `protocol`, `unsupported_transport`, `policy` (WebSocket close 1008).
   */
  readonly code: string;
  /** The HTTP status, when there was one. */
  readonly status?: number;
}

export interface Handle {
  readonly state: State;
  /** While `paused`: when the next attempt is due, in milliseconds since the epoch (as `Date.now()`); else null. */
  readonly pausedUntil: number | null;
  /** The transport in use, or null while not open. */
  readonly transport: Transport | null;
  /** The endpoint's kind, once negotiated (with `multiplex`: once subscribed). */
  readonly kind: Kind | null;
  /** The cursor of the last event received, or null. */
  readonly cursor: string | null;
  /** This tab's id, as issued by the server with the tab token, or null. */
  readonly tab: string | null;
  /** The endpoint's absolute URL. */
  readonly url: string;

  /** The state changed. */
  on(name: 'state', listener: (state: State, previous: State) => void): this;
  /** A connection opened (again). */
  on(name: 'open', listener: (info: { transport: Transport }) => void): this;
  /** Events may have been missed: reload your state. Events after `cursor` follow without gap. */
  on(name: 'reset', listener: (info: { cursor: string }) => void): this;
  /**
   * The stream is complete; the handle is closed. For a run, `reason` is the server's: `complete`, `stopped` or
   * `interrupted` (null for other streams), and `cursor` is the end's, or the last known.
   */
  on(name: 'end', listener: (info: EndInfo) => void): this;
  /** The endpoint refused (or the client cannot use it); the handle is closed. */
  on(name: 'error', listener: (error: RealtimeError) => void): this;
  /** An event from the server, by name (`message` unless the server named it). */
  on<T = unknown>(name: string, listener: (data: T, meta: EventMeta) => void): this;

  off(name: string, listener: (...args: any[]) => void): this;

  /**
   * Sends a message to a `@Duplex` endpoint. Resolves with the reply's data (undefined when the endpoint
   * sends no replies: then once sent). Rejects with a RealtimeError: the server's error reply, `timeout`,
   * `disconnected`, `closed`, or `not_duplex` for other endpoints. Messages sent before the connection
   * opens wait for it (within the timeout).
   */
  send<R = unknown>(data: unknown): Promise<R>;

  /**
   * Who is here on the endpoint's topic, kept from the server's `presence` events; the same object on every
   * call. Empty until the server sends the list, which it does when the connection joins the topic's presence.
   */
  presence(): Presence;

  /**
   * Stops the run this handle follows (a `DELETE` on the endpoint's path, which the endpoint's method may refuse).
   * Resolves once the server stopped it or found it ended; the `end` (reason `stopped`) then reaches the handle.
   * Rejects with a RealtimeError: the server's (`method_not_allowed` when the endpoint returns no run,
   * `forbidden`, ...) or `network`.
   */
  stop(): Promise<void>;

  /** Closes the connection and stops reconnecting. Idempotent. */
  close(): void;
}

/** What an `end` tells. */
export interface EndInfo {
  /** A run's end reason: `complete`, `stopped`, `interrupted`; null when the stream is not a run. */
  reason: 'complete' | 'stopped' | 'interrupted' | (string & {}) | null;
  /** The end's cursor, or the last cursor known. */
  cursor: string | null;
}

/** A present browser tab, as other clients see it. */
export interface Member {
  /** Stable across the tab's reloads; not the tab's own id. */
  id: string;
  /** The authenticated user's name, or '' for an anonymous tab. */
  user: string;
  /** The display name the application gave it, possibly ''. */
  name: string;
}

/** How many are here, including members beyond the listed ones. */
export interface Occupancy {
  users: number;
  tabs: number;
  connections: number;
}

/** Who is here on a topic (docs/presence.md). */
export interface Presence {
  /** The listed members, longest present first; at most the server's `presenceListLimit`. */
  readonly members: Member[];
  /** The counts, which include members that are not listed. */
  readonly occupancy: Occupancy;
  /** A member joined (or came into the list as a listed one left). */
  on(name: 'join' | 'leave', listener: (member: Member) => void): this;
  /** After every update of the list or the counts. */
  on(name: 'change', listener: (presence: Presence) => void): this;
  off(name: string, listener: (...args: any[]) => void): this;
}

/**
 * Connects to an endpoint of the application. Returns at once; the handle negotiates, connects, and
 * reconnects until `close()`, an `end`, or a refusal.
 *
 * @param path the path as annotated (`/prices/ACME`), relative to the application's context; or an absolute URL
 */
export function connect(path: string, options?: Options): Handle;

/**
 * The number of physical connections this page's handles hold open now: one per handle of its own, one per
 * connection shared with `multiplex`, and with `share` one per endpoint (or, with `multiplex` too, one in all)
 * in the tab that leads it (none in the others). A connection counts while it is open, not while it reconnects.
 */
export function connections(): number;
