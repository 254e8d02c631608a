/**
 * Starts the local Discord simulator and the real bot (the same `startBot` that `npm start`
 * runs) against it, with a temporary SQLite file. Quiz timers can run on a manual clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot, type RunningBot } from '../../src/bot.js';
import { commands } from '../../src/commands/index.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { LogLevel } from '../../src/config.js';
import { manualClock, seededRng } from '../../src/quiz/rng.js';
import { createFakeScheduler, type FakeScheduler } from '../../src/quiz/scheduler.js';
import type { QuizTimings } from '../../src/quiz/runner.js';
import { createOpenApiValidator, startSimulator, type GuildSpec, type OpenApiValidator, type Simulator } from '../sim/index.js';

/** A token of the shape Discord issues (the bot checks the shape); the simulator accepts it. */
export const TEST_TOKEN = 'MTMwMDAwMDAwMDAwMDAwMDAwMQ.GsimXX.simulated-token-for-tests-only-000000';

let sharedValidator: OpenApiValidator | undefined;
/** Compiling Discord's OpenAPI schemas is slow: one validator per test worker. */
export function validator(): OpenApiValidator {
  sharedValidator ??= createOpenApiValidator();
  return sharedValidator;
}

export const FANS: GuildSpec = {
  name: 'Big City Fans',
  owner: 'olivia',
  roles: [
    { name: 'Moderator', permissions: ['ManageGuild'] },
    { name: 'Quizmaster' },
  ],
  members: [{ username: 'olivia' }, { username: 'mod', roles: ['Moderator'] }, { username: 'alice' }, { username: 'bob' }, { username: 'carol' }],
  channels: [
    { name: 'general' },
    { name: 'quiz' },
    { name: 'read-only', overwrites: [{ member: '@bot', deny: ['SendMessages'] }] },
    { name: 'no-embeds', overwrites: [{ member: '@bot', deny: ['EmbedLinks'] }] },
    { name: 'voice', type: 'voice' },
  ],
};

export const OTHER: GuildSpec = {
  name: 'Other Server',
  owner: 'dave',
  members: [{ username: 'dave' }, { username: 'alice' }],
  channels: [{ name: 'general' }],
};

export interface Harness {
  readonly sim: Simulator;
  bot: RunningBot;
  readonly databaseUrl: string;
  readonly clock: ReturnType<typeof manualClock> | undefined;
  readonly scheduler: FakeScheduler | undefined;
  readonly logs: string[];
  /** Channel id by guild name and channel name. */
  channel(guild: string, name: string): string;
  /**
   * Stops the bot (as SIGTERM would) and starts it again on the same store and simulator.
   * `downtimeMs` moves the manual clock on while the bot is down (manualTime only).
   */
  restart(options?: RestartOptions): Promise<void>;
  close(): Promise<void>;
}

export interface RestartOptions {
  readonly downtimeMs?: number;
  /** Runs while the bot is down (e.g. to write what an older release left in the store). */
  readonly whileDown?: () => Promise<void>;
}

export interface HarnessOptions {
  readonly guilds?: readonly GuildSpec[];
  /** Drive quiz timers with a manual clock and a fake scheduler (no real waiting). */
  readonly manualTime?: boolean;
  readonly timings?: Partial<QuizTimings>;
  readonly interactionDeadlineMs?: number;
  /** Level of the log the test reads (`h.logs`); default info. */
  readonly logLevel?: LogLevel;
  /** Seed the bot's RNG (question choice, option order), so a failing run can be replayed. Each boot starts from it again. */
  readonly seed?: number;
  /** How long a command may take before the bot defers its answer (default the bot's, 2 s). */
  readonly deferAfterMs?: number;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'bigcity-e2e-'));
  const databaseUrl = `sqlite://${join(dir, 'bot.sqlite')}`;
  const sim = await startSimulator({
    token: TEST_TOKEN,
    validator: validator(),
    guilds: options.guilds ?? [FANS, OTHER],
    ...(options.interactionDeadlineMs ? { interactionDeadlineMs: options.interactionDeadlineMs } : {}),
    waitTimeoutMs: 10_000,
  });
  sim.registerCommands(commands.map((c) => c.data.toJSON()));
  const clock = options.manualTime ? manualClock(Date.UTC(2026, 10, 21, 12)) : undefined;
  const logs: string[] = [];
  const logger: Logger = createLogger(options.logLevel ?? 'info', {
    write(chunk: string) {
      logs.push(chunk);
      return true;
    },
  } as unknown as NodeJS.WritableStream);

  const boot = async (): Promise<RunningBot> => {
    const scheduler = clock ? createFakeScheduler(clock) : undefined;
    current.scheduler = scheduler;
    return startBot({
      env: { DISCORD_TOKEN: sim.token, DISCORD_API_URL: sim.apiUrl, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      logger,
      ...(clock ? { clock } : {}),
      ...(scheduler ? { scheduler } : {}),
      ...(options.seed !== undefined ? { rng: seededRng(options.seed) } : {}),
      timings: { introMs: 1_000, revealPauseMs: 1_000, ...options.timings },
      ...(options.deferAfterMs === undefined ? {} : { deferAfterMs: options.deferAfterMs }),
    });
  };
  const current: { scheduler: FakeScheduler | undefined } = { scheduler: undefined };
  let bot = await boot();
  let closed = false;

  const harness: Harness = {
    sim,
    get bot() {
      return bot;
    },
    set bot(value) {
      bot = value;
    },
    databaseUrl,
    clock,
    get scheduler() {
      return current.scheduler;
    },
    logs,
    channel: (guild, name) => sim.channelId(guild, name),
    async restart(restartOptions = {}) {
      await bot.stop();
      if (restartOptions.downtimeMs !== undefined) {
        if (!clock) throw new Error('restart({ downtimeMs }) needs startHarness({ manualTime: true })');
        clock.advance(restartOptions.downtimeMs);
      }
      await restartOptions.whileDown?.();
      bot = await boot();
    },
    async close() {
      if (closed) return;
      closed = true;
      await bot.stop().catch(() => {});
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
