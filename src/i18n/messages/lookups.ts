/**
 * The look-up commands (`/film`, `/series`, `/novel`, `/cast`, `/character`, `/fact`, `/about`):
 * every title, field name, line, footer, autocomplete label and refusal they show.
 *
 * Parameters are names and titles already written for the reader's language (the view picks
 * "Kim Go-eun (김고은)" or "김고은", "\"Jaehee\" (재희)" or "「재희」"); the Korean messages put
 * the particles after them here, with `particleFor`.
 */
import { formatDate, formatNumber } from '../../data/format.js';
import type { ProductionId } from '../../data/schema.js';
import { catalog } from '../catalog.js';
import { particleFor, withParticle, type Particle } from '../josa.js';

/** "2024-10-01" → "2024년 10월 1일" (an invalid date is returned as it is). */
export function formatDateKo(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${Number(m[1])}년 ${Number(m[2])}월 ${Number(m[3])}일` : iso;
}

const ORDINAL_KO = ['첫 번째', '두 번째', '세 번째', '네 번째', '다섯 번째', '여섯 번째'] as const;
/** 1 → "첫 번째" (the way Korean counts stories in a book). */
export function ordinalKo(n: number): string {
  return ORDINAL_KO[n - 1] ?? `${n}번째`;
}

/** `**word**` followed by its particle outside the bold: "**노상현**이". */
const bold = (word: string, particle: Particle): string => `**${word}**${particleFor(word, particle)}`;

export type AwardResult = 'won' | 'longlisted' | 'nominated';
export type LookupKind = 'character' | 'castOrCharacter' | 'factOrName';

/** The corrections a reader is shown, one per error found in the articles (see lookup-view's table). */
export type CorrectionKey = 'releaseDate' | 'directorOrder' | 'jaeJee' | 'steven' | 'namGyuSurname' | 'youngSuSurname' | 'gyuHoSurname' | 'writtenAndDirected' | 'kDramas';

const RESULT_EN: Readonly<Record<AwardResult, string>> = { won: 'won', longlisted: 'longlisted', nominated: 'nominated' };
const RESULT_KO: Readonly<Record<AwardResult, string>> = { won: '수상', longlisted: '1차 후보(롱리스트)', nominated: '후보' };
const NOUN_KO: Readonly<Record<ProductionId, string>> = { novel: '소설', film: '영화', series: '시리즈' };

/** "소설 『대도시의 사랑법』", "영화 〈대도시의 사랑법〉", "시리즈 〈대도시의 사랑법〉". */
export function workTitleKo(production: ProductionId, titleKo: string): string {
  return production === 'novel' ? `소설 『${titleKo}』` : `${NOUN_KO[production]} 〈${titleKo}〉`;
}

const bullets = (items: readonly string[]): string => items.map((i) => `• ${i}`).join('\n');

export const lookups = catalog(
  {
    date: (p: { iso: string }) => formatDate(p.iso),
    production: { novel: 'novel', film: 'film', series: 'series' },
    /** A work's full title: "Love in the Big City (대도시의 사랑법)". */
    work: (p: { production: ProductionId; titleEn: string; titleKo: string }) => `${p.titleEn} (${p.titleKo})`,
    /** A story or act title: "\"Jaehee\" (재희)". */
    partTitle: (p: { titleEn: string; titleKo: string }) => `"${p.titleEn}" (${p.titleKo})`,

    sources: (p: { names: readonly string[] }) => (p.names.length === 0 ? 'Sources: our curated dataset' : `Sources: ${p.names.join(' · ')}`),
    spoilerPlace: {
      none: 'no spoiler',
      film: 'film plot',
      series: (p: { episode: number }) => `series plot, episode ${p.episode}`,
      novel: (p: { story: number }) => `novel plot, story ${p.story}`,
    },
    spoilerLabel: (p: { place: string }) => `Spoiler (${p.place})`,
    hiddenCharacter: 'a character beyond this server’s spoiler setting',

    fields: {
      director: 'Director',
      actDirector: 'Director',
      screenplay: 'Screenplay',
      leads: 'Leads',
      lead: 'Lead',
      worldPremiere: 'World premiere',
      koreanRelease: 'Korean release',
      runtime: 'Runtime',
      ratingKorea: 'Rating (Korea)',
      rating: 'Rating',
      distributor: 'Distributor',
      production: 'Production',
      boxOffice: 'Box office',
      awards: 'Awards',
      note: 'Note',
      premiere: 'Premiere',
      writer: 'Writer',
      acts: 'Acts',
      inEnglish: 'In English',
      episodes: 'Episodes',
      focus: 'Focus',
      fromNovel: 'From the novel',
      stories: (p: { count: number }) => `${p.count} linked stories`,
      translation: 'English translation',
      novelAwards: 'Awards and longlists',
      adaptations: 'Adaptations',
      playedBy: 'Played by',
      story: 'Story (spoilers)',
      hidden: 'Hidden',
      alsoMatching: 'Also matching',
    },

    film: {
      title: (p: { titleEn: string; titleKo: string; year: number }) => `${p.titleEn} (${p.titleKo}): the film (${p.year})`,
      basedOn: (p: { story: string; number: number; author: string; novelKo: string }) => `Based on ${p.story}, story ${p.number} of the novel by ${p.author}.`,
      directorCredited: (p: { name: string; alias: string }) => `${p.name}, credited as ${p.alias}`,
      premiere: (p: { date: string; festival: string; section: string; venue: string }) => `${p.date}, ${p.festival} (${p.section}, ${p.venue})`,
      minutes: (p: { minutes: number }) => `${p.minutes} minutes`,
      boxOffice: (p: { day: number; weekend: number; grossUsd: number; asOf: string }) =>
        `${formatNumber(p.day)} admissions on opening day, ${formatNumber(p.weekend)} over the first weekend; about US$${(p.grossUsd / 1e6).toFixed(2)}M by ${p.asOf}`,
    },
    castAs: (p: { actor: string; character: string }) => `${p.actor} as ${p.character}`,

    series: {
      title: (p: { titleEn: string; titleKo: string; year: number }) => `${p.titleEn} (${p.titleKo}): the series (${p.year})`,
      format: (p: { episodes: number; minutes: number; acts: number; perAct: number; example: string }) =>
        `${p.episodes} episodes of about ${p.minutes} minutes, in ${p.acts} acts of ${p.perAct} episodes, each by a different director. Try ${p.example} for one act.`,
      premiere: (p: { platform: string; date: string; episodes: number }) => `${p.platform}, ${p.date} (all ${p.episodes} episodes at once)`,
      writer: (p: { name: string }) => `${p.name}, the novelist`,
      rating: (p: { rating: string; date: string }) => `${p.rating} (rated ${p.date})`,
      act: (p: { number: number; first: number; last: number; title: string; director: string }) =>
        `**Act ${p.number}** (episodes ${p.first}–${p.last}): ${p.title}, directed by ${p.director}`,
      inEnglish: (p: { platform: string; date: string; note: string }) => `${p.platform}, from ${p.date} (${p.note})`,
    },
    act: {
      title: (p: { number: number; title: string }) => `Series act ${p.number}: ${p.title}`,
      episodes: (p: { first: number; last: number }) => `${p.first}–${p.last}`,
      fromNovel: (p: { number: number; story: string }) => `Shares its title with story ${p.number}, ${p.story}`,
    },
    novel: {
      title: (p: { titleEn: string; titleKo: string; year: number }) => `${p.titleEn} (${p.titleKo}): the novel (${p.year})`,
      byline: (p: { author: string; publisher: string; date: string }) => `By ${p.author}. Published by ${p.publisher} on ${p.date}.`,
      storyLine: (p: { number: number; title: string }) => `${p.number}. ${p.title}`,
      translation: (p: { translator: string; year: number; publishers: readonly string[] }) => `${p.translator}, ${p.year}: ${p.publishers.join(', ')}`,
      adaptations: (p: { filmYear: number; story: string; storyNumber: number; seriesYear: number; platform: string; firstAct: number; lastAct: number; firstStory: number; lastStory: number }) =>
        `The film (${p.filmYear}) adapts story ${p.storyNumber}, ${p.story}; the ${p.platform} series (${p.seriesYear}) goes on to the stories the film leaves out, its acts ${p.firstAct}–${p.lastAct} titled after stories ${p.firstStory}–${p.lastStory}.`,
    },
    award: {
      line: (p: { name: string; year: number | undefined; result: AwardResult; recipient: string | undefined }) =>
        `${p.name}${p.year === undefined ? '' : `, ${p.year}`}: ${RESULT_EN[p.result]}${p.recipient === undefined ? '' : ` by ${p.recipient}`}`,
      // "Young Writers' Award (grand prize), 2019": no second pair of brackets.
      title: (p: { name: string; year: number | undefined }) => (p.year === undefined ? p.name : p.name.endsWith(')') ? `${p.name}, ${p.year}` : `${p.name} (${p.year})`),
      summary: (p: { result: AwardResult; recipient: string }) =>
        p.result === 'won' ? `Won by ${p.recipient}.` : p.result === 'longlisted' ? `Longlisted: ${p.recipient}.` : `Nominated: ${p.recipient}.`,
      story: (p: { number: number; title: string }) => `story ${p.number}, ${p.title}`,
      work: (p: { noun: string; work: string }) => `the ${p.noun}`,
    },

    cast: {
      title: (p: { noun: string; work: string }) => `Cast of the ${p.noun}`,
      line: (p: { actor: string; character: string; description: string | undefined }) =>
        `${p.actor} as **${p.character}**${p.description === undefined ? '' : `: ${p.description}`}`,
      hiddenLine: (p: { actor: string }) => `${p.actor} as a character beyond this server’s spoiler setting`,
      playedBy: (p: { character: string; actor: string }) => `**${p.character}** is played by **${p.actor}**.`,
      noCast: (p: { noun: string }) => `A character of the ${p.noun}, which has no cast.`,
    },
    person: {
      plays: (p: { character: string; noun: string; description: string | undefined }) =>
        `Plays **${p.character}** in the ${p.noun}${p.description === undefined ? '' : `: ${p.description}`}`,
      playsHidden: (p: { noun: string }) => `Plays a character beyond this server’s spoiler setting in the ${p.noun}`,
      credit: {
        author: (p: { noun: string; work: string }) => `Author of the ${p.noun}`,
        director: (p: { noun: string; work: string }) => `Director of the ${p.noun}`,
        screenwriter: (p: { noun: string; work: string }) => `Screenwriter of the ${p.noun}`,
        writer: (p: { noun: string; work: string }) => `Writer of the ${p.noun}`,
        translator: (p: { noun: string; work: string }) => `English translator of the ${p.noun}`,
        actDirector: (p: { noun: string; work: string; act: number; title: string }) => `Director of act ${p.act} of the ${p.noun}, ${p.title}`,
      },
      noRole: (p: { noun: string }) => `No role in the ${p.noun}.`,
      nothingRecorded: 'No cast or crew role recorded.',
      aliases: (p: { names: readonly string[] }) => `Also known as ${p.names.join(', ')}.`,
      otherWork: (p: { works: readonly string[] }) => `Other work: ${p.works.join(', ')}.`,
    },
    character: {
      inWork: (p: { noun: string; description: string }) => `In the ${p.noun}: ${p.description.replace(/[.。]$/u, '')}.`,
      plain: (p: { noun: string }) => `A character in the ${p.noun}.`,
      hidden: (p: { count: number }) => `${p.count} plot detail${p.count === 1 ? '' : 's'} beyond this server's spoiler setting.`,
    },
    fact: {
      hidden: "Hidden: this goes beyond this server's spoiler setting.",
    },
    story: {
      title: (p: { number: number; title: string }) => `Story ${p.number} of the novel: ${p.title}`,
      adaptedAsFilm: (_p: { work: string }) => 'Adapted as the film.',
      plain: 'A story of the novel.',
      actShares: (p: { act: number }) => `Act ${p.act} of the series shares its title.`,
    },

    label: {
      character: (p: { name: string; noun: string }) => `${p.name} — ${p.noun}`,
      production: (p: { production: ProductionId; titleEn: string; titleKo: string; noun: string; year: number }) => `${p.titleEn} (${p.titleKo}) — ${p.noun}, ${p.year}`,
      act: (p: { number: number; titleEn: string; titleKo: string; first: number; last: number }) => `Act ${p.number}: ${p.titleEn} (${p.titleKo}) — episodes ${p.first}–${p.last}`,
      story: (p: { number: number; titleEn: string; titleKo: string }) => `Story ${p.number}: ${p.titleEn} (${p.titleKo})`,
      award: (p: { name: string; year: number | undefined; result: AwardResult }) =>
        p.name.endsWith(')') ? `${p.name}: ${RESULT_EN[p.result]}${p.year === undefined ? '' : `, ${p.year}`}` : `${p.name} (${RESULT_EN[p.result]}${p.year === undefined ? '' : `, ${p.year}`})`,
    },

    errors: {
      what: { character: 'character', castOrCharacter: 'cast member or character', factOrName: 'fact or name' },
      notFound: (p: { what: string; query: string; matches: readonly string[] }) =>
        p.matches.length > 0
          ? `I don't know a ${p.what} called "${p.query}". Closest matches:\n${bullets(p.matches)}`
          : `I don't know a ${p.what} called "${p.query}". Try \`/cast\` for the full cast list, or \`/fact\` to search everything.`,
      tryThese: (p: { what: string; query: string; matches: readonly string[] }) =>
        `I don't know a ${p.what} called "${p.query}", and nothing comes close. Try one of these:\n${bullets(p.matches)}`,
      beyondCap: (p: { setting: string }) => `That goes beyond this server's spoiler setting (\`${p.setting}\`), so I'm leaving it out.`,
      beyondProgress: (p: { setting: string }) =>
        `That goes beyond how far this channel has watched (\`${p.setting}\`), so I'm leaving it out. \`/watchparty show\` says where the channel is.`,
      castNovel: '`production` must be film or series (the novel has no cast).',
      pickCast: 'Pick an actor or a character from the list.',
      pickCharacter: 'Pick a character from the list.',
      noSuchAct: (p: { count: number; act: number }) => `The series has acts 1 to ${p.count}; there is no act ${p.act}.`,
    },

    /** What a reader is told where an article got something wrong, shown after the fact it corrects. */
    corrections: {
      releaseDate: 'One review gives October 3; the film opened on October 1, 2024, moved up from October 2 when October 1 became a one-off public holiday.',
      directorOrder:
        'One review lists the directors as Hur Jin-ho, Hong Ji-young, Son Tae-gyeom and Kim Se-in, which is not act order: act 1 is Son Tae-gyeom, act 2 Hur Jin-ho, act 3 Hong Ji-young, act 4 Kim Se-in.',
      jaeJee: 'The JoySauce interview once spells her name "Jae-jee", a typo for Jae-hee.',
      steven: 'The Asian Cut review once calls him "Steven Sanghyun Noh", a typo: everywhere else it calls him Steve.',
      namGyuSurname: 'One review calls him Kim Nam-gyu; no other source gives a surname, so he is just Nam-gyu here.',
      youngSuSurname: 'One review calls him No Young-su; no other source gives a surname, so he is just Young-su here.',
      gyuHoSurname: 'One review calls him Shim Gyu-ho; no other source gives a surname, so he is just Gyu-ho here.',
      writtenAndDirected: 'The JoySauce interview says Lee Eon-hee wrote and directed the film; she directed it, and the screenplay is credited to Kim Na-deul.',
      kDramas: "The JoySauce interview calls …ing and Missing K-dramas; both are films (…ing, 2003, was her feature debut). Only The Killer's Shopping List is a TV series.",
    },
  },
  {
    date: (p) => formatDateKo(p.iso),
    production: { novel: '소설', film: '영화', series: '시리즈' },
    work: (p) => workTitleKo(p.production, p.titleKo),
    partTitle: (p) => `「${p.titleKo}」`,

    sources: (p) => (p.names.length === 0 ? '출처: 자체 정리 자료' : `출처: ${p.names.join(' · ')}`),
    spoilerPlace: {
      none: '스포일러 없음',
      film: '영화 줄거리',
      series: (p) => `시리즈 ${p.episode}회 줄거리`,
      novel: (p) => `소설 ${ordinalKo(p.story)} 이야기 줄거리`,
    },
    spoilerLabel: (p) => `스포일러 (${p.place})`,
    hiddenCharacter: '이 서버의 스포일러 설정을 넘어서는 인물',

    fields: {
      director: '감독',
      actDirector: '연출',
      screenplay: '각본',
      leads: '주연',
      lead: '주연',
      worldPremiere: '월드 프리미어',
      koreanRelease: '국내 개봉',
      runtime: '러닝타임',
      ratingKorea: '관람 등급',
      rating: '관람 등급',
      distributor: '배급',
      production: '제작',
      boxOffice: '흥행',
      awards: '수상',
      note: '참고',
      premiere: '공개',
      writer: '극본',
      acts: '구성',
      inEnglish: '영어 자막',
      episodes: '회차',
      focus: '중심 인물',
      fromNovel: '원작',
      stories: () => '수록작',
      translation: '영어 번역',
      novelAwards: '수상 및 후보',
      adaptations: '영상화',
      playedBy: '배우',
      story: '줄거리 (스포일러)',
      hidden: '숨긴 내용',
      alsoMatching: '함께 찾은 항목',
    },

    film: {
      title: (p) => `${workTitleKo('film', p.titleKo)} (${p.year})`,
      basedOn: (p) => `${p.author} 소설 『${p.novelKo}』의 ${ordinalKo(p.number)} 이야기 ${withParticle(p.story, '이/가')} 원작이에요.`,
      directorCredited: (p) => `${p.name} (크레디트 표기: ${p.alias})`,
      premiere: (p) => `${p.date}, ${p.festival} (${p.section} 부문, ${p.venue})`,
      minutes: (p) => `${p.minutes}분`,
      boxOffice: (p) =>
        `개봉 첫날 관객 ${formatNumber(p.day)}명, 첫 주말까지 ${formatNumber(p.weekend)}명. ${p.asOf}까지 약 ${formatNumber(p.grossUsd / 10_000)}만 달러`,
    },
    castAs: (p) => `${p.actor} (${p.character} 역)`,

    series: {
      title: (p) => `${workTitleKo('series', p.titleKo)} (${p.year})`,
      format: (p) => `약 ${p.minutes}분 분량의 ${p.episodes}부작으로, ${p.perAct}회씩 ${p.acts}막으로 나뉘고 막마다 감독이 달라요. 한 막만 보려면 ${p.example}처럼 입력해 보세요.`,
      premiere: (p) => `${p.date} ${p.platform}에서 ${p.episodes}회 전편 공개`,
      writer: (p) => `${p.name} (원작 소설가)`,
      rating: (p) => `${p.rating} (${p.date} 등급 분류)`,
      act: (p) => `**${p.number}막** (${p.first}~${p.last}회) ${p.title} — 연출 ${p.director}`,
      inEnglish: (p) => `${p.platform}, ${p.date}부터 (${p.note})`,
    },
    act: {
      title: (p) => `시리즈 ${p.number}막 ${p.title}`,
      episodes: (p) => `${p.first}~${p.last}회`,
      fromNovel: (p) => `소설의 ${ordinalKo(p.number)} 이야기 ${withParticle(p.story, '와/과')} 제목이 같아요.`,
    },
    novel: {
      title: (p) => `${workTitleKo('novel', p.titleKo)} (${p.year})`,
      byline: (p) => `${p.author}의 연작소설로, ${p.date} ${p.publisher}에서 나왔어요.`,
      storyLine: (p) => `${p.number}. ${p.title}`,
      translation: (p) => `${p.translator} 번역, ${p.year}년 ${p.publishers.join('·')}에서 출간`,
      adaptations: (p) =>
        `영화(${p.filmYear})는 ${ordinalKo(p.storyNumber)} 이야기 ${withParticle(p.story, '을/를')} 옮겼고, ${p.platform} 시리즈(${p.seriesYear})는 영화가 다루지 않은 이야기로 이어져요. 시리즈 ${p.firstAct}~${p.lastAct}막의 제목은 소설 ${ordinalKo(p.firstStory)}~${ordinalKo(p.lastStory)} 이야기의 제목과 같아요.`,
    },
    award: {
      line: (p) => `${p.name}${p.year === undefined ? '' : ` (${p.year})`}: ${p.recipient === undefined ? '' : `${p.recipient} `}${RESULT_KO[p.result]}`,
      title: (p) => (p.year === undefined ? p.name : `${p.name} (${p.year})`),
      summary: (p) =>
        p.result === 'won'
          ? `${withParticle(p.recipient, '이/가')} 수상했어요.`
          : p.result === 'longlisted'
            ? `${withParticle(p.recipient, '이/가')} 1차 후보(롱리스트)에 올랐어요.`
            : `${withParticle(p.recipient, '이/가')} 후보에 올랐어요.`,
      story: (p) => p.title,
      work: (p) => p.work,
    },

    cast: {
      title: (p) => `${p.work} 출연진`,
      line: (p) => `${p.actor} (**${p.character}** 역)${p.description === undefined ? '' : ` — ${p.description}`}`,
      hiddenLine: (p) => `${p.actor} (이 서버의 스포일러 설정을 넘어서는 인물 역)`,
      playedBy: (p) => `${bold(p.character, '은/는')} ${bold(p.actor, '이/가')} 연기했어요.`,
      noCast: (p) => `${p.noun} 속 인물이라 배우가 없어요.`,
    },
    person: {
      plays: (p) => `${p.noun} **${p.character}** 역${p.description === undefined ? '' : ` — ${p.description}`}`,
      playsHidden: (p) => `${p.noun}: 이 서버의 스포일러 설정을 넘어서는 인물 역`,
      credit: {
        author: (p) => `${p.work} 저자`,
        director: (p) => `${p.work} 감독`,
        screenwriter: (p) => `${p.work} 각본`,
        writer: (p) => `${p.work} 극본`,
        translator: (p) => `${p.work} 영어 번역`,
        actDirector: (p) => `${p.work} ${p.act}막 ${p.title} 연출`,
      },
      noRole: (p) => `${p.noun}에는 참여하지 않았어요.`,
      nothingRecorded: '기록된 배역이나 참여 작품이 없어요.',
      aliases: (p) => `다른 이름: ${p.names.join(', ')}`,
      otherWork: (p) => `다른 작품: ${p.works.join(', ')}`,
    },
    character: {
      inWork: (p) => `${p.noun} 속 인물: ${p.description}`,
      plain: (p) => `${p.noun} 속 인물이에요.`,
      hidden: (p) => `이 서버의 스포일러 설정을 넘어서는 줄거리 ${p.count}개는 뺐어요.`,
    },
    fact: {
      hidden: '이 서버의 스포일러 설정을 넘어서는 내용이라 숨겼어요.',
    },
    story: {
      title: (p) => `소설의 ${ordinalKo(p.number)} 이야기 ${p.title}`,
      adaptedAsFilm: (p) => `${p.work}의 원작이에요.`,
      plain: '소설에 실린 이야기예요.',
      actShares: (p) => `시리즈 ${p.act}막과 제목이 같아요.`,
    },

    label: {
      character: (p) => `${p.name} — ${p.noun}`,
      production: (p) => `${workTitleKo(p.production, p.titleKo)} (${p.year})`,
      act: (p) => `${p.number}막 「${p.titleKo}」 — ${p.first}~${p.last}회`,
      story: (p) => `${ordinalKo(p.number)} 이야기 「${p.titleKo}」`,
      award: (p) => `${p.name} (${p.year === undefined ? '' : `${p.year}, `}${RESULT_KO[p.result]})`,
    },

    errors: {
      what: { character: '인물', castOrCharacter: '배우나 인물', factOrName: '항목' },
      notFound: (p) =>
        p.matches.length > 0
          ? `${withParticle(`‘${p.query}’`, '이라/라')}는 ${withParticle(p.what, '을/를')} 찾지 못했어요. 가장 비슷한 항목이에요:\n${bullets(p.matches)}`
          : `${withParticle(`‘${p.query}’`, '이라/라')}는 ${withParticle(p.what, '을/를')} 찾지 못했어요. 전체 출연진은 \`/출연진\`, 모든 정보는 \`/사실\`에서 찾아볼 수 있어요.`,
      tryThese: (p) => `${withParticle(`‘${p.query}’`, '이라/라')}는 ${withParticle(p.what, '을/를')} 찾지 못했고, 비슷한 것도 없어요. 이 중에서 골라 보세요:\n${bullets(p.matches)}`,
      beyondCap: (p) => `이 서버의 스포일러 설정(\`${p.setting}\`)을 넘어서는 내용이라 보여 드릴 수 없어요.`,
      beyondProgress: (p) => `이 채널의 진도(\`${p.setting}\`)를 넘어서는 내용이라 보여 드릴 수 없어요. 진도는 \`/워치파티 보기\`에서 확인할 수 있어요.`,
      castNovel: '`작품`은 영화나 시리즈 중에서 골라 주세요. 소설에는 출연진이 없어요.',
      pickCast: '목록에서 배우나 인물을 골라 주세요.',
      pickCharacter: '목록에서 인물을 골라 주세요.',
      noSuchAct: (p) => `시리즈는 1막부터 ${p.count}막까지 있어요. ${p.act}막은 없어요.`,
    },

    corrections: {
      releaseDate: '한 리뷰는 개봉일을 10월 3일이라고 적었지만, 실제 개봉일은 2024년 10월 1일이에요. 10월 1일이 임시공휴일로 지정되면서 10월 2일에서 하루 앞당겨졌어요.',
      directorOrder: '한 리뷰는 감독을 허진호, 홍지영, 손태겸, 김세인 순으로 소개했지만, 이는 막 순서가 아니에요. 1막은 손태겸, 2막은 허진호, 3막은 홍지영, 4막은 김세인 감독이 연출했어요.',
      jaeJee: 'JoySauce 인터뷰에 이름이 한 번 ‘Jae-jee’로 적혀 있는데, 재희(Jae-hee)의 오타예요.',
      steven: 'The Asian Cut 리뷰의 출연진 소개에 한 번 ‘Steven Sanghyun Noh’로 적혀 있는데 오타예요. 같은 리뷰의 다른 곳에서는 모두 Steve라고 썼어요.',
      namGyuSurname: '한 리뷰는 ‘김남규’라고 성까지 적었지만, 다른 출처에서는 성이 확인되지 않아 ‘남규’로만 적어요.',
      youngSuSurname: '한 리뷰는 ‘노영수’라고 성까지 적었지만, 다른 출처에서는 성이 확인되지 않아 ‘영수’로만 적어요.',
      gyuHoSurname: '한 리뷰는 ‘심규호’라고 성까지 적었지만, 다른 출처에서는 성이 확인되지 않아 ‘규호’로만 적어요.',
      writtenAndDirected: 'JoySauce 인터뷰는 이언희 감독이 각본과 연출을 모두 맡았다고 했지만, 이언희는 연출을 맡았고 각본은 김나들 작가로 크레디트돼 있어요.',
      kDramas: 'JoySauce 인터뷰는 〈…ing〉와 〈미씽: 사라진 여자〉를 드라마라고 소개했지만, 둘 다 영화예요(〈…ing〉(2003)는 감독의 장편 데뷔작이에요). 드라마는 〈살인자의 쇼핑목록〉뿐이에요.',
    },
  },
);
