/**
 * Gateway closes Discord will not take the bot back from (4004 bad token, 4010–4014): the real
 * bot (`src/index.ts`, what `npm start` runs) as a child process against the simulator logs one
 * error line naming the code, the cause and the fix, saves its running quizzes for the next
 * start, and exits with code 2 so that a supervisor sees a failure. A close discord.js recovers
 * from (4000) changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_GATEWAY_FATAL, EXIT_STORE_UNUSABLE } from '../../src/bot.js';
import { commands } from '../../src/commands/index.js';
import { fatalCloseMessage, fatalGatewayClose } from '../../src/discord/client.js';
import { createLogger } from '../../src/logger.js';
import { openStore } from '../../src/store/index.js';
import { startSimulator, type Simulator } from '../sim/index.js';
import { spawnBot, type ChildBot } from './child-bot.js';
import { FANS, TEST_TOKEN, startHarness, validator, type Harness } from './harness.js';

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** pino's JSON lines among what the child wrote (stderr lines are not JSON). */
function logLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

interface Run {
  readonly sim: Simulator;
  readonly dir: string;
  readonly databaseUrl: string;
  bot?: ChildBot;
}
let run: Run | undefined;
let h: Harness | undefined;

afterEach(async () => {
  const r = run;
  run = undefined;
  if (r) {
    try {
      r.sim.assertNoViolations();
    } finally {
      r.bot?.kill('SIGKILL');
      await r.bot?.exited;
      await r.sim.close();
      rmSync(r.dir, { recursive: true, force: true });
    }
  }
  await h?.close();
  h = undefined;
}, 30_000);

