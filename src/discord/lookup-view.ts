/**
 * Embeds for the look-up commands. Each takes dataset records (and the server's spoiler
 * cap) and returns a plain embed; the commands only choose which one to show.
 */
import { EmbedBuilder } from '@discordjs/builders';
import type { APIEmbed } from 'discord.js';
import { formatDate, formatNumber, withHangul } from '../data/format.js';
import {
  actDirector,
  castOf,
  crewOf,
  getPerson,
  getStory,
  rolesOfCharacter,
  rolesOfPerson,
  creditsOfPerson,
  awardsOfPerson,
  awardsFor,
} from '../data/lookup.js';
import type { Act, Character, Correction, Dataset, Fact, Person, ProductionId, SourceRef, Award, Story } from '../data/schema.js';
import { ALL_SPOILERS, isRevealed, type SpoilerSetting } from '../data/spoilers.js';
import type { SearchHit } from '../data/search.js';
import { revealUnder, safeLabel, sourcesFooter, truncate } from './format.js';

const COLOUR = { film: 0xf28b82, series: 0x8ab4f8, novel: 0x81c995, info: 0x5865f2 } as const;
const NOUN: Record<ProductionId, string> = { novel: 'novel', film: 'film', series: 'series' };

function field(name: string, value: string, inline = false): { name: string; value: string; inline: boolean } {
  return { name: truncate(name, 256), value: truncate(value || '—', 1024), inline };
}

function personName(d: Dataset, id: string): string {
  const p = getPerson(d, id);
  return p ? withHangul(p.name, p.hangul) : id;
}

function correctionLines(corrections: readonly Correction[] | undefined): string[] {
  return (corrections ?? []).map((c) => `Correction (${c.article.replace('article:', 'article ')}): ${c.corrected}`);
}

function embed(colour: number, title: string, sources: readonly SourceRef[]): EmbedBuilder {
  return new EmbedBuilder().setColor(colour).setTitle(truncate(title, 256)).setFooter({ text: sourcesFooter(sources) });
}

function storyTitle(story: Story | undefined): string {
  return story ? `"${story.titleEn}" (${story.titleKo})` : '?';
}

function actLine(d: Dataset, act: Act): string {
  const director = actDirector(d, act.number);
  return `**Act ${act.number}** (episodes ${act.episodes[0]}–${act.episodes[1]}): "${act.titleEn}" (${act.titleKo}), directed by ${director ? withHangul(director.name, director.hangul) : '?'}`;
}

export function filmEmbed(d: Dataset): APIEmbed {
  const { film } = d;
  const crew = crewOf(d, 'film');
  const director = crew.find((c) => c.credit.job === 'director');
  const writer = crew.find((c) => c.credit.job === 'screenwriter');
  const leads = castOf(d, 'film').filter((c) => c.character.prominence === 'lead');
  const p = film.worldPremiere;
  const directorPerson = director?.person;
  const e = embed(COLOUR.film, `${withHangul(film.titleEn, film.titleKo)}: the film (${film.year})`, [
    ...film.sources,
    ...p.sources,
    ...(director?.credit.sources ?? []),
    ...(writer?.credit.sources ?? []),
  ])
    .setDescription(
      [`Based on ${storyTitle(getStory(d, film.basedOnStory))}, story ${film.basedOnStory} of Park Sang-young's novel.`, ...correctionLines(film.corrections)].join('\n'),
    )
    .addFields(
      field('Director', directorPerson ? `${withHangul(directorPerson.name, directorPerson.hangul)}${directorPerson.aliases.length ? `, credited as ${directorPerson.aliases[0]}` : ''}` : '—', true),
      field('Screenplay', writer ? withHangul(writer.person.name, writer.person.hangul) : '—', true),
      field('Leads', leads.map((l) => `${withHangul(l.person.name, l.person.hangul)} as ${withHangul(l.character.name, l.character.hangul)}`).join('\n')),
      field('World premiere', `${formatDate(p.date)}, ${p.festival} (${p.section}, ${p.venue})`),
      field('Korean release', formatDate(film.koreanRelease), true),
      field('Runtime', `${film.runtimeMinutes} minutes`, true),
      field('Rating (Korea)', film.rating, true),
      field('Distributor', withHangul(film.distributor.name, film.distributor.hangul), true),
      field('Production', film.production.join(', '), true),
      field(
        'Box office',
        `${formatNumber(film.boxOffice.openingDayAdmissions)} admissions on opening day, ${formatNumber(film.boxOffice.openingWeekendAdmissions)} over the first weekend; about US$${(film.boxOffice.grossUsd / 1e6).toFixed(2)}M by ${formatDate(film.boxOffice.grossAsOf)}`,
      ),
    );
  const awards = awardsFor(d, 'film');
  if (awards.length > 0) e.addFields(field('Awards', awards.map(awardLine(d)).join('\n')));
  return e.toJSON();
}

