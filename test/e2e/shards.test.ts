/**
 * Shards across processes (issue 11): two real bot processes, shards 0 and 1 of 2, share one
 * PostgreSQL (and, separately, one Redis). The simulator routes each server's events to the shard
 * that holds it, `(guild_id >> 22) % 2`, as Discord does. A quiz runs in a server of each shard;
 * shard 1's process is killed with SIGKILL mid-question and started again: its quiz resumes from
 * the store with every answer it had confirmed, and every score counts once, on each server's
 * board and on the global board that both processes write.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.js';
import { loadConfig } from '../../src/config.js';
import { registerCommands } from '../../src/discord/deploy.js';
import { openStore } from '../../src/store/index.js';
import { SIM_TOKEN } from '../../scripts/lib/sim-bot.js';
import { createOpenApiValidator, startSimulator, type SimMessage, type Simulator } from '../sim/index.js';
import { describeRemote, uniqueName, type RemoteVariable } from '../store/remote.js';
import { spawnBot, type ChildBot } from './child-bot.js';

const validator = createOpenApiValidator();
const SECONDS = 12;
/** Snowflakes whose timestamp bits put them on shard 0 and shard 1 of 2. */
const GUILD_IDS = { zero: '1300000000000000000', one: '1300000000004194304' } as const;
const PLAYERS = ['ana', 'bea', 'cho', 'dae', 'eun', 'fin'];

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  cleanup = [];
}, 30_000);

function embedOf(m: SimMessage): { title?: string; description?: string } {
  const embeds = m.data['embeds'];
  return Array.isArray(embeds) && embeds.length > 0 ? (embeds[0] as { title?: string; description?: string }) : {};
}
const titleOf = (m: SimMessage): string => embedOf(m).title ?? '';
const contentOf = (m: SimMessage): string => (typeof m.data['content'] === 'string' ? m.data['content'] : '');

async function whileAlive<T>(bot: ChildBot, what: string, wait: Promise<T>): Promise<T> {
  const died = bot.exited.then((exit) => {
    throw new Error(`a bot exited (${JSON.stringify(exit)}) while waiting for ${what}:\n${bot.output()}`);
  });
  return Promise.race([wait, died]);
}

/** The URL of a store of this test's own on the server the variable names. */
function isolated(variable: RemoteVariable, base: string): { url: string; drop: () => Promise<void> } {
  const u = new URL(base);
  const name = uniqueName('shards');
  u.searchParams.set(variable === 'TEST_POSTGRES_URL' ? 'schema' : 'prefix', name);
  const url = u.toString();
  return {
    url,
    async drop() {
      if (variable === 'TEST_POSTGRES_URL') {
        const pg = (await import('pg')).default;
        const client = new pg.Client({ connectionString: base });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
        await client.end();
      } else {
        const { createClient } = await import('@keyv/redis');
        const client = createClient({ url: base });
        await client.connect();
        for await (const keys of client.scanIterator({ MATCH: `${name}:*`, COUNT: 500 })) {
          const batch = Array.isArray(keys) ? keys : [keys];
          if (batch.length > 0) await client.del(batch);
        }
        await client.quit();
      }
    },
  };
}

