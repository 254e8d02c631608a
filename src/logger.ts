import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

// Interaction and webhook tokens travel in URL paths (/interactions/<id>/<token>/callback,
// /webhooks/<app>/<token>/...); discord.js errors carry that URL in their message, stack, `url`
// and nested fields, and a token lets anyone answer as the bot for 15 minutes. The id segment
// may be anything: a malformed interaction gives `/interactions/undefined/<token>/…`.
// Segments stop at a quote or backslash, so the pattern never runs past a JSON string.
const TOKEN_IN_PATH = /(\/(?:interactions|webhooks)\/[^/?#\s"'\\]*\/)[^/?#\s"'\\]+/g;
// A field named like a secret, at any depth, in a JSON log line: `"token":"…"`, `"discordToken":"…"`,
// `"authorization":"Bot …"`.
const SECRET_FIELD = /("(?:[a-z_]*token|authorization)":)"(?:[^"\\]|\\.)*"/gi;
const REDACTED = '[redacted]';

/** Masks interaction and webhook tokens inside a string; everything else is left as it is. */
export function maskTokens(text: string): string {
  return text.replace(TOKEN_IN_PATH, `$1${REDACTED}`);
}

/**
 * Masks a finished JSON log line: tokens in paths inside any string (messages, stacks, `url`,
 * `err.cause`, `err.requestBody`, plain objects, at any depth) and fields named like secrets.
 * One pass over the line that is written anyway, so nothing is walked that is not logged.
 */
export function maskLogLine(line: string): string {
  const masked = line.includes('/interactions/') || line.includes('/webhooks/') ? maskTokens(line) : line;
  return masked.replace(SECRET_FIELD, `$1"${REDACTED}"`);
}

/**
 * Structured JSON logs on stdout. Secrets are masked in every written line, wherever they sit
 * in the logged object, so nothing logged can be used to act as the bot.
 */
export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { app: 'bigcity-bot' },
    hooks: { streamWrite: maskLogLine },
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
