/**
 * Messages any part of the bot may show: the router's generic answers, Discord's permission
 * names as each client shows them, lists, and spoiler settings described for people.
 */
import { describeSpoilers, NOVEL_STORIES, SERIES_EPISODES, type SpoilerSetting } from '../../data/spoilers.js';
import { catalog } from '../catalog.js';

/** The permissions the bot names in refusals, by the names Discord's own UI gives them. */
export type PermissionKey = 'viewChannel' | 'sendMessages' | 'embedLinks' | 'sendMessagesInThreads' | 'manageGuild';

/** "영화, 드라마 1~4회": the Korean counterpart of `describeSpoilers`. */
function describeSpoilersKo(s: SpoilerSetting): string {
  const none = !s.film && s.series === 0 && s.novel === 0;
  if (none) return '스포일러 없음';
  if (s.film && s.series === SERIES_EPISODES && s.novel === NOVEL_STORIES) return '전부: 영화, 드라마 전체, 소설 전체';
  const parts: string[] = [];
  if (s.film) parts.push('영화');
  if (s.series === SERIES_EPISODES) parts.push('드라마 전체');
  else if (s.series === 1) parts.push('드라마 1회');
  else if (s.series > 1) parts.push(`드라마 1~${s.series}회`);
  if (s.novel === NOVEL_STORIES) parts.push('소설 전체');
  else if (s.novel === 1) parts.push('소설 1편');
  else if (s.novel > 1) parts.push(`소설 1~${s.novel}편`);
  return parts.join(', ');
}

export const common = catalog(
  {
    genericError: 'Something went wrong on our side while handling that. It has been logged; please try again.',
    restarting: 'The bot is restarting. Please try again in a few seconds.',
    unknownCommand: (p: { command: string }) => `I don't know the command \`/${p.command}\`. Try \`/about\` for the list.`,
    buttonInactive: 'That button is no longer active.',
    formInactive: 'That form is no longer active.',
    unsupportedInteraction: "I can't handle that kind of interaction.",
    permissions: {
      viewChannel: 'View Channel',
      sendMessages: 'Send Messages',
      embedLinks: 'Embed Links',
      sendMessagesInThreads: 'Send Messages in Threads',
      manageGuild: 'Manage Server',
    },
    /** "Send Messages and Embed Links"; "View Channel, Send Messages and Embed Links". */
    list: (p: { items: readonly string[] }) =>
      p.items.length <= 1 ? p.items.join('') : `${p.items.slice(0, -1).join(', ')} and ${p.items.at(-1) ?? ''}`,
    /** A spoiler setting for people: "the film, series episodes 1–4". */
    spoilers: (p: { setting: SpoilerSetting }) => describeSpoilers(p.setting),
  },
  {
    genericError: '처리하는 중에 문제가 생겼어요. 기록해 두었으니 잠시 후 다시 시도해 주세요.',
    restarting: '봇이 다시 시작하는 중이에요. 몇 초 뒤에 다시 시도해 주세요.',
    unknownCommand: (p) => `모르는 명령어예요: \`/${p.command}\`. 명령어 목록은 \`/소개\`에서 볼 수 있어요.`,
    buttonInactive: '더 이상 쓸 수 없는 버튼이에요.',
    formInactive: '더 이상 쓸 수 없는 양식이에요.',
    unsupportedInteraction: '이런 종류의 요청은 처리할 수 없어요.',
    permissions: {
      viewChannel: '채널 보기',
      sendMessages: '메시지 보내기',
      embedLinks: '링크 첨부',
      sendMessagesInThreads: '스레드에서 메시지 보내기',
      manageGuild: '서버 관리',
    },
    list: (p) => p.items.join(', '),
    spoilers: (p) => describeSpoilersKo(p.setting),
  },
);
