/**
 * Per-guild settings (`settings:<guildId>`), read on nearly every interaction, so reads are cached in
 * this repository instance. A write through this instance updates the cache at once; a write by another
 * process is seen once the cached entry is older than the TTL.
 */
import { isLang, type Lang } from '../i18n/lang.js';
import { ALL_SPOILERS, NO_SPOILERS, readStoredSpoilers, storedSpoilers, type SpoilerSetting } from '../data/spoilers.js';
import { SettingsValidationError } from './errors.js';
import type { KeyValueStore } from './kv.js';
import type {
  GuildSettings,
  GuildSettingsPatch,
  GuildSettingsRepository,
  Locker,
  QuizDefaults,
  QuizDifficulty,
  SettingsChange,
  StoreClock,
  StoreLogger,
} from './types.js';
import { assertId } from './validate.js';

export const QUIZ_DIFFICULTIES: readonly QuizDifficulty[] = Object.freeze(['easy', 'medium', 'hard', 'mixed']);
/** Bounds of `/quiz start rounds:` and `seconds:`, shared with the command definitions. */
export const QUIZ_ROUNDS = Object.freeze({ min: 1, max: 30 });
export const QUIZ_SECONDS = Object.freeze({ min: 10, max: 60 });
export const MAX_QUIZ_CHANNELS = 50;
/** How many channels of a server may keep watch-party progress (`/watchparty progress`). */
export const MAX_PROGRESS_CHANNELS = 50;

export const DEFAULT_GUILD_SETTINGS: GuildSettings = freeze({
  quizChannels: [],
  maxSpoilers: ALL_SPOILERS,
  quizRole: null,
  quizPing: null,
  defaults: { rounds: 10, seconds: 20, difficulty: 'mixed', spoilers: NO_SPOILERS },
  language: null,
  channelProgress: {},
});

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const PATCH_FIELDS = new Set(['quizChannels', 'maxSpoilers', 'quizRole', 'quizPing', 'defaults', 'language', 'channelProgress']);
const DEFAULTS_FIELDS = new Set(['rounds', 'seconds', 'difficulty', 'spoilers']);

interface StoredSettings {
  readonly v: 1;
  readonly settings: GuildSettings;
}

export interface SettingsRepositoryDeps {
  readonly kv: KeyValueStore;
  readonly locker: Locker;
  readonly clock: StoreClock;
  readonly logger: StoreLogger;
  readonly cacheTtlMs: number;
}

export class KeyvGuildSettingsRepository implements GuildSettingsRepository {
  readonly #kv: KeyValueStore;
  readonly #locker: Locker;
  readonly #clock: StoreClock;
  readonly #logger: StoreLogger;
  readonly #ttl: number;
  readonly #cache = new Map<string, { readonly value: GuildSettings; readonly readAt: number }>();
  /** Bumped by every update and delete, so a read that started before one never caches its older value. */
  readonly #generation = new Map<string, number>();

  constructor(deps: SettingsRepositoryDeps) {
    this.#kv = deps.kv;
    this.#locker = deps.locker;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#ttl = deps.cacheTtlMs;
  }

  /** The guild's settings, defaults for what was never set. @throws {StoreInputError} on a bad guild id. */
  async get(guildId: string): Promise<GuildSettings> {
    assertId('guildId', guildId);
    const cached = this.#cache.get(guildId);
    const now = this.#clock.now();
    if (cached !== undefined && now - cached.readAt < this.#ttl) return cached.value;
    const generation = this.#generation.get(guildId) ?? 0;
    const value = await this.#read(guildId);
    if ((this.#generation.get(guildId) ?? 0) !== generation) {
      // A change landed while this read was in flight: its value is the newer one.
      return this.#cache.get(guildId)?.value ?? this.get(guildId);
    }
    this.#cache.set(guildId, { value, readAt: now });
    return value;
  }

  /**
   * Applies a partial change and returns the settings before and after it.
   * @throws {SettingsValidationError} naming the first invalid field (unknown field, value out of range).
   * @throws {StoreInputError} on a bad guild id.
   */
  async update(guildId: string, change: GuildSettingsPatch | ((before: GuildSettings) => GuildSettingsPatch)): Promise<SettingsChange> {
    assertId('guildId', guildId);
    if (typeof change !== 'function') validatePatch(change);
    const key = settingsKey(guildId);
    return this.#locker.withLock(key, async () => {
      // Read through, not from the cache: another process may have changed something else.
      const before = await this.#read(guildId);
      // A function patch sees the value read under the lock, so concurrent edits of a list
      // (two moderators adding channels at once) both land.
      const patch = typeof change === 'function' ? change(before) : change;
      if (typeof change === 'function') validatePatch(patch);
      const after = freeze({
        quizChannels: patch.quizChannels === undefined ? before.quizChannels : [...new Set(patch.quizChannels)],
        maxSpoilers: patch.maxSpoilers ?? before.maxSpoilers,
        quizRole: patch.quizRole === undefined ? before.quizRole : patch.quizRole,
        quizPing: patch.quizPing === undefined ? before.quizPing : patch.quizPing,
        language: patch.language === undefined ? before.language : patch.language,
        defaults: { ...before.defaults, ...definedOnly(patch.defaults ?? {}) },
        channelProgress: patch.channelProgress ?? before.channelProgress,
      });
      const stored: StoredSettings = { v: 1, settings: after };
      await this.#kv.set(key, stored);
      this.#generation.set(guildId, (this.#generation.get(guildId) ?? 0) + 1);
      this.#cache.set(guildId, { value: after, readAt: this.#clock.now() });
      return { before, after };
    });
  }

