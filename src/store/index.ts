/** The store's public surface. Nothing here imports discord.js. */
export { openStore, SUPPORTED_DATABASE_URLS } from './open.js';
export {
  SettingsValidationError,
  StoreConfigError,
  StoreInputError,
  StoreUnavailableError,
} from './errors.js';
export { KeyedMutex } from './kv.js';
export { boardId, MAX_LEADERBOARD_LIMIT, MAX_POINTS_PER_ANSWER, monthKey, weekKey, type MonthKey, type WeekKey } from './boards.js';
export {
  DEFAULT_GUILD_SETTINGS,
  MAX_PROGRESS_CHANNELS,
  MAX_QUIZ_CHANNELS,
  QUIZ_DIFFICULTIES,
  QUIZ_ROUNDS,
  QUIZ_SECONDS,
} from './settings.js';
export { MAX_SESSION_STATE_BYTES } from './sessions.js';
export { MAX_RECENT_REPORTS, MAX_REPORT_NOTE_LENGTH, REPORT_REASONS } from './reports.js';
export type * from './types.js';
