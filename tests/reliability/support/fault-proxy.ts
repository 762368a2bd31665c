import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayDispatchEvents, GatewayOpcodes, type APIInteraction } from 'discord-api-types/v10';
import { WebSocket, WebSocketServer } from 'ws';
import type { FakeDiscord } from '../../support/fake-discord/server.ts';

/**
 * A fault-injecting proxy in front of the fake Discord, on its own port: the bot talks to the proxy, the proxy to
 * the fake. It leaves the fake untouched (another suite owns it) and adds what the reliability tests need:
 *
 *  - REST: answer chosen requests with a 429 (retry_after and X-RateLimit headers) or a 5xx instead of forwarding;
 *  - gateway: drop the bot's socket, send RECONNECT (op 7) or INVALID_SESSION (op 9), and answer RESUME (op 6)
 *    with RESUMED, which the fake does not implement;
 *  - dispatch an interaction straight to the bot's newest live session, so that a test never races the fake's
 *    choice among a dying and a fresh connection.
 *
 * Dispatch sequence numbers are renumbered by the proxy so that they keep growing across reconnections, as
 * Discord's do within one session.
 */

export interface RestFault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

interface PendingFault {
  matches: (method: string, path: string) => boolean;
  responses: RestFault[];
}

/** A Discord-shaped 429: both the body's retry_after (seconds) and the X-RateLimit headers discord.js reads. */
export function rateLimited(retryAfterSeconds: number, scope: 'user' | 'global' | 'shared' = 'user'): RestFault {
  return {
    status: 429,
    headers: {
      'retry-after': String(Math.ceil(retryAfterSeconds)),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(retryAfterSeconds),
      'x-ratelimit-reset': String(Date.now() / 1000 + retryAfterSeconds),
      'x-ratelimit-bucket': 'reliability-bucket',
      'x-ratelimit-scope': scope,
      ...(scope === 'global' ? { 'x-ratelimit-global': 'true' } : {}),
    },
    body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: scope === 'global' },
  };
}

export const serverError = (status = 502): RestFault => ({ status, body: { message: 'Bad Gateway', code: 0 } });

interface GatewayLink {
  client: WebSocket;
  upstream: WebSocket;
  /** Became usable: READY or RESUMED was delivered to the bot on this link. */
  ready: boolean;
}

export class FaultProxy {
  /** Faulty REST answers actually given, in order. */
  readonly injected: Array<{ method: string; path: string; status: number }> = [];
  readonly resumes: Array<{ session_id: string; seq: number }> = [];
  private readonly faults: PendingFault[] = [];
  private readonly links = new Set<GatewayLink>();
  private readonly server: Server;
  private readonly gateway: WebSocketServer;
  private sequence = 0;
  /**
   * Every dispatch sent to the bot, in order, so that a RESUME can replay what the bot missed, as Discord does.
   * Without it, events written to a socket the bot was just abandoning (say, a heartbeat ACK arriving late on a
   * loaded machine) would be lost in the test, though Discord would deliver them.
   */
  private readonly dispatched: Array<{ s: number; payload: object }> = [];
  private port = 0;

  private constructor(private readonly fake: FakeDiscord) {
    // Discord's edge keeps idle connections for minutes; Node's 5-second default would close sockets under a bot
    // whose event loop is busy, and undici does not retry a non-idempotent PATCH sent on a socket closed under it.
    this.server = createServer({ keepAliveTimeout: 120_000 }, (req, res) => void this.handleHttp(req, res));
    this.gateway = new WebSocketServer({ server: this.server });
    this.gateway.on('connection', (client) => this.link(client));
  }

