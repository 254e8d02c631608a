/**
 * Every look-up reply in both languages, end to end with the real bot and the local simulator:
 * each command (and each of its shapes: acts, cast lists, names, facts, help topics) is asked by
 * an English member, by a Korean (`ko`) member and in a DM by each, and every reply is checked for
 * what a reader would trip over: a missing key or placeholder, English sentences in a Korean
 * reply, Discord's length limits, more than three sources, curators' source numbers. Particles
 * after names, corrections, spoilers and "did you mean" are checked in both languages.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/dataset.js';
import { SOURCE_CATALOGUE } from '../../src/data/sources.js';
import { NO_SPOILERS } from '../../src/data/spoilers.js';
import { HELP_TOPICS } from '../../src/i18n/messages/help.js';
import type { SimMessage } from '../sim/index.js';
import { FANS, OTHER, startHarness, type Harness } from './harness.js';

interface Field {
  name: string;
  value: string;
}
interface Embed {
  title?: string;
  description?: string;
  fields?: Field[];
  footer?: { text: string };
}

let h: Harness;
let general: string;
const guildId = () => h.sim.guild(FANS.name).id;

beforeAll(async () => {
  h = await startHarness({ guilds: [FANS, OTHER] });
  h.sim.addMember(FANS.name, { username: 'minji', locale: 'ko' });
  general = h.channel(FANS.name, 'general');
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  h.sim.assertNoViolations();
  expect(h.sim.messagesAllowingEveryone()).toEqual([]);
});

const embedsOf = (m: SimMessage): Embed[] => (m.data['embeds'] ?? []) as Embed[];
const contentOf = (m: SimMessage): string => String(m.data['content'] ?? '');

/** Everything a reader sees in a message, part by part. */
function partsOf(m: SimMessage): string[] {
  return [contentOf(m), ...embedsOf(m).flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? ''])].filter(
    (p) => p !== '',
  );
}

type Options = Record<string, string | number>;
interface Asker {
  readonly label: string;
  readonly user: string;
  readonly lang: 'en' | 'ko';
  readonly dm: boolean;
}
const ASKERS: readonly Asker[] = [
  { label: 'an English member', user: 'alice', lang: 'en', dm: false },
  { label: 'a Korean member', user: 'minji', lang: 'ko', dm: false },
  { label: 'an English user in a DM', user: 'alice', lang: 'en', dm: true },
  { label: 'a Korean user in a DM', user: 'minji', lang: 'ko', dm: true },
];

async function ask(asker: Pick<Asker, 'user' | 'dm'>, name: string, options?: Options) {
  const ix = h.sim.command({ ...(asker.dm ? { dm: true } : { channelId: general }), userId: asker.user, name, ...(options ? { options } : {}) });
  const reply = await ix.waitForReply();
  return { ix, reply, text: h.sim.renderMessage(reply), parts: partsOf(reply) };
}
const asKo = (name: string, options?: Options) => ask({ user: 'minji', dm: false }, name, options);
const asEn = (name: string, options?: Options) => ask({ user: 'alice', dm: false }, name, options);

// ── What every reply must satisfy ─────────────────────────────────────────────

/** Names and titles that stay in Latin letters in Korean text (no Hangul exists, or it is a title). */
const LATIN_NAMES: readonly string[] = [
  ...dataset.people.flatMap((p) => [p.name, ...p.aliases, ...(p.knownForKo ?? [])]),
  ...dataset.characters.flatMap((c) => [c.name, ...c.aliases]),
  ...[...SOURCE_CATALOGUE.values()].map((s) => s.publication.ko),
  // Quoted in the notes on what an article misspelled.
  'Steven Sanghyun Noh',
  'Jae-jee',
]
  .filter((n) => /[A-Za-z]/.test(n))
  .sort((a, b) => b.length - a.length);

