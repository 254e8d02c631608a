/**
 * Per-guild settings (`settings:<guildId>`), read on nearly every interaction, so cached: this
 * instance's writes update the cache at once, another process's are seen after the TTL.
 */
import { isLang } from '../i18n/lang.js';
import { ALL_SPOILERS, NO_SPOILERS, readStoredSpoilers, storedSpoilers, type SpoilerSetting } from '../data/spoilers.js';
import { SettingsValidationError } from './errors.js';
import type { KeyValueStore } from './kv.js';
import type {
  GuildSettings,
  GuildSettingsPatch,
  GuildSettingsRepository,
  QuizDefaults,
  QuizDifficulty,
  SettingsChange,
  StoreClock,
  StoreLogger,
} from './types.js';
import { assertId } from './errors.js';

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

/** One setting: how a stored value is read, whether a patch may set a value, and what to say when not. */
interface Field {
  /** The value as the settings keep it, or undefined when it cannot be used (then its default is kept, and logged). */
  readonly read: (value: unknown, onInvalid: (field: string) => void) => unknown;
  /** Stricter than `read` where an earlier release stored another form. */
  readonly accepts?: (value: unknown) => boolean;
  readonly message: string;
}

const valid = (test: (value: unknown) => boolean) => (value: unknown) => (test(value) ? value : undefined);
const spoilerObject = (value: unknown): boolean => typeof value === 'object' && value !== null && readStoredSpoilers(value) !== undefined;
const role = (what: string): Field => ({ read: valid((v) => v === null || (typeof v === 'string' && ID.test(v))), message: `${what} must be a role id or null` });
const range = (bounds: { min: number; max: number }, what: string): Field => ({
  read: valid((v) => Number.isInteger(v) && (v as number) >= bounds.min && (v as number) <= bounds.max),
  message: `${what} must be a whole number from ${bounds.min} to ${bounds.max}`,
});
const isChannelList = (v: unknown): boolean => Array.isArray(v) && v.length <= MAX_QUIZ_CHANNELS && v.every((id) => typeof id === 'string' && ID.test(id));
// Settings saved by the first release hold its spoiler ladder as text ("series-4" = the film and
// episodes 1–4); readStoredSpoilers keeps that meaning. Patches give the object form.
const SPOILERS: Field = { read: (v) => readStoredSpoilers(v), accepts: spoilerObject, message: 'not a spoiler setting' };

/** The settings a patch may set (with `defaults`), in the order they are checked. */
const FIELDS: Readonly<Record<Exclude<keyof GuildSettings, 'defaults'>, Field>> = {
  quizChannels: { read: valid(isChannelList), message: `quiz channels must be a list of at most ${MAX_QUIZ_CHANNELS} channel ids` },
  maxSpoilers: SPOILERS,
  language: { read: valid((v) => v === null || isLang(v)), message: 'language must be en, ko or null' },
  quizRole: role('quiz role'),
  quizPing: role('quiz ping'),
  channelProgress: {
    read: readProgress,
    accepts: (v) =>
      typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length <= MAX_PROGRESS_CHANNELS &&
      Object.entries(v).every(([id, setting]) => ID.test(id) && spoilerObject(setting)),
    message: `channel progress must map at most ${MAX_PROGRESS_CHANNELS} channel ids to spoiler settings`,
  },
};
const DEFAULTS_FIELDS: Readonly<Record<keyof QuizDefaults, Field>> = {
  rounds: range(QUIZ_ROUNDS, 'rounds'),
  seconds: range(QUIZ_SECONDS, 'seconds'),
  difficulty: { read: valid((v) => (QUIZ_DIFFICULTIES as readonly unknown[]).includes(v)), message: `difficulty must be one of ${QUIZ_DIFFICULTIES.join(', ')}` },
  spoilers: SPOILERS,
};

interface StoredSettings {
  readonly v: 1;
  readonly settings: GuildSettings;
}

export class KeyvGuildSettingsRepository implements GuildSettingsRepository {
  readonly #deps: { readonly kv: KeyValueStore; readonly clock: StoreClock; readonly logger: StoreLogger; readonly cacheTtlMs: number };
  readonly #cache = new Map<string, { readonly value: GuildSettings; readonly readAt: number }>();
  /** Bumped by every update and delete, so a read that started before one never caches its older value. */
  readonly #generation = new Map<string, number>();

  constructor(deps: { readonly kv: KeyValueStore; readonly clock: StoreClock; readonly logger: StoreLogger; readonly cacheTtlMs: number }) {
    this.#deps = deps;
  }