function awardLine(d: Dataset): (a: Award) => string {
  return (a) => {
    const who = 'personId' in a.recipient ? ` (${personName(d, a.recipient.personId)})` : '';
    return `${a.name}${a.year === undefined ? '' : `, ${a.year}`}: ${a.result}${who}`;
  };
}

export function seriesEmbed(d: Dataset): APIEmbed {
  const { series } = d;
  const writer = crewOf(d, 'series').find((c) => c.credit.job === 'writer');
  const leads = castOf(d, 'series').filter((c) => c.character.prominence === 'lead');
  return embed(COLOUR.series, `${withHangul(series.titleEn, series.titleKo)}: the series (${series.year})`, series.sources)
    .setDescription(
      [
        `${series.episodeCount} episodes of about ${series.episodeMinutes} minutes, in four two-episode acts, each by a different director. Try \`/series act:3\` for one act.`,
        ...correctionLines(series.corrections),
      ].join('\n'),
    )
    .addFields(
      field('Premiere', `${series.platform}, ${formatDate(series.premiere)} (all ${series.episodeCount} episodes at once)`),
      field('Writer', writer ? `${withHangul(writer.person.name, writer.person.hangul)}, the novelist` : '—', true),
      field('Rating', `${series.rating} (rated ${formatDate(series.ratedOn)})`, true),
      field('Lead', leads.map((l) => `${withHangul(l.person.name, l.person.hangul)} as ${withHangul(l.character.name, l.character.hangul)}`).join('\n')),
      field('Acts', series.acts.map((a) => actLine(d, a)).join('\n')),
      field('In English', `${series.englishRelease.platform}, from ${formatDate(series.englishRelease.date)} (${series.englishRelease.note})`),
    )
    .toJSON();
}

export function actEmbed(d: Dataset, act: Act): APIEmbed {
  const director = actDirector(d, act.number);
  const built = embed(COLOUR.series, `Series act ${act.number}: "${act.titleEn}" (${act.titleKo})`, act.sources).addFields(
    field('Episodes', `${act.episodes[0]}–${act.episodes[1]}`, true),
    field('Director', director ? withHangul(director.name, director.hangul) : '—', true),
    field('Focus', act.focus),
  );
  if (act.story !== undefined) built.addFields(field('From the novel', `Shares its title with story ${act.story}, ${storyTitle(getStory(d, act.story))}`));
  return built.toJSON();
}

export function novelEmbed(d: Dataset): APIEmbed {
  const { novel } = d;
  const author = crewOf(d, 'novel').find((c) => c.credit.job === 'author');
  const translator = getPerson(d, novel.translation.translatorId);
  const awards = d.awards.filter((a) => !('personId' in a.recipient) && ('story' in a.recipient || a.recipient.production === 'novel'));
  return embed(COLOUR.novel, `${withHangul(novel.titleEn, novel.titleKo)}: the novel (${novel.year})`, [...novel.sources, ...awards.flatMap((a) => a.sources)])
    .setDescription(`By ${author ? withHangul(author.person.name, author.person.hangul) : 'Park Sang-young'}. Published by ${withHangul(novel.publisher.name, novel.publisher.hangul)} on ${formatDate(novel.published)}.`)
    .addFields(
      field('Four linked stories', novel.stories.map((s) => `${s.number}. "${s.titleEn}" (${s.titleKo})`).join('\n')),
      field('English translation', `${translator ? withHangul(translator.name, translator.hangul) : novel.translation.translatorId}, ${novel.translation.year}: ${novel.translation.publishers.join(', ')}`),
      field(
        'Awards and longlists',
        awards
          .map((a) => {
            const what = 'story' in a.recipient ? `story ${a.recipient.story}, ${storyTitle(getStory(d, a.recipient.story))}` : 'the book';
            return `${a.name}${a.year === undefined ? '' : ` (${a.year})`}: ${a.result}, ${what}`;
          })
          .join('\n'),
      ),
      field('Adaptations', `The film (2024) adapts story ${d.film.basedOnStory}; the TVING series (2024) goes on to the stories the film leaves out, its acts 2–4 titled after stories 2–4.`),
    )
    .toJSON();
}

