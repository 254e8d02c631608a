/**
 * `/config` in both languages, end to end with the real bot and the local simulator: every
 * subcommand and refusal as a Korean (`ko`) moderator beside the English one, the spoiler
 * option's autocomplete and errors, and `/config language` (the language of public quiz
 * messages): the next quiz intro follows it, it survives a restart and `/config show` reflects it.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GUILD_SETTINGS } from '../../src/store/settings.js';
import type { GuildSpec } from '../sim/index.js';
import {
  embedsOf,
  englishIn,
  expectEnglish,
  expectKorean,
  expectNoPlaceholder,
  expectWithinDiscordLimits,
  firstPublicAfter,
  resetGuild,
  run,
  settingChanges,
  stopQuizzes,
  visibleText,
  type Answer,
} from './config-helpers.js';
import { FANS as FANS_SPEC, OTHER as OTHER_SPEC, startHarness, type Harness } from './harness.js';

const FANS = 'Big City Fans';
const SEOUL = '서울 대도시 팬클럽';

/** A server whose preferred locale is Korean, with a Korean owner and an English-speaking member. */
const SEOUL_SPEC: GuildSpec = {
  name: SEOUL,
  owner: 'jiwoo',
  locale: 'ko',
  roles: [{ name: '운영진', permissions: ['ManageGuild'] }],
  members: [{ username: 'jiwoo', locale: 'ko' }, { username: 'ethan', roles: ['운영진'] }],
  channels: [{ name: 'general' }, { name: 'quiz' }],
};

let h: Harness;
let fansId: string;
let seoulId: string;
let general: string;
let quizChannel: string;

beforeAll(async () => {
  h = await startHarness({ manualTime: true, guilds: [FANS_SPEC, OTHER_SPEC, SEOUL_SPEC] });
  // Korean members of the English server: a moderator and a member without Manage Server.
  h.sim.addMember(FANS, { username: 'minji', roles: ['Moderator'], locale: 'ko' });
  h.sim.addMember(FANS, { username: 'haneul', locale: 'ko' });
  fansId = h.sim.guild(FANS).id;
  seoulId = h.sim.guild(SEOUL).id;
  general = h.channel(FANS, 'general');
  quizChannel = h.channel(FANS, 'quiz');
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await resetGuild(h, FANS);
  await resetGuild(h, SEOUL);
});
afterEach(() => {
  h.sim.assertNoViolations();
  expect(h.sim.messagesAllowingEveryone()).toEqual([]);
});

const settings = () => h.bot.ctx.store.settings.get(fansId);

/** Runs a command as a Korean member and checks the answer is private, Korean, complete and within Discord's limits. */
async function ko(invocation: Parameters<typeof run>[1], allowed: readonly RegExp[] = []): Promise<Answer> {
  const answer = await run(h, invocation);
  expect(answer.ephemeral, answer.text).toBe(true);
  expectKorean(answer.visible, allowed);
  expectWithinDiscordLimits(answer.message);
  return answer;
}

/** Runs a command as an English-speaking member and checks the answer is private, English, complete and within limits. */
async function en(invocation: Parameters<typeof run>[1]): Promise<Answer> {
  const answer = await run(h, invocation);
  expect(answer.ephemeral, answer.text).toBe(true);
  expectEnglish(answer.visible);
  expect(englishIn(answer.visible).length, answer.visible).toBeGreaterThan(0);
  expectWithinDiscordLimits(answer.message);
  return answer;
}

const fields = (a: Answer) => Object.fromEntries((embedsOf(a.message)[0]?.fields ?? []).map((f) => [f.name, f.value]));