for (const [variable, engine] of [
  ['TEST_POSTGRES_URL', 'PostgreSQL'],
  ['TEST_REDIS_URL', 'Redis'],
] as const) {
  describeRemote(variable, `two shards in two processes on one ${engine}`, (base) => {
    it('given quizzes in a server of each shard and shard 1 killed mid-question, its quiz resumes and every score counts once on every board', async () => {
      const store = isolated(variable, base);
      cleanup.push(store.drop);
      const dir = mkdtempSync(join(tmpdir(), 'bigcity-shards-'));
      cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
      const members = [{ username: 'host' }, ...PLAYERS.map((username) => ({ username }))];
      const sim: Simulator = await startSimulator({
        token: SIM_TOKEN,
        validator,
        waitTimeoutMs: 20_000,
        recommendedShards: 2,
        guilds: [
          { id: GUILD_IDS.zero, name: 'Shard Zero', owner: 'host', members, channels: [{ name: 'quiz' }] },
          { id: GUILD_IDS.one, name: 'Shard One', owner: 'host', members, channels: [{ name: 'quiz' }] },
        ],
      });
      cleanup.push(() => sim.close());
      const base_env = {
        DISCORD_TOKEN: sim.token,
        DISCORD_CLIENT_ID: sim.applicationId,
        DISCORD_API_URL: sim.apiUrl,
        DATABASE_URL: store.url,
        SHARD_COUNT: '2',
        QUIZ_LEASE_MS: '2000',
        LOG_LEVEL: 'warn',
      };
      await registerCommands(loadConfig(base_env, 'deploy'), commands);
      const bots: ChildBot[] = [];
      cleanup.push(async () => {
        for (const bot of bots) bot.kill('SIGKILL');
        await Promise.all(bots.map((b) => b.exited));
      });
      const spawn = (shard: number): ChildBot => {
        const bot = spawnBot({ ...base_env, SHARD_IDS: String(shard) }, dir);
        bots.push(bot);
        return bot;
      };
      const zero = spawn(0);
      let one = spawn(1);
      const bothUp = (): true | undefined => (sim.sessions.length === 2 ? true : undefined);
      await whileAlive(zero, 'both shards to identify', whileAlive(one, 'both shards to identify', sim.waitFor(bothUp, 'two gateway sessions', { timeoutMs: 45_000 })));
      expect(sim.sessions.map((s) => s.identify?.['shard']).sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);

      const quizChannel = { zero: sim.channelId('Shard Zero', 'quiz'), one: sim.channelId('Shard One', 'quiz') };
      const firstQuestion = async (channelId: string, bot: ChildBot): Promise<SimMessage> => {
        await whileAlive(bot, 'the quiz to start', sim.command({ channelId, userId: 'host', name: 'quiz start', options: { rounds: 2, seconds: SECONDS } }).waitForReply());
        return whileAlive(bot, 'question 1', sim.waitForMessage((m) => !m.ephemeral && titleOf(m) === 'Question 1 of 2', { channelId, timeoutMs: 20_000, description: 'question 1' }));
      };
      const q = { zero: await firstQuestion(quizChannel.zero, zero), one: await firstQuestion(quizChannel.one, one) };

      // Every player answers question 1 in both servers; what each was told "locked in" is what must count.
      const confirmed: Record<'zero' | 'one', Map<string, string>> = { zero: new Map(), one: new Map() };
      for (const side of ['zero', 'one'] as const) {
        const labels = sim.buttons(q[side].id).map((b) => b.label ?? '');
        await Promise.all(
          PLAYERS.map(async (player, i) => {
            const label = labels[i % labels.length] ?? '';
            const reply = await sim.click({ messageId: q[side].id, userId: player, label }).waitForReply();
            if (contentOf(reply).includes('locked in')) confirmed[side].set(sim.userId(player), label);
          }),
        );
        expect(confirmed[side].size, `${side}: every click was confirmed`).toBe(PLAYERS.length);
      }

      // Shard 1's process dies mid-question; shard 0 carries on untouched.
      expect(one.kill('SIGKILL')).toBe(true);
      await one.exited;
      await sim.waitFor(() => (sim.sessions.length === 1 ? true : undefined), 'shard 1 to drop off the gateway', { timeoutMs: 10_000 });
      one = spawn(1);
      await whileAlive(
        one,
        'the resume notice in shard 1',
        sim.waitForMessage((m) => !m.ephemeral && contentOf(m).startsWith('Back after a restart'), { channelId: quizChannel.one, timeoutMs: 45_000, description: 'the resume notice' }),
      );

      // Both quizzes run to their end, each in its own process.
      for (const [side, bot] of [
        ['zero', zero],
        ['one', one],
      ] as const) {
        await whileAlive(
          bot,
          `the standings in ${side}`,
          sim.waitForMessage((m) => !m.ephemeral && titleOf(m) === 'Final standings', { channelId: quizChannel[side], timeoutMs: 2 * SECONDS * 1_000 + 30_000, description: `the standings in ${side}` }),
        );
      }
      // Question 1 was revealed once in each server, counting every confirmed answer.
      for (const side of ['zero', 'one'] as const) {
        const reveals = sim.messages(quizChannel[side]).filter((m) => titleOf(m) === 'Question 1 of 2: time is up');
        expect(reveals, `${side}: one reveal of question 1`).toHaveLength(1);
      }

      // Every board, read from the shared store: each answer once, the global board the sum of both servers'.
      const reader = await openStore(store.url, { clock: { now: () => Date.now() }, logger: { info() {}, warn() {}, error() {}, debug() {} } });
      cleanup.push(() => reader.close());
      for (const player of PLAYERS) {
        const userId = sim.userId(player);
        const onZero = await reader.scores.stats(userId, { guildId: GUILD_IDS.zero }, 'all-time');
        const onOne = await reader.scores.stats(userId, { guildId: GUILD_IDS.one }, 'all-time');
        const global = await reader.scores.stats(userId, 'global', 'all-time');
        // Question 1 in both servers, and question 2 unanswered: one answer per server, one game each.
        expect(onZero, `${player} in shard 0's server`).toMatchObject({ answered: 1, gamesPlayed: 1 });
        expect(onOne, `${player} in shard 1's server`).toMatchObject({ answered: 1, gamesPlayed: 1 });
        expect(global, `${player} on the global board`).toMatchObject({
          answered: 2,
          gamesPlayed: 2,
          points: (onZero?.points ?? 0) + (onOne?.points ?? 0),
          correct: (onZero?.correct ?? 0) + (onOne?.correct ?? 0),
        });
      }
      // The global leaderboard, as a player sees it from a DM (DMs reach shard 0).
      const board = await reader.scores.leaderboard('global', 'all-time', { limit: 10 });
      expect(board.total).toBe(PLAYERS.length);
      const shown = await whileAlive(zero, 'the global leaderboard', sim.command({ dm: true, userId: 'ana', name: 'quiz leaderboard', options: { scope: 'global' } }).waitForReply());
      const lines = (embedOf(shown).description ?? '').split('\n');
      for (const entry of board.entries) {
        expect(lines.some((line) => line.includes(`<@${entry.userId}>: **${entry.points}** pts`)), `${entry.userId} with ${entry.points} on the board shown`).toBe(true);
      }
      for (const bot of bots) if (bot.exit === undefined) await bot.stop();
    }, 180_000);
  });
}
