import { describe, expect, it } from 'vitest';
import { formatSpoilers, NO_SPOILERS, NOVEL_STORIES, SERIES_EPISODES, type SpoilerSetting } from '../../src/data/spoilers.js';
import { spoilerRefusal, mayRunQuizzes, mayStopQuiz, resolveStart, type Member } from '../../src/quiz/policy.js';
import { DEFAULT_GUILD_SETTINGS } from '../../src/store/settings.js';
import type { GuildSettings } from '../../src/store/types.js';
import { sp } from '../spoiler-helpers.js';

const ROLE = '300000000000000001';
const OTHER_ROLE = '300000000000000002';
const CHANNEL = '400000000000000001';
const ELSEWHERE = '400000000000000002';
const HOST = '500000000000000001';

function settings(patch: Partial<GuildSettings> = {}): GuildSettings {
  return { ...DEFAULT_GUILD_SETTINGS, ...patch };
}

const plain: Member = { roleIds: [], canManageGuild: false };
const holder: Member = { roleIds: [OTHER_ROLE, ROLE], canManageGuild: false };
const manager: Member = { roleIds: [], canManageGuild: true };

/** Settings on every track and their combinations: each of the common picks and a few mixed ones. */
const CAPS: readonly SpoilerSetting[] = [
  sp('none'),
  sp('film'),
  ...Array.from({ length: SERIES_EPISODES }, (_, i) => sp(`series-${i + 1}`)),
  ...Array.from({ length: SERIES_EPISODES }, (_, i) => sp(`film+series-${i + 1}`)),
  ...Array.from({ length: NOVEL_STORIES }, (_, i) => sp(`novel-${i + 1}`)),
  sp('film+novel-2'),
  sp('series-4+novel-4'),
  sp('all'),
];
const CAP_PAIRS = CAPS.flatMap((cap) => CAPS.map((requested) => [cap, requested] as const));

describe('mayRunQuizzes', () => {
  it('given no quiz role, anyone may run quizzes', () => {
    expect(mayRunQuizzes(settings(), plain)).toBe(true);
  });

  it.each([
    ['a member without the role', plain, false],
    ['a member with only another role', { roleIds: [OTHER_ROLE], canManageGuild: false }, false],
    ['a holder of the role', holder, true],
    ['a member with Manage Server and no role', manager, true],
  ] as const)('given a quiz role, %s may run quizzes: %s', (_who, member, expected) => {
    expect(mayRunQuizzes(settings({ quizRole: ROLE }), member)).toBe(expected);
  });
});

describe('mayStopQuiz', () => {
  it.each([
    ['the host', null, { ...plain, userId: HOST }, true],
    ['another member, no quiz role set', null, { ...plain, userId: 'x1' }, false],
    ['a Manage Server member', null, { ...manager, userId: 'x2' }, true],
    ['a quiz role holder who is not the host', ROLE, { ...holder, userId: 'x3' }, true],
    ['a member without the quiz role', ROLE, { ...plain, userId: 'x4' }, false],
    ['the host without the quiz role (set after the start)', ROLE, { ...plain, userId: HOST }, true],
    ['a member whose role would be the quiz role, when none is set', null, { ...holder, userId: 'x5' }, false],
  ] as const)('given %s, stopping is allowed: %s', (_who, quizRole, member, expected) => {
    expect(mayStopQuiz(settings({ quizRole }), member, HOST)).toBe(expected);
  });
});

