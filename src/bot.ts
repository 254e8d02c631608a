/**
 * Builds and starts the bot: config → dataset → store → client → router → login.
 * `src/index.ts` runs it for `npm start`; the end-to-end tests and the playground run the
 * same function against the local Discord simulator.
 */
import { randomInt } from 'node:crypto';
import { Events, type Client } from 'discord.js';
import { buttons, commands } from './commands/index.js';
import { loadConfig, type Config } from './config.js';
import { createSearchIndex } from './data/search.js';
import { loadDataset } from './data/validate.js';
import { createClient } from './discord/client.js';
import type { BotContext } from './discord/context.js';
import { createQuizPorts } from './discord/quiz-view.js';
import { createRouter } from './discord/router.js';
import { createLogger, type Logger } from './logger.js';
import { buildBank } from './quiz/bank.js';
import { createPracticeSource, createQuestionSource } from './quiz/sources.js';
import { createPracticeService } from './quiz/practice.js';
import { seededRng, systemClock } from './quiz/rng.js';
import { createQuizRunner, type QuizTimings } from './quiz/runner.js';
import { realScheduler, type Scheduler } from './quiz/scheduler.js';
import type { Clock, Rng } from './quiz/types.js';
import { openStore } from './store/index.js';

export interface StartBotOptions {
  /** Environment variables (see .env.example); `readEnvironment()` in production. */
  readonly env: Record<string, string | undefined>;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly rng?: Rng;
  readonly scheduler?: Scheduler;
  readonly timings?: Partial<QuizTimings>;
}

export interface RunningBot {
  readonly config: Config;
  readonly client: Client<true>;
  readonly ctx: BotContext;
  /** Stops accepting interactions, finishes those in flight, then closes the client and the store. */
  stop(): Promise<void>;
}

/**
 * Starts the bot and resolves once it is logged in, has resumed saved quizzes and accepts interactions.
 * @throws ConfigError for a bad environment; DatasetError for a bad record; the discord.js error when login fails.
 */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const config = loadConfig(options.env, 'start');
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const rng = options.rng ?? seededRng(randomInt(2 ** 31));
  const dataset = loadDataset();
  const search = createSearchIndex(dataset);

  const store = await openStore(config.databaseUrl, { logger, clock });
  const client = createClient(config);
  try {
    const recovered = await store.recover();
    if (recovered.journals > 0) logger.warn({ recovered }, 'completed score commits interrupted by a crash');

    // The question bank is built once; games and practice pick from it.
    const bank = buildBank(dataset);
    const quiz = createQuizRunner({
      store,
      questions: createQuestionSource(bank, store.history),
      clock,
      rng,
      scheduler: options.scheduler ?? realScheduler,
      logger,
      ports: createQuizPorts(client.rest),
      ...(options.timings ? { timings: options.timings } : {}),
    });
    const practice = createPracticeService({ store, pick: createPracticeSource(bank, store.history), clock, rng, logger });
    const ctx: BotContext = { config, dataset, search, store, quiz, practice, clock, rng, logger };
    const router = createRouter({ commands, buttons, ctx, logger });

    // Interactions that arrive before saved quizzes are loaded wait for them, so a click on a
    // resumed question is never answered "unknown quiz"; they do not wait for the reveals and
    // notices the resume posts, which could take longer than Discord's 3-second deadline.
    let openGate: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    client.on(Events.InteractionCreate, (interaction) => {
      void gate.then(() => router.handle(interaction));
    });
    client.on(Events.GuildDelete, (guild) => {
      // discord.js reports an outage as GuildUnavailable, never as GuildDelete, so this is a real
      // removal. `guild.available` is no guide: a guild removed after an outage is still marked
      // unavailable, and skipping it would keep its settings and quizzes forever.
      logger.info({ guildId: guild.id }, 'removed from a server: forgetting its settings and quizzes');
      void quiz
        .removeGuild(guild.id)
        .then(() => store.removeGuild(guild.id))
        .catch((err: unknown) => logger.error({ err, guildId: guild.id }, 'cleanup after removal failed'));
    });
    client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));

    const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
    await client.login(config.discordToken);
    const readyClient = await ready;
    // With one process per shard on a shared store, each resumes only its own servers' quizzes.
    const report = await quiz.resume({ onLoaded: openGate, owns: (guildId) => readyClient.guilds.cache.has(guildId) });
    logger.info({ ...report }, 'resumed saved quizzes');
    openGate();
    logger.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, store: store.backend }, 'bot ready');

    let stopping: Promise<void> | undefined;
    return {
      config,
      client: readyClient,
      ctx,
      stop() {
        stopping ??= (async () => {
          router.close();
          await router.drain();
          await quiz.shutdown();
          await client.destroy();
          await store.close();
          logger.info({}, 'bot stopped');
        })();
        return stopping;
      },
    };
  } catch (err) {
    await client.destroy().catch(() => {});
    await store.close().catch(() => {});
    throw err;
  }
}
