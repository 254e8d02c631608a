/**
 * Builds and starts the bot: config → dataset → store → client → router → login.
 * `src/index.ts` runs it for `npm start`; the end-to-end tests and the playground run the
 * same function against the local Discord simulator.
 */
import { randomInt } from 'node:crypto';
import { Client, Events } from 'discord.js';
import { buttons, commands, modals } from './commands/index.js';
import { loadConfig, type Config } from './config.js';
import { lazySearchIndex } from './data/search.js';
import { loadDataset } from './data/validate.js';
import { createClient, fatalCloseMessage, fatalGatewayClose, intentNames } from './discord/client.js';
import type { BotContext } from './discord/context.js';
import { createQuizPorts } from './discord/quiz-view.js';
import { createRouter } from './discord/router.js';
import { createLogger, type Logger } from './logger.js';
import { buildBank } from './quiz/bank.js';
import { createPracticeSource, createQuestionSource } from './quiz/sources.js';
import { createPracticeService } from './quiz/practice.js';
import { createReportService, reportableQuestions } from './quiz/reports.js';
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
  /**
   * How often saved quizzes of this process's servers that no process runs (their owner stopped or
   * died) are looked for and taken over. Default {@link ADOPT_EVERY_MS}; 0 turns it off.
   */
  readonly adoptEveryMs?: number;
  /** How long a command's handler may take before its answer is deferred for it (default 2 s; see src/discord/deferral.ts). */
  readonly deferAfterMs?: number;
}

/** How often a process looks for quizzes of its servers that nobody runs. */
export const ADOPT_EVERY_MS = 10_000;

/** Exit code for a gateway close Discord will not take back without a new setting (4004, 4010–4014). */
export const EXIT_GATEWAY_FATAL = 2;
/** Exit code for a store that cannot be used any more (see `Store.onUnusable`). */
export const EXIT_STORE_UNUSABLE = 3;

/** Why the bot cannot go on: the process should stop and exit with `exitCode`. */
export interface FatalProblem {
  readonly exitCode: number;
  /** One line naming the cause and what to fix. */
  readonly message: string;
}

/** A fatal problem found while the bot was starting: `startBot` rejects with it. */
export class FatalStartError extends Error {
  override readonly name = 'FatalStartError';
  readonly exitCode: number;
  constructor(problem: FatalProblem, options?: ErrorOptions) {
    super(problem.message, options);
    this.exitCode = problem.exitCode;
  }
}

export interface RunningBot {
  readonly config: Config;
  readonly client: Client<true>;
  readonly ctx: BotContext;
  /**
   * Resolves (it never rejects) when the bot can no longer work and will not recover by itself:
   * a fatal gateway close (logged here, one error line with the cause and the fix), or a store
   * that became unusable (logged by the store; one info line here). The caller should then
   * `stop()` and exit with `exitCode`. Problems found during `startBot` reject it instead.
   */
  readonly fatal: Promise<FatalProblem>;
  /** Stops accepting interactions, finishes those in flight, then closes the client and the store. */
  stop(): Promise<void>;
}

