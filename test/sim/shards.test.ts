/**
 * The simulator's shards, as Discord routes them: a client identifies with `[shard_id, shard_count]`
 * and receives its own guilds only (`(guild_id >> 22) % shard_count`) and their interactions; DMs
 * go to shard 0; an impossible shard closes with 4010; GET /gateway/bot recommends a count.
 */
import { once } from 'node:events';
import { Client, GatewayIntentBits, SlashCommandBuilder, type Interaction } from 'discord.js';
import { afterEach, expect, test } from 'vitest';
import { createOpenApiValidator, startSimulator, type Simulator } from './index.js';

const validator = createOpenApiValidator();
/** Snowflakes whose timestamp bits put them on shard 0 and shard 1 of 2. */
const ZERO = '1300000000000000000';
const ONE = '1300000000004194304';
const PING = new SlashCommandBuilder().setName('ping').setDescription('Ping').setContexts(0, 1).toJSON();

let sim: Simulator | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.destroy();
  await sim?.close();
  sim = undefined;
});

async function shardClient(s: Simulator, shard: number, seen: string[]): Promise<Client> {
  const c = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: s.apiUrl }, shards: [shard], shardCount: 2 });
  clients.push(c);
  c.on('interactionCreate', (i: Interaction) => {
    seen.push(i.guildId ?? 'dm');
    if (i.isRepliable()) void i.reply({ content: `shard ${shard}` });
  });
  const ready = once(c, 'clientReady');
  await c.login(s.token);
  await ready;
  return c;
}

test('given two clients on shards 0 and 1 of 2, each has its own guild and its interactions, and DMs reach shard 0', async () => {
  const s = await startSimulator({
    validator,
    recommendedShards: 2,
    guilds: [
      { id: ZERO, name: 'Zero', owner: 'ana', members: [{ username: 'ana' }] },
      { id: ONE, name: 'One', owner: 'ana', members: [{ username: 'ana' }] },
    ],
  });
  sim = s;
  s.registerCommands([PING]);
  const seen: [string[], string[]] = [[], []];
  const zero = await shardClient(s, 0, seen[0]);
  const one = await shardClient(s, 1, seen[1]);
  expect([...zero.guilds.cache.keys()]).toEqual([ZERO]);
  expect([...one.guilds.cache.keys()]).toEqual([ONE]);
  expect(s.sessions.map((x) => x.identify?.['shard'])).toEqual([
    [0, 2],
    [1, 2],
  ]);

  const inOne = await s.command({ channelId: s.channelId('One', 'general'), userId: 'ana', name: 'ping' }).waitForReply();
  const inZero = await s.command({ channelId: s.channelId('Zero', 'general'), userId: 'ana', name: 'ping' }).waitForReply();
  const inDm = await s.command({ dm: true, userId: 'ana', name: 'ping' }).waitForReply();
  expect([inOne.data['content'], inZero.data['content'], inDm.data['content']]).toEqual(['shard 1', 'shard 0', 'shard 0']);
  expect(seen).toEqual([[ZERO, 'dm'], [ONE]]);

  const gateway = (await (await fetch(`${s.apiUrl}/v10/gateway/bot`, { headers: { authorization: `Bot ${s.token}` } })).json()) as { shards: number };
  expect(gateway.shards).toBe(2);
});

test('given a shard id not below the shard count, the gateway closes with 4010 (Invalid shard)', async () => {
  const s = await startSimulator({ validator });
  sim = s;
  const c = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: s.apiUrl }, shards: [2], shardCount: 2 });
  clients.push(c);
  const closed = new Promise<number>((resolve) => c.on('shardDisconnect', (event) => resolve(event.code)));
  void c.login(s.token).catch(() => undefined);
  expect(await closed).toBe(4010);
});