  /** Forgets the guild's settings (back to defaults). @throws {StoreInputError} on a bad guild id. */
  async delete(guildId: string): Promise<void> {
    assertId('guildId', guildId);
    const key = settingsKey(guildId);
    await this.#locker.withLock(key, async () => {
      await this.#kv.delete(key);
      this.#generation.set(guildId, (this.#generation.get(guildId) ?? 0) + 1);
      this.#cache.delete(guildId);
    });
  }

  async #read(guildId: string): Promise<GuildSettings> {
    const stored = await this.#kv.get<StoredSettings>(settingsKey(guildId));
    if (stored === undefined) return DEFAULT_GUILD_SETTINGS;
    return normalize(stored.settings, (field) =>
      this.#logger.warn({ guildId, field }, 'stored guild setting is invalid; using the default'),
    );
  }
}

function settingsKey(guildId: string): string {
  return `settings:${guildId}`;
}

/** Stored settings with every missing or invalid field replaced by its default (older or damaged rows). */
function normalize(raw: unknown, onInvalid: (field: string) => void): GuildSettings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const rawDefaults = (
    typeof value['defaults'] === 'object' && value['defaults'] !== null ? value['defaults'] : {}
  ) as Record<string, unknown>;
  const D = DEFAULT_GUILD_SETTINGS;
  const pick = <T>(field: string, candidate: unknown, valid: (v: unknown) => v is T, fallback: T): T => {
    if (candidate === undefined) return fallback;
    if (valid(candidate)) return candidate;
    onInvalid(field);
    return fallback;
  };
  // Settings saved by the first release hold its spoiler ladder as text ("series-4" = the film and
  // episodes 1–4); readStoredSpoilers keeps that meaning.
  const pickSpoilers = (field: string, candidate: unknown, fallback: SpoilerSetting): SpoilerSetting => {
    if (candidate === undefined) return fallback;
    const read = readStoredSpoilers(candidate);
    if (read) return read;
    onInvalid(field);
    return fallback;
  };
  return freeze({
    quizChannels: pick('quizChannels', value['quizChannels'], isChannelList, D.quizChannels),
    maxSpoilers: pickSpoilers('maxSpoilers', value['maxSpoilers'], D.maxSpoilers),
    quizRole: pick('quizRole', value['quizRole'], isRoleOrNull, D.quizRole),
    // Absent from settings saved before it existed: nobody is pinged.
    quizPing: value['quizPing'] === undefined ? D.quizPing : pick('quizPing', value['quizPing'], isRoleOrNull, D.quizPing),
    language: pick('language', value['language'], isLangOrNull, D.language),
    // Absent from settings saved before watch parties existed: no channel has progress.
    channelProgress: readProgress(value['channelProgress'], onInvalid),
    defaults: {
      rounds: pick('defaults.rounds', rawDefaults['rounds'], isRounds, D.defaults.rounds),
      seconds: pick('defaults.seconds', rawDefaults['seconds'], isSeconds, D.defaults.seconds),
      difficulty: pick('defaults.difficulty', rawDefaults['difficulty'], isDifficulty, D.defaults.difficulty),
      spoilers: pickSpoilers('defaults.spoilers', rawDefaults['spoilers'], D.defaults.spoilers),
    },
  });
}

