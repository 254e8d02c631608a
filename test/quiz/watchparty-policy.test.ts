/**
 * The watch-party rules, pure: who may record a channel's progress, how it applies within the
 * server's cap, and what `/quiz start`, `/quiz practice` and look-ups take from it.
 */
import { describe, expect, it } from 'vitest';
import { NO_SPOILERS } from '../../src/data/spoilers.js';
import { channelProgress, mayHostWatchParty, practiceSpoilers, resolveStart, type Member } from '../../src/quiz/policy.js';
import { DEFAULT_GUILD_SETTINGS } from '../../src/store/settings.js';
import type { GuildSettings } from '../../src/store/types.js';
import { sp } from '../spoiler-helpers.js';

const ROLE = '300000000000000001';
const PARTY = '400000000000000001';
const ELSEWHERE = '400000000000000002';

function settings(patch: Partial<GuildSettings> = {}): GuildSettings {
  return { ...DEFAULT_GUILD_SETTINGS, ...patch };
}

const nobody: Member = { roleIds: [], canManageGuild: false };
const holder: Member = { roleIds: [ROLE], canManageGuild: false };
const manager: Member = { roleIds: [], canManageGuild: true };

describe('mayHostWatchParty', () => {
  it.each([
    ['a plain member, no quiz role set', null, nobody, false],
    ['a plain member, a quiz role set', ROLE, nobody, false],
    ['a quiz role holder', ROLE, holder, true],
    ['a member holding the role id when no quiz role is set', null, holder, false],
    ['a member with Manage Server', null, manager, true],
    ['a member with Manage Server, a quiz role set', ROLE, manager, true],
  ] as const)('given %s, recording progress is allowed: %s', (_who, quizRole, member, expected) => {
    expect(mayHostWatchParty(settings({ quizRole }), member)).toBe(expected);
  });
});

describe('channelProgress', () => {
  const party = settings({ maxSpoilers: sp('film+series-6'), channelProgress: { [PARTY]: sp('series-4') } });

  it('given progress in one channel, it applies there and nowhere else', () => {
    expect(channelProgress(party, PARTY)).toEqual(sp('series-4'));
    expect(channelProgress(party, ELSEWHERE)).toBeNull();
  });

  it('given a cap lowered below recorded progress, the cap wins track by track', () => {
    const lowered = settings({ maxSpoilers: sp('film+series-2'), channelProgress: { [PARTY]: sp('series-4+novel-1') } });
    expect(channelProgress(lowered, PARTY)).toEqual(sp('series-2'));
  });

  it('given a channel id that names an inherited property, there is no progress', () => {
    expect(channelProgress(party, 'constructor')).toBeNull();
    expect(channelProgress(party, '__proto__')).toBeNull();
  });
});

describe('resolveStart with channel progress', () => {
  const party = settings({
    maxSpoilers: sp('film+series-6'),
    defaults: { ...DEFAULT_GUILD_SETTINGS.defaults, spoilers: sp('film') },
    channelProgress: { [PARTY]: sp('series-4') },
  });
  const start = (channelId: string, request: Parameters<typeof resolveStart>[3] = {}) => {
    const r = resolveStart(party, nobody, channelId, request);
    if (!r.ok) throw new Error(`refused: ${r.refusal.kind}`);
    return r.options;
  };

  it('given no spoilers option, the channel with progress uses it and another channel the server default', () => {
    expect(start(PARTY).spoilers).toEqual(sp('series-4'));
    expect(start(ELSEWHERE).spoilers).toEqual(sp('film'));
  });

  it('given explicit spoilers beyond the progress but within the cap, the host gets them', () => {
    expect(start(PARTY, { spoilers: sp('film+series-6') }).spoilers).toEqual(sp('film+series-6'));
  });

  it('given explicit spoilers beyond the server cap, the start is refused as before', () => {
    const r = resolveStart(party, nobody, PARTY, { spoilers: sp('series-8') });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.refusal).toEqual({ kind: 'spoilers', requested: sp('series-8'), cap: sp('film+series-6') });
  });

  it('given recap, the options carry it; without, they do not', () => {
    expect(start(PARTY, { recap: true }).recap).toBe(true);
    expect('recap' in start(PARTY, { recap: false })).toBe(false);
    expect('recap' in start(PARTY)).toBe(false);
  });
});

describe('practiceSpoilers', () => {
  it('given progress, practice in that channel follows it; elsewhere and in DMs it reveals nothing', () => {
    const party = settings({ channelProgress: { [PARTY]: sp('film+series-2') } });
    expect(practiceSpoilers(party, PARTY)).toEqual(sp('film+series-2'));
    expect(practiceSpoilers(party, ELSEWHERE)).toEqual(NO_SPOILERS);
    expect(practiceSpoilers(null, PARTY)).toEqual(NO_SPOILERS);
  });
});
