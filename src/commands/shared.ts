/**
 * Helpers shared by the look-up commands: the server's spoiler cap, autocomplete answers,
 * resolving a picked or typed name, and "did you mean" replies, in the reader's language.
 */
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { productionsOfPerson, rolesOfCharacter } from '../data/lookup.js';
import type { Dataset } from '../data/schema.js';
import type { EntryKind, SearchHit, SearchOptions } from '../data/search.js';
import { ALL_SPOILERS, formatSpoilers, isRevealed, sameSpoilers, type SpoilerSetting } from '../data/spoilers.js';
import type { BotContext } from '../discord/context.js';
import { truncate } from '../discord/format.js';
import { userLang } from '../discord/lang.js';
import { hitLabel, hitValue } from '../discord/lookup-view.js';
import { UserFacingError } from '../errors.js';
import { LANGS, type Lang, type Localized } from '../i18n/lang.js';
import { lookups, type LookupKind } from '../i18n/messages/lookups.js';

/** Discord accepts at most 25 autocomplete choices. */
export const MAX_CHOICES = 25;
/** The search score from which a typed query counts as naming a record. */
const MATCH_SCORE = 400;
/** How many closest matches a "not found" reply lists. */
const CLOSEST = 5;

/** The most a look-up may reveal here: the server's cap (/config spoilers), or everything in DMs. */
export async function spoilerCap(interaction: ChatInputCommandInteraction | AutocompleteInteraction, ctx: BotContext): Promise<SpoilerSetting> {
  if (!interaction.inGuild()) return ALL_SPOILERS;
  return (await ctx.store.settings.get(interaction.guildId)).maxSpoilers;
}

/** Answers an autocomplete with the best search matches for what was typed (at most 25), labelled in the user's language. */
export async function autocompleteHits(interaction: AutocompleteInteraction, ctx: BotContext, options: Omit<SearchOptions, 'horizon' | 'limit'>): Promise<void> {
  const typed = String(interaction.options.getFocused() ?? '');
  const lang = userLang(interaction);
  const horizon = await spoilerCap(interaction, ctx);
  const choices =
    typed.trim() === ''
      ? defaultChoices(ctx.dataset, options.kinds, horizon, lang)
      : ctx.search.search(typed, { ...options, horizon, limit: MAX_CHOICES }).map((h) => ({ name: hitLabel(h, lang), value: hitValue(h) }));
  await interaction.respond(choices.slice(0, MAX_CHOICES));
}

/** With nothing typed yet: the leading characters and the people who play them (none beyond the cap). */
export function defaultChoices(d: Dataset, kinds: readonly EntryKind[] | undefined, cap: SpoilerSetting, lang: Lang): { name: string; value: string }[] {
  const wanted = kinds ?? ['character', 'person'];
  const out: { name: string; value: string }[] = [];
  for (const c of d.characters) {
    // Not a character the server's cap has not reached (Gyu-ho at `none`).
    if (c.prominence === 'supporting' || !isRevealed(c.firstAppears, cap)) continue;
    if (wanted.includes('character')) out.push({ name: hitLabel({ kind: 'character', record: c, spoiler: c.firstAppears }, lang), value: hitValue({ kind: 'character', id: c.id }) });
    if (wanted.includes('person')) {
      for (const { person } of rolesOfCharacter(d, c.id)) {
        out.push({ name: hitLabel({ kind: 'person', record: person, spoiler: person.spoiler }, lang), value: hitValue({ kind: 'person', id: person.id }) });
      }
    }
  }
  return out;
}

/** A message in both languages; the router shows the reader's. */
function both(make: (lang: Lang) => string): Localized {
  const [en, ko] = LANGS.map(make) as [string, string];
  return { en, ko };
}

/**
 * The record a user picked from autocomplete (`<kind>:<id>`) or typed by hand.
 * @throws UserFacingError (in both languages) with the closest matches when nothing fits, or
 * saying that the match is beyond `options.horizon` when only the spoiler cap hides it.
 */
export function resolveHit(ctx: BotContext, value: string, options: SearchOptions & { what: LookupKind }): SearchHit {
  const picked = /^([a-z]+):([\w-]{1,80})$/.exec(value);
  if (picked?.[1] && picked[2]) {
    const exact = ctx.search.get(picked[1] as EntryKind, picked[2]);
    if (exact && (!options.kinds || options.kinds.includes(exact.kind)) && fitsProduction(ctx, exact, options.production)) {
      // A picked id is as untrusted as typed text: the server's spoiler cap applies to it too.
      if (options.horizon && !isRevealed(exact.spoiler, options.horizon)) throw beyondCap(options.horizon);
      return exact;
    }
  }
  const hits = ctx.search.search(value, { ...options, limit: CLOSEST });
  const best = hits[0];
  if (best && best.score >= MATCH_SCORE) return best;
  if (options.horizon && !sameSpoilers(options.horizon, ALL_SPOILERS)) {
    // A clear match that only the spoiler cap hides: say so, rather than "I don't know it",
    // without showing its title or text.
    const { horizon, ...unrestricted } = options;
    const beyond = ctx.search.search(value, { ...unrestricted, limit: 1 })[0];
    if (beyond && beyond.score >= MATCH_SCORE) throw beyondCap(horizon);
  }
  throw new UserFacingError(didYouMean(ctx, value, options));
}

/**
 * "I don't know a character called "x". Closest matches: …", in both languages. When search
 * finds nothing near, the leading characters (within the cap) are offered instead, so the reply
 * always gives something real to try.
 */
export function didYouMean(ctx: BotContext, value: string, options: SearchOptions & { what: LookupKind }): Localized {
  const query = truncate(value.replace(/[`*_~|<>@\\]/g, '').replace(/\s+/g, ' ').trim(), 60);
  const { what, ...search } = options;
  const close = ctx.search.search(value, { ...search, limit: CLOSEST });
  const near = close.length > 0 ? close : ctx.search.search(value, { limit: CLOSEST, ...(options.horizon ? { horizon: options.horizon } : {}) });
  return both((lang) => {
    const t = lookups[lang].errors;
    const whatText = t.what[what];
    if (near.length > 0) return t.notFound({ what: whatText, query, matches: near.map((h) => hitLabel(h, lang)) });
    const fallback = defaultChoices(ctx.dataset, options.kinds ?? ['character'], options.horizon ?? ALL_SPOILERS, lang).slice(0, CLOSEST);
    return fallback.length > 0 ? t.tryThese({ what: whatText, query, matches: fallback.map((c) => c.name) }) : t.notFound({ what: whatText, query, matches: [] });
  });
}

function beyondCap(horizon: SpoilerSetting): UserFacingError {
  return new UserFacingError(both((lang) => lookups[lang].errors.beyondCap({ setting: formatSpoilers(horizon) })));
}

/** A refusal from the look-up catalog, in both languages. */
export function lookupError(pick: (t: (typeof lookups)[Lang]) => string): UserFacingError {
  return new UserFacingError(both((lang) => pick(lookups[lang])));
}

/** Whether a picked record belongs to the production the command was narrowed to. */
function fitsProduction(ctx: BotContext, hit: SearchHit, production: SearchOptions['production']): boolean {
  if (!production) return true;
  if (hit.kind === 'character') return hit.record.production === production;
  if (hit.kind === 'person') return productionsOfPerson(ctx.dataset, hit.id).includes(production);
  return true;
}