/** The bot running as `npm start` would, with a quiz open in #general (a question on screen). */
async function botWithRunningQuiz(): Promise<{ run: Run; bot: ChildBot; general: string }> {
  const sim = await startSimulator({ token: TEST_TOKEN, validator: validator(), guilds: [FANS], waitTimeoutMs: 20_000 });
  sim.registerCommands(commands.map((c) => c.data.toJSON()));
  const dir = mkdtempSync(join(tmpdir(), 'bigcity-fatal-'));
  const databaseUrl = `sqlite://${join(dir, 'bot.sqlite')}`;
  run = { sim, dir, databaseUrl };
  const bot = spawnBot({ DISCORD_TOKEN: sim.token, DISCORD_API_URL: sim.apiUrl, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' }, dir);
  run.bot = bot;
  await sim.waitForBot({ timeoutMs: 45_000 });
  const general = sim.channelId('Big City Fans', 'general');
  await sim.command({ channelId: general, userId: 'alice', name: 'quiz start', options: { rounds: 3 } }).waitForReply({ timeoutMs: 15_000 });
  // The first question, after the intro pause: a quiz with a timer running.
  await sim.waitForMessage((m) => sim.buttons(m.id).length > 0, { channelId: general, timeoutMs: 20_000, description: 'the first question' });
  return { run, bot, general };
}

/** Exits within `ms`, or fails with what the child wrote. */
async function exitOf(bot: ChildBot, ms = 20_000): Promise<{ code: number | null }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the bot did not exit within ${ms} ms:\n${bot.output()}`)), ms);
  });
  try {
    return await Promise.race([bot.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** `check()`'s first defined value, polled (log lines arrive without any simulator event). */
async function poll<T>(check: () => T | undefined, bot: ChildBot, ms: number): Promise<T> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 50))) {
    const found = check();
    if (found !== undefined) return found;
    if (bot.exit) break;
  }
  throw new Error(`not seen within ${ms} ms:\n${bot.output()}`);
}

async function savedSession(databaseUrl: string, channelId: string): Promise<unknown> {
  const store = await openStore(databaseUrl, { logger: createLogger('silent'), clock: { now: () => Date.now() } });
  try {
    return await store.sessions.get(channelId);
  } finally {
    await store.close();
  }
}

describe('a fatal gateway close while the bot runs (npm start)', () => {
  it('given 4004 (the token was reset), one error line names the code, the cause and DISCORD_TOKEN; the quiz stays saved; the exit code is 2', async () => {
    const { run: r, bot, general } = await botWithRunningQuiz();
    const posted = r.sim.messages(general).length;
    r.sim.disconnectBots(4004);
    const exit = await exitOf(bot);
    expect(exit.code, bot.output()).toBe(EXIT_GATEWAY_FATAL);

    const lines = logLines(bot.output());
    const errors = lines.filter((l) => l.level >= 50);
    expect(errors, bot.output()).toHaveLength(1);
    const [line] = errors as [LogLine];
    expect(line).toMatchObject({ closeCode: 4004, cause: 'authentication failed', exitCode: 2 });
    expect(line.msg).toBe(
      'Discord closed the gateway with code 4004 (authentication failed): the bot token was reset or is wrong. ' +
        'To fix it, put the new token in DISCORD_TOKEN, then start the bot again; running quizzes are saved and resume then. Exiting with code 2.',
    );
    expect(line['err']).toBeUndefined();
    expect(lines.some((l) => l.msg === 'bot stopped')).toBe(true);
    expect(bot.output()).not.toContain(TEST_TOKEN);

    // Nothing more was posted (no reveal nobody could have answered), and the quiz waits in the store.
    expect(r.sim.messages(general)).toHaveLength(posted);
    expect(await savedSession(r.databaseUrl, general)).toMatchObject({ channelId: general, guildId: r.sim.guild('Big City Fans').id });

    // With the token fixed (the simulator never changed it), the next start resumes that quiz.
    const again = spawnBot({ DISCORD_TOKEN: r.sim.token, DISCORD_API_URL: r.sim.apiUrl, DATABASE_URL: r.databaseUrl, LOG_LEVEL: 'info' }, r.dir);
    r.bot = again;
    const resumed = await poll(() => logLines(again.output()).find((l) => l.msg === 'resumed saved quizzes'), again, 45_000);
    expect(resumed).toMatchObject({ resumed: 1 });
  }, 120_000);

  it('given 4014 (a privileged intent refused), one error line points to the Developer Portal, without reconnecting; the quiz stays saved; the exit code is 2', async () => {
    const { run: r, bot, general } = await botWithRunningQuiz();
    r.sim.disconnectBots(4014);
    // discord.js must not try again: no session identifies or resumes before the process is gone.
    let reconnected = false;
    r.sim.on('change', () => {
      if (r.sim.sessions.length > 0) reconnected = true;
    });
    const exit = await exitOf(bot);
    expect(exit.code, bot.output()).toBe(EXIT_GATEWAY_FATAL);
    expect(reconnected).toBe(false);

    const errors = logLines(bot.output()).filter((l) => l.level >= 50);
    expect(errors, bot.output()).toHaveLength(1);
    const [line] = errors as [LogLine];
    expect(line).toMatchObject({ closeCode: 4014, cause: 'disallowed intents', exitCode: 2 });
    expect(line.msg).toBe(
      "Discord closed the gateway with code 4014 (disallowed intents): Discord refused the bot's intents although none is privileged (it asks for Guilds). " +
        'To fix it, check Bot → Privileged Gateway Intents in the Developer Portal and any notice there about the application, ' +
        'then start the bot again; running quizzes are saved and resume then. Exiting with code 2.',
    );
    expect(await savedSession(r.databaseUrl, general)).toMatchObject({ channelId: general });
  }, 120_000);
});

describe('a store that becomes unusable while the bot runs (npm start)', () => {
  it('given the database file deleted under the bot, the store names the problem, the bot stops and exits with code 3', async () => {
    const { run: r, bot } = await botWithRunningQuiz();
    const file = r.databaseUrl.slice('sqlite://'.length);
    rmSync(file);
    // The store checks its file every 5 s, then copies what it holds before giving up.
    const exit = await exitOf(bot, 40_000);
    expect(exit.code, bot.output()).toBe(EXIT_STORE_UNUSABLE);
    const lines = logLines(bot.output());
    const stopping = lines.find((l) => l.exitCode === EXIT_STORE_UNUSABLE);
    expect(stopping, bot.output()).toMatchObject({
      level: 30,
      cause: 'the database file was deleted',
      msg: 'the store is unusable (the database file was deleted): stopping; exiting with code 3',
    });
    // The store's own line names the file and what to do; it is the only error.
    const errors = lines.filter((l) => l.level >= 50);
    expect(errors, bot.output()).toHaveLength(1);
    expect(errors[0]?.msg).toContain(`store unusable: the database file ${file} was deleted while the bot was running`);
    expect(lines.some((l) => l.msg === 'bot stopped')).toBe(true);
  }, 120_000);
});

describe('fatal closes in process (startBot)', () => {
  it.each([4010, 4011, 4012, 4013])('given %i, `fatal` resolves with exit code 2 and the message is logged once', async (code) => {
    h = await startHarness();
    h.sim.disconnectBots(code);
    const problem = await h.bot.fatal;
    const close = fatalGatewayClose(code, ['Guilds']);
    expect(close).toBeDefined();
    expect(problem).toEqual({ exitCode: EXIT_GATEWAY_FATAL, message: fatalCloseMessage(close!, EXIT_GATEWAY_FATAL) });
    const errors = h.logs.map((l) => JSON.parse(l) as LogLine).filter((l) => l.level >= 50);
    expect(errors).toEqual([expect.objectContaining({ closeCode: code, msg: problem.message })]);
  });

  it('given a close discord.js recovers from (4000), the bot reconnects, reports nothing fatal and answers again', async () => {
    h = await startHarness();
    let fatal = false;
    void h.bot.fatal.then(() => {
      fatal = true;
    });
    h.sim.disconnectBots(4000);
    await h.sim.waitFor(() => (h?.sim.sessions.length === 1 ? true : undefined), 'the bot to resume');
    const film = await h.sim.command({ channelId: h.channel('Big City Fans', 'general'), userId: 'bob', name: 'film' }).waitForReply();
    expect(h.sim.renderMessage(film)).toContain('118 minutes');
    expect(fatal).toBe(false);
    expect(h.logs.map((l) => JSON.parse(l) as LogLine).filter((l) => l.level >= 50)).toEqual([]);
  });
});

describe('fatalGatewayClose', () => {
  it('given each close Discord will not take back, it names the cause and a fix; given any other code, nothing', () => {
    expect(fatalGatewayClose(4004)?.fix).toBe('put the new token in DISCORD_TOKEN');
    expect(fatalGatewayClose(4010)?.fix).toContain('SHARD_COUNT');
    expect(fatalGatewayClose(4011)?.cause).toBe('sharding required');
    expect(fatalGatewayClose(4012)?.fix).toContain('DISCORD_API_URL');
    expect(fatalGatewayClose(4013, ['Guilds'])?.why).toContain('(Guilds)');
    expect(fatalGatewayClose(4014, ['Guilds', 'GuildMembers', 'MessageContent'])).toEqual({
      code: 4014,
      cause: 'disallowed intents',
      why: 'the bot asks for privileged intents that are not enabled for this application (GuildMembers, MessageContent)',
      fix: 'enable Server Members Intent and Message Content Intent under Bot → Privileged Gateway Intents in the Developer Portal, or remove them from src/discord/client.ts',
    });
    for (const code of [1000, 1001, 4000, 4001, 4002, 4003, 4005, 4007, 4008, 4009]) expect(fatalGatewayClose(code)).toBeUndefined();
  });
});