describe('the /config definition in Korean', () => {
  type Def = { name: string; description: string; name_localizations?: Record<string, string>; description_localizations?: Record<string, string>; options?: Def[]; choices?: { name: string; name_localizations?: Record<string, string>; value: string }[] };
  const registered = () => h.sim.commands().find((c) => c['name'] === 'config') as unknown as Def;
  const find = (d: Def, ...names: string[]): Def => names.reduce((node, n) => node.options?.find((o) => o.name === n) ?? (() => { throw new Error(`no ${n}`); })(), d);
  const koName = (d: Def) => d.name_localizations?.['ko'];

  it('given the registered command, every subcommand, option and choice has a Korean name and description', () => {
    const walk = (d: Def, path: string): void => {
      expect(koName(d), path).toMatch(/^[-_\p{L}\p{N}]{1,32}$/u);
      expect(d.description_localizations?.['ko'], path).toMatch(/[\uac00-\ud7a3]/u);
      expect(d.description.length, path).toBeLessThanOrEqual(100);
      expect(d.description_localizations?.['ko']?.length ?? 0, path).toBeLessThanOrEqual(100);
      for (const c of d.choices ?? []) expect(c.name_localizations?.['ko'], `${path} choice ${c.value}`).toBeTruthy();
      for (const o of d.options ?? []) walk(o, `${path} ${o.name}`);
    };
    walk(registered(), 'config');
  });

  it('given the Korean replies, the command and option names they quote are the ones Korean clients show', () => {
    const config = registered();
    expect(`/${koName(config)} ${koName(find(config, 'show'))}`).toBe('/설정 보기');
    expect(`/${koName(config)} ${koName(find(config, 'reset-leaderboard'))}`).toBe('/설정 순위초기화');
    expect(`/${koName(config)} ${koName(find(config, 'quiz-role'))} ${koName(find(config, 'quiz-role', 'clear'))}`).toBe('/설정 퀴즈역할 해제');
    expect(koName(find(config, 'spoilers', 'max'))).toBe('최대');
    expect(['rounds', 'seconds', 'difficulty', 'spoilers'].map((o) => koName(find(config, 'quiz-defaults', o)))).toEqual(['문제수', '제한시간', '난이도', '스포일러']);
    expect(koName(find(config, 'language', 'value'))).toBe('언어');
    // Choices read as the card and the confirmation say them.
    const difficulty = find(config, 'quiz-defaults', 'difficulty').choices?.map((c) => c.name_localizations?.['ko']);
    expect(difficulty).toEqual(['혼합', '쉬움', '보통', '어려움']);
    expect(find(config, 'reset-leaderboard', 'period').choices?.map((c) => [c.value, c.name_localizations?.['ko']])).toEqual([
      ['all-time', '전체 기간'],
      ['month', '이번 달'],
      ['week', '이번 주'],
    ]);
    expect(find(config, 'language', 'value').choices?.map((c) => [c.value, c.name, c.name_localizations?.['ko']])).toEqual([
      ['en', 'English', 'English (영어)'],
      ['ko', '한국어', '한국어'],
      ['default', 'server default', '서버 기본값'],
    ]);
  });
});

describe('/config show in Korean and in English', () => {
  it('given a Korean moderator, the card is Korean with every setting named; the English moderator sees the same settings in English', async () => {
    const korean = await ko({ channelId: general, userId: 'minji', name: 'config show' });
    expect(embedsOf(korean.message)[0]?.title).toBe('이 서버의 퀴즈 설정');
    expect(fields(korean)).toEqual({
      '퀴즈 채널': '모든 채널',
      '스포일러 상한': '전부: 영화, 드라마 전체, 소설 전체 (`all`). 퀴즈와 검색 모두 이 범위를 넘지 않아요.',
      '퀴즈 역할': '누구나 퀴즈를 시작할 수 있어요',
      '퀴즈 알림': '멘션하는 역할이 없어요',
      '퀴즈 기본값': '10문제 · 문제당 20초 · 난이도 혼합 · 스포일러 `none`',
      '퀴즈 메시지 언어': '서버 기본값: 지금은 영어 (서버 기본 언어가 한국어가 아니에요)',
    });
    const english = await en({ channelId: general, userId: 'mod', name: 'config show' });
    expect(fields(english)).toEqual({
      'Quiz channels': 'Anywhere',
      'Spoiler cap': '`all`: everything: the film, the whole series and the whole novel. Quizzes and look-ups never go beyond it.',
      'Quiz role': 'Anyone may start quizzes',
      'Quiz ping': 'No role is mentioned',
      'Quiz defaults': '10 questions · 20 s each · mixed · spoilers `none`',
      'Language of quiz messages': "Server default, now English: the server's preferred language is not Korean",
    });
  });

  it('given changed settings, the Korean card shows them, with the capped default explained', async () => {
    const roleId = h.sim.guild(FANS).roles['Quizmaster'];
    await ko({ channelId: general, userId: 'minji', name: 'config quiz-channels add', options: { channel: '#quiz' } });
    await ko({ channelId: general, userId: 'minji', name: 'config quiz-role set', options: { role: '@Quizmaster' } });
    await ko({ channelId: general, userId: 'minji', name: 'config quiz-defaults', options: { rounds: 1, seconds: 45, difficulty: 'hard', spoilers: 'film+series-8' } });
    await ko({ channelId: general, userId: 'minji', name: 'config spoilers', options: { max: 'film+series-4' } });
    const shown = await ko({ channelId: general, userId: 'minji', name: 'config show' });
    expect(fields(shown)).toMatchObject({
      '퀴즈 채널': `<#${quizChannel}>`,
      '스포일러 상한': '영화, 드라마 1~4회 (`film+series-4`). 퀴즈와 검색 모두 이 범위를 넘지 않아요.',
      '퀴즈 역할': `<@&${roleId}> (서버 관리 권한이 있는 멤버도 가능)`,
      '퀴즈 기본값': '1문제 · 문제당 45초 · 난이도 어려움 · 스포일러 `film+series-8` (서버 상한에 맞춰 실제 퀴즈는 `film+series-4`까지만 다뤄요)',
    });
    const english = await en({ channelId: general, userId: 'mod', name: 'config show' });
    expect(fields(english)['Quiz defaults']).toBe("1 question · 45 s each · hard · spoilers `film+series-8` (quizzes use `film+series-4`, within the server's cap)");
  });
});