  /** The guild's settings, defaults for what was never set. @throws {StoreInputError} on a bad guild id. */
  async get(guildId: string): Promise<GuildSettings> {
    assertId('guildId', guildId);
    const cached = this.#cache.get(guildId);
    const now = this.#deps.clock.now();
    if (cached !== undefined && now - cached.readAt < this.#deps.cacheTtlMs) return cached.value;
    const generation = this.#generation.get(guildId) ?? 0;
    const value = await this.#read(guildId);
    if ((this.#generation.get(guildId) ?? 0) !== generation) {
      // A change landed while this read was in flight: its value is the newer one.
      return this.#cache.get(guildId)?.value ?? this.get(guildId);
    }
    this.#cache.set(guildId, { value, readAt: now });
    return value;
  }

  /** @throws {SettingsValidationError} naming the first invalid field; {@link StoreInputError} on a bad guild id. */
  async update(guildId: string, change: GuildSettingsPatch | ((before: GuildSettings) => GuildSettingsPatch)): Promise<SettingsChange> {
    assertId('guildId', guildId);
    if (typeof change !== 'function') validatePatch(change);
    let change_: SettingsChange | undefined;
    // To the settings as stored, not the cache, by compare-and-set: two moderators' changes both land.
    await this.#deps.kv.update<StoredSettings>(settingsKey(guildId), (stored) => {
      const before = this.#normalize(guildId, stored);
      const patch = typeof change === 'function' ? change(before) : change;
      if (typeof change === 'function') validatePatch(patch);
      const { defaults, ...rest } = patch;
      const after = freeze({
        ...before,
        ...definedOnly(rest),
        ...(rest.quizChannels === undefined ? {} : { quizChannels: [...new Set(rest.quizChannels)] }),
        defaults: { ...before.defaults, ...definedOnly(defaults ?? {}) },
      });
      change_ = { before, after };
      return { v: 1, settings: after };
    });
    const result = change_ as SettingsChange;
    this.#generation.set(guildId, (this.#generation.get(guildId) ?? 0) + 1);
    this.#cache.set(guildId, { value: result.after, readAt: this.#deps.clock.now() });
    return result;
  }

  /** Forgets the guild's settings (back to defaults). @throws {StoreInputError} on a bad guild id. */
  async delete(guildId: string): Promise<void> {
    assertId('guildId', guildId);
    await this.#deps.kv.delete(settingsKey(guildId));
    this.#generation.set(guildId, (this.#generation.get(guildId) ?? 0) + 1);
    this.#cache.delete(guildId);
  }

  async #read(guildId: string): Promise<GuildSettings> {
    return this.#normalize(guildId, await this.#deps.kv.get<StoredSettings>(settingsKey(guildId)));
  }

  #normalize(guildId: string, stored: StoredSettings | undefined): GuildSettings {
    if (stored === undefined) return DEFAULT_GUILD_SETTINGS;
    return normalize(stored.settings, (field) =>
      this.#deps.logger.warn({ guildId, field }, 'stored guild setting is invalid; using the default'),
    );
  }
}

function settingsKey(guildId: string): string {
  return `settings:${guildId}`;
}

/** Stored settings with every missing or invalid field replaced by its default (older or damaged rows). */
function normalize(raw: unknown, onInvalid: (field: string) => void): GuildSettings {
  const value = asRecord(raw);
  const D = DEFAULT_GUILD_SETTINGS;
  return freeze({
    ...(readFields(FIELDS, value, D, '', onInvalid) as Omit<GuildSettings, 'defaults'>),
    defaults: readFields(DEFAULTS_FIELDS, asRecord(value['defaults']), D.defaults, 'defaults.', onInvalid) as QuizDefaults,
  });
}

/** Each field of `value` as its {@link Field} reads it; a missing one is its default, an unusable one too (logged). */
function readFields(fields: Readonly<Record<string, Field>>, value: Record<string, unknown>, fallback: object, prefix: string, onInvalid: (field: string) => void): object {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const candidate = value[name];
    const read = candidate === undefined ? undefined : field.read(candidate, onInvalid);
    if (candidate !== undefined && read === undefined) onInvalid(prefix + name);
    out[name] = read ?? (fallback as Record<string, unknown>)[name];
  }
  return out;
}

function asRecord(value: unknown): Record<string, unknown> {
  return (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
}

/** @throws {SettingsValidationError} naming the first field that is unknown or out of range. */
function validatePatch(patch: GuildSettingsPatch): void {
  if (typeof patch !== 'object' || patch === null) throw new SettingsValidationError('patch', 'no settings given');
  const { defaults, ...rest } = patch;
  checkFields(FIELDS, rest, '');
  if (defaults === undefined) return;
  if (typeof defaults !== 'object' || defaults === null) throw new SettingsValidationError('defaults', 'quiz defaults must be an object');
  checkFields(DEFAULTS_FIELDS, defaults, 'defaults.');
}

function checkFields(fields: Readonly<Record<string, Field>>, patch: object, prefix: string): void {
  for (const [name, value] of Object.entries(patch)) {
    const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (field === undefined) throw new SettingsValidationError(prefix + name, `unknown setting "${name}"`);
    if (value !== undefined && !(field.accepts?.(value) ?? field.read(value, () => undefined) !== undefined)) {
      throw new SettingsValidationError(prefix + name, field.message);
    }
  }
}

/** A stored progress map without its unreadable entries (each logged): one costs a channel its progress, not the server its settings. */
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

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Deep-frozen copy, so a caller cannot mutate what the cache hands to everyone else. */
function freeze(settings: GuildSettings): GuildSettings {
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
