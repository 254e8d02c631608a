import { describe, expect, it } from 'vitest';
import { humanizeDiscordText, relativeTimeText } from '../../../scripts/lib/discord-text.js';

const names = {
  user: (id: string) => ({ '1300000000000000011': 'alice' })[id],
  role: (id: string) => ({ '1300000000000000021': 'Moderator' })[id],
  channel: (id: string) => ({ '1300000000000000031': 'quiz' })[id],
};
const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

describe('humanizeDiscordText', () => {
  it('given user, nickname, role and channel mentions, they read as a Discord client shows them', () => {
    expect(humanizeDiscordText('<@1300000000000000011> and <@!1300000000000000011> of <@&1300000000000000021> in <#1300000000000000031>', names, NOW)).toBe(
      '@alice and @alice of @Moderator in #quiz',
    );
  });

  it('given an id nobody knows, the markup is left as it is', () => {
    expect(humanizeDiscordText('<@1399999999999999999> <#1399999999999999999>', names, NOW)).toBe('<@1399999999999999999> <#1399999999999999999>');
  });

  it('given timestamps, relative ones count from now and the others show the UTC date and time', () => {
    const inTwelve = Math.floor(NOW / 1000) + 12;
    expect(humanizeDiscordText(`Time is up <t:${inTwelve}:R>.`, names, NOW)).toBe('Time is up in 12 s.');
    expect(humanizeDiscordText(`<t:${Math.floor(NOW / 1000)}:F>`, names, NOW)).toBe('2026-11-21 12:00 UTC');
    expect(humanizeDiscordText(`<t:${Math.floor(NOW / 1000)}:d>`, names, NOW)).toBe('2026-11-21');
  });
});

describe('relativeTimeText', () => {
  it('given times around now, past and future read naturally', () => {
    expect(relativeTimeText(NOW, NOW)).toBe('now');
    expect(relativeTimeText(NOW - 5 * 60_000, NOW)).toBe('5 min ago');
    expect(relativeTimeText(NOW + 3 * 3_600_000, NOW)).toBe('in 3 h');
    expect(relativeTimeText(NOW - 2 * 86_400_000, NOW)).toBe('2 d ago');
  });
});
