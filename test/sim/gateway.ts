import type { IncomingMessage, Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { GatewayIntentBits, GatewayOpcodes } from 'discord.js';
import { WebSocketServer, type WebSocket } from 'ws';

type JsonObject = Record<string, unknown>;

const PRIVILEGED_INTENTS = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

/** One connection of a bot to the simulated gateway. */
export interface GatewaySession {
  sessionId: string;
  readonly socket: WebSocket;
  seq: number;
  identified: boolean;
  intents: number;
  /** The IDENTIFY payload as received (the token replaced by `***`). */
  identify: JsonObject | null;
  /** `[shard_id, shard_count]` from IDENTIFY; `[0, 1]` when the client sent none. */
  shard: readonly [number, number];
}

/** The shard that receives a guild's events: `(guild_id >> 22) % shard_count`, as Discord routes them. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** The guild an event belongs to, when it belongs to one (GUILD_CREATE/UPDATE/DELETE carry it as `id`). */
function guildOf(event: string, data: JsonObject): string | undefined {
  const id = event === 'GUILD_CREATE' || event === 'GUILD_UPDATE' || event === 'GUILD_DELETE' ? data['id'] : data['guild_id'];
  return typeof id === 'string' ? id : undefined;
}

/** Whether a session of this shard receives an event of `guildId` (events of no guild, like DMs, go to shard 0). */
function receives(shard: readonly [number, number], guildId: string | undefined): boolean {
  return guildId === undefined ? shard[0] === 0 : shardOf(guildId, shard[1]) === shard[0];
}

export interface GatewayOptions {
  readonly token: string;
  readonly heartbeatIntervalMs: number;
  readonly allowPrivilegedIntents: boolean;
  /** ws:// URL clients are told to resume at. */
  readonly url: () => string;
  /** READY payload for a newly identified session, and the guilds to send as GUILD_CREATE after it. */
  readonly onIdentify: (session: GatewaySession) => { ready: JsonObject; guilds: JsonObject[] };
  /** Called on every state change so that waiters re-check. */
  readonly onChange: () => void;
}

/** A session whose connection dropped: what RESUME needs to pick it up again. */
interface Resumable {
  seq: number;
  readonly intents: number;
  readonly identify: JsonObject | null;
  readonly shard: readonly [number, number];
  /** Dispatches sent while disconnected, replayed on RESUME. */
  readonly missed: JsonObject[];
}

/**
 * The WebSocket half of the simulator: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, dispatches, and
 * RESUME of a dropped session (missed dispatches replayed, then RESUMED). An unknown session gets INVALID_SESSION.
 */
export class Gateway {
  readonly sessions = new Set<GatewaySession>();
  readonly #resumable = new Map<string, Resumable>();
  readonly #wss: WebSocketServer;
  readonly #options: GatewayOptions;

  constructor(server: Server, options: GatewayOptions) {
    this.#options = options;
    this.#wss = new WebSocketServer({ server });
    this.#wss.on('connection', (socket, request) => this.#onConnection(socket, request));
  }

  /** Sessions that completed IDENTIFY. */
  get readySessions(): GatewaySession[] {
    return [...this.sessions].filter((s) => s.identified && s.socket.readyState === s.socket.OPEN);
  }

  /**
   * Sends a dispatch to every identified session (that asked for `intent`, when given) of the shard
   * that holds the event's guild (shard 0 for events of no guild). Returns how many got it.
   */
  dispatch(event: string, data: JsonObject, intent?: number): number {
    let sent = 0;
    const guildId = guildOf(event, data);
    for (const session of this.readySessions) {
      if (intent !== undefined && (session.intents & intent) === 0) continue;
      if (!receives(session.shard, guildId)) continue;
      this.#send(session, { op: GatewayOpcodes.Dispatch, t: event, s: ++session.seq, d: data });
      sent += 1;
    }
    // Interactions are not kept for a dropped session: Discord fails them after the deadline anyway.
    if (event !== 'INTERACTION_CREATE') {
      for (const r of this.#resumable.values()) {
        if (intent !== undefined && (r.intents & intent) === 0) continue;
        if (!receives(r.shard, guildId)) continue;
        r.missed.push({ op: GatewayOpcodes.Dispatch, t: event, s: ++r.seq, d: data });
      }
    }
    return sent;
  }

  /** Closes every session with `code` (default 1001, going away) and stops accepting connections. */
  async close(code = 1001): Promise<void> {
    for (const s of this.sessions) {
      s.socket.close(code, 'simulator closing');
      s.socket.terminate();
    }
    this.sessions.clear();
    this.#resumable.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  /** Drops every connection with `code`, as Discord does on a gateway restart; the bot is expected to reconnect. */
  disconnectAll(code: number): void {
    for (const s of this.sessions) {
      // Resumable from now on, so that what is dispatched while the socket is closing is replayed on RESUME.
      if (s.identified) this.#resumable.set(s.sessionId, { seq: s.seq, intents: s.intents, identify: s.identify, shard: s.shard, missed: [] });
      s.identified = false;
      s.socket.close(code, 'simulated disconnect');
    }
  }

  #onConnection(socket: WebSocket, request: IncomingMessage): void {
    const query = new URL(request.url ?? '/', 'ws://localhost').searchParams;
    if (query.get('v') !== '10') {
      socket.close(4012, 'Invalid API version');
      return;
    }
    if ((query.get('encoding') ?? 'json') !== 'json') {
      socket.close(4002, 'Error while decoding payload: the simulator speaks json only');
      return;
    }
    if (query.has('compress')) {
      socket.close(4000, 'transport compression is not simulated');
      return;
    }
    const session: GatewaySession = { sessionId: randomBytes(16).toString('hex'), socket, seq: 0, identified: false, intents: 0, identify: null, shard: [0, 1] };
    this.sessions.add(session);
    socket.on('close', (code) => {
      this.sessions.delete(session);
      // A client closing with 1000/1001 ends its session; any other drop leaves it resumable.
      if (session.identified && code !== 1000 && code !== 1001) {
        this.#resumable.set(session.sessionId, { seq: session.seq, intents: session.intents, identify: session.identify, shard: session.shard, missed: [] });
      }
      this.#options.onChange();
    });
    socket.on('error', () => {
      // A client dropping mid-write is normal during destroy(); the close handler does the bookkeeping.
    });
    socket.on('message', (raw, isBinary) => this.#onMessage(session, raw.toString(), isBinary));
    this.#send(session, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.#options.heartbeatIntervalMs } });
  }

  #onMessage(session: GatewaySession, text: string, isBinary: boolean): void {
    let payload: JsonObject;
    try {
      if (isBinary) throw new Error('binary frames are not simulated');
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
      payload = parsed as JsonObject;
    } catch {
      session.socket.close(4002, 'Error while decoding payload.');
      return;
    }
    const d = payload['d'];
    switch (payload['op']) {
      case GatewayOpcodes.Heartbeat:
        this.#send(session, { op: GatewayOpcodes.HeartbeatAck });
        return;
      case GatewayOpcodes.Identify:
        this.#identify(session, typeof d === 'object' && d !== null ? (d as JsonObject) : {});
        return;
      case GatewayOpcodes.Resume:
        this.#resume(session, typeof d === 'object' && d !== null ? (d as JsonObject) : {});
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (!session.identified) session.socket.close(4003, 'Not authenticated.');
        return;
      default:
        session.socket.close(4001, 'Unknown opcode.');
    }
  }

  #identify(session: GatewaySession, d: JsonObject): void {
    if (session.identified) {
      session.socket.close(4005, 'Already authenticated.');
      return;
    }
    if (d['token'] !== this.#options.token) {
      session.socket.close(4004, 'Authentication failed.');
      return;
    }
    const intents = d['intents'];
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0) {
      session.socket.close(4013, 'Invalid intent(s).');
      return;
    }
    if ((intents & PRIVILEGED_INTENTS) !== 0 && !this.#options.allowPrivilegedIntents) {
      session.socket.close(4014, 'Disallowed intent(s).');
      return;
    }
    const shard = d['shard'];
    if (shard !== undefined) {
      const valid =
        Array.isArray(shard) &&
        shard.length === 2 &&
        Number.isInteger(shard[0]) &&
        Number.isInteger(shard[1]) &&
        (shard[1] as number) >= 1 &&
        (shard[0] as number) >= 0 &&
        (shard[0] as number) < (shard[1] as number);
      if (!valid) {
        session.socket.close(4010, 'Invalid shard.');
        return;
      }
      session.shard = [shard[0] as number, shard[1] as number];
    }
    session.identified = true;
    session.intents = intents;
    session.identify = { ...d, token: '***' };
    const { ready, guilds } = this.#options.onIdentify(session);
    // Each shard hears of its own guilds only.
    const mine = (g: unknown): boolean => receives(session.shard, String((g as JsonObject)['id']));
    const readyGuilds = Array.isArray(ready['guilds']) ? ready['guilds'].filter(mine) : ready['guilds'];
    this.#send(session, { op: GatewayOpcodes.Dispatch, t: 'READY', s: ++session.seq, d: { ...ready, guilds: readyGuilds, shard: [...session.shard] } });
    for (const g of guilds.filter(mine)) this.#send(session, { op: GatewayOpcodes.Dispatch, t: 'GUILD_CREATE', s: ++session.seq, d: g });
    this.#options.onChange();
  }

  #resume(session: GatewaySession, d: JsonObject): void {
    if (d['token'] !== this.#options.token) {
      session.socket.close(4004, 'Authentication failed.');
      return;
    }
    const sessionId = typeof d['session_id'] === 'string' ? d['session_id'] : '';
    const saved = this.#resumable.get(sessionId);
    const seq = typeof d['seq'] === 'number' ? d['seq'] : -1;
    if (saved === undefined || seq > saved.seq) {
      this.#send(session, { op: GatewayOpcodes.InvalidSession, d: false });
      return;
    }
    this.#resumable.delete(sessionId);
    Object.assign(session, { sessionId, seq: saved.seq, identified: true, intents: saved.intents, identify: saved.identify, shard: saved.shard });
    for (const payload of saved.missed) if ((payload['s'] as number) > seq) this.#send(session, payload);
    this.#send(session, { op: GatewayOpcodes.Dispatch, t: 'RESUMED', s: ++session.seq, d: {} });
    this.#options.onChange();
  }

  #send(session: GatewaySession, payload: JsonObject): void {
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify(payload));
  }
}

/** A resume URL that stays the same for the simulator's lifetime. */
export function gatewayUrl(port: number): string {
  return `ws://127.0.0.1:${port}`;
}