/** "Heung-soo (흥수)", with aliases when they differ. */
function characterTitle(c: Character): string {
  return withHangul(c.name, c.hangul);
}

/** Said instead of a character the server's spoiler cap has not reached (Gyu-ho before episode 5). */
const HIDDEN_CHARACTER = 'a character beyond this server’s spoiler setting';

/** The character's name and description, or nothing of them when the cap has not reached them. */
function characterLine(c: Character, cap: SpoilerSetting): string {
  return isRevealed(c.firstAppears, cap) ? `**${characterTitle(c)}**: ${c.description}` : HIDDEN_CHARACTER;
}

export function castListEmbed(d: Dataset, production: ProductionId, cap: SpoilerSetting = ALL_SPOILERS): APIEmbed {
  const cast = castOf(d, production);
  return embed(production === 'film' ? COLOUR.film : COLOUR.series, `Cast of the ${NOUN[production]}`, cast.flatMap((c) => c.role.sources))
    .setDescription(truncate(cast.map((c) => `${withHangul(c.person.name, c.person.hangul)} as ${characterLine(c.character, cap)}`).join('\n'), 4096))
    .toJSON();
}

/** The actor ↔ character answer for a person or a character. */
export function castAnswerEmbed(
  d: Dataset,
  target: { person: Person } | { character: Character },
  production?: ProductionId,
  cap: SpoilerSetting = ALL_SPOILERS,
): APIEmbed {
  if ('person' in target) {
    const { person } = target;
    const roles = rolesOfPerson(d, person.id).filter((r) => !production || r.role.production === production);
    const credits = creditsOfPerson(d, person.id).filter((c) => !production || c.production === production);
    const lines = roles.map((r) =>
      isRevealed(r.character.firstAppears, cap)
        ? `Plays **${characterTitle(r.character)}** in the ${NOUN[r.role.production]}: ${r.character.description}`
        : `Plays ${HIDDEN_CHARACTER} in the ${NOUN[r.role.production]}`,
    );
    lines.push(...credits.map((c) => `${jobLabel(c.job, c.act)} of the ${NOUN[c.production]}`));
    if (lines.length === 0) lines.push(production ? `No role in the ${NOUN[production]}.` : 'No cast or crew role recorded.');
    return embed(COLOUR.info, withHangul(person.name, person.hangul), [...person.sources, ...roles.flatMap((r) => r.role.sources)])
      .setDescription(truncate([aliasLine(person.aliases), ...lines].filter(Boolean).join('\n'), 4096))
      .toJSON();
  }
  const { character } = target;
  const roles = rolesOfCharacter(d, character.id);
  const line =
    roles.length > 0
      ? roles.map((r) => `**${characterTitle(character)}** is played by **${withHangul(r.person.name, r.person.hangul)}** in the ${NOUN[character.production]}.`).join('\n')
      : `**${characterTitle(character)}** appears in the ${NOUN[character.production]}, which has no cast.`;
  return embed(COLOUR.info, characterTitle(character), [...character.sources, ...roles.flatMap((r) => r.role.sources)])
    .setDescription(`${line}\n${character.description}`)
    .toJSON();
}

function aliasLine(aliases: readonly string[]): string {
  return aliases.length > 0 ? `Also known as ${aliases.join(', ')}.` : '';
}

const JOB: Record<string, string> = {
  author: 'Author',
  director: 'Director',
  screenwriter: 'Screenwriter',
  writer: 'Writer',
  translator: 'English translator',
  'act-director': 'Director',
};

function jobLabel(job: string, act: number | undefined): string {
  return job === 'act-director' && act ? `Director of act ${act}` : JOB[job] ?? job;
}

