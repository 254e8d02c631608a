/**
 * Watch parties end to end, with the real bot against the local Discord simulator: `/watchparty
 * progress`, `show` and `clear` with their refusals (in English and Korean), quizzes, practice and
 * look-ups following a channel's progress within the server's cap, recap quizzes, and progress
 * kept across a restart.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dataset } from '../../src/data/index.js';
import { allows, exceeds } from '../../src/data/spoilers.js';
import { buildBank } from '../../src/quiz/bank.js';
import { MAX_PROGRESS_CHANNELS } from '../../src/store/settings.js';
import { SimulatorUsageError } from '../sim/index.js';
import { plain, sp } from '../spoiler-helpers.js';
import { expectKorean, introCount, latestIntro, logLines, resetGuild, run } from './config-helpers.js';
import type { Harness } from './harness.js';
import { ephemeralReply, savedState, startQuizHarness } from './quiz-helpers.js';

const FANS = 'Big City Fans';
const bank = buildBank(dataset);
const revealsOfFact = new Map(bank.facts.map((f) => [f.id, f.reveals]));

let h: Harness;
let fansId: string;
let general: string;
let quizChannel: string;
let quizmasterId: string;

beforeAll(async () => {
  h = await startQuizHarness();
  h.sim.addMember(FANS, { username: 'minji', roles: ['Moderator'], locale: 'ko' });
  h.sim.addMember(FANS, { username: 'haneul', locale: 'ko' });
  fansId = h.sim.guild(FANS).id;
  general = h.channel(FANS, 'general');
  quizChannel = h.channel(FANS, 'quiz');
  quizmasterId = h.sim.guild(FANS).roles['Quizmaster'] ?? '';
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await resetGuild(h, FANS, ['bob', 'carol']);
});
afterEach(() => {
  vi.restoreAllMocks();
  h.sim.assertNoViolations();
  expect(h.sim.messagesAllowingEveryone()).toEqual([]);
});

const settings = () => h.bot.ctx.store.settings.get(fansId);
const progressOf = async (channelId: string) => (await settings()).channelProgress[channelId];
const setProgress = (userId: string, watched: string, channelId = general) => run(h, { channelId, userId, name: 'watchparty progress', options: { watched } });
const show = (userId = 'alice', channelId = general) => run(h, { channelId, userId, name: 'watchparty show' });
const setCap = async (max: string) => {
  const answer = await run(h, { channelId: general, userId: 'mod', name: 'config spoilers', options: { max } });
  expect(answer.text).toContain(`capped at \`${max}\``);
};
const setQuizRole = async () => {
  await run(h, { channelId: general, userId: 'mod', name: 'config quiz-role set', options: { role: '@Quizmaster' } });
  h.sim.setMemberRoles(FANS, 'bob', ['Quizmaster']);
};
const stopQuiz = async (channelId: string) => {
  await run(h, { channelId, userId: 'mod', name: 'quiz stop' });
  await h.bot.ctx.quiz.idle();
};

describe('/watchparty progress', () => {
  it('given a member with Manage Server, the progress is recorded for this channel only, said back in words, and logged', async () => {
    const since = h.logs.length;
    const answer = await setProgress('mod', 'series-4');
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toBe(
      'Recorded: Series: episodes 1–4 · Film: not seen · Novel: not read (`series-4`). Quizzes started here without `spoilers`, practice questions and look-ups here stay within it.',
    );
    expect(await progressOf(general)).toEqual(plain('series-4'));
    expect(await progressOf(quizChannel)).toBeUndefined();
    const logged = logLines(h)
      .slice(since)
      .filter((l) => l.msg === 'watch-party progress changed');
    expect(logged.map(({ guildId, channelId, userId, before, after }) => ({ guildId, channelId, userId, before, after }))).toEqual([
      { guildId: fansId, channelId: general, userId: h.sim.userId('mod'), before: null, after: plain('series-4') },
    ]);
  });

  it('given the quiz role set, a holder records progress; the channel can be moved on later', async () => {
    await setQuizRole();
    expect((await setProgress('bob', 'film+series-2')).content).toContain('Series: episodes 1–2 · Film: seen · Novel: not read');
    expect((await setProgress('bob', 'film+series-4+novel-1')).content).toContain('Series: episodes 1–4 · Film: seen · Novel: the first story');
    expect(await progressOf(general)).toEqual(plain('film+series-4+novel-1'));
  });

  it('given a member with neither the quiz role nor Manage Server, it is refused naming who may, and nothing is recorded', async () => {
    const noRole = await setProgress('alice', 'series-4');
    expect(noRole.ephemeral).toBe(true);
    expect(noRole.content).toBe(
      "Only members with Manage Server can change this channel's progress. A moderator can let a quiz role do it too, with `/config quiz-role set`.",
    );
    await setQuizRole();
    const withRole = await setProgress('alice', 'series-4');
    expect(withRole.content).toBe(`Only members with the <@&${quizmasterId}> role or Manage Server can change this channel's progress.`);
    expect(withRole.message.allowedMentions).toMatchObject({ parse: [] });
    expect((await settings()).channelProgress).toEqual({});
  });

  it('given progress beyond the server cap, it is refused naming the cap, and nothing is recorded', async () => {
    await setCap('film+series-2');
    const refused = await setProgress('mod', 'series-4');
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toBe(
      'This server allows spoilers up to `film+series-2` (the film, series episodes 1–2); `series-4` goes beyond that, so nothing was recorded. Pick something within `film+series-2`, or ask a moderator to raise the cap with `/config spoilers`.',
    );
    expect(await progressOf(general)).toBeUndefined();
    // Within the cap it is taken.
    expect((await setProgress('mod', 'series-2')).content).toContain('Recorded: Series: episodes 1–2');
  });

  it('given text that is not a spoiler setting, it is refused with the syntax, and nothing is recorded', async () => {
    const refused = await setProgress('mod', 'episode 12');
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain('`watched` must be `none`, `film`, `series-N`');
    expect(await progressOf(general)).toBeUndefined();
  });

  it('given the autocomplete, no setting beyond the server cap is offered', async () => {
    await setCap('film+series-2');
    const choices = await h.sim.autocomplete({ channelId: general, userId: 'mod', name: 'watchparty progress', focused: 'watched', value: 'series' });
    expect(choices.length).toBeGreaterThan(0);
    for (const c of choices) expect(exceeds(sp(String(c.value)), sp('film+series-2')), c.name).toBe(false);
    expect(choices.map((c) => c.value)).not.toContain('series-4');
  });

  it('given a DM, /watchparty is not offered, and sent anyway it is refused', async () => {
    expect(() => h.sim.command({ dm: true, userId: 'mod', name: 'watchparty progress', options: { watched: 'series-4' } })).toThrow(SimulatorUsageError);
    const refused = await run(h, { dm: true, userId: 'mod', name: 'watchparty progress', options: { watched: 'series-4' }, force: true });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toBe('Watch-party progress is kept for server channels; there is none in DMs.');
    const shown = await run(h, { dm: true, userId: 'alice', name: 'watchparty show', force: true });
    expect(shown.content).toContain('there is none in DMs');
  });

  it(`given ${MAX_PROGRESS_CHANNELS} channels with progress, one more is refused with the way out; clear everywhere makes room`, async () => {
    const full = Object.fromEntries(Array.from({ length: MAX_PROGRESS_CHANNELS }, (_, i) => [`5000000000000000${String(i).padStart(2, '0')}`, plain('film')]));
    await h.bot.ctx.store.settings.update(fansId, { channelProgress: full });
    const refused = await setProgress('mod', 'series-4');
    expect(refused.content).toBe(
      `This server already keeps progress for ${MAX_PROGRESS_CHANNELS} channels. Clear one with \`/watchparty clear\` in that channel, or all of them with \`/watchparty clear everywhere:True\`.`,
    );
    expect(await progressOf(general)).toBeUndefined();
    const cleared = await run(h, { channelId: general, userId: 'mod', name: 'watchparty clear', options: { everywhere: true } });
    expect(cleared.content).toBe(`Cleared the progress of ${MAX_PROGRESS_CHANNELS} channels on this server.`);
    expect((await settings()).channelProgress).toEqual({});
    expect((await setProgress('mod', 'series-4')).content).toContain('Recorded');
  });

  it('given a Korean moderator and a Korean member, the answer and the refusal are in natural Korean', async () => {
    const set = await setProgress('minji', 'series-4');
    expect(set.content).toContain('기록했어요: 드라마: 1~4회 · 영화: 아직 안 봤어요 · 소설: 아직 안 읽었어요 (`series-4`).');
    expectKorean(set.content);
    const refused = await setProgress('haneul', 'film');
    expect(refused.content).toContain('서버 관리 권한이 있는 멤버만 이 채널의 진도를 바꿀 수 있어요.');
    expectKorean(refused.content);
    const invalid = await setProgress('minji', 'episode 12');
    expect(invalid.content).toContain('`어디까지`는');
    expectKorean(invalid.content);
  });
});

describe('/watchparty show', () => {
  it('given nothing recorded, anyone is told the channel follows the server, with the cap and the quiz default', async () => {
    const answer = await show('alice');
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toBe(
      "**This channel's watch party**\nNo progress is recorded for this channel. Look-ups here follow the server's spoiler cap (`all`: everything: the film, the whole series and the whole novel) and quizzes its default (`none`). Set it with `/watchparty progress`.",
    );
  });

  it('given progress, anyone sees it track by track; a cap lowered since is said too', async () => {
    await setProgress('mod', 'film+series-8');
    const answer = await show('alice');
    expect(answer.content).toContain('Series: all 8 episodes · Film: seen · Novel: not read (`film+series-8`)');
    await setCap('series-4');
    const held = await show('alice');
    expect(held.content).toContain("The server's spoiler cap (`series-4`: series episodes 1–4) holds it to: Series: episodes 1–4 · Film: not seen · Novel: not read.");
    // Another channel has none of it.
    expect((await show('alice', quizChannel)).content).toContain('No progress is recorded for this channel.');
  });

  it('given a Korean member, the channel is described in Korean', async () => {
    await setProgress('mod', 'series-4+novel-4');
    const answer = await show('haneul');
    expect(answer.content).toContain('드라마: 1~4회 · 영화: 아직 안 봤어요 · 소설: 네 편 전부');
    expectKorean(answer.content);
    await setCap('series-2');
    const held = await show('haneul');
    expect(held.content).toContain('서버의 스포일러 상한(`series-2`: 드라마 1~2회) 때문에 지금은 이만큼만 적용돼요: 드라마: 1~2회 · 영화: 아직 안 봤어요 · 소설: 아직 안 읽었어요');
    expectKorean(held.content);
    const lookup = await run(h, { channelId: general, userId: 'haneul', name: 'character', options: { name: '규호' } });
    expect(lookup.content).toBe('이 채널의 진도(`series-2`)를 넘어서는 내용이라 보여 드릴 수 없어요. 진도는 `/워치파티 보기`에서 확인할 수 있어요.');
  });
});

describe('/watchparty clear', () => {
  it("given progress, a host clears it: the channel follows the server's settings again", async () => {
    await setProgress('mod', 'series-4');
    await setProgress('mod', 'film', quizChannel);
    const cleared = await run(h, { channelId: general, userId: 'mod', name: 'watchparty clear' });
    expect(cleared.ephemeral).toBe(true);
    expect(cleared.content).toBe(
      "Cleared. This channel follows the server's settings again: look-ups up to `all` (everything: the film, the whole series and the whole novel), quizzes `none` unless the host says otherwise.",
    );
    expect((await settings()).channelProgress).toEqual({ [quizChannel]: plain('film') });
    expect((await show('alice')).content).toContain('No progress is recorded for this channel.');
  });

  it('given nothing recorded, clear says so', async () => {
    const answer = await run(h, { channelId: general, userId: 'mod', name: 'watchparty clear' });
    expect(answer.content).toBe("This channel has no progress recorded; it already follows the server's settings.");
  });

  it('given a member without the quiz role or Manage Server, clear is refused and the progress stays; clearing everywhere takes Manage Server', async () => {
    await setProgress('mod', 'series-4');
    const refused = await run(h, { channelId: general, userId: 'alice', name: 'watchparty clear' });
    expect(refused.content).toContain("Only members with Manage Server can change this channel's progress.");
    await setQuizRole();
    const everywhere = await run(h, { channelId: general, userId: 'bob', name: 'watchparty clear', options: { everywhere: true } });
    expect(everywhere.content).toBe("Clearing every channel's progress takes Manage Server.");
    expect(await progressOf(general)).toEqual(plain('series-4'));
    // The quiz role may clear its own channel.
    expect((await run(h, { channelId: general, userId: 'bob', name: 'watchparty clear' })).content).toContain('Cleared.');
  });
});

describe('quizzes and practice follow the progress', () => {
  it('given series-4 progress, /quiz start without spoilers asks nothing beyond episode 4 there, and the server default elsewhere', async () => {
    await setProgress('mod', 'series-4');
    const reply = await ephemeralReply(h, h.sim.command({ channelId: general, userId: 'alice', name: 'quiz start', options: { rounds: 30 } }), 'alice');
    expect(reply).toContain('Quiz started');
    const state = await savedState(h, general);
    if (!state) throw new Error('no saved quiz');
    expect(state.options.spoilers).toEqual(plain('series-4'));
    expect(state.questions.length).toBeGreaterThan(10);
    for (const q of state.questions) expect(allows(sp('series-4'), q.reveals ?? []), `${q.id}: ${(q.reveals ?? []).join(',')}`).toBe(true);
    // Some question does reach into the series' plot: the progress is used, not "none".
    expect(state.questions.some((q) => (q.reveals ?? []).some((r) => r.startsWith('series:')))).toBe(true);
    expect(latestIntro(h, general)).toContain('series episodes 1–4');

    await ephemeralReply(h, h.sim.command({ channelId: quizChannel, userId: 'alice', name: 'quiz start', options: { rounds: 3 } }), 'alice');
    expect((await savedState(h, quizChannel))?.options.spoilers).toEqual(plain('none'));
    await stopQuiz(general);
    await stopQuiz(quizChannel);
  });

  it('given progress, an explicit spoilers beyond it but within the cap is the host’s choice; beyond the cap it is refused', async () => {
    await setCap('film+series-6');
    await setProgress('mod', 'series-2');
    await ephemeralReply(h, h.sim.command({ channelId: general, userId: 'alice', name: 'quiz start', options: { rounds: 3, spoilers: 'film+series-6' } }), 'alice');
    expect((await savedState(h, general))?.options.spoilers).toEqual(plain('film+series-6'));
    await stopQuiz(general);
    const before = introCount(h, general);
    const refused = await run(h, { channelId: general, userId: 'alice', name: 'quiz start', options: { spoilers: 'series-8' } });
    expect(refused.content).toContain('This server allows spoilers up to `film+series-6`');
    expect(introCount(h, general)).toBe(before);
  });

  it('given progress, /quiz practice without spoilers follows it in that channel and reveals nothing elsewhere', async () => {
    await setProgress('mod', 'film+series-4');
    const create = vi.spyOn(h.bot.ctx.practice, 'create');
    const here = await run(h, { channelId: general, userId: 'alice', name: 'quiz practice' });
    expect(here.ephemeral).toBe(true);
    const there = await run(h, { channelId: quizChannel, userId: 'alice', name: 'quiz practice' });
    expect(there.ephemeral).toBe(true);
    expect(create.mock.calls.map(([request]) => request.spoilers)).toEqual([plain('film+series-4'), plain('none')]);
    // An explicit option still wins, within the cap.
    await run(h, { channelId: general, userId: 'alice', name: 'quiz practice', options: { spoilers: 'none' } });
    expect(create.mock.calls.at(-1)?.[0].spoilers).toEqual(plain('none'));
  });
});

describe('look-ups follow the progress', () => {
  it('given series-4 progress in #general, Gyu-ho (episode 5) is withheld there, naming the progress, and shown in #quiz', async () => {
    await setProgress('mod', 'series-4');
    const hidden = await run(h, { channelId: general, userId: 'alice', name: 'character', options: { name: 'Gyu-ho' } });
    expect(hidden.ephemeral).toBe(true);
    expect(hidden.content).toBe("That goes beyond how far this channel has watched (`series-4`), so I'm leaving it out. `/watchparty show` says where the channel is.");
    expect(hidden.text).not.toContain('HIV');
    const shown = await run(h, { channelId: quizChannel, userId: 'alice', name: 'character', options: { name: 'Gyu-ho' } });
    expect(shown.text).toContain('||Gyu-ho loves Young deeply, knowing that Young is HIV-positive.||');

    const typedHere = await h.sim.autocomplete({ channelId: general, userId: 'alice', name: 'character', focused: 'name', value: 'gyu' });
    expect(typedHere.map((c) => String(c.value))).not.toContain('character:series-gyu-ho');
    const typedThere = await h.sim.autocomplete({ channelId: quizChannel, userId: 'alice', name: 'character', focused: 'name', value: 'gyu' });
    expect(typedThere.map((c) => String(c.value))).toContain('character:series-gyu-ho');
  });

  it('given progress beyond a cap lowered later, look-ups keep to the cap', async () => {
    await setProgress('mod', 'film+series-8');
    await setCap('none');
    const fact = await run(h, { channelId: general, userId: 'alice', name: 'fact', options: { query: 'closing line' } });
    expect(fact.text).not.toContain('lantern');
    expect(fact.content).toContain('goes beyond how far this channel has watched (`none`)');
  });
});

describe('recap quizzes', () => {
  it('given series-4 progress, /quiz start recap:True asks about episodes 3–4 first and says so; the saved game keeps the flag', async () => {
    await setProgress('mod', 'series-4');
    const reply = await ephemeralReply(h, h.sim.command({ channelId: general, userId: 'alice', name: 'quiz start', options: { rounds: 3, recap: true } }), 'alice');
    expect(reply).toContain('Quiz started: 3 questions.');
    expect(reply).toContain('Recap: questions about series episodes 3–4 come first, then earlier ones.');
    const state = await savedState(h, general);
    if (!state) throw new Error('no saved quiz');
    expect(state.options.recap).toBe(true);
    expect(state.questions).toHaveLength(3);
    for (const q of state.questions) {
      const reveals = revealsOfFact.get(q.fact ?? '') ?? [];
      expect(reveals.some((r) => r === 'series:3' || r === 'series:4'), `${q.id}: ${reveals.join(',')}`).toBe(true);
    }

    // A restart resumes the same recap game.
    const ids = state.questions.map((q) => q.id);
    await h.restart();
    const resumed = await savedState(h, general);
    expect(resumed?.options.recap).toBe(true);
    expect(resumed?.questions.map((q) => q.id)).toEqual(ids);
    await stopQuiz(general);
  });

  it('given nothing that reveals plot, recap:True is refused privately with how to set the progress, and no quiz starts', async () => {
    const before = introCount(h, general);
    const refused = await run(h, { channelId: general, userId: 'alice', name: 'quiz start', options: { recap: true } });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toBe(
      'A recap asks about what you watched last, but this quiz reveals no plot (`none`). Record how far you are with `/watchparty progress`, or give `spoilers`, e.g. `spoilers:series-4`.',
    );
    expect(introCount(h, general)).toBe(before);
    expect(h.bot.ctx.quiz.running(general)).toBeUndefined();
  });

  it('given progress whose last part has no questions yet (the novel), recap:True says so, and no quiz starts', async () => {
    await setProgress('mod', 'novel-2');
    const refused = await run(h, { channelId: general, userId: 'alice', name: 'quiz start', options: { recap: true } });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toBe("I have no recap questions about the novel's second story for those options yet. Try without `recap`, or with a wider `scope` or `difficulty`.");
    expect(h.bot.ctx.quiz.running(general)).toBeUndefined();
  });

  it('given a Korean host, the recap note is in Korean', async () => {
    await setProgress('mod', 'series-4');
    const reply = await ephemeralReply(h, h.sim.command({ channelId: general, userId: 'minji', name: 'quiz start', options: { rounds: 3, recap: true } }), 'minji');
    expect(reply).toContain('복습 퀴즈예요. 드라마 3~4회 문제가 먼저 나오고, 그다음에 앞부분 문제가 나와요.');
    await stopQuiz(general);
  });
});

describe('progress across a restart', () => {
  it('given progress recorded, a restart (the store reopened) keeps it for show and for look-ups', async () => {
    await setProgress('mod', 'series-4');
    await h.restart();
    expect((await show('alice')).content).toContain('Series: episodes 1–4 · Film: not seen · Novel: not read (`series-4`)');
    const hidden = await run(h, { channelId: general, userId: 'alice', name: 'character', options: { name: 'Gyu-ho' } });
    expect(hidden.content).toContain('goes beyond how far this channel has watched (`series-4`)');
  });
});
