/**
 * Discord-specific text helpers shared by every reply: spoiler tags, source footers, limits, in
 * the reader's language (English by default). Names, dates and numbers are formatted by
 * `src/data/format.ts` and the look-up catalog.
 */
import type { SourceRef, Spoiler } from '../data/schema.js';
import { citedPublications } from '../data/sources.js';
import { isRevealed, type SpoilerSetting } from '../data/spoilers.js';
import type { Lang } from '../i18n/lang.js';
import { lookups } from '../i18n/messages/lookups.js';

/**
 * "Mention nobody", for a raw body (`allowed_mentions`) or discord.js's `allowedMentions`. A
 * function, so that no caller can share and mutate one array.
 */
export const noMentions = (): { parse: [] } => ({ parse: [] });

/** Wraps text in Discord spoiler tags, breaking any `||` inside so the tags cannot be closed early. */
export function spoilerTag(text: string): string {
  return `||${text.replaceAll('||', '| |')}||`;
}

/**
 * How a piece of text with a spoiler marker is shown under a server's cap:
 * no spoiler → as is; within the cap → behind spoiler tags; beyond the cap → left out.
 */
export function revealUnder(text: string, spoiler: Spoiler, cap: SpoilerSetting): string | undefined {
  if (spoiler.kind === 'none') return text;
  if (!isRevealed(spoiler, cap)) return undefined;
  return spoilerTag(text);
}

/** Where a spoiler lies, without saying what it is: "film plot", "series plot, episode 5" / "시리즈 5회 줄거리". */
export function spoilerPlace(spoiler: Spoiler, lang: Lang = 'en'): string {
  const t = lookups[lang].spoilerPlace;
  switch (spoiler.kind) {
    case 'none':
      return t.none;
    case 'film':
      return t.film;
    case 'series':
      return t.series({ episode: spoiler.episode });
    case 'novel':
      return t.novel({ story: spoiler.story });
  }
}

/**
 * The name to show for a search hit where spoiler tags do not work (embed titles, autocomplete
 * choices, lists): its label (already in the reader's language), or for a plot record only where
 * its spoiler lies.
 */
export function safeLabel(hit: { readonly label: string; readonly spoiler: Spoiler; readonly kind?: string }, lang: Lang = 'en'): string {
  // A character's marker says where they first appear: search already left out those beyond the
  // cap, and a name is no plot detail, so the others keep their name.
  if (hit.kind === 'character') return hit.label;
  return hit.spoiler.kind === 'none' ? hit.label : lookups[lang].spoilerLabel({ place: spoilerPlace(hit.spoiler, lang) });
}

/** Most publications a footer names: more reads as a bibliography, not an answer. */
export const MAX_FOOTER_SOURCES = 3;

/**
 * "Sources: Korea JoongAng Daily · Wikipedia · The Asian Cut review": the publications behind
 * `refs`, each once, the most authoritative first, at most three, within Discord's footer limit.
 * Source numbers stay for curators (npm run data:check); a reader never sees them.
 */
export function sourcesFooter(refs: readonly SourceRef[], lang: Lang = 'en'): string {
  const names = citedPublications(refs, MAX_FOOTER_SOURCES).map((p) => p[lang]);
  return truncate(lookups[lang].sources({ names }), 2048);
}

/** Cuts text to a Discord limit, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
