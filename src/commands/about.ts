import { EmbedBuilder, SlashCommandBuilder } from '@discordjs/builders';
import { ARTICLE_SOURCES, VERIFIED_SOURCES } from '../data/sources.js';
import type { Command } from '../discord/command.js';
import { truncate } from '../discord/format.js';

/** Every command with an example; a test checks this list covers every registered command. */
export const COMMAND_HELP: readonly { readonly name: string; readonly usage: string }[] = [
  { name: 'film', usage: '`/film`: the film at a glance (director, leads, TIFF premiere, release, runtime)' },
  { name: 'series', usage: '`/series` or `/series act:3`: the TVING series, or one act (episodes, title, director)' },
  { name: 'novel', usage: '`/novel`: the novel, its four stories, translation and awards' },
  { name: 'cast', usage: '`/cast production:film` or `/cast name:흥수`: who plays whom' },
  { name: 'character', usage: '`/character name:Gyu-ho`: a character profile (plot behind spoiler tags)' },
  { name: 'fact', usage: '`/fact query:tiff` or `/fact query:act 3 director`: search everything' },
  { name: 'quiz', usage: '`/quiz start rounds:10 spoilers:film`, `/quiz stop`, `/quiz practice`, `/quiz leaderboard`, `/quiz stats`' },
  { name: 'config', usage: '`/config show`, `/config quiz-channels add`, `/config spoilers max:film`… (Manage Server)' },
  { name: 'about', usage: '`/about`: this message' },
];

/** VERIFIED.md's numbered sources, as few fields as Discord's 1,024-character limit allows. */
function numberedSourceFields(): { name: string; value: string }[] {
  const fields: string[] = [];
  for (const s of VERIFIED_SOURCES) {
    const line = `#${s.ref.slice('verified:'.length)} ${s.title}`;
    const last = fields.at(-1);
    if (last !== undefined && last.length + 3 + line.length <= 1024) fields[fields.length - 1] = `${last} · ${line}`;
    else fields.push(truncate(line, 1024));
  }
  return fields.map((value, i) => ({ name: `Numbered sources (${i + 1}/${fields.length})`, value }));
}

export const about = {
  data: new SlashCommandBuilder()
    .setName('about')
    .setNameLocalization('ko', '소개')
    .setDescription('What this bot does, its commands and its sources')
    .setDescriptionLocalization('ko', '봇 소개, 명령어, 출처'),
  async execute(interaction, ctx) {
    const d = ctx.dataset;
    const embed = new EmbedBuilder()
      .setColor(0x5865f2)
      .setTitle('bigcity-bot: Love in the Big City (대도시의 사랑법)')
      .setDescription(
        "Trivia and facts about Park Sang-young's 2019 novel, Lee Eon-hee's 2024 film and the 2024 TVING series. " +
          'Look things up, or run a watch-party quiz in a channel: questions are generated from a curated, sourced dataset, ' +
          'and spoiler-safe up to how far your group has watched.',
      )
      .addFields(
        { name: 'Commands', value: COMMAND_HELP.map((c) => c.usage).join('\n') },
        {
          name: 'Scoring',
          value:
            'Easy 100, medium 150, hard 200 points for a correct answer; up to +50% for speed (shrinking as time runs out); ' +
            '+10% per correct answer in a row before it (up to +50%). Wrong or no answer: 0 points, streak reset. Never negative.',
        },
        {
          name: 'Sources',
          value: truncate(
            'Built from four articles, checked against Korean and English press, publishers and library catalogues. ' +
              "Where an article is wrong (e.g. a review giving the film's release as October 3), the checked fact wins and the correction is shown. " +
              'Footers cite articles by number and the numbered sources below.\n' +
              ARTICLE_SOURCES.map((a) => `article ${a.ref.slice('article:'.length)}: ${a.title}`).join('\n'),
            1024,
          ),
        },
        ...numberedSourceFields(),
        {
          name: 'Dataset',
          value: `${d.people.length} people, ${d.characters.length} characters, ${d.roles.length} roles, ${d.crew.length} crew credits, ${d.awards.length} awards, ${d.facts.length} facts.`,
        },
      )
      .setFooter({ text: 'Replies never ping anyone. Spoilers are wrapped in spoiler tags and capped per server by moderators.' });
    await interaction.reply({ embeds: [embed.toJSON()] });
  },
} satisfies Command;
