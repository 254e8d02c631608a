/**
 * Renders the quiz runner's view models as Discord message bodies, and implements the
 * runner's ports over the REST API. Every body disables mentions. Public messages are in the
 * quiz's language (`view.lang`, fixed when it started); the private answers to clicks in the
 * clicker's (`lang` given by the caller).
 */
import { ActionRowBuilder, ButtonBuilder, EmbedBuilder } from '@discordjs/builders';
import {
  ButtonStyle,
  DiscordAPIError,
  HTTPError,
  Routes,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIMessage,
  type REST,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import type { SourceRef } from '../data/schema.js';
import { citedPublications } from '../data/sources.js';
import { formatSpoilers } from '../data/spoilers.js';
import type { Lang } from '../i18n/lang.js';
import { common } from '../i18n/messages/common.js';
import { quizMessages } from '../i18n/messages/quiz.js';
import { watchPartyMessages } from '../i18n/messages/watchparty.js';
import type { Refusal } from '../quiz/policy.js';
import type { PracticeOutcome, PracticeRevealView, PracticeView } from '../quiz/practice.js';
import { QuizPortError, type AnswerOutcome, type IntroView, type NoticeView, type QuestionView, type QuizPorts, type RevealView, type StandingsView, type StartResult } from '../quiz/runner.js';
import type { PracticeStats } from '../store/types.js';
import { noMentions, truncate } from './format.js';
import { practiceActionRow, reportRow } from './report-view.js';

/** Discord's limits on an embed and a message. */
export const LIMITS = Object.freeze({ title: 256, description: 4096, fieldName: 256, fieldValue: 1024, footer: 2048, embed: 6000, content: 2000 });

const COLOUR = { intro: 0x5865f2, question: 0xf5a623, reveal: 0x3ba55d, standings: 0xeb459e } as const;

/** The final standings list at most this many players; a reveal at most this many scorers. */
const STANDINGS_SHOWN = 20;
const SCORERS_SHOWN = 15;

const mention = (userId: string): string => `<@${userId}>`;

/**
 * `<t:…:R>`: Discord shows it as a live "in 9 seconds" in each viewer's language. Rounded down,
 * so it never promises more time than there is (a 10-second question never shows "in 11 seconds").
 */
export function relativeTime(epochMs: number): string {
  return `<t:${Math.floor(epochMs / 1000)}:R>`;
}

/**
 * As many of `lines` as fit in `max` characters, joined by newlines; when any are left out (or
 * `hidden` were never given), a last line `more(n)` says how many.
 */
export function fitLines(lines: readonly string[], max: number, more: (count: number) => string, hidden = 0): string {
  for (let keep = lines.length; keep >= 0; keep--) {
    const left = lines.length - keep + hidden;
    const text = [...lines.slice(0, keep), ...(left > 0 ? [more(left)] : [])].join('\n');
    if (text.length <= max) return text;
  }
  return truncate(more(lines.length + hidden), max);
}

/** "Sources: Korea JoongAng Daily, Wikipedia": at most three publications, the most authoritative first. */
export function sourcesLine(refs: readonly SourceRef[], lang: Lang): string | null {
  const names = citedPublications(refs).map((p) => p[lang]);
  return names.length === 0 ? null : truncate(quizMessages[lang].sources({ names }), LIMITS.footer);
}

/** The description of an embed cut so that the whole embed stays within Discord's 6,000 characters. */
function descriptionWithin(description: string, rest: number): string {
  return truncate(description, Math.min(LIMITS.description, LIMITS.embed - rest));
}

export function renderIntro(view: IntroView): RESTPostAPIChannelMessageJSONBody {
  const t = quizMessages[view.lang];
  const embed = new EmbedBuilder()
    .setColor(COLOUR.intro)
    .setTitle(t.intro.title)
    .setDescription(
      [
        t.intro.started({ host: mention(view.hostId), scope: t.scope[view.scope], rounds: view.rounds, seconds: view.seconds }),
        t.intro.settings({ difficulty: t.difficulty[view.difficulty], spoilers: common[view.lang].spoilers({ setting: view.spoilers }) }),
        ...(view.recap === null ? [] : [t.intro.recap({ part: watchPartyMessages[view.lang].recapPart({ window: view.recap }) })]),
        t.intro.rules,
        t.intro.first({ when: relativeTime(view.firstQuestionAt) }),
      ].join('\n'),
    );
  if (view.pingRoleId === null) return { embeds: [embed.toJSON()], allowed_mentions: noMentions() };
  // The server's quiz ping: exactly that role may be notified, never @everyone, @here or a user.
  return { content: `<@&${view.pingRoleId}>`, embeds: [embed.toJSON()], allowed_mentions: { parse: [], roles: [view.pingRoleId] } };
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

function buttons(
  view: { readonly options: readonly { readonly index: number; readonly label: string; readonly customId: string }[] },
  correct?: number,
  disabled = correct !== undefined,
): ActionRowBuilder<ButtonBuilder> {
  const row = new ActionRowBuilder<ButtonBuilder>();
  for (const o of view.options) {
    const style = correct === undefined ? ButtonStyle.Primary : o.index === correct ? ButtonStyle.Success : ButtonStyle.Secondary;
    row.addComponents(new ButtonBuilder().setCustomId(o.customId).setLabel(o.label).setStyle(style).setDisabled(disabled));
  }
  return row;
}

export function renderQuestion(view: QuestionView): RESTPostAPIChannelMessageJSONBody {
  const t = quizMessages[view.lang];
  // The countdown is the real closing time, rounded down; paused, it says how much is left instead.
  const when = view.paused
    ? t.question.paused({ seconds: Math.ceil(view.paused.remainingMs / 1000) })
    : t.question.closes({ when: relativeTime(view.closesAt) });
  const embed = new EmbedBuilder()
    .setColor(COLOUR.question)
    .setTitle(t.question.title({ number: view.number, total: view.total }))
    .setDescription(truncate(`${view.prompt}\n\n${optionLines(view)}\n\n${when}`, LIMITS.description))
    .setFooter({ text: t.question.footer({ difficulty: t.difficulty[view.difficulty], seconds: view.seconds }) });
  return { embeds: [embed.toJSON()], components: [buttons(view, undefined, view.paused !== null).toJSON()], allowed_mentions: noMentions() };
}

export function renderReveal(view: RevealView): RESTPostAPIChannelMessageJSONBody {
  const t = quizMessages[view.lang];
  const r = t.reveal;
  const fields: { name: string; value: string }[] = [];
  let outcome = '';
  if (view.answered === 0) outcome = `\n\n${r.nobodyAnswered}`;
  else if (view.winners.length === 0) outcome = `\n\n${r.nobodyRight({ answered: view.answered })}`;
  else {
    const lines = view.winners.slice(0, SCORERS_SHOWN).map((w, i) =>
      r.scorer({
        rank: i + 1,
        user: mention(w.userId),
        points: w.points,
        elapsedMs: w.elapsedMs,
        base: w.base,
        speedBonus: w.speedBonus,
        streakBonus: w.streakBonus,
        streak: w.streak,
      }),
    );
    const hidden = view.winners.length - lines.length;
    fields.push({
      name: r.scorersTitle({ right: view.winners.length, answered: view.answered }),
      value: fitLines(lines, LIMITS.fieldValue, (n) => r.moreScorers({ count: n }), hidden),
    });
  }
  if (view.scoreboard.length > 0) {
    const lines = view.scoreboard.map((s) => r.boardLine({ rank: s.rank, user: mention(s.userId), points: s.points }));
    const hidden = view.players - view.scoreboard.length;
    if (hidden > 0) lines.push(r.boardMore({ count: hidden }));
    fields.push({ name: r.boardTitle({ number: view.number }), value: truncate(lines.join('\n'), LIMITS.fieldValue) });
  }
  const title = r.title({ number: view.number, total: view.total });
  const footer = sourcesLine(view.sources, view.lang);
  const answer = r.answer({ label: view.correctLabel, text: view.kind === 'true-false' ? null : view.correctText });
  const description =
    `${view.prompt}\n\n${optionLines(view, view.correct, view.optionCounts)}\n\n${answer}` +
    (view.explanation ? `\n${view.explanation}` : '') +
    outcome +
    (view.next ? `\n\n${r.waiting}` : '');
  const rest = title.length + (footer?.length ?? 0) + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const embed = new EmbedBuilder().setColor(COLOUR.reveal).setTitle(title).setDescription(descriptionWithin(description, rest));
  if (fields.length > 0) embed.addFields(fields);
  if (footer) embed.setFooter({ text: footer });
  const rows = [buttons(view, view.correct).toJSON()];
  if (view.next) {
    rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId(view.next.customId).setLabel(r.next).setStyle(ButtonStyle.Primary)).toJSON());
  }
  // Last, apart from the host's Next question: anyone may report the question.
  if (view.report) rows.push(reportRow(view.report.customId, view.lang));
  return { embeds: [embed.toJSON()], components: rows, allowed_mentions: noMentions() };
}