describe('/config quiz-channels in Korean', () => {
  it('given adds and removes, each reply says what changed in Korean and the card follows', async () => {
    const first = await ko({ channelId: general, userId: 'minji', name: 'config quiz-channels add', options: { channel: '#quiz' } });
    expect(first.content).toBe(`이제 <#${quizChannel}> 채널에서만 퀴즈를 할 수 있어요.`);
    expect(embedsOf(first.message)[0]?.title).toBe('바뀐 설정');
    expect(fields(first)['퀴즈 채널']).toBe(`<#${quizChannel}>`);
    const second = await ko({ channelId: general, userId: 'minji', name: 'config quiz-channels add', options: { channel: '#general' } });
    expect(second.content).toBe(`이제 <#${general}> 채널에서도 퀴즈를 할 수 있어요.`);
    expect(fields(second)['퀴즈 채널']).toBe(`<#${quizChannel}>, <#${general}>`);

    const removed = await ko({ channelId: general, userId: 'minji', name: 'config quiz-channels remove', options: { channel: '#general' } });
    expect(removed.content).toBe(`퀴즈 채널 목록에서 <#${general}> 채널을 뺐어요.`);
    const last = await ko({ channelId: general, userId: 'minji', name: 'config quiz-channels remove', options: { channel: '#quiz' } });
    expect(last.content).toBe(`퀴즈 채널 목록에서 <#${quizChannel}> 채널을 뺐어요. 남은 채널이 없어서 이제 어느 채널에서나 퀴즈를 할 수 있어요.`);
    expect(fields(last)['퀴즈 채널']).toBe('모든 채널');

    await ko({ channelId: general, userId: 'minji', name: 'config quiz-channels add', options: { channel: '#quiz' } });
    const cleared = await ko({ channelId: general, userId: 'minji', name: 'config quiz-channels clear' });
    expect(cleared.content).toBe('이제 다시 어느 채널에서나 퀴즈를 할 수 있어요.');
    expect((await settings()).quizChannels).toEqual([]);
  });

  it('given each refusal, the Korean moderator reads it in Korean and the English moderator in English, and nothing is saved', async () => {
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: '#quiz' } });
    const cases: { options: Record<string, string>; sub: 'add' | 'remove'; ko: string; en: string; force?: boolean }[] = [
      { sub: 'add', options: { channel: '#quiz' }, ko: `<#${quizChannel}> 채널은 이미 퀴즈 채널이에요.`, en: `<#${quizChannel}> is already a quiz channel.` },
      { sub: 'remove', options: { channel: '#general' }, ko: `<#${general}> 채널은 퀴즈 채널 목록에 없어요.`, en: `<#${general}> is not on the quiz channel list.` },
      {
        sub: 'add',
        options: { channel: '#voice' },
        force: true,
        ko: `<#${h.channel(FANS, 'voice')}> 채널은 텍스트 채널이나 공지 채널이 아니라서 퀴즈를 할 수 없어요.`,
        en: `<#${h.channel(FANS, 'voice')}> is not a text or announcement channel; quizzes need one.`,
      },
      {
        sub: 'add',
        options: { channel: '#read-only' },
        ko: `<#${h.channel(FANS, 'read-only')}> 채널에서 봇에게 메시지 보내기 권한이 없어서 퀴즈를 진행할 수 없어요. 권한부터 설정해 주세요.`,
        en: `I'm missing the Send Messages permission in <#${h.channel(FANS, 'read-only')}>, so I couldn't run quizzes there. Fix that first.`,
      },
      {
        sub: 'add',
        options: { channel: '#no-embeds' },
        ko: `<#${h.channel(FANS, 'no-embeds')}> 채널에서 봇에게 링크 첨부 권한이 없어서 퀴즈를 진행할 수 없어요. 권한부터 설정해 주세요.`,
        en: `I'm missing the Embed Links permission in <#${h.channel(FANS, 'no-embeds')}>, so I couldn't run quizzes there. Fix that first.`,
      },
    ];
    const since = h.logs.length;
    for (const c of cases) {
      const invocation = { channelId: general, name: `config quiz-channels ${c.sub}`, options: c.options, ...(c.force ? { force: true } : {}) };
      expect((await ko({ ...invocation, userId: 'minji' })).content).toBe(c.ko);
      expect((await en({ ...invocation, userId: 'mod' })).content).toBe(c.en);
    }
    expect((await settings()).quizChannels).toEqual([quizChannel]);
    expect(settingChanges(h, since)).toEqual([]);
  });

  it('given a channel where the bot lacks two permissions, both are named, listed as each language lists them', async () => {
    const locked = h.sim.guild(FANS).channels['locked'] ?? h.sim.addChannel(FANS, { name: 'locked', overwrites: [{ member: '@bot', deny: ['SendMessages', 'EmbedLinks'] }] });
    const refused = await ko({ channelId: general, userId: 'minji', name: 'config quiz-channels add', options: { channel: locked } });
    expect(refused.content).toBe(`<#${locked}> 채널에서 봇에게 메시지 보내기, 링크 첨부 권한이 없어서 퀴즈를 진행할 수 없어요. 권한부터 설정해 주세요.`);
    const english = await en({ channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: locked } });
    expect(english.content).toBe(`I'm missing the Send Messages and Embed Links permissions in <#${locked}>, so I couldn't run quizzes there. Fix that first.`);
    const hidden = h.sim.guild(FANS).channels['hidden'] ?? h.sim.addChannel(FANS, { name: 'hidden', overwrites: [{ member: '@bot', deny: ['ViewChannel'] }] });
    const unseen = await ko({ channelId: general, userId: 'minji', name: 'config quiz-channels add', options: { channel: hidden } });
    expect(unseen.content).toBe(`<#${hidden}> 채널에서 봇에게 채널 보기 권한이 없어서 퀴즈를 진행할 수 없어요. 권한부터 설정해 주세요.`);
    expect((await settings()).quizChannels).toEqual([]);
  });

  it('given the list is full, add is refused naming the limit in both languages', async () => {
    const full = Array.from({ length: 25 }, (_, i) => `1${String(i).padStart(17, '0')}`);
    await h.bot.ctx.store.settings.update(fansId, { quizChannels: full });
    expect((await ko({ channelId: general, userId: 'minji', name: 'config quiz-channels add', options: { channel: '#quiz' } })).content).toBe(
      '퀴즈 채널은 서버당 최대 25개까지 지정할 수 있어요.',
    );
    expect((await en({ channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: '#quiz' } })).content).toBe(
      'A server can have at most 25 quiz channels.',
    );
    expect((await settings()).quizChannels).toEqual(full);
  });
});

