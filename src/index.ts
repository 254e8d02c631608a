/**
 * `npm start`: starts the bot with the environment (and `.env`), and shuts it down
 * gracefully on SIGINT/SIGTERM. Exit codes: 0 after a graceful stop; 1 for a bad setting or a
 * failed start; 2 when Discord refuses the bot (bad token, refused intents: see
 * `fatalGatewayClose`); 3 when the store becomes unusable. A failed start prints one line.
 */
import { DiscordjsError, DiscordjsErrorCodes } from 'discord.js';
import { EXIT_GATEWAY_FATAL, FatalStartError, startBot, type RunningBot } from './bot.js';
import { ConfigError, readEnvironment } from './config.js';
import { DatasetError } from './data/validate.js';
import { StoreConfigError } from './store/errors.js';

/** The one line and exit code for a start that failed. */
function startFailure(err: unknown): { line: string; exitCode: number } {
  if (err instanceof ConfigError) return { line: `Configuration error: ${err.message}`, exitCode: 1 };
  if (err instanceof StoreConfigError) return { line: `Configuration error: DATABASE_URL: ${err.message}`, exitCode: 1 };
  if (err instanceof DatasetError) return { line: `Dataset error: ${err.message}`, exitCode: 1 };
  if (err instanceof FatalStartError) return { line: `Could not start: ${err.message}`, exitCode: err.exitCode };
  if (err instanceof DiscordjsError && err.code === DiscordjsErrorCodes.TokenInvalid) {
    // Discord refused the token before the gateway was reached: the same fix as a 4004 close.
    return {
      line: `Could not start: ${err.message} The bot token was reset or is wrong: put the new token in DISCORD_TOKEN. Exiting with code ${EXIT_GATEWAY_FATAL}.`,
      exitCode: EXIT_GATEWAY_FATAL,
    };
  }
  return { line: `Could not start: ${err instanceof Error ? err.message : String(err)}`, exitCode: 1 };
}

async function main(): Promise<void> {
  let bot: RunningBot;
  try {
    bot = await startBot({ env: readEnvironment() });
  } catch (err) {
    const { line, exitCode } = startFailure(err);
    console.error(line);
    process.exit(exitCode);
  }
  const running = bot;
  // A stray rejected promise must not take the bot down mid-quiz: log it with context instead.
  process.on('unhandledRejection', (err) => running.ctx.logger.error({ err }, 'unhandled promise rejection'));

  // One way out, whatever asks first: a signal (exit 0) or a fatal problem (its exit code, which a
  // signal arriving during that stop does not turn into a success).
  let exitCode = 0;
  let stopping = false;
  const stopAndExit = (): void => {
    if (stopping) return;
    stopping = true;
    running.stop().then(
      () => process.exit(exitCode),
      (err: unknown) => {
        console.error(`Shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(exitCode === 0 ? 1 : exitCode);
      },
    );
  };
  // Already logged by the bot, once, with the cause and the fix.
  void running.fatal.then((problem) => {
    if (exitCode === 0) exitCode = problem.exitCode;
    stopAndExit();
  });

  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) process.exit(exitCode === 0 ? 1 : exitCode); // a second Ctrl-C means "now"
    console.error(`${signal} received: shutting down…`);
    stopAndExit();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
