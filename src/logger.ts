import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/**
 * Structured JSON logs on stdout. Secrets are redacted by key wherever they appear,
 * so a config object or an interaction logged by mistake never prints a token.
 */
export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { app: 'bigcity-bot' },
    redact: {
      paths: ['token', 'discordToken', '*.token', '*.discordToken', 'headers.authorization', '*.headers.authorization'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