describe('resolveStart', () => {
  it('given default settings and no options, the built-in defaults are used', () => {
    expect(resolveStart(settings(), plain, CHANNEL, {})).toEqual({
      ok: true,
      options: { rounds: 10, seconds: 20, scope: 'all', difficulty: 'mixed', spoilers: NO_SPOILERS },
    });
  });

  it("given server defaults, they fill every option the host didn't give", () => {
    const s = settings({ defaults: { rounds: 3, seconds: 45, difficulty: 'hard', spoilers: sp('film') } });
    expect(resolveStart(s, plain, CHANNEL, { scope: 'series' })).toEqual({
      ok: true,
      options: { rounds: 3, seconds: 45, scope: 'series', difficulty: 'hard', spoilers: sp('film') },
    });
  });

  it('given options from the host, they win over the server defaults', () => {
    const s = settings({ defaults: { rounds: 3, seconds: 45, difficulty: 'hard', spoilers: sp('film') } });
    expect(resolveStart(s, plain, CHANNEL, { rounds: 7, seconds: 12, scope: 'novel', difficulty: 'easy', spoilers: sp('film+series-2') })).toEqual({
      ok: true,
      options: { rounds: 7, seconds: 12, scope: 'novel', difficulty: 'easy', spoilers: sp('film+series-2') },
    });
  });

  it('given null options (Discord omitted them), the defaults are used', () => {
    const result = resolveStart(settings(), plain, CHANNEL, { rounds: null, seconds: null, scope: null, difficulty: null, spoilers: null });
    expect(result).toEqual({ ok: true, options: { rounds: 10, seconds: 20, scope: 'all', difficulty: 'mixed', spoilers: NO_SPOILERS } });
  });

  it('given a quiz role the member lacks, the start is refused naming the role', () => {
    expect(resolveStart(settings({ quizRole: ROLE }), plain, CHANNEL, {})).toEqual({ ok: false, refusal: { kind: 'role', roleId: ROLE } });
  });

  it('given a quiz role, a holder or a Manage Server member may start', () => {
    expect(resolveStart(settings({ quizRole: ROLE }), holder, CHANNEL, {}).ok).toBe(true);
    expect(resolveStart(settings({ quizRole: ROLE }), manager, CHANNEL, {}).ok).toBe(true);
  });

  it('given quiz channels, a start elsewhere is refused naming every allowed channel, and one there is accepted', () => {
    const s = settings({ quizChannels: [CHANNEL, '400000000000000003'] });
    expect(resolveStart(s, plain, ELSEWHERE, {})).toEqual({ ok: false, refusal: { kind: 'channel', allowed: [CHANNEL, '400000000000000003'] } });
    expect(resolveStart(s, plain, CHANNEL, {}).ok).toBe(true);
  });

  it('given quiz channels, even a Manage Server member is held to them', () => {
    expect(resolveStart(settings({ quizChannels: [CHANNEL] }), manager, ELSEWHERE, {})).toMatchObject({ ok: false, refusal: { kind: 'channel' } });
  });

  it('given both a missing role and a wrong channel, the role is named first', () => {
    const s = settings({ quizRole: ROLE, quizChannels: [CHANNEL] });
    expect(resolveStart(s, plain, ELSEWHERE, {})).toMatchObject({ ok: false, refusal: { kind: 'role' } });
  });

  it.each(
    CAP_PAIRS.map(([cap, requested]) => [formatSpoilers(cap), formatSpoilers(requested), cap, requested] as const),
  )('given a cap of %s and spoilers:%s, the request is refused exactly when it goes beyond the cap on some track', (_c, _r, cap, requested) => {
    const result = resolveStart(settings({ maxSpoilers: cap }), plain, CHANNEL, { spoilers: requested });
    const beyond = (requested.film && !cap.film) || requested.series > cap.series || requested.novel > cap.novel;
    if (beyond) {
      expect(result).toEqual({ ok: false, refusal: { kind: 'spoilers', requested, cap } });
    } else {
      expect(result).toMatchObject({ ok: true, options: { spoilers: requested } });
    }
  });

  it.each<[string, string, string]>([
    ['film+series-8', 'film', 'film'],
    ['all', 'none', 'none'],
    ['film', 'film+series-3', 'film'],
    ['film+series-2', 'film+series-2', 'film+series-2'],
    ['film+series-8', 'series-3', 'series-3'],
    ['series-5', 'film+series-3', 'series-3'],
    ['all', 'film+novel-2', 'film+novel-2'],
    ['film+novel-4', 'series-8+novel-1', 'novel-1'],
  ])('given a default of %s and a cap of %s, a start without spoilers uses %s', (fallback, cap, expected) => {
    const s = settings({ maxSpoilers: sp(cap), defaults: { ...DEFAULT_GUILD_SETTINGS.defaults, spoilers: sp(fallback) } });
    expect(resolveStart(s, plain, CHANNEL, {})).toEqual({ ok: true, options: expect.objectContaining({ spoilers: sp(expected) }) });
  });
});

describe('spoilerRefusal', () => {
  it('given no explicit request, nothing is refused', () => {
    expect(spoilerRefusal(undefined, sp('none'))).toBeNull();
    expect(spoilerRefusal(null, sp('film'))).toBeNull();
  });

  it('given a request within the cap, nothing is refused; above it, the refusal names both settings', () => {
    expect(spoilerRefusal(sp('film'), sp('all'))).toBeNull();
    expect(spoilerRefusal(sp('series-2'), sp('series-2'))).toBeNull();
    expect(spoilerRefusal(sp('series-2'), sp('film+series-4'))).toBeNull();
    expect(spoilerRefusal(sp('series-5'), sp('series-2'))).toEqual({ kind: 'spoilers', requested: sp('series-5'), cap: sp('series-2') });
    expect(spoilerRefusal(sp('all'), sp('none'))).toEqual({ kind: 'spoilers', requested: sp('all'), cap: sp('none') });
  });

  it('given a request beyond the cap on one track only, it is refused even when it asks less on the others', () => {
    expect(spoilerRefusal(sp('film'), sp('series-8'))).toEqual({ kind: 'spoilers', requested: sp('film'), cap: sp('series-8') });
    expect(spoilerRefusal(sp('novel-1'), sp('film+series-8'))).toEqual({ kind: 'spoilers', requested: sp('novel-1'), cap: sp('film+series-8') });
    expect(spoilerRefusal(sp('film+series-2'), sp('film+series-1+novel-4'))).toMatchObject({ kind: 'spoilers' });
  });
});