describe('/config spoilers and quiz-defaults in Korean', () => {
  it('given a new cap, the Korean reply describes it in words, with the value typed', async () => {
    const answer = await ko({ channelId: general, userId: 'minji', name: 'config spoilers', options: { max: 'film+series-4' } });
    expect(answer.content).toBe('이 서버의 스포일러 상한을 바꿨어요: 영화, 드라마 1~4회 (`film+series-4`). 퀴즈와 검색 모두 이 범위를 넘지 않아요.');
    const none = await ko({ channelId: general, userId: 'minji', name: 'config spoilers', options: { max: 'none' } });
    expect(none.content).toContain(': 스포일러 없음 (`none`).');
    const novel = await ko({ channelId: general, userId: 'minji', name: 'config spoilers', options: { max: 'novel-2' } });
    expect(novel.content).toContain(': 소설 1~2편 (`novel-2`)');
    const english = await en({ channelId: general, userId: 'mod', name: 'config spoilers', options: { max: 'film+series-4' } });
    expect(english.content).toBe('Spoilers are now capped at `film+series-4` (the film, series episodes 1–4) for quizzes and look-ups on this server.');
  });

  it('given a setting that is not one, the Korean refusal names the option as Korean clients show it and the syntax', async () => {
    const refused = await ko({ channelId: general, userId: 'minji', name: 'config spoilers', options: { max: 'series-9' }, force: true });
    expect(refused.content).toBe(
      '`최대`는 `none`(스포일러 없음), `film`(영화), `series-N`(드라마 1~N회, N은 8까지), `novel-N`(소설 1~N편, N은 4까지), `all`(전부) 중 하나이거나 `+`로 이은 조합이어야 해요. 예: `film+series-4`',
    );
    const english = await en({ channelId: general, userId: 'mod', name: 'config spoilers', options: { max: 'series-9' }, force: true });
    expect(english.content).toContain('`max` must be `none`, `film`, `series-N`');
    expect((await settings()).maxSpoilers).toEqual(DEFAULT_GUILD_SETTINGS.maxSpoilers);
  });

  it('given new defaults, the Korean reply and card show them', async () => {
    const changed = await ko({ channelId: general, userId: 'minji', name: 'config quiz-defaults', options: { rounds: 3, seconds: 15, difficulty: 'easy', spoilers: 'film' } });
    expect(changed.content).toBe('퀴즈 기본값을 바꿨어요.');
    expect(fields(changed)['퀴즈 기본값']).toBe('3문제 · 문제당 15초 · 난이도 쉬움 · 스포일러 `film`');
  });

  // The particle after an option name follows its last syllable: 문제수는 (no final consonant), 제한시간은 (final ㄴ).
  it.each([
    [{ rounds: 0 }, '`문제수`는 1~30 사이의 정수로 입력해 주세요.', '`rounds` must be a whole number from 1 to 30.'],
    [{ seconds: 61 }, '`제한시간`은 10~60 사이의 정수로 입력해 주세요.', '`seconds` must be a whole number from 10 to 60.'],
    [{ difficulty: 'impossible' }, '`난이도`는 혼합, 쉬움, 보통, 어려움 중에서 골라 주세요.', '`difficulty` must be one of: mixed, easy, medium, hard.'],
    [
      {},
      '`문제수`, `제한시간`, `난이도`, `스포일러` 중 하나 이상을 입력해 주세요. 지금 기본값은 `/설정 보기`에서 볼 수 있어요.',
      'Give at least one of `rounds`, `seconds`, `difficulty` or `spoilers`. `/config show` lists the current defaults.',
    ],
  ])('given %j (sent anyway), quiz-defaults is refused in each language and nothing changes', async (options, korean, english) => {
    expect((await ko({ channelId: general, userId: 'minji', name: 'config quiz-defaults', options, force: true })).content).toBe(korean);
    expect((await en({ channelId: general, userId: 'mod', name: 'config quiz-defaults', options, force: true })).content).toBe(english);
    expect(await settings()).toEqual(DEFAULT_GUILD_SETTINGS);
  });

  it('given a bad default spoiler setting, the Korean refusal names `스포일러`', async () => {
    const refused = await ko({ channelId: general, userId: 'minji', name: 'config quiz-defaults', options: { spoilers: 'series-9' }, force: true });
    expect(refused.content).toMatch(/^`스포일러`는 `none`\(스포일러 없음\)/);
  });

  it('given a default above the cap, the Korean refusal names both in words', async () => {
    await run(h, { channelId: general, userId: 'mod', name: 'config spoilers', options: { max: 'film' } });
    const refused = await ko({ channelId: general, userId: 'minji', name: 'config quiz-defaults', options: { spoilers: 'film+series-2' } });
    expect(refused.content).toBe('서버의 스포일러 상한을 넘는 기본값은 정할 수 없어요. 상한: 영화 (`film`) · 요청한 기본값: 영화, 드라마 1~2회 (`film+series-2`)');
    expect((await settings()).defaults).toEqual(DEFAULT_GUILD_SETTINGS.defaults);
  });
});

