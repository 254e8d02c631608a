/**
 * Quiz answer buttons: the custom id of each, and reading one back from an untrusted click.
 * No discord.js.
 */

/** Discord's bound on a component custom id. */
export const MAX_CUSTOM_ID_LENGTH = 100;

// Session ids: letters and digits only, so ":" separates fields. Round 0–99 and option 0–9
// without leading zeros, so each button has exactly one id.
const QUIZ_BUTTON_RE = /^quiz:([A-Za-z0-9]{4,32}):(0|[1-9][0-9]?):([0-9])$/;
export const SESSION_ID_RE = /^[A-Za-z0-9]{4,32}$/;

export interface QuizButton {
  readonly sessionId: string;
  /** 0-based round index. */
  readonly round: number;
  /** 0-based option index. */
  readonly option: number;
}

/**
 * The custom id of an answer button: `quiz:<sessionId>:<round>:<option>` (0-based round and option).
 * @throws RangeError when a part is outside what {@link parseQuizButtonId} accepts.
 */
export function quizButtonId(sessionId: string, round: number, option: number): string {
  const id = `quiz:${sessionId}:${round}:${option}`;
  if (!QUIZ_BUTTON_RE.test(id)) throw new RangeError(`quizButtonId: unsupported session id, round or option (${id})`);
  return id;
}

const NEXT_BUTTON_RE = /^quiznext:([A-Za-z0-9]{4,32}):(0|[1-9][0-9]?)$/;

/** The host's Next question button under a reveal at `pace: manual`: `quiznext:<sessionId>:<round>` (the round revealed). */
export function quizNextButtonId(sessionId: string, round: number): string {
  const id = `quiznext:${sessionId}:${round}`;
  if (!NEXT_BUTTON_RE.test(id)) throw new RangeError(`quizNextButtonId: unsupported session id or round (${id})`);
  return id;
}

/** The parts of a Next question button id, or null for anything malformed. Never throws. */
export function parseQuizNextButtonId(customId: unknown): { readonly sessionId: string; readonly round: number } | null {
  if (typeof customId !== 'string' || customId.length > MAX_CUSTOM_ID_LENGTH) return null;
  const m = NEXT_BUTTON_RE.exec(customId);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  return { sessionId: m[1], round: Number(m[2]) };
}

/** The parts of a quiz button id, or null for anything malformed, overlong or non-numeric. Never throws. */
export function parseQuizButtonId(customId: unknown): QuizButton | null {
  if (typeof customId !== 'string' || customId.length > MAX_CUSTOM_ID_LENGTH) return null;
  const m = QUIZ_BUTTON_RE.exec(customId);
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return null;
  return { sessionId: m[1], round: Number(m[2]), option: Number(m[3]) };
}

