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

interface ConnectionState {
  inFlight: number;
  /** `socket.bytesRead` when the connection last had nothing in flight: more since means a request is arriving. */
  bytesReadWhenIdle: number;
}

/**
 * Shuts an HTTP server down without dropping a request that was sent.
 *
 * Node's `server.close()` (and Fastify's `forceCloseConnections: 'idle'`) destroys every keep-alive connection
 * with no request being handled, including those whose next request is already in the socket's buffer,
 * unread because the event loop was busy: under load most of them. Instead, `drain()`:
 * 1. stops accepting connections (the listening socket only);
 * 2. answers everything that arrives on open connections, with `Connection: close`, so each client
 *    goes elsewhere for its next request;
 * 3. closes a connection only when nothing is in flight and no byte has arrived on it for `idleGraceMs`;
 * 4. destroys what remains at the deadline, so one slow client cannot hold the shutdown.
 */
export class ConnectionDrainer {
  private readonly connections = new Map<Socket, ConnectionState>();
  private readonly responses = new Set<ServerResponse>();
  private isDraining = false;
  private idleGraceMs = 0;
  private onEmpty: (() => void) | undefined;

  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.connections.set(socket, { inFlight: 0, bytesReadWhenIdle: 0 });
      socket.once('close', () => {
        this.connections.delete(socket);
        if (this.connections.size === 0) this.onEmpty?.();
      });
      if (this.isDraining) this.closeWhenIdle(socket);
    });
    // Before Fastify's own listener, so the header is set before any handler can answer.
    server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => this.track(request, response));
  }

  /** Stops accepting, lets what arrived finish, and resolves once every connection is closed or destroyed. */
  drain(options: DrainOptions): Promise<DrainOutcome> {
    this.isDraining = true;
    this.idleGraceMs = options.idleGraceMs;
    // net.Server's close, not http.Server's: the latter also destroys idle keep-alive connections at once.
    net.Server.prototype.close.call(this.server);
    for (const response of this.responses) closeAfter(response);
    for (const socket of this.connections.keys()) this.closeWhenIdle(socket);
    return new Promise((resolve) => {
      const deadline = setTimeout(() => {
        const destroyed = this.connections.size;
        for (const socket of this.connections.keys()) socket.destroy();
        resolve({ destroyed });
      }, options.deadlineMs);
      this.onEmpty = () => {
        clearTimeout(deadline);
        resolve({ destroyed: 0 });
      };
      if (this.connections.size === 0) this.onEmpty();
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
      if (state.inFlight === 0) {
        state.bytesReadWhenIdle = socket.bytesRead;
        if (this.isDraining) this.closeWhenIdle(socket);
      }
    });
  }

  private closeWhenIdle(socket: Socket): void {
    const timer = setTimeout(() => {
      const state = this.connections.get(socket);
      if (!state || state.inFlight > 0) return;
      // Bytes of a request not yet parsed: look again later (the deadline still bounds it).
      if (socket.bytesRead !== state.bytesReadWhenIdle) {
        this.closeWhenIdle(socket);
        return;
      }
      socket.destroy();
    }, this.idleGraceMs);
    timer.unref();
  }
}

function closeAfter(response: ServerResponse): void {
  if (response.headersSent) return;
  response.shouldKeepAlive = false;
  response.setHeader('connection', 'close');
}
