/**
 * Watch-party progress in the guild settings (`channelProgress`): kept per channel, bounded,
 * validated like every setting, repaired entry by entry when a stored row is damaged, kept across
 * a reopen of the SQLite file, and gone with the guild.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storedSpoilers } from '../../src/data/spoilers.js';
import { MAX_PROGRESS_CHANNELS, openStore, SettingsValidationError, type Store } from '../../src/store/index.js';
import type { Backend } from '../../src/store/kv.js';
import { openStoreOn } from '../../src/store/open.js';
import { openSqliteBackend } from '../../src/store/sqlite.js';
import { plain, sp } from '../spoiler-helpers.js';
import { FakeClock, OCT_15_2024, RecordingLogger, tempDir } from './helpers.js';

const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const PARTY = '200000000000000001';
const SECOND = '200000000000000002';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let clock: FakeClock;
let logger: RecordingLogger;
let file: string;
let backend: Backend;
let store: Store;
const opened: Store[] = [];

beforeEach(async () => {
  tmp = await tempDir('progress');
  clock = new FakeClock(OCT_15_2024);
  logger = new RecordingLogger();
  file = path.join(tmp.dir, 'bigcity.sqlite');
  backend = await openSqliteBackend(file, { logger, clock, busyTimeoutMs: 5_000 });
  store = openStoreOn(backend, { clock, logger });
  opened.push(store);
});

afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  await tmp.remove();
});

const setProgress = (s: Store, channelId: string, text: string) =>
  s.settings.update(GUILD, (b) => ({ channelProgress: { ...b.channelProgress, [channelId]: storedSpoilers(sp(text)) } }));

describe('channel progress in the guild settings', () => {
  it('given no progress ever recorded, every guild has none', async () => {
    expect((await store.settings.get(GUILD)).channelProgress).toEqual({});
  });

  it('given progress for two channels, each keeps its own, other settings and guilds are untouched', async () => {
    await store.settings.update(GUILD, { maxSpoilers: sp('film+series-6') });
    await setProgress(store, PARTY, 'series-4');
    await setProgress(store, SECOND, 'film');
    const settings = await store.settings.get(GUILD);
    expect(settings.channelProgress).toEqual({ [PARTY]: plain('series-4'), [SECOND]: plain('film') });
    expect(settings.maxSpoilers).toEqual(plain('film+series-6'));
    expect((await store.settings.get(OTHER_GUILD)).channelProgress).toEqual({});
    expect(Object.isFrozen(settings.channelProgress) && Object.isFrozen(settings.channelProgress[PARTY])).toBe(true);
  });

  it('given two channels recorded at the same moment, both land', async () => {
    await Promise.all([setProgress(store, PARTY, 'series-2'), setProgress(store, SECOND, 'novel-1')]);
    expect((await store.settings.get(GUILD)).channelProgress).toEqual({ [PARTY]: plain('series-2'), [SECOND]: plain('novel-1') });
  });

  it('given the SQLite file reopened (a restart), the progress is still there', async () => {
    await setProgress(store, PARTY, 'film+series-4');
    await store.close();
    const again = await openStore(`sqlite://${file}`, { clock, logger });
    opened.push(again);
    expect((await again.settings.get(GUILD)).channelProgress).toEqual({ [PARTY]: plain('film+series-4') });
  });

  it('given the bot removed from the guild, its progress goes with its settings', async () => {
    await setProgress(store, PARTY, 'series-4');
    await store.removeGuild(GUILD);
    expect((await store.settings.get(GUILD)).channelProgress).toEqual({});
  });

  it.each([
    ['a malformed channel id', { 'not a channel': plain('film') }],
    ['a setting as text', { [PARTY]: 'series-4' }],
    ['episode 9', { [PARTY]: { film: false, series: 9, novel: 0 } }],
    ['a list instead of a map', [plain('film')]],
    ['null', null],
    [`${MAX_PROGRESS_CHANNELS + 1} channels`, Object.fromEntries(Array.from({ length: MAX_PROGRESS_CHANNELS + 1 }, (_, i) => [`c${i}`, plain('film')]))],
  ])('given %s, update throws SettingsValidationError for channelProgress and changes nothing', async (_label, channelProgress) => {
    await setProgress(store, PARTY, 'series-2');
    const error = await store.settings.update(GUILD, { channelProgress } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsValidationError);
    expect((error as SettingsValidationError).field).toBe('channelProgress');
    expect((await store.settings.get(GUILD)).channelProgress).toEqual({ [PARTY]: plain('series-2') });
  });

  it(`given exactly ${MAX_PROGRESS_CHANNELS} channels, they are all kept`, async () => {
    const full = Object.fromEntries(Array.from({ length: MAX_PROGRESS_CHANNELS }, (_, i) => [`c${i}`, plain('series-1')]));
    await store.settings.update(GUILD, { channelProgress: full });
    expect(Object.keys((await store.settings.get(GUILD)).channelProgress)).toHaveLength(MAX_PROGRESS_CHANNELS);
  });

  it('given a stored row with one damaged entry, the other channels keep theirs and the bad one is logged by field', async () => {
    await backend.kv.set(`settings:${GUILD}`, {
      v: 1,
      settings: { channelProgress: { [PARTY]: plain('series-4'), [SECOND]: { film: 'yes', series: 2, novel: 0 }, __proto__x: plain('film') } },
    });
    const settings = await store.settings.get(GUILD);
    expect(settings.channelProgress).toEqual({ [PARTY]: plain('series-4'), __proto__x: plain('film') });
    expect(logger.at('warn').map((l) => (l.obj as { field?: string }).field)).toEqual([`channelProgress.${SECOND}`]);
  });

  it('given a stored progress that is not a map, the guild has none and it is logged', async () => {
    await backend.kv.set(`settings:${GUILD}`, { v: 1, settings: { channelProgress: 'series-4' } });
    expect((await store.settings.get(GUILD)).channelProgress).toEqual({});
    expect(logger.at('warn').map((l) => (l.obj as { field?: string }).field)).toEqual(['channelProgress']);
  });

  it('given a stored entry keyed __proto__, it is read as a channel of its own and the prototype is untouched', async () => {
    // JSON.parse makes "__proto__" an own key, as a row read back from SQLite would have it.
    const raw = JSON.parse(`{"${PARTY}": {"film": true, "series": 0, "novel": 0}, "__proto__": {"film": true, "series": 8, "novel": 4}}`) as unknown;
    await backend.kv.set(`settings:${GUILD}`, { v: 1, settings: { channelProgress: raw } });
    const progress = (await store.settings.get(GUILD)).channelProgress;
    expect(Object.getPrototypeOf(progress)).toBe(Object.prototype);
    expect(Object.keys(progress).sort()).toEqual([PARTY, '__proto__'].sort());
    expect(({} as Record<string, unknown>)['series']).toBeUndefined();
  });
});