/** A character profile; plot details behind spoiler tags, or left out beyond the server's cap. */
export function characterEmbed(d: Dataset, character: Character, cap: SpoilerSetting): APIEmbed {
  const roles = rolesOfCharacter(d, character.id);
  const shown: string[] = [];
  let hidden = 0;
  for (const p of character.plot ?? []) {
    const text = revealUnder(p.text, p.spoiler, cap);
    if (text === undefined) hidden++;
    else shown.push(`• ${text}`);
  }
  const e = embed(COLOUR.info, characterTitle(character), [...character.sources, ...(character.plot ?? []).flatMap((p) => p.sources)])
    .setDescription(truncate([`In the ${NOUN[character.production]}: ${character.description}.`, aliasLine(character.aliases)].filter(Boolean).join('\n'), 4096))
    .addFields(field('Played by', roles.length > 0 ? roles.map((r) => withHangul(r.person.name, r.person.hangul)).join(', ') : 'No cast (the novel)', true));
  if (shown.length > 0) e.addFields(field('Story (spoilers)', shown.join('\n')));
  if (hidden > 0) e.addFields(field('Hidden', `${hidden} plot detail${hidden === 1 ? '' : 's'} beyond this server's spoiler setting.`));
  const corrections = correctionLines(character.corrections);
  if (corrections.length > 0) e.addFields(field('Corrections', corrections.join('\n')));
  return e.toJSON();
}

function factEmbed(fact: Fact, cap: SpoilerSetting): APIEmbed {
  const text = revealUnder(fact.statement, fact.spoiler, cap) ?? "Hidden: this goes beyond this server's spoiler setting.";
  // Titles cannot hold spoiler tags, so a plot fact's title says only where the spoiler lies.
  return embed(COLOUR.info, safeLabel({ label: fact.title, spoiler: fact.spoiler }), fact.sources)
    .setDescription(truncate([text, ...correctionLines(fact.corrections)].join('\n'), 4096))
    .toJSON();
}

function personEmbed(d: Dataset, person: Person): APIEmbed {
  const base = castAnswerEmbed(d, { person });
  const awards = awardsOfPerson(d, person.id);
  const extra = [
    person.description ? `${person.description[0]?.toUpperCase()}${person.description.slice(1)}.` : '',
    person.knownFor && person.knownFor.length > 0 ? `Also known for ${person.knownFor.join(', ')}.` : '',
    ...awards.map(awardLine(d)),
  ].filter(Boolean);
  return { ...base, description: truncate([base.description, ...extra].filter(Boolean).join('\n'), 4096) };
}

function awardEmbed(d: Dataset, award: Award): APIEmbed {
  const r = award.recipient;
  const who =
    'personId' in r ? personName(d, r.personId) : 'story' in r ? `story ${r.story} of the novel, ${storyTitle(getStory(d, r.story))}` : `the ${NOUN[r.production]}`;
  return embed(COLOUR.info, award.year === undefined ? award.name : `${award.name} (${award.year})`, award.sources).setDescription(`${award.result[0]?.toUpperCase()}${award.result.slice(1)}: ${who}.`).toJSON();
}

/** The embed for any search hit (`/fact`). */
export function hitEmbed(d: Dataset, hit: SearchHit, cap: SpoilerSetting): APIEmbed {
  switch (hit.kind) {
    case 'person':
      return personEmbed(d, hit.record);
    case 'character':
      return characterEmbed(d, hit.record, cap);
    case 'production':
      return hit.record.id === 'film' ? filmEmbed(d) : hit.record.id === 'series' ? seriesEmbed(d) : novelEmbed(d);
    case 'act':
      return actEmbed(d, hit.record);
    case 'story': {
      const s = hit.record;
      const act = d.series.acts.find((a) => a.story === s.number);
      const adaptations = [d.film.basedOnStory === s.number ? 'the film' : '', ].filter(Boolean);
      const lines = [adaptations.length > 0 ? `Adapted as ${adaptations.join(' and ')}.` : 'A story of the novel.'];
      if (act) lines.push(`Act ${act.number} of the series shares its title.`);
      return embed(COLOUR.novel, `Story ${s.number} of the novel: "${s.titleEn}" (${s.titleKo})`, s.sources)
        .setDescription(lines.join(' '))
        .toJSON();
    }
    case 'award':
      return awardEmbed(d, hit.record);
    case 'fact':
    case 'detail':
      return factEmbed(hit.record, cap);
  }
}

/** The autocomplete value for a hit: `<kind>:<id>` (always within Discord's 100 characters). */
export function hitValue(hit: { kind: string; id: string }): string {
  return truncate(`${hit.kind}:${hit.id}`, 100);
}
