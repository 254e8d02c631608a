import { once } from 'node:events';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { createOpenApiValidator, startSimulator, type OpenApiValidator, type Simulator } from './index.js';

type Payload = { op: number; t?: string; s?: number; d?: unknown };

/** A raw gateway client that collects every payload, for checking the protocol without discord.js. */
class RawClient {
  readonly received: Payload[] = [];
  readonly socket: WebSocket;
  readonly closed: Promise<number>;
  #waiters: (() => void)[] = [];

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.on('message', (data: Buffer) => {
      this.received.push(JSON.parse(data.toString()) as Payload);
      for (const w of this.#waiters) w();
    });
    this.closed = once(this.socket, 'close').then(([code]) => code as number);
  }

  send(payload: Payload): void {
    this.socket.send(JSON.stringify(payload));
  }

  /** Resolves with the first received payload matching, waiting for it if needed. */
  next(match: (p: Payload) => boolean): Promise<Payload> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.received.find(match);
        if (found !== undefined) resolve(found);
        return found !== undefined;
      };
      if (check()) return;
      this.#waiters.push(() => void check());
      void this.closed.then((code) => reject(new Error(`closed with ${code} before the payload arrived`)));
    });
  }
}

describe('the simulated gateway protocol', () => {
  let validator: OpenApiValidator;
  let sim: Simulator | undefined;
  const clients: RawClient[] = [];

  beforeAll(() => {
    validator = createOpenApiValidator();
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.socket.terminate();
    await sim?.close();
    sim = undefined;
  });

  async function connect(query = '?v=10&encoding=json'): Promise<{ s: Simulator; c: RawClient }> {
    const s = await startSimulator({ validator, heartbeatIntervalMs: 45_000, guilds: [{ id: '5', name: 'G', members: [{ username: 'alice' }] }] });
    sim = s;
    const c = new RawClient(`${s.gatewayUrl}${query}`);
    clients.push(c);
    return { s, c };
  }

  test('given a connection, HELLO comes first and a heartbeat is acknowledged', async () => {
    const { c } = await connect();
    expect(await c.next((p) => p.op === 10)).toEqual({ op: 10, d: { heartbeat_interval: 45_000 } });
    c.send({ op: 1, d: null });
    expect(await c.next((p) => p.op === 11)).toEqual({ op: 11 });
  });

  test('given IDENTIFY with the right token, READY lists the guilds as unavailable and GUILD_CREATE follows', async () => {
    const { s, c } = await connect();
    await c.next((p) => p.op === 10);
    c.send({ op: 2, d: { token: s.token, intents: 1, properties: { os: 'linux', browser: 'test', device: 'test' } } });
    const ready = await c.next((p) => p.t === 'READY');
    expect(ready.s).toBe(1);
    expect(ready.d).toMatchObject({ v: 10, guilds: [{ id: '5', unavailable: true }], application: { id: s.applicationId, flags: 0 }, user: { id: s.applicationId, bot: true } });
    const guild = await c.next((p) => p.t === 'GUILD_CREATE');
    expect(guild.s).toBe(2);
    expect(guild.d).toMatchObject({ id: '5', name: 'G', unavailable: false });
    expect((guild.d as { members: { user: { username: string } }[] }).members.map((m) => m.user.username).sort()).toEqual(['BigCity Bot', 'alice']);
    await s.waitForBot();
    expect(s.sessions).toEqual([{ intents: 1, identify: expect.objectContaining({ token: '***', intents: 1 }) as unknown }]);
  });

  test('given IDENTIFY with a wrong token, the socket closes with 4004', async () => {
    const { c } = await connect();
    await c.next((p) => p.op === 10);
    c.send({ op: 2, d: { token: 'nope', intents: 1, properties: {} } });
    expect(await c.closed).toBe(4004);
  });

  test('given privileged intents that the application was not granted, the socket closes with 4014', async () => {
    const { s, c } = await connect();
    await c.next((p) => p.op === 10);
    c.send({ op: 2, d: { token: s.token, intents: 1 | (1 << 15), properties: {} } });
    expect(await c.closed).toBe(4014);
  });

  test('given another API version, the socket closes with 4012', async () => {
    const { c } = await connect('?v=9&encoding=json');
    expect(await c.closed).toBe(4012);
  });

  test('given RESUME of an unknown session, INVALID_SESSION (not resumable) is sent', async () => {
    const { s, c } = await connect();
    await c.next((p) => p.op === 10);
    c.send({ op: 6, d: { token: s.token, session_id: 'unknown', seq: 3 } });
    expect(await c.next((p) => p.op === 9)).toEqual({ op: 9, d: false });
  });

  test('given an unknown opcode, the socket closes with 4001', async () => {
    const { c } = await connect();
    await c.next((p) => p.op === 10);
    c.send({ op: 42 });
    expect(await c.closed).toBe(4001);
  });
});
