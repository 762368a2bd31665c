import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GatewayDispatchEvents,
  GatewayOpcodes,
  type APIInteraction,
  type APIMessage,
  type GatewayIdentifyData,
  type RESTGetAPIGatewayBotResult,
} from 'discord-api-types/v10';
import { WebSocketServer, type WebSocket } from 'ws';
import { APPLICATION_ID, botMessage, guildCreatePayload, readyPayload, shardOfGuild, snowflake } from './fixtures.ts';

/**
 * A local stand-in for Discord over real sockets: an HTTP REST API under /api/v10 and a WebSocket gateway on the
 * same port. The real discord.js client connects to it (rest.api = `baseUrl`), so tests observe exactly what the bot
 * puts on the wire.
 */

export interface RecordedFile {
  field: string;
  name: string;
  type: string;
  size: number;
  /** First bytes, enough to recognise a PNG signature. */
  head: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, e.g. `/interactions/123/tok/callback`. */
  path: string;
  query: Record<string, string>;
  contentType: string;
  /** Parsed JSON body, or `payload_json` for multipart requests. */
  body: unknown;
  files: RecordedFile[];
}

interface ShardConnection {
  socket: WebSocket;
  shard: [number, number];
  sequence: number;
}

export interface FakeDiscordOptions {
  shardCount?: number;
  /** Guild ids the bot is in; each is sent to the shard Discord would pick. */
  guildIds: string[];
  heartbeatIntervalMs?: number;
  /**
   * Hand out, in `GET /gateway/bot`, a gateway URL where nothing listens (a port opened and closed again), so that
   * every connection is refused: a firewalled or mistyped gateway.
   */
  refuseGateway?: boolean;
  /** Hand out this gateway URL instead (e.g. `file:///etc/passwd`), to test what the bot accepts. */
  advertiseGatewayUrl?: string;
}

