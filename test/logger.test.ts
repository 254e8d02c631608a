/**
 * Interaction and webhook tokens never reach the log, wherever they sit in what is logged:
 * errors as discord.js builds them (DiscordAPIError, HTTPError), their causes and request
 * bodies, plain objects at any depth, and the message itself.
 */
import { Writable } from 'node:stream';
import { DiscordAPIError, HTTPError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createLogger, maskLogLine, maskTokens } from '../src/logger.js';

/** Shaped like Discord's: base64 of "interaction:<id>:<secret>". */
const TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDpzZWNyZXQtdG9rZW4tdmFsdWUtZm9yLXRlc3Rz';
const API = 'http://127.0.0.1:9/api/v10';

function capture(): { logger: ReturnType<typeof createLogger>; out: () => string; lines: () => Record<string, unknown>[] } {
  let text = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  const logger = createLogger('info', sink);
  return {
    logger,
    out: () => text,
    lines: () => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('maskTokens', () => {
  it('given an interaction path with a missing id (/interactions/undefined/<token>/…), the token is masked and the rest kept', () => {
    expect(maskTokens(`POST ${API}/interactions/undefined/${TOKEN}/callback?with_response=true`)).toBe(
      `POST ${API}/interactions/undefined/[redacted]/callback?with_response=true`,
    );
    expect(maskTokens(`/interactions//${TOKEN}/callback`)).toBe('/interactions//[redacted]/callback');
    expect(maskTokens(`/interactions/1300000000000000001/${TOKEN}`)).toBe('/interactions/1300000000000000001/[redacted]');
  });

  it('given webhook paths with any application id, the token is masked, ids and the route kept', () => {
    expect(maskTokens(`/webhooks/111/${TOKEN}/messages/@original`)).toBe('/webhooks/111/[redacted]/messages/@original');
    expect(maskTokens(`/webhooks/undefined/${TOKEN}?wait=true`)).toBe('/webhooks/undefined/[redacted]?wait=true');
  });

  it('given ordinary text and routes without tokens, nothing changes', () => {
    for (const text of [
      '/channels/222/messages',
      '/channels/222/webhooks',
      '/webhooks/333',
      '/interactions/444',
      'interactions and webhooks are answered within 3 s',
      'see https://discord.com/developers/docs/interactions/receiving-and-responding#responding',
      'quiz:1:2:A',
    ]) {
      expect(maskTokens(text)).toBe(text);
    }
  });
});

describe('maskLogLine', () => {
  it('given a JSON line, a token inside a string stops at the closing quote and fields named like secrets are masked at any depth', () => {
    const line = JSON.stringify({ url: `/interactions/1/${TOKEN}`, after: 'kept', a: { b: { token: TOKEN, discordToken: TOKEN, Authorization: 'Bot x' } } });
    const masked = JSON.parse(maskLogLine(line)) as Record<string, unknown>;
    expect(masked).toEqual({ url: '/interactions/1/[redacted]', after: 'kept', a: { b: { token: '[redacted]', discordToken: '[redacted]', Authorization: '[redacted]' } } });
  });
});

describe('the logger masks tokens in everything it writes', () => {
  it('given a DiscordAPIError from a callback with no interaction id, url, message, stack and nested errors are masked', () => {
    const { logger, out, lines } = capture();
    const url = `${API}/interactions/undefined/${TOKEN}/callback`;
    const err = new DiscordAPIError(
      { message: 'Invalid Form Body', code: 50035, errors: { data: { _errors: [{ code: 'BASE_TYPE_BAD', message: `not ${url}` }] } } },
      50035,
      400,
      'POST',
      url,
      { body: { type: 4, data: { content: `see /webhooks/1/${TOKEN}/messages/@original` } } },
    );
    logger.error({ err }, 'could not answer');
    expect(out()).not.toContain(TOKEN.slice(0, 24));
    const [line] = lines();
    const logged = line?.['err'] as Record<string, unknown>;
    expect(logged['url']).toBe(`${API}/interactions/undefined/[redacted]/callback`);
    expect(logged['code']).toBe(50035);
    expect(String(logged['message'])).toContain('Invalid Form Body');
    expect(JSON.stringify(logged['requestBody'])).toContain('/webhooks/1/[redacted]/messages/@original');
  });

  it('given an HTTPError from a webhook edit wrapped as the cause of another error, both are masked', () => {
    const { logger, out } = capture();
    const http = new HTTPError(503, 'Service Unavailable', 'PATCH', `${API}/webhooks/1300000000000000001/${TOKEN}/messages/@original`, { body: {} });
    logger.warn({ err: http }, 'edit failed');
    logger.warn({ err: new Error(`edit of ${http.url} failed`, { cause: http }) }, 'edit failed');
    expect(out()).toContain('/webhooks/1300000000000000001/[redacted]/messages/@original');
    expect(out()).not.toContain(TOKEN.slice(0, 24));
  });

  it('given tokens in plain objects at any depth, in arrays, in error-like fields and in the message, none is written', () => {
    const { logger, out } = capture();
    logger.info(
      {
        request: { path: `/interactions/5/${TOKEN}/callback`, history: [{ route: `/webhooks/6/${TOKEN}` }] },
        error: { url: `/interactions/7/${TOKEN}/callback`, cause: { url: `/webhooks/8/${TOKEN}` } },
        interaction: { id: '9', token: TOKEN },
      },
      `retrying /interactions/10/${TOKEN}/callback`,
    );
    expect(out()).not.toContain(TOKEN.slice(0, 24));
    expect(out()).toContain('"msg":"retrying /interactions/10/[redacted]/callback"');
    expect(out()).toContain('"interaction":{"id":"9","token":"[redacted]"}');
  });

  it('given a child logger, its lines are masked too', () => {
    const { logger, out } = capture();
    logger.child({ component: 'quiz' }).error({ url: `/interactions/1/${TOKEN}/callback` }, 'x');
    expect(out()).toContain('/interactions/1/[redacted]/callback');
    expect(out()).not.toContain(TOKEN.slice(0, 24));
  });
});
