/**
 * Starts the local Discord simulator and the real bot (the same `startBot` that `npm start` runs)
 * against it, on a temporary SQLite file, for the playground and the load benchmark. Commands
 * are registered through the same code as `npm run deploy`. Dev-only: nothing under src/ imports it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot, type RunningBot } from '../../src/bot.js';
import { commands } from '../../src/commands/index.js';
import { loadConfig } from '../../src/config.js';
import { registerCommands } from '../../src/discord/deploy.js';
import type { Logger } from '../../src/logger.js';
import type { QuizTimings } from '../../src/quiz/runner.js';
import type { Scheduler } from '../../src/quiz/scheduler.js';
import type { Clock } from '../../src/quiz/types.js';
import { createOpenApiValidator, startSimulator, type GuildSpec, type OpenApiValidator, type Simulator } from '../../test/sim/index.js';

/**
 * A token of the shape Discord issues (three dot-separated base64url parts): the bot checks the
 * shape before logging in, and the simulator accepts exactly this one. It opens nothing real.
 */
export const SIM_TOKEN = 'MTMwMDAwMDAwMDAwMDAwMDAwMQ.GsimPG.simulated-token-for-the-playground-0000';

export interface SimBotOptions {
  readonly guilds: readonly GuildSpec[];
  readonly logger: Logger;
  readonly timings?: Partial<QuizTimings>;
  /** Quiz timers on a manual clock (tests); default the real clock and timers. */
  readonly clock?: Clock;
  readonly scheduler?: Scheduler;
  /** Share one across runs: compiling Discord's schemas takes a moment. */
  readonly validator?: OpenApiValidator;
  readonly waitTimeoutMs?: number;
  /** Prefix of the temporary directory holding the SQLite file. */
  readonly tempPrefix?: string;
}

export interface SimBot {
  readonly sim: Simulator;
  readonly bot: RunningBot;
  readonly databaseUrl: string;
  /** The temporary directory (SQLite file and its WAL); deleted by {@link SimBot.close}. */
  readonly dir: string;
  /** Names of the registered commands, as `npm run deploy` printed them. */
  readonly registered: readonly string[];
  /** Stops the bot, closes the simulator and deletes the temporary directory. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the simulator, registers every command globally (through `registerCommands`, as
 * `npm run deploy` does), then starts the bot and waits until it has identified.
 * @throws Error when Discord's OpenAPI description cannot be loaded, the bot fails to start, or
 *   the commands are refused; whatever was started is stopped and the directory deleted first.
 */
export async function startSimBot(options: SimBotOptions): Promise<SimBot> {
  const dir = mkdtempSync(join(tmpdir(), options.tempPrefix ?? 'bigcity-sim-'));
  const databaseUrl = `sqlite://${join(dir, 'bot.sqlite')}`;
  let sim: Simulator | undefined;
  let bot: RunningBot | undefined;
  try {
    sim = await startSimulator({
      token: SIM_TOKEN,
      validator: options.validator ?? createOpenApiValidator(),
      guilds: options.guilds,
      waitTimeoutMs: options.waitTimeoutMs ?? 10_000,
    });
    const env = {
      DISCORD_TOKEN: sim.token,
      DISCORD_CLIENT_ID: sim.applicationId,
      DISCORD_API_URL: sim.apiUrl,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
    };
    const deployed = await registerCommands(loadConfig(env, 'deploy'), commands);
    bot = await startBot({
      env,
      logger: options.logger,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
      ...(options.timings ? { timings: options.timings } : {}),
    });
    await sim.waitForBot();
    const started = { sim, bot };
    let closing: Promise<void> | undefined;
    return {
      ...started,
      databaseUrl,
      dir,
      registered: deployed.registered.map((c) => c.name),
      close() {
        closing ??= shutdown(started.bot, started.sim, dir);
        return closing;
      },
    };
  } catch (err) {
    await shutdown(bot, sim, dir);
    throw err;
  }
}

async function shutdown(bot: RunningBot | undefined, sim: Simulator | undefined, dir: string): Promise<void> {
  try {
    // The bot first: its last writes and REST calls still reach a live simulator.
    await bot?.stop().catch(() => undefined);
    await sim?.close().catch(() => undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