describe('/config quiz-role and who may use /config, in Korean', () => {
  it('given set, clear and @everyone, each Korean reply says what happened', async () => {
    const roleId = h.sim.guild(FANS).roles['Quizmaster'];
    const set = await ko({ channelId: general, userId: 'minji', name: 'config quiz-role set', options: { role: '@Quizmaster' } });
    expect(set.content).toBe(`이제 <@&${roleId}> 역할이 있는 멤버(또는 서버 관리 권한이 있는 멤버)만 퀴즈를 시작하고 중지할 수 있어요.`);
    const cleared = await ko({ channelId: general, userId: 'minji', name: 'config quiz-role clear' });
    expect(cleared.content).toBe('이제 다시 누구나 퀴즈를 시작할 수 있어요.');
    const everyone = await ko({ channelId: general, userId: 'minji', name: 'config quiz-role set', options: { role: '@everyone' } });
    expect(everyone.content).toBe('@everyone 역할은 이미 모든 멤버예요. 대신 `/설정 퀴즈역할 해제`를 사용하세요.');
    const english = await en({ channelId: general, userId: 'mod', name: 'config quiz-role set', options: { role: '@everyone' } });
    expect(english.content).toBe('@everyone is already everyone: use `/config quiz-role clear` instead.');
    expect((await settings()).quizRole).toBeNull();
  });

  it('given a Korean member without Manage Server, every /config subcommand sent anyway is refused in Korean naming 서버 관리', async () => {
    const attempts = [
      { name: 'config show' },
      { name: 'config spoilers', options: { max: 'none' } },
      { name: 'config quiz-channels add', options: { channel: '#quiz' } },
      { name: 'config quiz-defaults', options: { rounds: 3 } },
      { name: 'config quiz-role clear' },
      { name: 'config language', options: { value: 'ko' } },
      { name: 'config reset-leaderboard' },
    ];
    for (const attempt of attempts) {
      const refused = await ko({ channelId: general, userId: 'haneul', force: true, ...attempt });
      expect(refused.content, attempt.name).toBe('이 설정을 바꾸려면 서버 관리 권한이 필요해요.');
      expect(refused.message.data['components'] ?? [], attempt.name).toEqual([]);
    }
    expect(await settings()).toEqual(DEFAULT_GUILD_SETTINGS);
  });

  it('given a DM, /config sent anyway is refused in Korean', async () => {
    const refused = await ko({ dm: true, userId: 'minji', name: 'config show', force: true });
    expect(refused.content).toBe('`/설정`은 서버에서만 쓸 수 있어요.');
  });
});

