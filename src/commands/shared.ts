/**
 * Helpers shared by the look-up commands: the server's spoiler cap, autocomplete answers,
 * resolving a picked or typed name, and "did you mean" replies.
 */
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { withHangul } from '../data/format.js';
import { productionsOfPerson, rolesOfCharacter } from '../data/lookup.js';
import { ALL_SPOILERS, formatSpoilers, isRevealed, type SpoilerSetting } from '../data/spoilers.js';
import type { EntryKind, SearchHit, SearchOptions } from '../data/search.js';
import type { BotContext } from '../discord/context.js';
import { safeLabel, truncate } from '../discord/format.js';
import { hitValue } from '../discord/lookup-view.js';
import { UserFacingError } from '../errors.js';

/** Discord accepts at most 25 autocomplete choices. */
export const MAX_CHOICES = 25;
/** The search score from which a typed query counts as naming a record. */
const MATCH_SCORE = 400;

/** The most a look-up may reveal here: the server's cap (/config spoilers), or everything in DMs. */
export async function spoilerCap(interaction: ChatInputCommandInteraction | AutocompleteInteraction, ctx: BotContext): Promise<SpoilerSetting> {
  if (!interaction.inGuild()) return ALL_SPOILERS;
  return (await ctx.store.settings.get(interaction.guildId)).maxSpoilers;
}

/** Answers an autocomplete with the best search matches for what was typed (at most 25). */
export async function autocompleteHits(interaction: AutocompleteInteraction, ctx: BotContext, options: Omit<SearchOptions, 'horizon' | 'limit'>): Promise<void> {
  const typed = String(interaction.options.getFocused() ?? '');
  const horizon = await spoilerCap(interaction, ctx);
  const hits = ctx.search.search(typed.trim() === '' ? 'love in the big city' : typed, { ...options, horizon, limit: MAX_CHOICES });
  const choices = typed.trim() === '' ? defaultChoices(ctx, options.kinds, horizon) : hits.map((h) => ({ name: truncate(safeLabel(h), 100), value: hitValue(h) }));
  await interaction.respond(choices.slice(0, MAX_CHOICES));
}

/** With nothing typed yet: the leading characters and the people who play them. */
function defaultChoices(ctx: BotContext, kinds: readonly EntryKind[] | undefined, cap: SpoilerSetting): { name: string; value: string }[] {
  const wanted = kinds ?? ['character', 'person'];
  const out: { name: string; value: string }[] = [];
  for (const c of ctx.dataset.characters) {
    // Not a character the server's cap has not reached (Gyu-ho at `none`).
    if (c.prominence === 'supporting' || !isRevealed(c.firstAppears, cap)) continue;
    if (wanted.includes('character')) out.push({ name: truncate(`${withHangul(c.name, c.hangul)} · ${c.production}`, 100), value: hitValue({ kind: 'character', id: c.id }) });
    if (wanted.includes('person')) {
      for (const { person } of rolesOfCharacter(ctx.dataset, c.id)) {
        out.push({ name: truncate(withHangul(person.name, person.hangul), 100), value: hitValue({ kind: 'person', id: person.id }) });
      }
    }
  }
  return out;
}

/**
 * The record a user picked from autocomplete (`<kind>:<id>`) or typed by hand.
 * @throws UserFacingError with the closest matches when nothing fits, or saying that the match
 * is beyond `options.horizon` when only the spoiler cap hides it.
 */
export function resolveHit(ctx: BotContext, value: string, options: SearchOptions & { what: string }): SearchHit {
  const picked = /^([a-z]+):([\w-]{1,80})$/.exec(value);
  if (picked?.[1] && picked[2]) {
    const exact = ctx.search.get(picked[1] as EntryKind, picked[2]);
    if (exact && (!options.kinds || options.kinds.includes(exact.kind)) && fitsProduction(ctx, exact, options.production)) {
      // A picked id is as untrusted as typed text: the server's spoiler cap applies to it too.
      if (options.horizon && !isRevealed(exact.spoiler, options.horizon)) throw new UserFacingError(beyondCap(options.horizon));
      return exact;
    }
  }
  const hits = ctx.search.search(value, { ...options, limit: 5 });
  const best = hits[0];
  if (best && best.score >= MATCH_SCORE) return best;
  if (options.horizon && formatSpoilers(options.horizon) !== 'all') {
    // A clear match that only the spoiler cap hides: say so, rather than "I don't know it",
    // without showing its title or text.
    const { horizon, ...unrestricted } = options;
    const beyond = ctx.search.search(value, { ...unrestricted, limit: 1 })[0];
    if (beyond && beyond.score >= MATCH_SCORE) {
      throw new UserFacingError(beyondCap(horizon));
    }
  }
  throw new UserFacingError(didYouMean(ctx, value, options));
}

/** "I don't know a character called "x". Closest matches: …" */
export function didYouMean(ctx: BotContext, value: string, options: SearchOptions & { what: string }): string {
  const shown = truncate(value.replace(/[`*_~|<>@]/g, ''), 60);
  const close = ctx.search.search(value, { ...options, limit: 5 });
  const fallback = close.length > 0 ? close : ctx.search.search(value, { limit: 5, ...(options.horizon ? { horizon: options.horizon } : {}) });
  const list = fallback.map((h) => `• ${safeLabel(h)}`).join('\n');
  return `I don't know a ${options.what} called "${shown}".` + (list ? ` Closest matches:\n${list}` : ' Try `/cast` for the full cast list, or `/fact` to search everything.');
}

function beyondCap(horizon: SpoilerSetting): string {
  return `That goes beyond this server's spoiler setting (\`${formatSpoilers(horizon)}\`), so I'm leaving it out.`;
}

/** Whether a picked record belongs to the production the command was narrowed to. */
function fitsProduction(ctx: BotContext, hit: SearchHit, production: SearchOptions['production']): boolean {
  if (!production) return true;
  if (hit.kind === 'character') return hit.record.production === production;
  if (hit.kind === 'person') return productionsOfPerson(ctx.dataset, hit.id).includes(production);
  return true;
}
