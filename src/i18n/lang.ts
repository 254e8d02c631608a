/**
 * The bot's two languages and how a Discord locale maps to one. No discord.js here: callers pass
 * the locale string (`interaction.locale`, a guild's preferred locale).
 */
export const LANGS = ['en', 'ko'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'ko';
}

/** `ko` for a Korean Discord client or server, English for everything else. */
export function langOfLocale(locale: string | null | undefined): Lang {
  return typeof locale === 'string' && locale.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** A text in both languages. */
export interface Localized {
  readonly en: string;
  readonly ko: string;
}

/** The same text in both languages (numbers, dates written alike, names with no Hangul). */
export function same(text: string): Localized {
  return { en: text, ko: text };
}

/** The names of the languages, each in its own language (for `/config language`). */
export const LANG_NAMES: Readonly<Record<Lang, string>> = { en: 'English', ko: '한국어' };
