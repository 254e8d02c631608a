/**
 * Turns Discord's markup that a client would display specially (mentions, timestamps) into
 * plain text for a terminal, the way the Discord client shows it to a reader. Pure.
 */

export interface NameLookup {
  readonly user: (id: string) => string | undefined;
  readonly role: (id: string) => string | undefined;
  readonly channel: (id: string) => string | undefined;
}

/** `in 12 s`, `3 min ago`, `now`: Discord's `<t:…:R>` as a reader sees it at `nowMs`. */
export function relativeTimeText(targetMs: number, nowMs: number): string {
  const diffSec = Math.round((targetMs - nowMs) / 1000);
  const abs = Math.abs(diffSec);
  if (abs === 0) return 'now';
  const amount =
    abs < 60 ? `${abs} s` : abs < 3600 ? `${Math.round(abs / 60)} min` : abs < 86_400 ? `${Math.round(abs / 3600)} h` : `${Math.round(abs / 86_400)} d`;
  return diffSec > 0 ? `in ${amount}` : `${amount} ago`;
}

/**
 * Replaces `<@id>`, `<@!id>`, `<@&id>`, `<#id>` and `<t:seconds[:style]>` with what a Discord client
 * would show (`@alice`, `@Moderator`, `#quiz`, `in 12 s`, `2026-11-21 12:00 UTC`). Unknown ids stay
 * as they are, so nothing is hidden.
 */
export function humanizeDiscordText(text: string, names: NameLookup, nowMs: number): string {
  return text
    .replace(/<@!?(\d{15,21})>/g, (whole, id: string) => {
      const name = names.user(id);
      return name === undefined ? whole : `@${name}`;
    })
    .replace(/<@&(\d{15,21})>/g, (whole, id: string) => {
      const name = names.role(id);
      return name === undefined ? whole : `@${name}`;
    })
    .replace(/<#(\d{15,21})>/g, (whole, id: string) => {
      const name = names.channel(id);
      return name === undefined ? whole : `#${name}`;
    })
    .replace(/<t:(-?\d{1,13})(?::([tTdDfFR]))?>/g, (_whole, seconds: string, style: string | undefined) => {
      const ms = Number(seconds) * 1000;
      if (style === 'R') return relativeTimeText(ms, nowMs);
      const iso = new Date(ms).toISOString();
      switch (style) {
        case 't':
          return `${iso.slice(11, 16)} UTC`;
        case 'T':
          return `${iso.slice(11, 19)} UTC`;
        case 'd':
        case 'D':
          return iso.slice(0, 10);
        default:
          return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
      }
    });
}
