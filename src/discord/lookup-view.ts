/**
 * Embeds for the look-up commands, in the reader's language. Each takes dataset records (and the
 * server's spoiler cap) and returns a plain embed; the commands only choose which one to show.
 *
 * Every word comes from the look-up catalog (src/i18n/messages/lookups.ts). English names keep
 * their Hangul beside them ("Kim Go-eun (김고은)"); Korean uses the Hangul alone (김고은) and the
 * Korean titles (영화 〈대도시의 사랑법〉, 「재희」). The main facts come first; a note on what an
 * article got wrong comes last, and only where the fact it corrects is shown.
 */
import { EmbedBuilder } from '@discordjs/builders';
import type { APIEmbed } from 'discord.js';
import { withHangul } from '../data/format.js';
import {
  actDirector,
  awardsFor,
  awardsOfPerson,
  castOf,
  creditsOfPerson,
  crewOf,
  getPerson,
  getStory,
  rolesOfCharacter,
  rolesOfPerson,
} from '../data/lookup.js';
import type { Act, Award, Character, Correction, CrewCredit, Dataset, Fact, Person, ProductionId, SourceRef, Spoiler, Story } from '../data/schema.js';
import type { SearchHit, SearchRecord } from '../data/search.js';
import { ALL_SPOILERS, isRevealed, type SpoilerSetting } from '../data/spoilers.js';
import { compact } from '../data/text.js';
import type { CatalogShape } from '../i18n/catalog.js';
import type { Lang } from '../i18n/lang.js';
import { lookups, type CorrectionKey } from '../i18n/messages/lookups.js';
import { revealUnder, safeLabel, sourcesFooter, spoilerTag, truncate } from './format.js';

type Messages = CatalogShape<typeof lookups.en>;

const COLOUR = { film: 0xf28b82, series: 0x8ab4f8, novel: 0x81c995, info: 0x5865f2 } as const;

/** Discord's limits for an embed's parts. */
export const EMBED_LIMITS = { title: 256, description: 4096, fieldName: 256, fieldValue: 1024, footer: 2048, fields: 25, total: 6000 } as const;

function field(name: string, value: string, inline = false): { name: string; value: string; inline: boolean } {
  return { name: truncate(name, EMBED_LIMITS.fieldName), value: truncate(value || '—', EMBED_LIMITS.fieldValue), inline };
}

function embed(colour: number, title: string, sources: readonly SourceRef[], lang: Lang): EmbedBuilder {
  return new EmbedBuilder().setColor(colour).setTitle(truncate(title, EMBED_LIMITS.title)).setFooter({ text: sourcesFooter(sources, lang) });
}

// ── Names and titles in the reader's language ────────────────────────────────

/** "Noh Sang-hyun (노상현)" in English; "노상현" in Korean (the Latin name where no Hangul exists). */
export function personName(p: Person, lang: Lang): string {
  return lang === 'ko' ? (p.hangul ?? p.name) : withHangul(p.name, p.hangul);
}

/** "Heung-soo (흥수)" / "흥수"; a character credited by description is "Heung-soo's mother" / "흥수 엄마". */
export function characterName(c: Character, lang: Lang): string {
  return lang === 'ko' ? (c.hangul ?? c.labelKo ?? c.name) : withHangul(c.name, c.hangul);
}

function storyTitle(t: Messages, story: Story): string {
  return t.partTitle({ titleEn: story.titleEn, titleKo: story.titleKo });
}

function actTitle(t: Messages, act: Act): string {
  return t.partTitle({ titleEn: act.titleEn, titleKo: act.titleKo });
}

/** "Love in the Big City (대도시의 사랑법)" / "영화 〈대도시의 사랑법〉". */
function workTitle(d: Dataset, t: Messages, production: ProductionId): string {
  const p = d[production];
  return t.work({ production, titleEn: p.titleEn, titleKo: p.titleKo });
}

function awardName(a: Award, lang: Lang): string {
  return lang === 'ko' ? (a.nameKo ?? a.name) : a.name;
}