export function renderStandings(view: StandingsView): RESTPostAPIChannelMessageJSONBody {
  const t = quizMessages[view.lang].standings;
  const lines = view.standings.slice(0, STANDINGS_SHOWN).map((s) =>
    t.line({ rank: s.rank, user: mention(s.userId), points: s.points, correct: s.correct, answered: s.answered, bestStreak: s.bestStreak }),
  );
  if (view.standings.length > STANDINGS_SHOWN) lines.push(t.more({ count: view.standings.length - STANDINGS_SHOWN }));
  const embed = new EmbedBuilder()
    .setColor(COLOUR.standings)
    .setTitle(t.title)
    .setDescription(
      truncate(
        `${t.ended({ reason: view.reason, played: view.roundsPlayed, total: view.total })}\n\n` +
          (lines.length > 0 ? lines.join('\n') : t.nobody) +
          `\n\n${view.scoresSaved ? t.saved : t.notSaved}`,
        LIMITS.description,
      ),
    );
  return { embeds: [embed.toJSON()], allowed_mentions: noMentions() };
}

export function renderNotice(view: NoticeView): RESTPostAPIChannelMessageJSONBody {
  const t = quizMessages[view.lang].notice;
  const text = view.paused ? t.resumedPaused : view.number === null ? t.resumedIntro : t.resumed({ number: view.number, total: view.total });
  return { content: truncate(text, LIMITS.content), allowed_mentions: noMentions() };
}