function validatePatch(patch: GuildSettingsPatch): void {
  if (typeof patch !== 'object' || patch === null) throw new SettingsValidationError('patch', 'no settings given');
  for (const field of Object.keys(patch)) {
    if (!PATCH_FIELDS.has(field)) throw new SettingsValidationError(field, `unknown setting "${field}"`);
  }
  if (patch.quizChannels !== undefined && !isChannelList(patch.quizChannels)) {
    throw new SettingsValidationError(
      'quizChannels',
      `quiz channels must be a list of at most ${MAX_QUIZ_CHANNELS} channel ids`,
    );
  }
  if (patch.maxSpoilers !== undefined && (typeof patch.maxSpoilers !== 'object' || !readStoredSpoilers(patch.maxSpoilers))) {
    throw new SettingsValidationError('maxSpoilers', 'not a spoiler setting');
  }
  if (patch.language !== undefined && !isLangOrNull(patch.language)) {
    throw new SettingsValidationError('language', 'language must be en, ko or null');
  }
  if (patch.quizRole !== undefined && !isRoleOrNull(patch.quizRole)) {
    throw new SettingsValidationError('quizRole', 'quiz role must be a role id or null');
  }
  if (patch.quizPing !== undefined && !isRoleOrNull(patch.quizPing)) {
    throw new SettingsValidationError('quizPing', 'quiz ping must be a role id or null');
  }
  if (patch.channelProgress !== undefined && !isProgressMap(patch.channelProgress)) {
    throw new SettingsValidationError(
      'channelProgress',
      `channel progress must map at most ${MAX_PROGRESS_CHANNELS} channel ids to spoiler settings`,
    );
  }
  const defaults = patch.defaults;
  if (defaults === undefined) return;
  if (typeof defaults !== 'object' || defaults === null) {
    throw new SettingsValidationError('defaults', 'quiz defaults must be an object');
  }
  for (const field of Object.keys(defaults)) {
    if (!DEFAULTS_FIELDS.has(field)) throw new SettingsValidationError(`defaults.${field}`, `unknown setting "${field}"`);
  }
  if (defaults.rounds !== undefined && !isRounds(defaults.rounds)) {
    throw new SettingsValidationError(
      'defaults.rounds',
      `rounds must be a whole number from ${QUIZ_ROUNDS.min} to ${QUIZ_ROUNDS.max}`,
    );
  }
  if (defaults.seconds !== undefined && !isSeconds(defaults.seconds)) {
    throw new SettingsValidationError(
      'defaults.seconds',
      `seconds must be a whole number from ${QUIZ_SECONDS.min} to ${QUIZ_SECONDS.max}`,
    );
  }
  if (defaults.difficulty !== undefined && !isDifficulty(defaults.difficulty)) {
    throw new SettingsValidationError(
      'defaults.difficulty',
      `difficulty must be one of ${QUIZ_DIFFICULTIES.join(', ')}`,
    );
  }
  if (defaults.spoilers !== undefined && (typeof defaults.spoilers !== 'object' || !readStoredSpoilers(defaults.spoilers))) {
    throw new SettingsValidationError('defaults.spoilers', 'not a spoiler setting');
  }
}

function isChannelList(value: unknown): value is readonly string[] {
  return (
    Array.isArray(value) &&
    value.length <= MAX_QUIZ_CHANNELS &&
    value.every((id) => typeof id === 'string' && ID.test(id))
  );
}

function isProgressMap(value: unknown): value is Readonly<Record<string, SpoilerSetting>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= MAX_PROGRESS_CHANNELS &&
    entries.every(([id, setting]) => ID.test(id) && typeof setting === 'object' && readStoredSpoilers(setting) !== undefined)
  );
}

/**
 * A stored progress map with its unreadable entries left out (each logged as
 * `channelProgress.<channel>`), and no more than the bound: a damaged entry costs one channel its
 * progress, not the server its settings.
 */
function readProgress(raw: unknown, onInvalid: (field: string) => void): Readonly<Record<string, SpoilerSetting>> {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    onInvalid('channelProgress');
    return {};
  }
  const kept: [string, SpoilerSetting][] = [];
  for (const [id, stored] of Object.entries(raw)) {
    const setting = ID.test(id) && typeof stored === 'object' ? readStoredSpoilers(stored) : undefined;
    if (setting === undefined || kept.length >= MAX_PROGRESS_CHANNELS) onInvalid(`channelProgress.${id.slice(0, 64)}`);
    else kept.push([id, setting]);
  }
  // fromEntries defines own properties, so no channel id can reach the prototype.
  return Object.fromEntries(kept);
}

function isLangOrNull(value: unknown): value is Lang | null {
  return value === null || isLang(value);
}

function isRoleOrNull(value: unknown): value is string | null {
  return value === null || (typeof value === 'string' && ID.test(value));
}

function isRounds(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= QUIZ_ROUNDS.min && (value as number) <= QUIZ_ROUNDS.max;
}

function isSeconds(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= QUIZ_SECONDS.min && (value as number) <= QUIZ_SECONDS.max;
}

function isDifficulty(value: unknown): value is QuizDifficulty {
  return typeof value === 'string' && (QUIZ_DIFFICULTIES as readonly string[]).includes(value);
}

function definedOnly(defaults: Partial<QuizDefaults>): Partial<QuizDefaults> {
  return Object.fromEntries(Object.entries(defaults).filter(([, v]) => v !== undefined)) as Partial<QuizDefaults>;
}

/** Deep-frozen copy, so a caller cannot mutate what the cache hands to everyone else. */
function freeze(settings: {
  quizChannels: readonly string[];
  maxSpoilers: SpoilerSetting;
  quizRole: string | null;
  quizPing: string | null;
  defaults: QuizDefaults;
  language: Lang | null;
  channelProgress: Readonly<Record<string, SpoilerSetting>>;
}): GuildSettings {
  const progress = Object.fromEntries(Object.entries(settings.channelProgress).map(([id, s]) => [id, Object.freeze(storedSpoilers(s))]));
  return Object.freeze({
    quizChannels: Object.freeze([...settings.quizChannels]),
    maxSpoilers: Object.freeze(storedSpoilers(settings.maxSpoilers)),
    quizRole: settings.quizRole,
    quizPing: settings.quizPing,
    language: settings.language,
    defaults: Object.freeze({ ...settings.defaults, spoilers: Object.freeze(storedSpoilers(settings.defaults.spoilers)) }),
    channelProgress: Object.freeze(progress),
  });
}
