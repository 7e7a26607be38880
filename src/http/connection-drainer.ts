import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import net, { type Socket } from 'node:net';

export interface DrainOptions {
  /** After this long, connections still open are destroyed, whatever they are doing. */
  deadlineMs: number;
  /** A connection with nothing in flight is closed once it has been quiet this long. */
  idleGraceMs: number;
}

export interface DrainOutcome {
  /** Connections still open at the deadline, and destroyed. */
  destroyed: number;
}

/** The longest the listening socket stays open at shutdown to accept connections already made for it. */
const ACCEPT_WINDOW_MS = 500;

interface ConnectionState {
  inFlight: number;
  /** `socket.bytesRead` when the connection last had nothing in flight: more since means a request is arriving. */
  bytesReadWhenIdle: number;
  /** How long the connection has been seen quiet with nothing in flight, counted in time the server ran. */
  quietMs: number;
}

/**
 * Shuts an HTTP server down without dropping a request that was sent.
 *
 * Node's `server.close()` (and Fastify's `forceCloseConnections: 'idle'`) destroys every keep-alive connection
 * with no request being handled, including those whose next request is already in the socket's buffer,
 * unread because the event loop was busy: under load most of them. Instead, `drain()`:
 * 1. accepts the connections already made for it (in the listening socket's queue), then stops accepting
 *    (the listening socket only);
 * 2. answers everything that arrives on open connections, with `Connection: close`, so each client
 *    goes elsewhere for its next request;
 * 3. closes a connection only when nothing is in flight and no byte has arrived on it for `idleGraceMs`,
 *    counted in time the server was running and had read what arrived (see `closeQuietConnections`);
 * 4. destroys what remains at the deadline, so one slow client cannot hold the shutdown.
 */
export class ConnectionDrainer {
  private readonly connections = new Map<Socket, ConnectionState>();
  private readonly responses = new Set<ServerResponse>();
  private isDraining = false;
  private acceptedCount = 0;
  private onEmpty: (() => void) | undefined;

  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.acceptedCount++;
      this.connections.set(socket, { inFlight: 0, bytesReadWhenIdle: 0, quietMs: 0 });
      socket.once('close', () => {
        this.connections.delete(socket);
        if (this.connections.size === 0) this.onEmpty?.();
      });
    });
    // Before Fastify's own listener, so the header is set before any handler can answer.
    server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => this.track(request, response));
  }

  /** Stops accepting, lets what arrived finish, and resolves once every connection is closed or destroyed. */
  drain(options: DrainOptions): Promise<DrainOutcome> {
    return new Promise((resolve) => {
      let stopClosing = () => {};
      const deadline = setTimeout(() => {
        stopClosing();
        const destroyed = this.connections.size;
        for (const socket of this.connections.keys()) socket.destroy();
        resolve({ destroyed });
      }, options.deadlineMs);
      this.afterAcceptingQueued(() => {
        // net.Server's close, not http.Server's: the latter also destroys idle keep-alive connections at once.
        net.Server.prototype.close.call(this.server);
        // Told only now to go elsewhere: told before, clients would come back on new connections while the
        // listening socket is still open, and one caught in its queue as it closes would be reset.
        this.isDraining = true;
        for (const response of this.responses) closeAfter(response);
        stopClosing = this.closeQuietConnections(options.idleGraceMs);
        this.onEmpty = () => {
          clearTimeout(deadline);
          stopClosing();
          resolve({ destroyed: 0 });
        };
        if (this.connections.size === 0) this.onEmpty();
      });
    });
  }

  /**
   * Calls `then` once the connections the system has already made for the server are accepted. While the
   * event loop was busy they waited in the listening socket's queue, their requests sent, and closing that
   * socket would reset them. Node accepts one queued connection per turn of the event loop, so this waits
   * for a turn (a poll phase: `setImmediate` comes after it) that accepts none, for ACCEPT_WINDOW_MS at most
   * should new clients keep arriving.
   */
  private afterAcceptingQueued(then: () => void): void {
    const startedAt = performance.now();
    let accepted = this.acceptedCount;
    const look = () => {
      if (this.acceptedCount === accepted || performance.now() - startedAt > ACCEPT_WINDOW_MS) {
        then();
        return;
      }
      accepted = this.acceptedCount;
      setImmediate(look);
    };
    // Two steps: the first `setImmediate` may run in the check phase right after the poll phase that called `drain`.
    setImmediate(() => {
      accepted = this.acceptedCount;
      setImmediate(look);
    });
  }

  private track(request: IncomingMessage, response: ServerResponse): void {
    const socket = request.socket;
    const state = this.connections.get(socket);
    if (state) state.inFlight++;
    this.responses.add(response);
    if (this.isDraining) closeAfter(response);
    response.once('close', () => {
      this.responses.delete(response);
      if (!state) return;
      state.inFlight--;
      state.bytesReadWhenIdle = socket.bytesRead;
      state.quietMs = 0;
    });
  }

  /**
   * Closes each connection that has had nothing in flight and no byte arriving for `graceMs`; returns a stop.
   *
   * Quiet time is counted by looking in steps of a quarter of it, each look after the server has read what
   * arrived (`setImmediate` runs after the event loop's poll phase), and a late look counts one step only.
   * A server that did not run for a while (a loaded machine, a long task) has not read the requests sent
   * meanwhile; its timers come due before its sockets are read, and counting that time as quiet would
   * destroy connections with a request waiting in them, which the client sees as a reset.
   */
  private closeQuietConnections(graceMs: number): () => void {
    const stepMs = Math.max(10, graceMs / 4);
    let lookedAt = performance.now();
    let timer: NodeJS.Timeout | undefined;
    let isStopped = false;
    const look = () => {
      if (isStopped) return;
      const now = performance.now();
      const ranMs = Math.min(now - lookedAt, stepMs);
      lookedAt = now;
      for (const [socket, state] of this.connections) {
        // A request in flight, or part of one read (a slow client: the deadline bounds it), is not quiet.
        if (state.inFlight > 0 || socket.bytesRead !== state.bytesReadWhenIdle) {
          state.quietMs = 0;
          continue;
        }
        state.quietMs += ranMs;
        if (state.quietMs >= graceMs) socket.destroy();
      }
      timer = setTimeout(() => setImmediate(look), stepMs).unref();
    };
    // Quiet before the shutdown does not count: a client was free to take its time then.
    for (const state of this.connections.values()) state.quietMs = 0;
    timer = setTimeout(() => setImmediate(look), stepMs).unref();
    return () => {
      isStopped = true;
      clearTimeout(timer);
    };
  }
}

function closeAfter(response: ServerResponse): void {
  if (response.headersSent) return;
  response.shouldKeepAlive = false;
  response.setHeader('connection', 'close');
}