function knownFor(p: Person, lang: Lang): readonly string[] {
  return (lang === 'ko' ? p.knownForKo : undefined) ?? p.knownFor ?? [];
}

function descriptionOf(c: Character, lang: Lang): string {
  return lang === 'ko' ? (c.descriptionKo ?? c.description) : c.description;
}

function focusOf(a: Act, lang: Lang): string {
  return lang === 'ko' ? (a.focusKo ?? a.focus) : a.focus;
}

/** A fact's title and statement in the reader's language (English where no Korean is written yet). */
function factText(f: Fact, lang: Lang): { title: string; statement: string } {
  return lang === 'ko' && f.ko ? f.ko : { title: f.title, statement: f.statement };
}

const LEADING_ARTICLE = /^(?:the|a|an)\s+/iu;

/** A one-liner shown on its own line: English starts with a capital and ends with a full stop. */
function asSentence(text: string, lang: Lang): string {
  if (lang !== 'en') return text;
  const capital = `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
  return /[.!?…]$/u.test(capital) ? capital : `${capital}.`;
}

/**
 * Whether a character's one-liner adds nothing to their name: "Heung-soo's mother" for Heung-soo's
 * mother. Such a description is left out of a card.
 */
function restatesName(description: string, name: string): boolean {
  return compact(description.replace(LEADING_ARTICLE, '')) === compact(name.replace(LEADING_ARTICLE, ''));
}

/**
 * Whether a one-liner repeats the name it follows in a list ("**the tattooist**: a tattooist
 * ex-boyfriend"): it names the character again, as a word (English, case kept so "a young man"
 * does not repeat "Young") or as text (Korean).
 */
function repeatsName(description: string, name: string, lang: Lang): boolean {
  const core = name.replace(LEADING_ARTICLE, '').trim();
  if (core === '') return false;
  if (lang === 'ko') return description.includes(core);
  return new RegExp(`(^|[^\\p{L}])${core.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}([^\\p{L}]|$)`, 'u').test(description);
}

/** The one-liner to show after a name in a list, or undefined when it would repeat the name. */
function listDescription(c: Character, lang: Lang): string | undefined {
  const description = descriptionOf(c, lang);
  return repeatsName(description, characterName(c, lang), lang) || repeatsName(description, c.labelKo ?? c.name, lang) ? undefined : description;
}

// ── Corrections ──────────────────────────────────────────────────────────────

/**
 * The reader's note for each error VERIFIED.md found in the articles, by what the article says.
 * A test checks that every correction in the dataset has one, in both languages.
 */
const CORRECTION_KEYS: ReadonlyMap<string, CorrectionKey> = new Map([
  ['The film was released on October 3, 2024.', 'releaseDate'],
  ['Each act is directed by a different filmmaker: Hur Jin-ho, Hong Ji-young, Son Tae-gyeom, and Kim Se-in.', 'directorOrder'],
  ['Jae-jee', 'jaeJee'],
  ['Steven Sanghyun Noh (once, in the cast line)', 'steven'],
  ['Kim Nam-gyu', 'namGyuSurname'],
  ['No Young-su', 'youngSuSurname'],
  ['Shim Gyu-ho', 'gyuHoSurname'],
  ['The film was "written and directed" by Lee Eon-hee.', 'writtenAndDirected'],
  ['Lee Eon-hee\'s credits include "K-dramas such as …ing., Missing, and The Killer\'s Shopping List".', 'kDramas'],
]);

/** Which reader's note a correction gets; undefined for a correction no note is written for yet. */
export function correctionKey(c: Correction): CorrectionKey | undefined {
  return CORRECTION_KEYS.get(c.claimed);
}

/** What the reader is told about a correction, in words they understand. */
export function correctionNote(c: Correction, lang: Lang): string {
  const key = correctionKey(c);
  if (key) return lookups[lang].corrections[key];
  // A correction without a written note: the curated English wording, never an internal reference.
  return c.corrected;
}

/** The corrections as note lines, each once (the same error is corrected on several records). */
function noteLines(corrections: readonly Correction[], lang: Lang, spoiler: Spoiler = { kind: 'none' }): string[] {
  const lines = [...new Set(corrections.map((c) => correctionNote(c, lang)))];
  // A note on a plot fact stays behind spoiler tags like the fact.
  return spoiler.kind === 'none' ? lines : lines.map(spoilerTag);
}

function addNotes(e: EmbedBuilder, t: Messages, corrections: readonly Correction[], lang: Lang): EmbedBuilder {
  const lines = noteLines(corrections, lang);
  return lines.length > 0 ? e.addFields(field(t.fields.note, lines.join('\n'))) : e;
}

// ── Awards ───────────────────────────────────────────────────────────────────

/** Who or what won, as a reader names it: a person, a story, or a work. */
function recipientName(d: Dataset, t: Messages, award: Award, lang: Lang): string {
  const r = award.recipient;
  if ('personId' in r) {
    const p = getPerson(d, r.personId);
    return p ? personName(p, lang) : r.personId;
  }
  if ('story' in r) {
    const s = getStory(d, r.story);
    return s ? t.award.story({ number: s.number, title: storyTitle(t, s) }) : String(r.story);
  }
  return t.award.work({ noun: t.production[r.production], work: workTitle(d, t, r.production) });
}

/**
 * "Best New Actor, 45th Blue Dragon Film Awards, 2024: won by Noh Sang-hyun (노상현)"; on a card
 * about the recipient (`ownCard`) the recipient is left out, and a work names no recipient.
 */
function awardLine(d: Dataset, t: Messages, award: Award, lang: Lang, ownCard = false): string {
  const r = award.recipient;
  const recipient = ownCard || 'production' in r ? undefined : recipientName(d, t, award, lang);
  return t.award.line({ name: awardName(award, lang), year: award.year, result: award.result, recipient });
}

// ── The productions ──────────────────────────────────────────────────────────

function castLine(t: Messages, actor: Person, c: Character, cap: SpoilerSetting, lang: Lang): string {
  if (!isRevealed(c.firstAppears, cap)) return t.cast.hiddenLine({ actor: personName(actor, lang) });
  return t.cast.line({ actor: personName(actor, lang), character: characterName(c, lang), description: listDescription(c, lang) });
}

export function filmEmbed(d: Dataset, lang: Lang = 'en'): APIEmbed {
  const t = lookups[lang];
  const { film } = d;
  const crew = crewOf(d, 'film');
  const director = crew.find((c) => c.credit.job === 'director');
  const writer = crew.find((c) => c.credit.job === 'screenwriter');
  const author = crewOf(d, 'novel').find((c) => c.credit.job === 'author');
  const leads = castOf(d, 'film').filter((c) => c.character.prominence === 'lead');
  const story = getStory(d, film.basedOnStory);
  const p = film.worldPremiere;
  const ko = lang === 'ko';
  const directorPerson = director?.person;
  const e = embed(COLOUR.film, t.film.title({ titleEn: film.titleEn, titleKo: film.titleKo, year: film.year }), [
    ...(director?.credit.sources ?? []),
    ...film.sources,
    ...p.sources,
    ...(writer?.credit.sources ?? []),
  ], lang);
  if (story) {
    e.setDescription(
      t.film.basedOn({ story: storyTitle(t, story), number: story.number, author: author ? personName(author.person, lang) : '—', novelKo: d.novel.titleKo }),
    );
  }
  e.addFields(
    field(
      t.fields.director,
      directorPerson
        ? directorPerson.aliases[0]
          ? t.film.directorCredited({ name: personName(directorPerson, lang), alias: directorPerson.aliases[0] })
          : personName(directorPerson, lang)
        : '—',
      true,
    ),
    field(t.fields.screenplay, writer ? personName(writer.person, lang) : '—', true),
    field(t.fields.leads, leads.map((l) => t.castAs({ actor: personName(l.person, lang), character: characterName(l.character, lang) })).join('\n')),
    field(
      t.fields.worldPremiere,
      t.film.premiere({
        date: t.date({ iso: p.date }),
        festival: ko ? (p.festivalKo ?? p.festival) : p.festival,
        section: ko ? (p.sectionKo ?? p.section) : p.section,
        venue: ko ? (p.venueKo ?? p.venue) : p.venue,
      }),
    ),
    field(t.fields.koreanRelease, t.date({ iso: film.koreanRelease }), true),
    field(t.fields.runtime, t.film.minutes({ minutes: film.runtimeMinutes }), true),
    field(t.fields.ratingKorea, ko ? (film.ratingKo ?? film.rating) : film.rating, true),
    field(t.fields.distributor, ko ? film.distributor.hangul : withHangul(film.distributor.name, film.distributor.hangul), true),
    field(t.fields.production, (ko ? (film.productionKo ?? film.production) : film.production).join(', '), true),
    field(
      t.fields.boxOffice,
      t.film.boxOffice({
        day: film.boxOffice.openingDayAdmissions,
        weekend: film.boxOffice.openingWeekendAdmissions,
        grossUsd: film.boxOffice.grossUsd,
        asOf: t.date({ iso: film.boxOffice.grossAsOf }),
      }),
    ),
  );
  const awards = awardsFor(d, 'film');
  if (awards.length > 0) e.addFields(field(t.fields.awards, awards.map((a) => awardLine(d, t, a, lang)).join('\n')));
  // The release date and the credits are all shown above: their corrections may follow.
  return addNotes(e, t, [...(film.corrections ?? []), ...(director?.credit.corrections ?? []), ...(writer?.credit.corrections ?? [])], lang).toJSON();
}

export function seriesEmbed(d: Dataset, lang: Lang = 'en', cap: SpoilerSetting = ALL_SPOILERS): APIEmbed {
  const t = lookups[lang];
  const { series } = d;
  const ko = lang === 'ko';
  const writer = crewOf(d, 'series').find((c) => c.credit.job === 'writer');
  const leads = castOf(d, 'series').filter((c) => c.character.prominence === 'lead');
  const perAct = series.episodeCount / Math.max(1, series.acts.length);
  const example = ko ? '`/시리즈 막:3`' : '`/series act:3`';
  const e = embed(COLOUR.series, t.series.title({ titleEn: series.titleEn, titleKo: series.titleKo, year: series.year }), series.sources, lang)
    .setDescription(t.series.format({ episodes: series.episodeCount, minutes: series.episodeMinutes, acts: series.acts.length, perAct, example }))
    .addFields(
      field(t.fields.premiere, t.series.premiere({ platform: ko ? (series.platformKo ?? series.platform) : series.platform, date: t.date({ iso: series.premiere }), episodes: series.episodeCount })),
      field(t.fields.writer, writer ? t.series.writer({ name: personName(writer.person, lang) }) : '—', true),
      field(t.fields.rating, t.series.rating({ rating: ko ? (series.ratingKo ?? series.rating) : series.rating, date: t.date({ iso: series.ratedOn }) }), true),
      field(
        t.fields.lead,
        leads
          .map((l) =>
            isRevealed(l.character.firstAppears, cap)
              ? t.castAs({ actor: personName(l.person, lang), character: characterName(l.character, lang) })
              : t.cast.hiddenLine({ actor: personName(l.person, lang) }),
          )
          .join('\n'),
      ),
      field(
        t.fields.acts,
        series.acts
          .map((a) => {
            const director = actDirector(d, a.number);
            return t.series.act({ number: a.number, first: a.episodes[0], last: a.episodes[1], title: actTitle(t, a), director: director ? personName(director, lang) : '—' });
          })
          .join('\n'),
      ),
      field(
        t.fields.inEnglish,
        t.series.inEnglish({
          platform: ko ? (series.englishRelease.platformKo ?? series.englishRelease.platform) : series.englishRelease.platform,
          date: t.date({ iso: series.englishRelease.date }),
          note: ko ? (series.englishRelease.noteKo ?? series.englishRelease.note) : series.englishRelease.note,
        }),
      ),
    );
  // The acts and their directors are listed above, so the note on a review's wrong order can follow.
  return addNotes(e, t, series.corrections ?? [], lang).toJSON();
}

/** Whether the act's focus names only characters the cap has reached (act 3's names Gyu-ho, who enters in episode 5). */
function focusShown(d: Dataset, act: Act, cap: SpoilerSetting): boolean {
  return d.characters
    .filter((c) => c.production === 'series' && !isRevealed(c.firstAppears, cap))
    .every((c) => !act.focus.includes(c.name) && !(c.hangul && act.focusKo?.includes(c.hangul)));
}

export function actEmbed(d: Dataset, act: Act, lang: Lang = 'en', cap: SpoilerSetting = ALL_SPOILERS): APIEmbed {
  const t = lookups[lang];
  const director = actDirector(d, act.number);
  const built = embed(COLOUR.series, t.act.title({ number: act.number, title: actTitle(t, act) }), act.sources, lang).addFields(
    field(t.fields.episodes, t.act.episodes({ first: act.episodes[0], last: act.episodes[1] }), true),
    field(t.fields.actDirector, director ? personName(director, lang) : '—', true),
  );
  if (focusShown(d, act, cap)) built.addFields(field(t.fields.focus, focusOf(act, lang)));
  const story = act.story === undefined ? undefined : getStory(d, act.story);
  if (story) built.addFields(field(t.fields.fromNovel, t.act.fromNovel({ number: story.number, story: storyTitle(t, story) })));
  return built.toJSON();
}

export function novelEmbed(d: Dataset, lang: Lang = 'en'): APIEmbed {
  const t = lookups[lang];
  const { novel, film, series } = d;
  const ko = lang === 'ko';
  const author = crewOf(d, 'novel').find((c) => c.credit.job === 'author');
  const translator = getPerson(d, novel.translation.translatorId);
  const awards = d.awards.filter((a) => !('personId' in a.recipient) && ('story' in a.recipient || a.recipient.production === 'novel'));
  const filmStory = getStory(d, film.basedOnStory);
  const titledActs = series.acts.filter((a) => a.story !== undefined);
  const first = titledActs[0];
  const last = titledActs.at(-1);
  const e = embed(COLOUR.novel, t.novel.title({ titleEn: novel.titleEn, titleKo: novel.titleKo, year: novel.year }), [...(author?.credit.sources ?? []), ...novel.sources, ...awards.flatMap((a) => a.sources)], lang)
    .setDescription(
      t.novel.byline({
        author: author ? personName(author.person, lang) : '—',
        publisher: ko ? novel.publisher.hangul : withHangul(novel.publisher.name, novel.publisher.hangul),
        date: t.date({ iso: novel.published }),
      }),
    )
    .addFields(
      field(t.fields.stories({ count: novel.stories.length }), novel.stories.map((s) => t.novel.storyLine({ number: s.number, title: storyTitle(t, s) })).join('\n')),
      field(
        t.fields.translation,
        t.novel.translation({
          translator: translator ? personName(translator, lang) : novel.translation.translatorId,
          year: novel.translation.year,
          publishers: ko ? (novel.translation.publishersKo ?? novel.translation.publishers) : novel.translation.publishers,
        }),
      ),
      field(t.fields.novelAwards, awards.map((a) => awardLine(d, t, a, lang)).join('\n')),
    );
  if (filmStory && first?.story !== undefined && last?.story !== undefined) {
    e.addFields(
      field(
        t.fields.adaptations,
        t.novel.adaptations({
          filmYear: film.year,
          story: storyTitle(t, filmStory),
          storyNumber: filmStory.number,
          seriesYear: series.year,
          platform: ko ? (series.platformKo ?? series.platform) : series.platform,
          firstAct: first.number,
          lastAct: last.number,
          firstStory: first.story,
          lastStory: last.story,
        }),
      ),
    );
  }
  return e.toJSON();
}

// ── Cast ─────────────────────────────────────────────────────────────────────

export function castListEmbed(d: Dataset, production: ProductionId, cap: SpoilerSetting = ALL_SPOILERS, lang: Lang = 'en'): APIEmbed {
  const t = lookups[lang];
  const cast = castOf(d, production);
  return embed(production === 'film' ? COLOUR.film : COLOUR.series, t.cast.title({ noun: t.production[production], work: workTitle(d, t, production) }), cast.flatMap((c) => c.role.sources), lang)
    .setDescription(truncate(cast.map((c) => castLine(t, c.person, c.character, cap, lang)).join('\n'), EMBED_LIMITS.description))
    .toJSON();
}

/**
 * Who plays a character, under the work's cast title: "**Heung-soo (흥수)** is played by **Noh
 * Sang-hyun (노상현)**." / "**흥수**는 **노상현**이 연기했어요.", then who the character is. A novel
 * character (no cast) gets their own name as the title instead.
 */
export function characterCastEmbed(d: Dataset, character: Character, lang: Lang = 'en'): APIEmbed {
  const t = lookups[lang];
  const roles = rolesOfCharacter(d, character.id);
  const name = characterName(character, lang);
  const noun = t.production[character.production];
  const lines = roles.length > 0 ? roles.map((r) => t.cast.playedBy({ character: name, actor: personName(r.person, lang) })) : [t.cast.noCast({ noun })];
  const description = descriptionOf(character, lang);
  if (!restatesName(description, name) && !restatesName(description, character.name)) lines.push(asSentence(description, lang));
  const title = roles.length > 0 ? t.cast.title({ noun, work: workTitle(d, t, character.production) }) : name;
  const colour = character.production === 'film' ? COLOUR.film : character.production === 'series' ? COLOUR.series : COLOUR.novel;
  return embed(colour, title, [...roles.flatMap((r) => r.role.sources), ...character.sources], lang)
    .setDescription(truncate(lines.join('\n'), EMBED_LIMITS.description))
    .toJSON();
}

function creditLine(d: Dataset, t: Messages, credit: CrewCredit): string {
  const args = { noun: t.production[credit.production], work: workTitle(d, t, credit.production) };
  switch (credit.job) {
    case 'author':
      return t.person.credit.author(args);
    case 'director':
      return t.person.credit.director(args);
    case 'screenwriter':
      return t.person.credit.screenwriter(args);
    case 'writer':
      return t.person.credit.writer(args);
    case 'translator':
      return t.person.credit.translator(args);
    case 'act-director': {
      const act = d.series.acts.find((a) => a.number === credit.act);
      return t.person.credit.actDirector({ ...args, act: credit.act ?? 0, title: act ? actTitle(t, act) : '—' });
    }
  }
}

/**
 * A person's card: their other names, roles (or only those in `production`), credits, other work,
 * awards and the notes on what an article got wrong about them. It names the person once, in its title.
 */
export function personEmbed(d: Dataset, person: Person, options: { production?: ProductionId; cap?: SpoilerSetting; lang?: Lang } = {}): APIEmbed {
  const lang = options.lang ?? 'en';
  const cap = options.cap ?? ALL_SPOILERS;
  const { production } = options;
  const t = lookups[lang];
  const roles = rolesOfPerson(d, person.id).filter((r) => !production || r.role.production === production);
  const credits = creditsOfPerson(d, person.id).filter((c) => !production || c.production === production);
  const awards = awardsOfPerson(d, person.id);
  const aliases = person.aliases.filter((a) => compact(a) !== compact(person.name));
  const lines: string[] = [];
  if (aliases.length > 0) lines.push(t.person.aliases({ names: aliases }));
  for (const r of roles) {
    const noun = t.production[r.role.production];
    lines.push(
      isRevealed(r.character.firstAppears, cap)
        ? t.person.plays({ character: characterName(r.character, lang), noun, description: listDescription(r.character, lang) })
        : t.person.playsHidden({ noun }),
    );
  }
  lines.push(...credits.map((c) => creditLine(d, t, c)));
  if (roles.length === 0 && credits.length === 0) lines.push(production ? t.person.noRole({ noun: t.production[production] }) : t.person.nothingRecorded);
  const works = knownFor(person, lang);
  if (works.length > 0) lines.push(t.person.otherWork({ works }));
  const e = embed(COLOUR.info, personName(person, lang), [...person.sources, ...roles.flatMap((r) => r.role.sources), ...credits.flatMap((c) => c.sources), ...awards.flatMap((a) => a.sources)], lang)
    .setDescription(truncate(lines.join('\n'), EMBED_LIMITS.description));
  if (awards.length > 0) e.addFields(field(t.fields.awards, awards.map((a) => awardLine(d, t, a, lang, true)).join('\n')));
  return addNotes(e, t, [...(person.corrections ?? []), ...credits.flatMap((c) => c.corrections ?? [])], lang).toJSON();
}

/** The actor ↔ character answer for a person or a character (`/cast name:…`). */
export function castAnswerEmbed(
  d: Dataset,
  target: { person: Person } | { character: Character },
  production?: ProductionId,
  cap: SpoilerSetting = ALL_SPOILERS,
  lang: Lang = 'en',
): APIEmbed {
  if ('person' in target) return personEmbed(d, target.person, { ...(production ? { production } : {}), cap, lang });
  return characterCastEmbed(d, target.character, lang);
}

// ── Characters, facts and other search hits ──────────────────────────────────

/** A character profile; plot details behind spoiler tags, or left out beyond the server's cap. */
export function characterEmbed(d: Dataset, character: Character, cap: SpoilerSetting, lang: Lang = 'en'): APIEmbed {
  const t = lookups[lang];
  const roles = rolesOfCharacter(d, character.id);
  const name = characterName(character, lang);
  const noun = t.production[character.production];
  const shown: string[] = [];
  let hidden = 0;
  for (const p of character.plot ?? []) {
    const text = revealUnder(lang === 'ko' ? (p.textKo ?? p.text) : p.text, p.spoiler, cap);
    if (text === undefined) hidden++;
    else shown.push(`• ${text}`);
  }
  const description = descriptionOf(character, lang);
  const e = embed(COLOUR.info, name, [...character.sources, ...roles.flatMap((r) => r.role.sources), ...(character.plot ?? []).flatMap((p) => p.sources)], lang).setDescription(
    truncate(restatesName(description, name) || restatesName(description, character.name) ? t.character.plain({ noun }) : t.character.inWork({ noun, description }), EMBED_LIMITS.description),
  );
  if (roles.length > 0) e.addFields(field(t.fields.playedBy, roles.map((r) => personName(r.person, lang)).join(', '), true));
  if (shown.length > 0) e.addFields(field(t.fields.story, shown.join('\n')));
  if (hidden > 0) e.addFields(field(t.fields.hidden, t.character.hidden({ count: hidden })));
  // The card shows the name the article got wrong, so the note on it follows.
  return addNotes(e, t, character.corrections ?? [], lang).toJSON();
}

function factEmbed(fact: Fact, cap: SpoilerSetting, lang: Lang): APIEmbed {
  const t = lookups[lang];
  const { title, statement } = factText(fact, lang);
  const text = revealUnder(statement, fact.spoiler, cap);
  // Titles cannot hold spoiler tags, so a plot fact's title says only where the spoiler lies.
  const e = embed(COLOUR.info, safeLabel({ label: title, spoiler: fact.spoiler }, lang), fact.sources, lang).setDescription(truncate(text ?? t.fact.hidden, EMBED_LIMITS.description));
  // A correction is shown only with the statement it corrects.
  if (text !== undefined) {
    const notes = noteLines(fact.corrections ?? [], lang, fact.spoiler);
    if (notes.length > 0) e.addFields(field(t.fields.note, notes.join('\n')));
  }
  return e.toJSON();
}

function awardEmbed(d: Dataset, award: Award, lang: Lang): APIEmbed {
  const t = lookups[lang];
  const recipient = 'production' in award.recipient ? workTitle(d, t, award.recipient.production) : recipientName(d, t, award, lang);
  return embed(COLOUR.info, t.award.title({ name: awardName(award, lang), year: award.year }), award.sources, lang)
    .setDescription(t.award.summary({ result: award.result, recipient }))
    .toJSON();
}

function storyEmbed(d: Dataset, story: Story, lang: Lang): APIEmbed {
  const t = lookups[lang];
  const act = d.series.acts.find((a) => a.story === story.number);
  const lines = [d.film.basedOnStory === story.number ? t.story.adaptedAsFilm({ work: workTitle(d, t, 'film') }) : t.story.plain];
  if (act) lines.push(t.story.actShares({ act: act.number }));
  return embed(COLOUR.novel, t.story.title({ number: story.number, title: storyTitle(t, story) }), story.sources, lang)
    .setDescription(lines.join(' '))
    .toJSON();
}

/** The embed for any search hit (`/fact`). */
export function hitEmbed(d: Dataset, hit: SearchHit, cap: SpoilerSetting, lang: Lang = 'en'): APIEmbed {
  switch (hit.kind) {
    case 'person':
      return personEmbed(d, hit.record, { cap, lang });
    case 'character':
      return characterEmbed(d, hit.record, cap, lang);
    case 'production':
      return hit.record.id === 'film' ? filmEmbed(d, lang) : hit.record.id === 'series' ? seriesEmbed(d, lang, cap) : novelEmbed(d, lang);
    case 'act':
      return actEmbed(d, hit.record, lang, cap);
    case 'story':
      return storyEmbed(d, hit.record, lang);
    case 'award':
      return awardEmbed(d, hit.record, lang);
    case 'fact':
    case 'detail':
      return factEmbed(hit.record, cap, lang);
  }
}

/**
 * What a list or an autocomplete choice calls a hit, in the reader's language, spoiler-safe (a
 * plot fact only says where its spoiler lies), within Discord's 100 characters.
 */
export function hitLabel(hit: SearchRecord & { readonly spoiler: Spoiler }, lang: Lang): string {
  const t = lookups[lang];
  let label: string;
  switch (hit.kind) {
    case 'person':
      label = personName(hit.record, lang);
      break;
    case 'character':
      label = t.label.character({ name: characterName(hit.record, lang), noun: t.production[hit.record.production] });
      break;
    case 'production': {
      const p = hit.record;
      label = t.label.production({ production: p.id, titleEn: p.titleEn, titleKo: p.titleKo, noun: t.production[p.id], year: p.year });
      break;
    }
    case 'act': {
      const a = hit.record;
      label = t.label.act({ number: a.number, titleEn: a.titleEn, titleKo: a.titleKo, first: a.episodes[0], last: a.episodes[1] });
      break;
    }
    case 'story':
      label = t.label.story({ number: hit.record.number, titleEn: hit.record.titleEn, titleKo: hit.record.titleKo });
      break;
    case 'award':
      label = t.label.award({ name: awardName(hit.record, lang), year: hit.record.year, result: hit.record.result });
      break;
    case 'fact':
    case 'detail':
      label = factText(hit.record, lang).title;
      break;
  }
  return truncate(safeLabel({ label, spoiler: hit.spoiler, kind: hit.kind }, lang), 100);
}

/** The autocomplete value for a hit: `<kind>:<id>` (always within Discord's 100 characters). */
export function hitValue(hit: { kind: string; id: string }): string {
  return truncate(`${hit.kind}:${hit.id}`, 100);
}
