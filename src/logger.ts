import { pino, stdSerializers, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

// Interaction and webhook tokens travel in URL paths (/interactions/<id>/<token>/callback,
// /webhooks/<app>/<token>/...); discord.js errors carry that URL, and a token lets anyone
// answer as the bot for 15 minutes.
const TOKEN_IN_PATH = /(\/(?:interactions|webhooks)\/\d+\/)[^/?#\s"']+/g;

/** Masks interaction and webhook tokens inside a string. */
export function maskTokens(text: string): string {
  return text.replace(TOKEN_IN_PATH, '$1[redacted]');
}

/** pino's error serializer, with tokens masked in every string field (message, stack, url…). */
function serializeError(err: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { ...stdSerializers.err(err) };
  for (const [key, value] of Object.entries(out)) {
    if (typeof value === 'string') out[key] = maskTokens(value);
  }
  return out;
}

/**
 * Structured JSON logs on stdout. Secrets are redacted by key wherever they appear, and
 * tokens inside logged errors are masked, so nothing logged can be used to act as the bot.
 */
export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { app: 'bigcity-bot' },
    serializers: { err: serializeError },
    redact: {
      paths: ['token', 'discordToken', '*.token', '*.discordToken', 'headers.authorization', '*.headers.authorization'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