/**
 * Starts the bot and resolves once it is logged in, has resumed saved quizzes and accepts interactions.
 * @throws ConfigError for a bad environment; DatasetError for a bad record; FatalStartError when Discord
 * closes the gateway for good during login (bad token, refused intents…); the discord.js error when login
 * fails otherwise.
 */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const config = loadConfig(options.env, 'start');
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const rng = options.rng ?? seededRng(randomInt(2 ** 31));
  const dataset = loadDataset();
  // Built on the first lookup: most first commands after a start (quizzes, answers) never need it.
  const search = lazySearchIndex(dataset);

  const store = await openStore(config.databaseUrl, { logger, clock });
  const client = createClient(config);

  // A fatal problem before startBot returns makes it reject; after, it is logged and `fatal` resolves.
  let problem: FatalProblem | undefined;
  let started = false;
  let announce: (p: FatalProblem) => void = () => {};
  const seen = new Promise<FatalProblem>((resolve) => {
    announce = resolve;
  });
  let resolveFatal: (p: FatalProblem) => void = () => {};
  const fatal = new Promise<FatalProblem>((resolve) => {
    resolveFatal = resolve;
  });
  const reportFatal = (found: FatalProblem, line: { readonly level: 'error' | 'info'; readonly msg: string; readonly fields: Record<string, unknown> }): void => {
    if (problem !== undefined) return;
    problem = found;
    announce(found);
    if (started) {
      logger[line.level]({ ...line.fields, exitCode: found.exitCode }, line.msg);
      resolveFatal(found);
    }
  };
  // discord.js does not reconnect after these closes and emits shardDisconnect for them: the
  // bot would sit there, unable to receive a single click, while its quizzes ran on.
  client.on(Events.ShardDisconnect, (event, shardId) => {
    const close = fatalGatewayClose(event.code, intentNames(client));
    if (close === undefined) return;
    const message = fatalCloseMessage(close, EXIT_GATEWAY_FATAL);
    reportFatal({ exitCode: EXIT_GATEWAY_FATAL, message }, { level: 'error', msg: message, fields: { closeCode: close.code, cause: close.cause, shardId } });
  });
  // The store has logged its problem (with the file and what to do) at error level: one more
  // line at info says what the bot does about it.
  store.onUnusable((unusable) => {
    const message = `${unusable.message.replace(/[.\s]*$/, '')}. Exiting with code ${EXIT_STORE_UNUSABLE}.`;
    const msg = `the store is unusable (${unusable.cause}): stopping; exiting with code ${EXIT_STORE_UNUSABLE}`;
    reportFatal({ exitCode: EXIT_STORE_UNUSABLE, message }, { level: 'info', msg, fields: { cause: unusable.cause } });
  });

  try {
    // An earlier release's scores move into the score tables once (logged by the store when there were any).
    await store.recover();

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
      timings: { leaseMs: config.quizLeaseMs, ...options.timings },
    });
    const practice = createPracticeService({ store, pick: createPracticeSource(bank, store.history), clock, rng, logger });
    // Reports name a question by its id; only the questions the bank can ask are taken. Listed
    // on the first report rather than at start-up.
    const reports = createReportService({ questions: () => reportableQuestions(bank), store: store.reports, clock });
    const ctx: BotContext = { config, dataset, search, store, quiz, practice, reports, clock, rng, logger };
    const router = createRouter({ commands, buttons, modals, ctx, logger, ...(options.deferAfterMs === undefined ? {} : { deferAfterMs: options.deferAfterMs }) });

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
    // A lost connection (discord.js reconnects by itself; a close it cannot recover from is reported
    // above, at error level) or a gateway event discord.js or a listener threw on (see gateway.ts).
    client.on(Events.ShardError, (err, shardId) => logger.warn({ err, shardId }, 'gateway error'));

    const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
    await client.login(config.discordToken);
    // A fatal close after the gateway's READY but before every server has arrived ends the wait too.
    const first = await Promise.race([ready, seen]);
    if (!(first instanceof Client)) throw new FatalStartError(first);
    const readyClient = first;
    // With one process per shard on a shared store, each resumes only its own servers' quizzes.
    const owns = (guildId: string): boolean => readyClient.guilds.cache.has(guildId);
    const report = await quiz.resume({ onLoaded: openGate, owns });
    logger.info({ ...report }, 'resumed saved quizzes');
    openGate();
    // Quizzes of this process's servers whose owner stopped (a rolling restart) or died (its lease
    // lapsed) are taken over from their saved state.
    const adoptEveryMs = options.adoptEveryMs ?? ADOPT_EVERY_MS;
    let adopting = false;
    const adoption =
      adoptEveryMs > 0
        ? setInterval(() => {
            if (adopting) return;
            adopting = true;
            quiz
              .resume({ owns })
              .then((found) => {
                if (found.resumed + found.ended > 0) logger.info({ ...found }, 'took over saved quizzes nobody was running');
              })
              .catch((err: unknown) => logger.warn({ err }, 'could not look for saved quizzes nobody runs'))
              .finally(() => {
                adopting = false;
              });
          }, adoptEveryMs)
        : undefined;
    adoption?.unref();
    logger.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, store: store.backend }, 'bot ready');

    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        if (adoption) clearInterval(adoption);
        router.close();
        await router.drain();
        // Each step runs even if one before it failed (a store that refuses the last writes must
        // still be closed), and the first failure is the one reported.
        const failures: unknown[] = [];
        for (const step of [() => quiz.shutdown(), () => client.destroy(), () => store.close()]) {
          await step().catch((err: unknown) => failures.push(err));
        }
        if (failures.length > 0) throw failures[0];
        logger.info({}, 'bot stopped');
      })();
      return stopping;
    };
    if (problem !== undefined) {
      // Found while saved quizzes were resuming: they are saved again, and the start fails.
      await stop().catch(() => {});
      throw new FatalStartError(problem);
    }
    started = true;
    return { config, client: readyClient, ctx, fatal, stop };
  } catch (err) {
    await client.destroy().catch(() => {});
    await store.close().catch(() => {});
    if (problem !== undefined && !(err instanceof FatalStartError)) throw new FatalStartError(problem, { cause: err });
    throw err;
  }
}
