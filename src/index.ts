/**
 * `npm start`: starts the bot with the environment (and `.env`), and shuts it down
 * gracefully on SIGINT/SIGTERM. A bad setting stops it with one line and exit code 1.
 */
import { startBot } from './bot.js';
import { ConfigError, readEnvironment } from './config.js';
import { DatasetError } from './data/validate.js';
import { StoreConfigError } from './store/errors.js';

async function main(): Promise<void> {
  let bot;
  try {
    bot = await startBot({ env: readEnvironment() });
  } catch (err) {
    if (err instanceof ConfigError) console.error(`Configuration error: ${err.message}`);
    else if (err instanceof StoreConfigError) console.error(`Configuration error: DATABASE_URL: ${err.message}`);
    else if (err instanceof DatasetError) console.error(`Dataset error: ${err.message}`);
    else console.error(`Could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  const running = bot;
  // A stray rejected promise must not take the bot down mid-quiz: log it with context instead.
  process.on('unhandledRejection', (err) => running.ctx.logger.error({ err }, 'unhandled promise rejection'));
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) process.exit(1); // a second Ctrl-C means "now"
    console.error(`${signal} received: shutting down…`);
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`Shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