  static async start(fake: FakeDiscord): Promise<FaultProxy> {
    const proxy = new FaultProxy(fake);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.server.address() as AddressInfo).port;
    return proxy;
  }

  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  private get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const link of this.links) {
      link.client.terminate();
      link.upstream.terminate();
    }
    await new Promise<void>((resolve) => this.gateway.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- REST ----

  /** The next `responses.length` matching requests get these answers instead of reaching the fake. */
  failRest(matches: (method: string, path: string) => boolean, responses: RestFault[]): void {
    this.faults.push({ matches, responses: [...responses] });
  }

  private takeFault(method: string, path: string): RestFault | undefined {
    const pending = this.faults.find((f) => f.responses.length > 0 && f.matches(method, path));
    return pending?.responses.shift();
  }

  /** Called as each REST request arrives, before anything else is done with it: the time Discord would see it. */
  onRequestArrived: ((method: string, path: string) => void) | undefined;

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.onRequestArrived?.(req.method ?? 'GET', req.url ?? '/');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(new URL(req.url ?? '/', this.apiBase).pathname).replace(/^\/api\/v\d+/u, '');
    const fault = this.takeFault(method, path);
    if (fault) {
      this.injected.push({ method, path, status: fault.status });
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(JSON.stringify(fault.body ?? {}));
      return;
    }
    const fakePort = new URL(this.fake.apiBase).port;
    const upstream = httpRequest({ host: '127.0.0.1', port: fakePort, method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${fakePort}` } });
    upstream.on('response', async (answer) => {
      const body: Buffer[] = [];
      for await (const chunk of answer) body.push(chunk as Buffer);
      // The gateway URL the fake hands out must point back at the proxy.
      const text = Buffer.concat(body).toString('utf8').split(this.fake.gatewayUrl).join(this.gatewayUrl);
      const headers = { ...answer.headers };
      delete headers['content-length'];
      delete headers['transfer-encoding'];
      res.writeHead(answer.statusCode ?? 502, headers);
      res.end(text);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    upstream.end(Buffer.concat(chunks));
  }

  // ---- Gateway ----

  private link(client: WebSocket): void {
    const upstream = new WebSocket(this.fake.gatewayUrl);
    const link: GatewayLink = { client, upstream, ready: false };
    this.links.add(link);
    const early: string[] = [];
    upstream.on('open', () => early.splice(0).forEach((text) => upstream.send(text)));
    upstream.on('message', (data) => this.fromFake(link, data.toString()));
    client.on('message', (data) => {
      const text = data.toString();
      const message = JSON.parse(text) as { op: number; d: { session_id: string; seq: number } };
      if (message.op === GatewayOpcodes.Resume) {
        // The fake knows nothing of sessions: the proxy plays Discord, replaying the dispatches after the bot's
        // last sequence number, then RESUMED.
        this.resumes.push({ session_id: message.d.session_id, seq: message.d.seq });
        for (const missed of this.dispatched) if (missed.s > message.d.seq) this.toBot(link, missed.payload);
        this.toBot(link, { op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Resumed, s: ++this.sequence, d: {} });
        link.ready = true;
        return;
      }
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else early.push(text);
    });
    const drop = () => {
      this.links.delete(link);
      client.terminate();
      upstream.terminate();
    };
    client.on('close', drop);
    upstream.on('close', drop);
    client.on('error', drop);
    upstream.on('error', drop);
  }

  private fromFake(link: GatewayLink, text: string): void {
    const message = JSON.parse(text.split(this.fake.gatewayUrl).join(this.gatewayUrl)) as { op: number; t?: string; s?: number };
    if (message.op === GatewayOpcodes.Dispatch) {
      message.s = ++this.sequence;
      if (message.t === GatewayDispatchEvents.Ready) link.ready = true;
      else this.dispatched.push({ s: message.s, payload: message });
    }
    this.toBot(link, message);
  }

  private toBot(link: GatewayLink, payload: object): void {
    if (link.client.readyState === WebSocket.OPEN) link.client.send(JSON.stringify(payload));
  }

  /** Live, ready sessions. */
  get readySessions(): number {
    return [...this.links].filter((l) => l.ready && l.client.readyState === WebSocket.OPEN).length;
  }

  /** Links ever opened and still open, ready or not. */
  get openLinks(): number {
    return this.links.size;
  }

  /** Drops every bot socket: `terminate` cuts TCP (close code 1006); a code sends a proper close frame. */
  dropSockets(code?: number): void {
    for (const link of this.links) {
      link.ready = false;
      if (code === undefined) link.client.terminate();
      else link.client.close(code);
    }
  }

  sendReconnect(): void {
    for (const link of this.links) this.toBot(link, { op: GatewayOpcodes.Reconnect, d: null });
  }

  sendInvalidSession(resumable: boolean): void {
    for (const link of this.links) this.toBot(link, { op: GatewayOpcodes.InvalidSession, d: resumable });
  }

  /** Sends INTERACTION_CREATE to the newest ready session. */
  dispatchInteraction(interaction: APIInteraction): void {
    const ready = [...this.links].filter((l) => l.ready && l.client.readyState === WebSocket.OPEN);
    const target = ready.at(-1);
    if (!target) throw new Error('No ready gateway session');
    const payload = { op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.InteractionCreate, s: ++this.sequence, d: interaction };
    this.dispatched.push({ s: payload.s, payload });
    this.toBot(target, payload);
  }
}