/**
 * Whether a failed REST call may work if tried again: a rate limit, a 5xx, or no answer at all (a
 * dropped connection, a timeout). A 4xx other than 429 (missing access or permission, an unknown
 * channel or message) will not.
 */
export function isTransientDiscordError(err: unknown): boolean {
  if (err instanceof DiscordAPIError || err instanceof HTTPError) return err.status === 429 || err.status >= 500;
  return true;
}

/** Runs a REST call, turning its failure into the runner's {@link QuizPortError}. */
async function port<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw new QuizPortError(`${what} failed: ${err instanceof Error ? err.message : String(err)}`, isTransientDiscordError(err), { cause: err });
  }
}

/** The runner's ports over Discord's REST API (no message cache needed). */
export function createQuizPorts(rest: REST): QuizPorts {
  const post = (what: string, channelId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<string> =>
    port(what, async () => ((await rest.post(Routes.channelMessages(channelId), { body })) as APIMessage).id);
  const patch = (what: string, channelId: string, messageId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<void> =>
    port(what, async () => {
      await rest.patch(Routes.channelMessage(channelId, messageId), { body });
    });
  return {
    postIntro: (channelId, view) => post('posting the intro', channelId, renderIntro(view)),
    postQuestion: (channelId, view) => post('posting a question', channelId, renderQuestion(view)),
    editQuestion: (channelId, messageId, view) => patch('correcting a countdown', channelId, messageId, renderQuestion(view)),
    revealQuestion: (channelId, messageId, view) => patch('revealing an answer', channelId, messageId, renderReveal(view)),
    async postStandings(channelId, view) {
      await post('posting the standings', channelId, renderStandings(view));
    },
    async postNotice(channelId, view) {
      await post('posting a notice', channelId, renderNotice(view));
    },
  };
}

/** The private answer to a click on a quiz button, in the clicker's language. */
export function answerText(outcome: AnswerOutcome, lang: Lang): string {
  const t = quizMessages[lang].answer;
  switch (outcome.kind) {
    case 'locked':
      return t.locked({ label: outcome.label, when: relativeTime(outcome.closesAt) });
    case 'already-answered':
      return t.already({ label: outcome.label });
    case 'closed':
      return t.closed;
    case 'finished':
      return t.finished;
    case 'unknown':
      return t.unknown;
    case 'wrong-guild':
      return t.wrongGuild;
    case 'wrong-channel':
      return t.wrongChannel;
    case 'not-saved':
      return t.notSaved;
    case 'paused':
      return t.paused;
  }
}

// ---------------------------------------------------------------------------
// /quiz practice (ephemeral, in the asker's language: the question's own)

type PracticeBody = { embeds: APIEmbed[]; components: APIActionRowComponent<APIButtonComponent>[] };

export function renderPractice(view: PracticeView): PracticeBody {
  const t = quizMessages[view.lang];
  const embed = new EmbedBuilder()
    .setColor(COLOUR.question)
    .setTitle(t.practice.title)
    .setDescription(truncate(`${view.prompt}\n\n${practiceLines(view)}`, LIMITS.description))
    .setFooter({ text: t.practice.footer({ difficulty: t.difficulty[view.difficulty] }) });
  return { embeds: [embed.toJSON()], components: [buttons(view).toJSON()] };
}

function practiceLines(view: PracticeView | PracticeRevealView, correct?: number, chosen?: number): string {
  return view.options
    .map((o) => {
      const marks = `${o.index === correct ? ' ✅' : ''}${o.index === chosen && chosen !== correct ? ' ❌' : ''}`;
      return view.kind === 'true-false' ? `**${o.label}**${marks}` : `**${o.label}** ${o.text}${marks}`;
    })
    .join('\n');
}

export function renderPracticeReveal(view: PracticeRevealView, stats: PracticeStats | null): PracticeBody {
  const t = quizMessages[view.lang];
  const right = view.chosen === view.correct;
  const description =
    `${view.prompt}\n\n${practiceLines(view, view.correct, view.chosen)}\n\n` +
    t.reveal.answer({ label: view.correctLabel, text: view.kind === 'true-false' ? null : view.correctText }) +
    (view.explanation ? `\n${view.explanation}` : '') +
    (stats ? `\n\n${t.practice.record({ correct: stats.correct, answered: stats.answered })}` : '');
  const embed = new EmbedBuilder()
    .setColor(right ? COLOUR.reveal : COLOUR.standings)
    .setTitle(right ? t.practice.right : t.practice.wrong)
    .setDescription(truncate(description, LIMITS.description));
  const footer = sourcesLine(view.sources, view.lang);
  if (footer) embed.setFooter({ text: footer });
  return { embeds: [embed.toJSON()], components: [buttons(view, view.correct).toJSON(), practiceActionRow(view, t.practice.next, view.lang)] };
}

/** The private answer to a practice click that could not be taken, in the clicker's language. */
export function practiceRefusalText(kind: Exclude<PracticeOutcome['kind'], 'correct' | 'wrong'>, lang: Lang): string {
  const t = quizMessages[lang].practice;
  switch (kind) {
    case 'not-yours':
      return t.notYours;
    case 'already-answered':
      return t.alreadyAnswered;
    case 'expired':
      return t.expired;
    case 'unknown':
      return t.unknown;
  }
}

// ---------------------------------------------------------------------------
// /quiz start and /quiz stop (private replies, in the asker's language)

/** Why a server's rules refuse a `/quiz start` (or `/quiz practice`), naming what is allowed. */
export function refusalText(refusal: Refusal, lang: Lang): string {
  const t = quizMessages[lang].start;
  switch (refusal.kind) {
    case 'role':
      return t.role({ roleId: refusal.roleId, permission: common[lang].permissions.manageGuild });
    case 'channel':
      return t.channel({ channels: refusal.allowed.map((c) => `<#${c}>`) });
    case 'spoilers':
      return t.spoilers({
        requested: formatSpoilers(refusal.requested),
        cap: formatSpoilers(refusal.cap),
        capDescription: common[lang].spoilers({ setting: refusal.cap }),
      });
  }
}

/**
 * What `/quiz start` answers once the runner has tried: the confirmation, or why not.
 * `link` is the running quiz's message link when one is already running.
 */
export function startReplyText(result: StartResult, lang: Lang, link: string | null): { readonly ok: boolean; readonly text: string } {
  const t = quizMessages[lang].start;
  if (result.ok) return { ok: true, text: t.started({ rounds: result.rounds }) };
  switch (result.reason) {
    case 'already-running':
      return { ok: false, text: t.alreadyRunning({ link }) };
    case 'invalid-options': {
      const option = quizMessages[lang].definition[result.problem.option].name;
      return { ok: false, text: t.outOfRange({ option, min: result.problem.min, max: result.problem.max }) };
    }
    case 'no-questions':
      return { ok: false, text: t.noQuestions };
    case 'cannot-post':
      return { ok: false, text: t.cannotPost };
    case 'discord-unavailable':
      return { ok: false, text: t.discordUnavailable };
    case 'shutting-down':
      return { ok: false, text: common[lang].restarting };
    case 'error':
      return { ok: false, text: t.failed };
  }
}
