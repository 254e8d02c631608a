/**
 * `/watchparty`: a channel's progress on the three spoiler tracks (its names and options as
 * Discord lists them, the replies and refusals), and how a recap's part of the story is named.
 *
 * The Korean replies quote the Korean names of the commands and options (`/워치파티 진도`,
 * `어디까지`), because that is what a Korean Discord client shows.
 */
import { NOVEL_STORIES, SERIES_EPISODES, type SpoilerSetting } from '../../data/spoilers.js';
import type { RecapWindow } from '../../quiz/recap.js';
import { catalog } from '../catalog.js';
import { particleFor } from '../josa.js';

interface Def {
  readonly name: string;
  readonly description: string;
}

const def = (name: string, description: string): Def => ({ name, description });

const ORDINAL_EN = ['first', 'second', 'third', 'fourth'] as const;
const ORDINAL_KO = ['첫 번째', '두 번째', '세 번째', '네 번째'] as const;

/** "episodes 3–4" / "episode 5": a range of episodes in English. */
const episodesEn = (from: number, to: number): string => (from === to ? `episode ${from}` : `episodes ${from}–${to}`);
const episodesKo = (from: number, to: number): string => (from === to ? `${from}회` : `${from}~${to}회`);

/** "a, b and c" in English; "a, b, c" in Korean. */
const listEn = (items: readonly string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`);

interface Cap {
  /** The canonical text, e.g. `film+series-4`. */
  readonly cap: string;
  readonly capDescription: string;
}

export const watchPartyMessages = catalog(
  {
    definition: {
      watchparty: def('watchparty', "How far this channel's group has watched: quizzes and look-ups here follow it"),
      progress: def('progress', 'Record how far this channel has watched (quiz role or Manage Server)'),
      watched: def('watched', 'How far: none, film, series-4, film+series-4, novel-2, all'),
      show: def('show', 'Where this channel is on the film, the series and the novel'),
      clear: def('clear', "Forget this channel's progress: back to the server's settings (quiz role or Manage Server)"),
      everywhere: def('everywhere', 'Clear the progress of every channel on this server (Manage Server)'),
    },
    /** One track of a channel's progress, as `/watchparty show` lists them: series, film, novel. */
    track: {
      series: (p: { episodes: number }) =>
        p.episodes === 0 ? 'Series: not started' : p.episodes === SERIES_EPISODES ? `Series: all ${SERIES_EPISODES} episodes` : `Series: ${episodesEn(1, p.episodes)}`,
      film: (p: { seen: boolean }) => (p.seen ? 'Film: seen' : 'Film: not seen'),
      novel: (p: { stories: number }) =>
        p.stories === 0
          ? 'Novel: not read'
          : p.stories === NOVEL_STORIES
            ? 'Novel: all four stories'
            : p.stories === 1
              ? 'Novel: the first story'
              : `Novel: stories 1–${p.stories}`,
    },
    /** The part of the story a recap asks about first. */
    recapPart: (p: { window: RecapWindow }) => {
      const parts: string[] = [];
      if (p.window.series) parts.push(`series ${episodesEn(p.window.series[0], p.window.series[1])}`);
      if (p.window.film) parts.push('the film');
      if (p.window.novel) parts.push(`the novel's ${ORDINAL_EN[p.window.novel[0] - 1] ?? String(p.window.novel[0])} story`);
      return listEn(parts);
    },
    title: "This channel's watch party",
    shown: (p: { tracks: string; code: string }) =>
      `${p.tracks} (\`${p.code}\`)\nQuizzes started here without \`spoilers\` use it, and look-ups here leave out anything beyond it.`,
    heldByCap: (p: Cap & { tracks: string }) =>
      `The server's spoiler cap (\`${p.cap}\`: ${p.capDescription}) holds it to: ${p.tracks}.`,
    notSet: (p: Cap & { defaults: string }) =>
      `No progress is recorded for this channel. Look-ups here follow the server's spoiler cap (\`${p.cap}\`: ${p.capDescription}) and quizzes its default (\`${p.defaults}\`). Set it with \`/watchparty progress\`.`,
    set: (p: { tracks: string; code: string }) =>
      `Recorded: ${p.tracks} (\`${p.code}\`). Quizzes started here without \`spoilers\`, practice questions and look-ups here stay within it.`,
    beyondCap: (p: Cap & { requested: string }) =>
      `This server allows spoilers up to \`${p.cap}\` (${p.capDescription}); \`${p.requested}\` goes beyond that, so nothing was recorded. Pick something within \`${p.cap}\`, or ask a moderator to raise the cap with \`/config spoilers\`.`,
    tooMany: (p: { max: number }) =>
      `This server already keeps progress for ${p.max} channels. Clear one with \`/watchparty clear\` in that channel, or all of them with \`/watchparty clear everywhere:True\`.`,
    forbiddenRole: (p: { roleId: string; permission: string }) =>
      `Only members with the <@&${p.roleId}> role or ${p.permission} can change this channel's progress.`,
    forbidden: (p: { permission: string }) =>
      `Only members with ${p.permission} can change this channel's progress. A moderator can let a quiz role do it too, with \`/config quiz-role set\`.`,
    forbiddenEverywhere: (p: { permission: string }) => `Clearing every channel's progress takes ${p.permission}.`,
    dm: 'Watch-party progress is kept for server channels; there is none in DMs.',
    cleared: (p: Cap & { defaults: string }) =>
      `Cleared. This channel follows the server's settings again: look-ups up to \`${p.cap}\` (${p.capDescription}), quizzes \`${p.defaults}\` unless the host says otherwise.`,
    nothingToClear: "This channel has no progress recorded; it already follows the server's settings.",
    clearedEverywhere: (p: { count: number }) =>
      p.count === 0 ? 'No channel on this server had progress recorded.' : `Cleared the progress of ${p.count} channel${p.count === 1 ? '' : 's'} on this server.`,
  },
  {
    definition: {
      watchparty: def('워치파티', '이 채널 모임이 어디까지 봤는지 기록해요 (이 채널의 퀴즈와 정보 검색에 적용돼요)'),
      progress: def('진도', '이 채널에서 어디까지 봤는지 기록해요 (퀴즈 역할, 서버 관리 권한)'),
      watched: def('어디까지', '어디까지 봤는지: none, film, series-4, film+series-4, novel-2, all'),
      show: def('보기', '이 채널이 영화, 드라마, 소설을 어디까지 봤는지 보여 줘요'),
      clear: def('초기화', '이 채널의 진도를 지우고 서버 설정으로 돌아가요 (퀴즈 역할, 서버 관리 권한)'),
      everywhere: def('전체', '이 서버 모든 채널의 진도를 지워요 (서버 관리 권한)'),
    },
    track: {
      series: (p) =>
        p.episodes === 0 ? '드라마: 아직 안 봤어요' : p.episodes === SERIES_EPISODES ? `드라마: ${SERIES_EPISODES}회 전부` : `드라마: ${episodesKo(1, p.episodes)}`,
      film: (p) => (p.seen ? '영화: 봤어요' : '영화: 아직 안 봤어요'),
      novel: (p) =>
        p.stories === 0 ? '소설: 아직 안 읽었어요' : p.stories === NOVEL_STORIES ? '소설: 네 편 전부' : p.stories === 1 ? '소설: 첫 번째 이야기' : `소설: 1~${p.stories}편`,
    },
    recapPart: (p) => {
      const parts: string[] = [];
      if (p.window.series) parts.push(`드라마 ${episodesKo(p.window.series[0], p.window.series[1])}`);
      if (p.window.film) parts.push('영화');
      if (p.window.novel) parts.push(`소설 ${ORDINAL_KO[p.window.novel[0] - 1] ?? String(p.window.novel[0])} 이야기`);
      return parts.join(', ');
    },
    title: '이 채널의 워치파티',
    shown: (p) => `${p.tracks} (\`${p.code}\`)\n이 채널에서 \`스포일러\` 없이 시작한 퀴즈는 이 진도를 따르고, 정보 검색도 이 진도를 넘는 내용은 빼고 보여 줘요.`,
    heldByCap: (p) => `서버의 스포일러 상한(\`${p.cap}\`: ${p.capDescription}) 때문에 지금은 이만큼만 적용돼요: ${p.tracks}`,
    notSet: (p) =>
      `이 채널에는 기록된 진도가 없어요. 정보 검색은 서버의 스포일러 상한(\`${p.cap}\`: ${p.capDescription})을, 퀴즈는 서버 기본값(\`${p.defaults}\`)을 따라요. \`/워치파티 진도\`로 기록할 수 있어요.`,
    set: (p) =>
      `기록했어요: ${p.tracks} (\`${p.code}\`). 이제 이 채널에서 \`스포일러\` 없이 시작한 퀴즈와 연습 문제, 정보 검색은 이 진도 안에서만 보여 줘요.`,
    beyondCap: (p) =>
      `이 서버는 스포일러를 \`${p.cap}\`(${p.capDescription})까지만 허용해요. \`${p.requested}\`${particleFor(p.requested, '은/는')} 그 범위를 넘어서 기록하지 않았어요. \`${p.cap}\` 안에서 고르거나, 관리자에게 \`/설정 스포일러\`로 상한을 올려 달라고 부탁해 주세요.`,
    tooMany: (p) =>
      `이 서버는 이미 채널 ${p.max}곳의 진도를 기록하고 있어요. 해당 채널에서 \`/워치파티 초기화\`로 하나를 지우거나, \`/워치파티 초기화 전체:True\`로 모두 지워 주세요.`,
    forbiddenRole: (p) => `<@&${p.roleId}> 역할이나 ${p.permission} 권한이 있는 멤버만 이 채널의 진도를 바꿀 수 있어요.`,
    forbidden: (p) => `${p.permission} 권한이 있는 멤버만 이 채널의 진도를 바꿀 수 있어요. 관리자가 \`/설정 퀴즈역할 지정\`으로 퀴즈 역할을 정하면 그 역할도 바꿀 수 있어요.`,
    forbiddenEverywhere: (p) => `모든 채널의 진도를 지우려면 ${p.permission} 권한이 필요해요.`,
    dm: '워치파티 진도는 서버 채널마다 기록해요. DM에는 없어요.',
    cleared: (p) =>
      `진도를 지웠어요. 이제 이 채널은 다시 서버 설정을 따라요. 정보 검색은 \`${p.cap}\`(${p.capDescription})까지, 퀴즈는 진행자가 따로 정하지 않으면 \`${p.defaults}\`${particleFor(p.defaults, '으로/로')} 열려요.`,
    nothingToClear: '이 채널에는 기록된 진도가 없어요. 이미 서버 설정을 따르고 있어요.',
    clearedEverywhere: (p) => (p.count === 0 ? '이 서버에는 진도를 기록한 채널이 없어요.' : `이 서버 채널 ${p.count}곳의 진도를 지웠어요.`),
  },
);

/** "Series: episodes 1–4 · Film: not seen · Novel: not read", in `lang`. */
export function describeProgress(s: SpoilerSetting, t: (typeof watchPartyMessages)['en']): string {
  return [t.track.series({ episodes: s.series }), t.track.film({ seen: s.film }), t.track.novel({ stories: s.novel })].join(' · ');
}