describe('the spoiler option: autocomplete and errors in both languages', () => {
  type Choice = { name: string; value: string | number };
  const check = (choices: Choice[], lang: 'en' | 'ko') => {
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length, c.name).toBeLessThanOrEqual(100);
      expect(String(c.value).length).toBeLessThanOrEqual(100);
      expectNoPlaceholder(c.name);
      // The value is always the canonical text the option parses.
      if (lang === 'ko') expectKorean(c.name, [/\([a-z0-9+-]+\)$/]);
      else expectEnglish(c.name);
    }
  };

  it('given film+series-4 typed, the English label says it in English and the Korean one in Korean, with the same value', async () => {
    const english = await h.sim.autocomplete({ channelId: general, userId: 'mod', name: 'config spoilers', focused: 'max', value: 'film+series-4' });
    expect(english[0]).toEqual({ name: 'film+series-4: the film, series episodes 1–4', value: 'film+series-4' });
    check(english, 'en');
    const korean = await h.sim.autocomplete({ channelId: general, userId: 'minji', name: 'config spoilers', focused: 'max', value: 'film+series-4' });
    expect(korean[0]).toEqual({ name: '영화, 드라마 1~4회 (film+series-4)', value: 'film+series-4' });
    check(korean, 'ko');
  });

  it('given nothing typed, every common pick has a Korean label', async () => {
    const korean = await h.sim.autocomplete({ channelId: general, userId: 'minji', name: 'config spoilers', focused: 'max', value: '' });
    check(korean, 'ko');
    expect(korean.map((c) => c.name)).toEqual(
      expect.arrayContaining(['스포일러 없음 (none)', '영화 (film)', '드라마 1회 (series-1)', '드라마 전체 (series-8)', '영화, 드라마 전체 (film+series-8)', '소설 1편 (novel-1)', '전부: 영화, 드라마 전체, 소설 전체 (all)']),
    );
  });

  it('given Korean typed, the picks whose Korean label has those words are offered', async () => {
    const drama = await h.sim.autocomplete({ channelId: general, userId: 'minji', name: 'config spoilers', focused: 'max', value: '드라마' });
    check(drama, 'ko');
    for (const c of drama) expect(c.name).toContain('드라마');
    const film4 = await h.sim.autocomplete({ channelId: general, userId: 'minji', name: 'config spoilers', focused: 'max', value: '영화 4회' });
    expect(film4.map((c) => c.value)).toContain('film+series-4');
    for (const c of film4) expect(c.name).toMatch(/영화.*4회/);
  });

  it('given a cap of film, the quiz-defaults and /quiz start suggestions stay within it, labelled in Korean', async () => {
    await run(h, { channelId: general, userId: 'mod', name: 'config spoilers', options: { max: 'film' } });
    for (const invocation of [
      { name: 'config quiz-defaults', userId: 'minji', focused: 'spoilers' },
      { name: 'quiz start', userId: 'haneul', focused: 'spoilers' },
      { name: 'quiz practice', userId: 'haneul', focused: 'spoilers' },
    ]) {
      const choices = await h.sim.autocomplete({ channelId: general, ...invocation, value: '' });
      check(choices, 'ko');
      expect(choices.map((c) => c.value).sort(), invocation.name).toEqual(['film', 'none']);
    }
  });

  it('given a bad setting in /quiz start, the Korean refusal names `스포일러`', async () => {
    const refused = await ko({ channelId: general, userId: 'haneul', name: 'quiz start', options: { spoilers: 'series-9' }, force: true });
    expect(refused.content).toMatch(/^`스포일러`는 `none`\(스포일러 없음\)/);
    expect(h.bot.ctx.quiz.running(general)).toBeUndefined();
  });
});

