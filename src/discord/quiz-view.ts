/**
 * Renders the quiz runner's view models as Discord message bodies, and implements the
 * runner's ports over the REST API. Every body disables mentions.
 */
import { describeSpoilers } from '../data/spoilers.js';
import { ActionRowBuilder, ButtonBuilder, EmbedBuilder } from '@discordjs/builders';
import {
  ButtonStyle,
  Routes,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIMessage,
  type REST,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import type {
  IntroView,
  NoticeView,
  QuestionView,
  QuizPorts,
  RevealView,
  StandingsView,
} from '../quiz/runner.js';
import type { PracticeRevealView, PracticeView } from '../quiz/practice.js';
import type { EndReason } from '../quiz/session.js';
import type { PracticeStats } from '../store/types.js';
import { sourcesFooter, truncate } from './format.js';

/** Raw-body form of "mention nobody". A function so no caller can share and mutate one array. */
const noMentions = (): { parse: [] } => ({ parse: [] });

const COLOUR = { intro: 0x5865f2, question: 0xf5a623, reveal: 0x3ba55d, standings: 0xeb459e } as const;
const SCOPE_LABEL = { film: 'the film', series: 'the series', novel: 'the novel', all: 'the novel, film and series' } as const;

/** `<t:…:R>`: Discord shows it as a live "in 12 seconds" in each viewer's locale. */
export function relativeTime(epochMs: number): string {
  return `<t:${Math.ceil(epochMs / 1000)}:R>`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function renderIntro(view: IntroView): RESTPostAPIChannelMessageJSONBody {
  const embed = new EmbedBuilder()
    .setColor(COLOUR.intro)
    .setTitle('Love in the Big City quiz')
    .setDescription(
      [
        `<@${view.hostId}> started a quiz on ${SCOPE_LABEL[view.scope]}: **${view.rounds}** question${view.rounds === 1 ? '' : 's'}, **${view.seconds} s** each.`,
        `Difficulty: **${view.difficulty}** · Spoilers: **${describeSpoilers(view.spoilers)}**`,
        'Press a button to answer. One answer per question; faster correct answers and streaks earn more.',
        `First question ${relativeTime(view.firstQuestionAt)}.`,
      ].join('\n'),
    );
  return { embeds: [embed.toJSON()], allowed_mentions: noMentions() };
}

function optionLines(view: QuestionView | RevealView, correct?: number, counts?: readonly number[]): string {
  return view.options
    .map((o) => {
      const mark = correct === undefined ? '' : o.index === correct ? ' ✅' : '';
      const count = counts ? ` · ${counts[o.index] ?? 0}` : '';
      return view.kind === 'true-false' ? `**${o.label}**${mark}${count}` : `**${o.label}** ${o.text}${mark}${count}`;
    })
    .join('\n');
}

function buttons(view: QuestionView | RevealView, correct?: number): ActionRowBuilder<ButtonBuilder> {
  const row = new ActionRowBuilder<ButtonBuilder>();
  for (const o of view.options) {
    const style = correct === undefined ? ButtonStyle.Primary : o.index === correct ? ButtonStyle.Success : ButtonStyle.Secondary;
    row.addComponents(
      new ButtonBuilder().setCustomId(o.customId).setLabel(o.label).setStyle(style).setDisabled(correct !== undefined),
    );
  }
  return row;
}

export function renderQuestion(view: QuestionView): RESTPostAPIChannelMessageJSONBody {
  const embed = new EmbedBuilder()
    .setColor(COLOUR.question)
    .setTitle(`Question ${view.number} of ${view.total}`)
    .setDescription(truncate(`${view.prompt}\n\n${optionLines(view)}\n\nTime is up ${relativeTime(view.closesAt)}.`, 4096))
    .setFooter({ text: `${view.difficulty} · ${view.seconds} s to answer` });
  return { embeds: [embed.toJSON()], components: [buttons(view).toJSON()], allowed_mentions: noMentions() };
}

export function renderReveal(view: RevealView): RESTPostAPIChannelMessageJSONBody {
  const winners =
    view.winners.length === 0
      ? 'Nobody got it this time.'
      : view.winners
          .slice(0, 15)
          .map((w, i) => `${i + 1}. <@${w.userId}> +${w.points} (${seconds(w.elapsedMs)})`)
          .join('\n') + (view.winners.length > 15 ? `\n…and ${view.winners.length - 15} more` : '');
  const embed = new EmbedBuilder()
    .setColor(COLOUR.reveal)
    .setTitle(`Question ${view.number} of ${view.total}: time is up`)
    .setDescription(
      truncate(
        `${view.prompt}\n\n${optionLines(view, view.correct, view.optionCounts)}\n\n` +
          `Answer: **${view.correctLabel}**${view.kind === 'true-false' ? '' : ` ${view.correctText}`}` +
          (view.explanation ? `\n${view.explanation}` : ''),
        4096,
      ),
    )
    .addFields({
      name: `Correct (${view.winners.length} of ${view.answered} answered)`,
      value: truncate(winners, 1024),
    })
    .setFooter({ text: sourcesFooter(view.sources) });
  return { embeds: [embed.toJSON()], components: [buttons(view, view.correct).toJSON()], allowed_mentions: noMentions() };
}

const END_REASON: Record<EndReason, string> = {
  completed: 'All questions played.',
  inactive: 'Ended early: three questions in a row went unanswered.',
  stopped: 'Stopped with /quiz stop.',
  error: 'Ended early because of a problem on our side (posting in this channel or saving scores); what was played is kept where possible.',
  removed: 'Ended: the bot left the server.',
  interrupted: 'Ended: the bot was offline for too long to carry on.',
};

export function renderStandings(view: StandingsView): RESTPostAPIChannelMessageJSONBody {
  const lines = view.standings
    .slice(0, 20)
    .map((s) => `${s.rank}. <@${s.userId}>: **${s.points}** pts · ${s.correct}/${s.answered} correct · best streak ${s.bestStreak}`);
  if (view.standings.length > 20) lines.push(`…and ${view.standings.length - 20} more players`);
  const embed = new EmbedBuilder()
    .setColor(COLOUR.standings)
    .setTitle('Final standings')
    .setDescription(
      truncate(
        `${END_REASON[view.reason]} ${view.roundsPlayed} of ${view.total} question${view.total === 1 ? '' : 's'} played.\n\n` +
          (lines.length > 0 ? lines.join('\n') : 'Nobody answered.') +
          (view.reason === 'error' ? '' : '\n\nScores are saved: see `/quiz leaderboard` and `/quiz stats`.'),
        4096,
      ),
    );
  return { embeds: [embed.toJSON()], allowed_mentions: noMentions() };
}

export function renderNotice(view: NoticeView): RESTPostAPIChannelMessageJSONBody {
  return { content: truncate(view.text, 2000), allowed_mentions: noMentions() };
}

/** The runner's ports over Discord's REST API (no message cache needed). */
export function createQuizPorts(rest: REST): QuizPorts {
  const post = async (channelId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<string> => {
    const message = (await rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
    return message.id;
  };
  return {
    postIntro: (channelId, view) => post(channelId, renderIntro(view)),
    postQuestion: (channelId, view) => post(channelId, renderQuestion(view)),
    async revealQuestion(channelId, messageId, view) {
      await rest.patch(Routes.channelMessage(channelId, messageId), { body: renderReveal(view) });
    },
    async postStandings(channelId, view) {
      await post(channelId, renderStandings(view));
    },
    async postNotice(channelId, view) {
      await post(channelId, renderNotice(view));
    },
  };
}

// ---------------------------------------------------------------------------
// /quiz practice (ephemeral)

export function renderPractice(view: PracticeView): { embeds: APIEmbed[]; components: APIActionRowComponent<APIButtonComponent>[] } {
  const embed = new EmbedBuilder()
    .setColor(COLOUR.question)
    .setTitle('Practice question')
    .setDescription(truncate(`${view.prompt}\n\n${practiceLines(view)}`, 4096))
    .setFooter({ text: `${view.difficulty} · practice answers count in your practice stats, not on the leaderboard` });
  return { embeds: [embed.toJSON()], components: [practiceButtons(view).toJSON()] };
}

function practiceLines(view: PracticeView | PracticeRevealView, correct?: number, chosen?: number): string {
  return view.options
    .map((o) => {
      const marks = `${o.index === correct ? ' ✅' : ''}${o.index === chosen && chosen !== correct ? ' ❌' : ''}`;
      return view.kind === 'true-false' ? `**${o.label}**${marks}` : `**${o.label}** ${o.text}${marks}`;
    })
    .join('\n');
}

function practiceButtons(view: PracticeView | PracticeRevealView, correct?: number): ActionRowBuilder<ButtonBuilder> {
  const row = new ActionRowBuilder<ButtonBuilder>();
  for (const o of view.options) {
    const style = correct === undefined ? ButtonStyle.Primary : o.index === correct ? ButtonStyle.Success : ButtonStyle.Secondary;
    row.addComponents(new ButtonBuilder().setCustomId(o.customId).setLabel(o.label).setStyle(style).setDisabled(correct !== undefined));
  }
  return row;
}

export function renderPracticeReveal(
  view: PracticeRevealView,
  stats: PracticeStats | null,
): { embeds: APIEmbed[]; components: APIActionRowComponent<APIButtonComponent>[] } {
  const right = view.chosen === view.correct;
  const embed = new EmbedBuilder()
    .setColor(right ? COLOUR.reveal : COLOUR.standings)
    .setTitle(right ? 'Correct!' : 'Not quite')
    .setDescription(
      truncate(
        `${view.prompt}\n\n${practiceLines(view, view.correct, view.chosen)}\n\nAnswer: **${view.correctLabel}**` +
          (view.kind === 'true-false' ? '' : ` ${view.correctText}`) +
          (view.explanation ? `\n${view.explanation}` : '') +
          (stats ? `\n\nPractice record: ${stats.correct}/${stats.answered} correct. Another? \`/quiz practice\`` : ''),
        4096,
      ),
    )
    .setFooter({ text: sourcesFooter(view.sources) });
  return { embeds: [embed.toJSON()], components: [practiceButtons(view, view.correct).toJSON()] };
}
