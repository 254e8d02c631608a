import pino from 'pino';
import { describe, expect, it } from 'vitest';
import {
  openStore,
  StoreConfigError,
  SUPPORTED_DATABASE_URLS,
  type StoreLogger,
} from '../../src/store/index.js';
import { FakeClock, OCT_15_2024, RecordingLogger } from './helpers.js';

const options = () => ({ clock: new FakeClock(OCT_15_2024), logger: new RecordingLogger() });

describe('openStore', () => {
  it.each([
    ['mongodb://bot:s3cret-pass@cache.internal:27017/0', 'mongodb:'],
    ['mariadb://bot:s3cret-pass@db.internal/bigcity', 'mariadb:'],
    ['mysql://bot:s3cret-pass@db/bigcity', 'mysql:'],
  ])('given the unsupported URL %s, it throws StoreConfigError naming %s and the supported forms', async (url, scheme) => {
    const error = await openStore(url, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreConfigError);
    const message = (error as Error).message;
    expect(message).toContain(`"${scheme}"`);
    for (const form of SUPPORTED_DATABASE_URLS) expect(message).toContain(form);
    expect(message).not.toContain('s3cret');
  });

  it.each(['data/bigcity.sqlite', '', 'sqlite:data.sqlite', 'sqlite://', 'memory://somewhere'])(
    'given the malformed URL "%s", it throws StoreConfigError',
    async (url) => {
      await expect(openStore(url, options())).rejects.toBeInstanceOf(StoreConfigError);
    },
  );

  it('given memory:// and sqlite://:memory:, it opens the matching backend', async () => {
    const memory = await openStore('memory://', options());
    const sqlite = await openStore('SQLITE://:memory:', options());
    expect([memory.backend, sqlite.backend]).toEqual(['memory', 'sqlite']);
    await memory.close();
    await sqlite.close();
    await sqlite.close();
  });

  it('given a pino logger, the store accepts it as its logger', async () => {
    const logger: StoreLogger = pino({ level: 'silent' });
    const store = await openStore('memory://', { clock: new FakeClock(OCT_15_2024), logger });
    await store.scores.recordPractice('u1', true);
    expect(await store.scores.practiceStats('u1')).toEqual({ answered: 1, correct: 1 });
    await store.close();
  });
});