describe('/config language', () => {
  /** Starts a quiz and returns the intro's visible text. */
  async function introOf(guild: string, channelName: string, userId: string): Promise<string> {
    const channelId = h.channel(guild, channelName);
    const before = h.sim.messages(channelId).length;
    const started = await run(h, { channelId, userId, name: 'quiz start', options: { rounds: 1 } });
    expect(started.ephemeral).toBe(true);
    const intro = visibleText(firstPublicAfter(h, channelId, before));
    await stopQuizzes(h, guild);
    return intro;
  }
  const isKorean = (text: string) => /[\uac00-\ud7a3]/u.test(text) && englishIn(text, [/\b[A-Z]\b/g]).length === 0;

  it('given 한국어, the reply (in each moderator\'s own language) confirms it, /config show reflects it, and the next quiz intro is Korean', async () => {
    const since = h.logs.length;
    const set = await en({ channelId: general, userId: 'mod', name: 'config language', options: { value: 'ko' } });
    expect(set.content).toBe("Public quiz messages on this server are now in Korean (한국어). Private replies such as this one keep following each member's Discord language.");
    expect(fields(set)['Language of quiz messages']).toBe('Korean (한국어)');
    expect((await settings()).language).toBe('ko');
    expect(settingChanges(h, since)).toMatchObject([{ guildId: fansId, moderatorId: h.sim.userId('mod'), setting: 'language', before: null, after: 'ko' }]);

    const shown = await ko({ channelId: general, userId: 'minji', name: 'config show' });
    expect(fields(shown)['퀴즈 메시지 언어']).toBe('한국어');
    const intro = await introOf(FANS, 'general', 'alice');
    expect(isKorean(intro), intro).toBe(true);
  });

  it('given English set by a Korean moderator, the Korean reply confirms it and the next intro is English', async () => {
    await h.bot.ctx.store.settings.update(fansId, { language: 'ko' });
    const set = await ko({ channelId: general, userId: 'minji', name: 'config language', options: { value: 'en' } });
    expect(set.content).toBe('이제 이 서버의 공개 퀴즈 메시지는 영어로 나가요. 이 답변처럼 나만 보이는 답변은 지금처럼 각자의 디스코드 언어를 따라요.');
    expect(fields(set)['퀴즈 메시지 언어']).toBe('영어');
    const intro = await introOf(FANS, 'general', 'alice');
    expect(isKorean(intro), intro).toBe(false);
    expect(englishIn(intro).length, intro).toBeGreaterThan(5);
  });

  it('given a Korean server and no setting, the intro is Korean by default; set to English it is English; back to the default it is Korean again', async () => {
    const shown = await ko({ channelId: h.channel(SEOUL, 'general'), userId: 'jiwoo', name: 'config show' });
    expect(fields(shown)['퀴즈 메시지 언어']).toBe('서버 기본값: 지금은 한국어 (서버 기본 언어가 한국어예요)');
    const shownEn = await en({ channelId: h.channel(SEOUL, 'general'), userId: 'ethan', name: 'config show' });
    expect(fields(shownEn)['Language of quiz messages']).toBe("Server default, now Korean (한국어): the server's preferred language is Korean");
    expect(isKorean(await introOf(SEOUL, 'quiz', 'jiwoo'))).toBe(true);

    await ko({ channelId: h.channel(SEOUL, 'general'), userId: 'jiwoo', name: 'config language', options: { value: 'en' } });
    expect(isKorean(await introOf(SEOUL, 'quiz', 'jiwoo'))).toBe(false);

    const back = await ko({ channelId: h.channel(SEOUL, 'general'), userId: 'jiwoo', name: 'config language', options: { value: 'default' } });
    expect(back.content).toBe('이제 공개 퀴즈 메시지는 서버 기본 언어를 따라요. 지금은 한국어로 나가요. 이 답변처럼 나만 보이는 답변은 지금처럼 각자의 디스코드 언어를 따라요.');
    expect((await h.bot.ctx.store.settings.get(seoulId)).language).toBeNull();
    expect(isKorean(await introOf(SEOUL, 'quiz', 'jiwoo'))).toBe(true);
  });

  it('given the default in an English server, the English reply says quizzes follow the server, in English for now', async () => {
    await h.bot.ctx.store.settings.update(fansId, { language: 'ko' });
    const back = await en({ channelId: general, userId: 'mod', name: 'config language', options: { value: 'default' } });
    expect(back.content).toBe(
      "Public quiz messages now follow the server's preferred language: English for now. Private replies such as this one keep following each member's Discord language.",
    );
    expect(fields(back)['Language of quiz messages']).toBe("Server default, now English: the server's preferred language is not Korean");
  });

  it('given a value no choice offers (sent anyway), it is refused in each language and nothing changes', async () => {
    expect((await ko({ channelId: general, userId: 'minji', name: 'config language', options: { value: 'fr' }, force: true })).content).toBe(
      '`언어`는 English, 한국어, 서버 기본값 중에서 골라 주세요.',
    );
    expect((await en({ channelId: general, userId: 'mod', name: 'config language', options: { value: 'fr' }, force: true })).content).toBe(
      '`value` must be English, 한국어 or server default.',
    );
    expect((await settings()).language).toBeNull();
  });

  it('given 한국어 before a restart, the restarted bot shows it and the next intro is Korean', async () => {
    await run(h, { channelId: general, userId: 'mod', name: 'config language', options: { value: 'ko' } });
    await h.restart();
    const shown = await en({ channelId: general, userId: 'mod', name: 'config show' });
    expect(fields(shown)['Language of quiz messages']).toBe('Korean (한국어)');
    const intro = await introOf(FANS, 'general', 'bob');
    expect(isKorean(intro), intro).toBe(true);
  });
});