/** Korean text with code spans, known Latin names, spoiler settings and mentions removed. */
function koreanProse(text: string): string {
  let out = text.replace(/`[^`]*`/g, ' ').replace(/<[#@&!]*\d+>/g, ' ');
  for (const name of LATIN_NAMES) out = out.split(name).join(' ');
  return out;
}

/** A run of three or more Latin words: an English phrase left in a Korean reply. */
const ENGLISH_RUN = /[A-Za-z][A-Za-z'’.-]*(?:[\s,:;]+[A-Za-z][A-Za-z'’.-]*){2,}/u;

function expectReadable(parts: readonly string[], lang: 'en' | 'ko', where: string): void {
  for (const part of parts) {
    expect(part, where).not.toMatch(/undefined|NaN|\[object |\{\w*\}|\$\{/);
    expect(part, where).not.toMatch(/VERIFIED|verified:|article:\d|article 00\d|#\d|newsId/);
    if (lang === 'ko') {
      const leftover = ENGLISH_RUN.exec(koreanProse(part));
      expect(leftover?.[0], `${where}: English in a Korean reply: ${part}`).toBeUndefined();
    } else {
      // No Korean sentence in an English reply (Hangul only beside names and titles).
      expect(part, where).not.toMatch(/[가-힣](요|다)[.!]?(\s|$)/u);
    }
  }
  expect(parts.join(''), where).toMatch(lang === 'ko' ? /[가-힣]/u : /[A-Za-z]{3}/);
}

function expectWithinLimits(m: SimMessage, where: string): void {
  const embeds = embedsOf(m);
  let total = 0;
  for (const e of embeds) {
    expect(e.title?.length ?? 0, where).toBeLessThanOrEqual(256);
    expect(e.description?.length ?? 0, where).toBeLessThanOrEqual(4096);
    expect(e.fields?.length ?? 0, where).toBeLessThanOrEqual(25);
    for (const f of e.fields ?? []) {
      expect(f.name.length, where).toBeLessThanOrEqual(256);
      expect(f.value.length, where).toBeLessThanOrEqual(1024);
      expect(f.value.trim(), where).not.toBe('');
    }
    expect(e.footer?.text.length ?? 0, where).toBeLessThanOrEqual(2048);
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  expect(total, where).toBeLessThanOrEqual(6000);
  expect(contentOf(m).length, where).toBeLessThanOrEqual(2000);
}

/** A footer names at most three publications, in the reader's language. */
function expectSources(m: SimMessage, lang: 'en' | 'ko', where: string): void {
  for (const e of embedsOf(m)) {
    const footer = e.footer?.text;
    if (footer === undefined || !/^(Sources|출처): /.test(footer)) continue;
    expect(footer, where).toMatch(lang === 'ko' ? /^출처: / : /^Sources: /);
    const names = footer.replace(/^(Sources|출처): /, '').split(' · ');
    expect(names.length, where).toBeGreaterThan(0);
    expect(names.length, where).toBeLessThanOrEqual(3);
    expect(new Set(names).size, where).toBe(names.length);
  }
}

// ── The whole matrix ──────────────────────────────────────────────────────────

const LOOKUPS: readonly (readonly [string, Options | undefined])[] = [
  ['film', undefined],
  ['series', undefined],
  ...[1, 2, 3, 4].map((act) => ['series', { act }] as const),
  ['novel', undefined],
  ['cast', undefined],
  ['cast', { production: 'film' }],
  ['cast', { production: 'series' }],
  ['cast', { name: '김고은' }],
  ['cast', { name: 'Noh Sang-hyun' }],
  ['cast', { name: '흥수' }],
  ['cast', { name: '규호' }],
  ['cast', { name: "Heung-soo's mother" }],
  ['cast', { name: 'Park Sang-young' }],
  ['cast', { name: 'Hong Ji-young' }],
  ['cast', { name: 'Anton Hur' }],
  ['cast', { production: 'series', name: 'Lee Eon-hee' }],
  ['character', { name: '재희' }],
  ['character', { name: 'Gyu-ho' }],
  ['character', { name: 'the tattooist' }],
  ['character', { name: 'Nam-gyu' }],
  ['character', { name: 'Min-jun' }],
  ['character', { name: 'character:novel-young' }],
  ['character', { name: 'character:novel-jae-hee' }],
  ['fact', { query: 'tiff' }],
  ['fact', { query: 'runtime' }],
  ['fact', { query: 'detail:film-korean-release' }],
  ['fact', { query: 'detail:series-english-release' }],
  ['fact', { query: 'act 3 director' }],
  ['fact', { query: 'Blue Dragon' }],
  ['fact', { query: 'award:award-young-writers-2019' }],
  ['fact', { query: 'story:story-1' }],
  ['fact', { query: 'production:novel' }],
  ['fact', { query: 'fact:fact-film-director-debut' }],
  ['fact', { query: 'fact:fact-series-plot-live-in' }],
];

const PRIVATE: readonly (readonly [string, Options | undefined])[] = [['about', undefined], ['help', undefined], ...HELP_TOPICS.map((command) => ['help', { command }] as const)];

const describeCase = (name: string, options: Options | undefined): string => `/${name}${Object.entries(options ?? {}).map(([k, v]) => ` ${k}:${String(v)}`).join('')}`;

describe.each(ASKERS)('every look-up reply, asked by $label', (asker) => {
  it.each(LOOKUPS.map(([name, options]) => [describeCase(name, options), name, options] as const))('%s is public, readable, within limits and sourced', async (where, name, options) => {
    const { ix, reply, parts } = await ask(asker, name, options);
    expect(ix.ephemeral, where).toBe(false);
    expectReadable(parts, asker.lang, where);
    expectWithinLimits(reply, where);
    expectSources(reply, asker.lang, where);
  });

  it.each(PRIVATE.map(([name, options]) => [describeCase(name, options), name, options] as const))('%s is private, readable and within limits', async (where, name, options) => {
    const { ix, reply, parts } = await ask(asker, name, options);
    expect(ix.ephemeral, where).toBe(true);
    expectReadable(parts, asker.lang, where);
    expectWithinLimits(reply, where);
  });

  it.each([
    ['character', { name: 'nobody' }],
    ['character', { name: '없는사람' }],
    ['cast', { name: 'zzzz qqqq' }],
    ['fact', { query: '@@@ ### %%%' }],
  ] as const)('an unknown /%s %j gets real matches to try, in the asker\'s language', async (name, options) => {
    const { ix, reply, parts } = await ask(asker, name, { ...options });
    expect(ix.ephemeral).toBe(true);
    expectReadable(parts, asker.lang, name);
    expectWithinLimits(reply, name);
    expect(contentOf(reply)).toMatch(/\n• \S/);
  });

  it('autocomplete labels are in the asker\'s language and within 100 characters', async () => {
    for (const [command, focused, value] of [
      ['cast', 'name', 'jae'],
      ['cast', 'name', ''],
      ['character', 'name', 'gyu'],
      ['fact', 'query', 'act'],
      ['fact', 'query', 'award'],
      ['fact', 'query', 'car accident'],
    ] as const) {
      const choices = await h.sim.autocomplete({ ...(asker.dm ? { dm: true } : { channelId: general }), userId: asker.user, name: command, focused, value });
      expect(choices.length, `${command} ${value}`).toBeGreaterThan(0);
      for (const c of choices) {
        expect(c.name.length).toBeLessThanOrEqual(100);
        expectReadable([c.name], asker.lang, `${command} ${value} → ${c.name}`);
      }
    }
  });
});

// ── Korean wording ───────────────────────────────────────────────────────────

describe('Korean replies', () => {
  it('given /film, titles are Korean, dates are written the Korean way and the correction comes last, in Korean', async () => {
    const { reply, text } = await asKo('film');
    const [embed] = embedsOf(reply);
    expect(embed?.title).toBe('영화 〈대도시의 사랑법〉 (2024)');
    expect(embed?.description).toBe('박상영 소설 『대도시의 사랑법』의 첫 번째 이야기 「재희」가 원작이에요.');
    expect(text).toContain('주연:\n  │   김고은 (재희 역)\n  │   노상현 (흥수 역)');
    expect(text).toContain('국내 개봉: 2024년 10월 1일');
    expect(text).toContain('러닝타임: 118분');
    expect(embed?.fields?.at(-1)?.name).toBe('참고');
    expect(embed?.fields?.at(-1)?.value).toContain('한 리뷰는 개봉일을 10월 3일이라고 적었지만, 실제 개봉일은 2024년 10월 1일이에요.');
    expect(embed?.footer?.text).toMatch(/^출처: /);
  });

  it.each([
    ['재희', '**재희**는 **김고은**이 연기했어요.'],
    ['흥수', '**흥수**는 **노상현**이 연기했어요.'],
    ['규호', '**규호**는 **진호은**이 연기했어요.'],
    ['흥수 엄마', '**흥수 엄마**는 **장혜진**이 연기했어요.'],
  ])('given /cast name:%s, the particles fit the names (with and without a final consonant)', async (name, expected) => {
    const { reply } = await asKo('cast', { name });
    expect(embedsOf(reply)[0]?.description?.split('\n')[0]).toBe(expected);
  });

  it('given /novel, the story titles and particles after them read naturally', async () => {
    const { text } = await asKo('novel');
    expect(text).toContain('박상영의 연작소설로, 2019년 6월 28일 창비에서 나왔어요.');
    expect(text).toContain('1. 「재희」');
    expect(text).toContain('영화(2024)는 첫 번째 이야기 「재희」를 옮겼고');
    expect(text).toContain('인터내셔널 부커상 (2022): 1차 후보(롱리스트)');
  });

  it('given /series act:2, its title, episodes and story are Korean, and the shared title takes 과', async () => {
    const { reply } = await asKo('series', { act: 2 });
    const [embed] = embedsOf(reply);
    expect(embed?.title).toBe('시리즈 2막 「우럭 한 점 우주의 맛」');
    expect(embed?.fields).toEqual([
      { name: '회차', value: '3~4회', inline: true },
      { name: '연출', value: '허진호', inline: true },
      { name: '중심 인물', value: '고영과 철학 연구자 영수', inline: false },
      { name: '원작', value: '소설의 두 번째 이야기 「우럭 한점 우주의 맛」과 제목이 같아요.', inline: false },
    ]);
  });

  it('given /series, the note on the wrong director order follows the acts, in Korean', async () => {
    const { reply } = await asKo('series');
    const fields = embedsOf(reply)[0]?.fields ?? [];
    expect(fields.findIndex((f) => f.name === '참고')).toBe(fields.length - 1);
    expect(fields.at(-1)?.value).toContain('1막은 손태겸, 2막은 허진호, 3막은 홍지영, 4막은 김세인 감독이 연출했어요.');
  });

  it('given /character name:재희, the note says what the typo was, in Korean', async () => {
    const { reply } = await asKo('character', { name: '재희' });
    expect(embedsOf(reply)[0]?.fields?.at(-1)).toEqual({ name: '참고', value: 'JoySauce 인터뷰에 이름이 한 번 ‘Jae-jee’로 적혀 있는데, 재희(Jae-hee)의 오타예요.', inline: false });
  });

  it('given /cast name:노상현, his card names him once, in Hangul only', async () => {
    const { reply } = await asKo('cast', { name: '노상현' });
    const [embed] = embedsOf(reply);
    expect(embed?.title).toBe('노상현');
    const body = [embed?.description ?? '', ...(embed?.fields ?? []).map((f) => f.value)].join('\n');
    expect(body).not.toContain('노상현');
    expect(body).not.toContain('Noh Sang-hyun');
    expect(body).toContain('제45회 청룡영화상 신인남우상 (2024): 수상');
  });

  it('given /character name:nobody, the Korean refusal chooses 라는 or 이라는 by the last syllable and lists matches', async () => {
    expect(contentOf((await asKo('character', { name: 'nobody' })).reply)).toMatch(/^‘nobody’라는 인물을 찾지 못했어요\./);
    expect(contentOf((await asKo('character', { name: '없는사람' })).reply)).toMatch(/^‘없는사람’이라는 인물을 찾지 못했어요\./);
  });

  it('given /series act:9 sent anyway, the Korean refusal says which acts exist', async () => {
    const ix = h.sim.command({ channelId: general, userId: 'minji', name: 'series', options: { act: 9 }, force: true });
    const reply = await ix.waitForReply();
    expect(contentOf(reply)).toBe('시리즈는 1막부터 4막까지 있어요. 9막은 없어요.');
  });

  it('given /cast production:novel sent anyway, the Korean refusal names the option as the client shows it', async () => {
    const ix = h.sim.command({ channelId: general, userId: 'minji', name: 'cast', options: { production: 'novel' }, force: true });
    expect(contentOf(await ix.waitForReply())).toBe('`작품`은 영화나 시리즈 중에서 골라 주세요. 소설에는 출연진이 없어요.');
  });

  it('given /help command:cast, examples are shown as a Korean client shows the command, its options and choices', async () => {
    const { text } = await asKo('help', { command: 'cast' });
    expect(text).toContain('**도움말: /출연진**');
    expect(text).toContain('`/출연진 [작품] [이름]`');
    expect(text).toContain('`/출연진 작품:영화`: 영화 출연진만');
    expect(text).toContain('`/출연진 이름:흥수`: 흥수를 연기한 배우');
  });

  it('given /about, the Korean reply is short and points to /도움말', async () => {
    const { reply, text } = await asKo('about');
    const embed = embedsOf(reply)[0];
    const length = [embed?.title, embed?.description, ...(embed?.fields ?? []).flatMap((f) => [f.name, f.value])].join('').length;
    expect(length).toBeLessThan(1000);
    expect(text).toContain('명령어별 설명과 예시는 `/도움말`에서 볼 수 있어요.');
    expect(text).toContain('`/영화` `/시리즈` `/소설` `/출연진` `/인물` `/사실` `/퀴즈` `/워치파티` `/설정` `/소개` `/도움말`');
  });

  it('given a Korean autocomplete, choices are labelled in Korean', async () => {
    const choices = await h.sim.autocomplete({ channelId: general, userId: 'minji', name: 'cast', focused: 'name', value: 'jae' });
    expect(choices[0]).toEqual({ name: '재희 — 영화', value: 'character:film-jae-hee' });
    const acts = await h.sim.autocomplete({ channelId: general, userId: 'minji', name: 'fact', focused: 'query', value: 'act 3' });
    expect(acts[0]?.name).toBe('3막 「대도시의 사랑법」 — 5~6회');
  });

  it('given a server whose public language is Korean, an English member still reads look-ups in English', async () => {
    await h.bot.ctx.store.settings.update(guildId(), { language: 'ko' });
    try {
      expect(embedsOf((await asEn('film')).reply)[0]?.title).toBe('Love in the Big City (대도시의 사랑법): the film (2024)');
      expect(embedsOf((await asKo('film')).reply)[0]?.title).toBe('영화 〈대도시의 사랑법〉 (2024)');
    } finally {
      await h.bot.ctx.store.settings.delete(guildId());
    }
  });
});

// ── Spoilers, in both languages ──────────────────────────────────────────────

describe('spoilers in both languages', () => {
  afterEach(async () => {
    await h.bot.ctx.store.settings.delete(guildId());
  });

  it('given a cap of none, the series cast hides the characters beyond it in Korean too, naming none of them', async () => {
    await h.bot.ctx.store.settings.update(guildId(), { maxSpoilers: NO_SPOILERS });
    const { text } = await asKo('cast', { production: 'series' });
    expect(text).toContain('진호은 (이 서버의 스포일러 설정을 넘어서는 인물 역)');
    expect(text).not.toMatch(/규호|남규|영수|은숙|하비비/);
    const series = (await asKo('series')).text;
    expect(series).toContain('진호은 (이 서버의 스포일러 설정을 넘어서는 인물 역)');
    const english = (await asEn('series')).text;
    expect(english).toContain('Jin Ho-eun (진호은) as a character beyond this server’s spoiler setting');
    expect(english).not.toContain('Gyu-ho');
  });

  it('given a cap of none, /character name:규호 is refused in Korean without naming him, and 고영 shows his plot left out', async () => {
    await h.bot.ctx.store.settings.update(guildId(), { maxSpoilers: NO_SPOILERS });
    const refused = await asKo('character', { name: '규호' });
    expect(refused.ix.ephemeral).toBe(true);
    expect(contentOf(refused.reply)).toBe('이 서버의 스포일러 설정(`none`)을 넘어서는 내용이라 보여 드릴 수 없어요.');
    const young = await asKo('character', { name: '고영' });
    expect(young.text).toContain('숨긴 내용: 이 서버의 스포일러 설정을 넘어서는 줄거리 3개는 뺐어요.');
    expect(young.text).not.toContain('||');
    expect(young.text).not.toContain('남규');
  });

  it('given plot facts within the cap, a Korean title says only where the spoiler lies, and the text and its note stay behind tags', async () => {
    const { reply } = await asKo('fact', { query: 'fact:fact-series-first-love' });
    const embed = embedsOf(reply)[0];
    expect(embed?.title).toBe('스포일러 (시리즈 2회 줄거리)');
    expect(embed?.description).toMatch(/^\|\|.+\|\|$/su);
    const note = embed?.fields?.find((f) => f.name === '참고');
    expect(note?.value).toMatch(/^\|\|한 리뷰는 ‘김남규’라고 성까지 적었지만.+\|\|$/u);
  });
});
