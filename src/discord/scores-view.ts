/**
 * Renders `/quiz leaderboard` and `/quiz stats`: a board read by `readBoard`, a player's record
 * read by `readPlayerRecord` (src/quiz/records.ts), as one embed each, in the reply's language.
 * Players are named by mention (mentions are disabled on every reply that shows them).
 */
import { EmbedBuilder } from '@discordjs/builders';
import type { APIEmbed } from 'discord.js';
import type { Lang } from '../i18n/lang.js';
import { quizMessages } from '../i18n/messages/quiz.js';
import type { BoardView, PlayerRecord } from '../quiz/records.js';
import { truncate } from './format.js';
import { relativeTime } from './quiz-view.js';

const COLOUR = { board: 0xeb459e, stats: 0x5865f2 } as const;

const mention = (userId: string): string => `<@${userId}>`;

export function renderLeaderboard(view: BoardView, lang: Lang): APIEmbed {
  const t = quizMessages[lang].leaderboard;
  const line = (e: BoardView['board']['entries'][number]) => ({ rank: e.rank, user: mention(e.userId), points: e.points, correct: e.correct, answered: e.answered });
  const lines = view.board.entries.map((e) => t.line(line(e)));
  const me = view.board.me;
  if (me && !view.board.entries.some((e) => e.userId === view.viewerId)) lines.push('…', t.me(line(me)));
  return new EmbedBuilder()
    .setColor(COLOUR.board)
    .setTitle(t.title({ scope: view.scope, period: view.period }))
    .setDescription(truncate(lines.length > 0 ? lines.join('\n') : t.empty, 4096))
    .setFooter({ text: t.footer({ total: view.board.total }) })
    .toJSON();
}

/**
 * One card: the record where it was asked, this month and this week there, every server,
 * practice. `name` is how the player is named once, in the title (their display name). A quiet
 * week gets its "no games yet" line only under a month with games: with neither, one line says it.
 */
export function renderStats(record: PlayerRecord, name: string, lang: Lang): APIEmbed {
  const t = quizMessages[lang].stats;
  const lines: string[] = [];
  const main = record.allTime;
  if (main) {
    lines.push(t.main({ scope: record.scope, points: main.points, rank: main.rank, players: main.players }));
    lines.push(
      t.detail({ correct: main.correct, answered: main.answered, games: main.gamesPlayed, bestStreak: main.bestStreak, lastPlayed: relativeTime(main.lastPlayed) }),
    );
    lines.push(record.month ? t.month({ points: record.month.points, rank: record.month.rank, players: record.month.players }) : t.monthNone);
    if (record.week) lines.push(t.week({ points: record.week.points, rank: record.week.rank, players: record.week.players }));
    else if (record.month) lines.push(t.weekNone);
  } else {
    lines.push(t.noGames({ scope: record.scope }));
  }
  if (record.everywhere) lines.push(t.everywhere({ points: record.everywhere.points, rank: record.everywhere.rank, players: record.everywhere.players }));
  lines.push(record.practice.answered > 0 ? t.practice({ correct: record.practice.correct, answered: record.practice.answered }) : t.noPractice);
  return new EmbedBuilder()
    .setColor(COLOUR.stats)
    .setTitle(truncate(t.title({ name }), 256))
    .setDescription(lines.join('\n'))
    .toJSON();
}