export class FakeDiscord extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  readonly identifies: GatewayIdentifyData[] = [];
  heartbeats = 0;
  private readonly server: Server;
  private readonly gateway: WebSocketServer;
  private readonly connections = new Set<ShardConnection>();
  private port = 0;
  private refusingPort = 0;
  private readonly advertiseOverride: string | undefined;

  private constructor(private readonly options: Required<Omit<FakeDiscordOptions, 'advertiseGatewayUrl'>> & { advertiseGatewayUrl?: string }) {
    super();
    this.advertiseOverride = options.advertiseGatewayUrl;
    this.server = createServer((req, res) => void this.handleHttp(req, res));
    this.gateway = new WebSocketServer({ server: this.server });
    this.gateway.on('connection', (socket) => this.handleGatewayConnection(socket));
  }

  static async start(options: FakeDiscordOptions): Promise<FakeDiscord> {
    const fake = new FakeDiscord({ shardCount: 1, heartbeatIntervalMs: 1_000, refuseGateway: false, ...options });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    if (fake.options.refuseGateway) fake.refusingPort = await closedPort();
    return fake;
  }

  /** Value for DISCORD_API_BASE. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** The URL `GET /gateway/bot` hands out: the real gateway, or a refusing one (`refuseGateway`). */
  get advertisedGatewayUrl(): string {
    if (this.advertiseOverride !== undefined) return this.advertiseOverride;
    return this.options.refuseGateway ? `ws://127.0.0.1:${this.refusingPort}` : this.gatewayUrl;
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.terminate();
    await new Promise<void>((resolve) => this.gateway.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- REST ----

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const contentType = req.headers['content-type'] ?? '';
    const { body, files } = await parseBody(raw, contentType);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/u, ''),
      query: Object.fromEntries(url.searchParams),
      contentType,
      body,
      files,
    };
    this.requests.push(recorded);
    const [status, response] = this.route(recorded);
    res.writeHead(status, response === undefined ? {} : { 'content-type': 'application/json' });
    res.end(response === undefined ? undefined : JSON.stringify(response));
    this.emit('request', recorded);
  }

  private route(request: RecordedRequest): [number, unknown] {
    const { method, path } = request;
    if (method === 'GET' && path === '/gateway/bot') {
      const result: RESTGetAPIGatewayBotResult = {
        url: this.advertisedGatewayUrl,
        shards: this.options.shardCount,
        // max_concurrency ≥ shards lets every shard identify at once instead of waiting 5 s per shard.
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 16 },
      };
      return [200, result];
    }
    if (method === 'GET' && path === '/gateway') return [200, { url: this.advertisedGatewayUrl }];
    if (method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/u.test(path)) {
      const commands = (request.body as Array<Record<string, unknown>>).map((command) => ({
        id: snowflake(),
        application_id: APPLICATION_ID,
        version: snowflake(),
        ...command,
      }));
      return [200, commands];
    }
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/u.test(path)) {
      return request.query.with_response === 'true' ? [200, { interaction: { id: path.split('/')[2], type: 2 } }] : [204, undefined];
    }
    const webhookMessage = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/u.exec(path);
    if (webhookMessage && method === 'PATCH') return [200, this.messageFrom(request.body)];
    if (webhookMessage && method === 'DELETE') return [204, undefined];
    if (webhookMessage && method === 'GET') return [200, this.messageFrom({})];
    if (method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/u.test(path)) return [200, this.messageFrom(request.body)];
    return [404, { message: `Unknown route ${method} ${path}`, code: 0 }];
  }

  private messageFrom(body: unknown): APIMessage {
    const fields = (body ?? {}) as { embeds?: APIMessage['embeds']; components?: unknown[]; content?: string; flags?: number };
    // The guild is irrelevant to discord.js here; the channel id only has to be a snowflake.
    return botMessage('4194304000000000000', fields);
  }

  /** Resolves with the first recorded request (past or future) that matches. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs = 10_000): Promise<RecordedRequest> {
    const seen = this.requests.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('request', listener);
        reject(new Error(`No matching request within ${timeoutMs} ms; saw: ${this.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`));
      }, timeoutMs);
      const listener = (request: RecordedRequest) => {
        if (!predicate(request)) return;
        clearTimeout(timer);
        this.off('request', listener);
        resolve(request);
      };
      this.on('request', listener);
    });
  }

  /** Every request made for one interaction: its callback(s) and webhook calls with its token. */
  requestsFor(interaction: { id: string; token: string }): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(`/${interaction.id}/`) || r.path.includes(`/${interaction.token}`));
  }

  // ---- Gateway ----

  private handleGatewayConnection(socket: WebSocket): void {
    const connection: ShardConnection = { socket, shard: [0, 1], sequence: 0 };
    this.connections.add(connection);
    socket.on('close', () => this.connections.delete(connection));
    socket.on('message', (data) => this.handleGatewayMessage(connection, JSON.parse(data.toString()) as { op: number; d: unknown }));
    this.send(connection, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
  }

  private handleGatewayMessage(connection: ShardConnection, message: { op: number; d: unknown }): void {
    switch (message.op) {
      case GatewayOpcodes.Heartbeat:
        this.heartbeats++;
        this.send(connection, { op: GatewayOpcodes.HeartbeatAck });
        return;
      case GatewayOpcodes.Identify: {
        const identify = message.d as GatewayIdentifyData;
        this.identifies.push(identify);
        connection.shard = identify.shard ?? [0, 1];
        const [shardId, shardCount] = connection.shard;
        const guilds = this.options.guildIds.filter((id) => shardOfGuild(id, shardCount) === shardId);
        this.dispatch(connection, GatewayDispatchEvents.Ready, readyPayload(connection.shard, guilds, this.gatewayUrl));
        for (const guildId of guilds) this.dispatch(connection, GatewayDispatchEvents.GuildCreate, guildCreatePayload(guildId));
        this.emit('identify', identify);
        return;
      }
      default:
        return;
    }
  }

  private send(connection: ShardConnection, payload: object): void {
    connection.socket.send(JSON.stringify(payload));
  }

  private dispatch(connection: ShardConnection, event: string, data: unknown): void {
    connection.sequence++;
    this.send(connection, { op: GatewayOpcodes.Dispatch, t: event, s: connection.sequence, d: data });
  }

  /** Sends INTERACTION_CREATE on the shard that owns the interaction's guild. Returns that shard's id. */
  dispatchInteraction(interaction: APIInteraction): number {
    const connections = [...this.connections].filter((c) => c.socket.readyState === c.socket.OPEN);
    const target =
      connections.find((c) => interaction.guild_id !== undefined && shardOfGuild(interaction.guild_id, c.shard[1]) === c.shard[0]) ??
      connections[0];
    if (!target) throw new Error('No shard is connected');
    this.dispatch(target, GatewayDispatchEvents.InteractionCreate, interaction);
    return target.shard[0];
  }
}

/** A local port that refuses connections: bound to learn a free number, then closed. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function parseBody(raw: Buffer, contentType: string): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    let body: unknown;
    const files: RecordedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
        continue;
      }
      const bytes = Buffer.from(await value.arrayBuffer());
      files.push({ field, name: value.name, type: value.type, size: bytes.length, head: bytes.subarray(0, 8) });
    }
    return { body, files };
  }
  if (contentType.includes('application/json')) return { body: JSON.parse(raw.toString('utf8')), files: [] };
  return { body: raw.toString('utf8'), files: [] };
}
