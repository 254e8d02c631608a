/**
 * Helpers shared by the look-up commands: how far a look-up may reveal here, autocomplete answers,
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
import { channelProgress } from '../quiz/policy.js';

/** Discord accepts at most 25 autocomplete choices. */
export const MAX_CHOICES = 25;
/** The search score from which a typed query counts as naming a record. */
const MATCH_SCORE = 400;
/** How many closest matches a "not found" reply lists. */
const CLOSEST = 5;

/** How far a look-up may reveal, and what sets it: the channel's watch-party progress or the server's cap. */
export interface LookupHorizon {
  readonly horizon: SpoilerSetting;
  readonly from: HorizonSource;
}

export type HorizonSource = 'server' | 'channel';

/**
 * The most a look-up may reveal here: the channel's watch-party progress (/watchparty progress)
 * within the server's cap, else the server's cap (/config spoilers); everything in DMs.
 */
export async function lookupHorizon(interaction: ChatInputCommandInteraction | AutocompleteInteraction, ctx: BotContext): Promise<LookupHorizon> {
  if (!interaction.inGuild()) return { horizon: ALL_SPOILERS, from: 'server' };
  const settings = await ctx.store.settings.get(interaction.guildId);
  const progress = channelProgress(settings, interaction.channelId);
  return progress ? { horizon: progress, from: 'channel' } : { horizon: settings.maxSpoilers, from: 'server' };
}

/** The most a look-up may reveal here (see {@link lookupHorizon}). */
export async function spoilerCap(interaction: ChatInputCommandInteraction | AutocompleteInteraction, ctx: BotContext): Promise<SpoilerSetting> {
  return (await lookupHorizon(interaction, ctx)).horizon;
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

/** What {@link resolveHit} looks for: search options, what to call it, and what set `horizon` (for the refusal). */
export type ResolveOptions = SearchOptions & { readonly what: LookupKind; readonly horizonFrom?: HorizonSource };

/**
 * The record a user picked from autocomplete (`<kind>:<id>`) or typed by hand.
 * @throws UserFacingError (in both languages) with the closest matches when nothing fits, or
 * saying that the match is beyond `options.horizon` (the server's cap, or the channel's
 * progress when `horizonFrom` is `channel`) when only that hides it.
 */
export function resolveHit(ctx: BotContext, value: string, options: ResolveOptions): SearchHit {
  const picked = /^([a-z]+):([\w-]{1,80})$/.exec(value);
  if (picked?.[1] && picked[2]) {
    const exact = ctx.search.get(picked[1] as EntryKind, picked[2]);
    if (exact && (!options.kinds || options.kinds.includes(exact.kind)) && fitsProduction(ctx, exact, options.production)) {
      // A picked id is as untrusted as typed text: the server's spoiler cap applies to it too.
      if (options.horizon && !isRevealed(exact.spoiler, options.horizon)) throw beyondCap(options.horizon, options.horizonFrom);
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
    if (beyond && beyond.score >= MATCH_SCORE) throw beyondCap(horizon, options.horizonFrom);
  }
  throw new UserFacingError(didYouMean(ctx, value, options));
}

/**
 * "I don't know a character called "x". Closest matches: …", in both languages. When search
 * finds nothing near, the leading characters (within the cap) are offered instead, so the reply
 * always gives something real to try.
 */
export function didYouMean(ctx: BotContext, value: string, options: ResolveOptions): Localized {
  const query = truncate(value.replace(/[`*_~|<>@\\]/g, '').replace(/\s+/g, ' ').trim(), 60);
  const { what, horizonFrom: _from, ...search } = options;
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

function beyondCap(horizon: SpoilerSetting, from: HorizonSource = 'server'): UserFacingError {
  const setting = formatSpoilers(horizon);
  return new UserFacingError(both((lang) => (from === 'channel' ? lookups[lang].errors.beyondProgress({ setting }) : lookups[lang].errors.beyondCap({ setting }))));
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
