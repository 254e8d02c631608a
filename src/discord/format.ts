/**
 * Discord-specific text helpers shared by every reply: spoiler tags, source footers, limits.
 * Names, dates and numbers are formatted by `src/data/format.ts`.
 */
import type { SourceRef, Spoiler } from '../data/schema.js';
import { isRevealed, type SpoilerSetting } from '../data/spoilers.js';

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

/** Where a spoiler lies, without saying what it is: "film plot", "series plot, episode 5". */
export function spoilerPlace(spoiler: Spoiler): string {
  switch (spoiler.kind) {
    case 'none':
      return 'no spoiler';
    case 'film':
      return 'film plot';
    case 'series':
      return `series plot, episode ${spoiler.episode}`;
    case 'novel':
      return `novel plot, story ${spoiler.story}`;
  }
}

/**
 * The name to show for a search hit where spoiler tags do not work (embed titles, autocomplete
 * choices, lists): its label, or for a plot record only where its spoiler lies.
 */
export function safeLabel(hit: { readonly label: string; readonly spoiler: Spoiler; readonly kind?: string }): string {
  // A character's marker says where they first appear: search already left out those beyond the
  // cap, and a name is no plot detail, so the others keep their name.
  if (hit.kind === 'character') return hit.label;
  return hit.spoiler.kind === 'none' ? hit.label : `Spoiler (${spoilerPlace(hit.spoiler)})`;
}

/** "Sources: VERIFIED.md #1, #15 · article 001", deduplicated, within Discord's footer limit. */
export function sourcesFooter(refs: readonly SourceRef[]): string {
  const unique = [...new Set(refs)];
  const verified = unique
    .filter((r) => r.startsWith('verified:'))
    .map((r) => Number(r.slice('verified:'.length)))
    .sort((a, b) => a - b);
  const articles = unique
    .filter((r) => r.startsWith('article:'))
    .map((r) => r.slice('article:'.length))
    .sort();
  const parts: string[] = [];
  if (verified.length > 0) parts.push(`VERIFIED.md #${verified.join(', #')}`);
  if (articles.length > 0) parts.push(`article${articles.length > 1 ? 's' : ''} ${articles.join(', ')}`);
  return truncate(`Sources: ${parts.join(' · ') || 'curated dataset'} (see /about)`, 2048);
}

/** Cuts text to a Discord limit, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
