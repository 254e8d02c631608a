/**
 * The `spoilers` option shared by `/quiz start`, `/quiz practice`, `/config spoilers`,
 * `/config quiz-defaults` and `/watchparty progress`: free text with autocomplete, so the common picks stay one click
 * (`none`, `film`, `series-4`, `all`) while combinations stay possible (`film+series-4`, `novel-2`).
 * The value is always the canonical text; what a member reads (labels, errors) is in their language.
 */
import type { SlashCommandStringOption } from '@discordjs/builders';
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import {
  ALL_SPOILERS,
  formatSpoilers,
  MAX_SPOILER_TEXT,
  parseSpoilers,
  suggestSpoilers,
  type SpoilerSetting,
} from '../data/spoilers.js';
import type { BotContext } from '../discord/context.js';
import { userLang } from '../discord/lang.js';
import { UserFacingError } from '../errors.js';
import { catalog } from '../i18n/catalog.js';
import { particleFor } from '../i18n/josa.js';
import type { Lang } from '../i18n/lang.js';
import { common } from '../i18n/messages/common.js';

/** The syntax in English, for scripts and logs. */
export const SPOILER_SYNTAX =
  '`none`, `film`, `series-N` (episodes 1–N, N up to 8), `novel-N` (stories 1–N, up to 4), `all`, or several joined by `+`, e.g. `film+series-4`';

/** Discord allows 25 autocomplete choices of at most 100 characters. */
const MAX_CHOICES = 25;
const MAX_CHOICE_NAME = 100;

/** Korean names of the options that take a spoiler setting, as their definitions localise them. */
const OPTION_NAMES_KO: Readonly<Record<string, string>> = { spoilers: '스포일러', max: '최대', watched: '어디까지' };

const messages = catalog(
  {
    invalid: (p: { option: string }) => `\`${p.option}\` must be ${SPOILER_SYNTAX}.`,
    label: (p: { code: string; description: string }) => `${p.code}: ${p.description}`,
  },
  {
    invalid: (p) =>
      `\`${p.option}\`${particleFor(p.option, '은/는')} \`none\`(스포일러 없음), \`film\`(영화), \`series-N\`(드라마 1~N회, N은 8까지), ` +
      `\`novel-N\`(소설 1~N편, N은 4까지), \`all\`(전부) 중 하나이거나 \`+\`로 이은 조합이어야 해요. 예: \`film+series-4\``,
    label: (p) => `${p.description} (${p.code})`,
  },
);

export function spoilerOption(o: SlashCommandStringOption, name: string, description: string, descriptionKo: string): SlashCommandStringOption {
  return o
    .setName(name)
    .setDescription(description)
    .setDescriptionLocalization('ko', descriptionKo)
    .setMaxLength(MAX_SPOILER_TEXT)
    .setAutocomplete(true);
}

/** An option's name as a member of `lang` sees it in Discord. */
function optionName(option: string, lang: Lang): string {
  return lang === 'ko' ? (OPTION_NAMES_KO[option] ?? option) : option;
}

/**
 * The setting typed or picked in `option`, or null when it was left out.
 * @throws {UserFacingError} naming the syntax, in the member's language, when the text is not a setting.
 */
export function readSpoilerOption(interaction: ChatInputCommandInteraction, option: string, required = false): SpoilerSetting | null {
  const value = required ? interaction.options.getString(option, true) : interaction.options.getString(option);
  if (value === null) return null;
  const parsed = parseSpoilers(value);
  if (!parsed) {
    const lang = userLang(interaction);
    throw new UserFacingError(messages[lang].invalid({ option: optionName(option, lang) }));
  }
  return parsed;
}

/** What a member reads for a setting in a list of choices: "film+series-4: the film, series episodes 1–4". */
export function spoilerChoiceLabel(s: SpoilerSetting, lang: Lang): string {
  return messages[lang].label({ code: formatSpoilers(s), description: common[lang].spoilers({ setting: s }) }).slice(0, MAX_CHOICE_NAME);
}

const HANGUL = /[\u3131-\u318e\uac00-\ud7a3]/u;
const compact = (text: string): string => text.replace(/\s+/g, '').toLowerCase();

/**
 * Up to 25 choices for what is typed, labelled in `lang`, leaving out settings beyond `cap`.
 * Korean typed text ("드라마", "영화 4회") is matched against the Korean labels.
 */
export function spoilerChoices(typed: string, cap: SpoilerSetting, lang: Lang): { name: string; value: string }[] {
  let settings = suggestSpoilers(typed, cap, MAX_CHOICES).map((s) => parseSpoilers(s.value) ?? ALL_SPOILERS);
  if (HANGUL.test(typed)) {
    const words = typed.split(/[\s,+]+/).map(compact).filter((w) => w !== '');
    const all = suggestSpoilers('', cap, 1_000).map((s) => parseSpoilers(s.value) ?? ALL_SPOILERS);
    const matching = all.filter((s) => {
      const label = compact(common.ko.spoilers({ setting: s }));
      return words.every((w) => label.includes(w));
    });
    // Nothing matches: offer the common picks rather than an empty list.
    settings = matching.length > 0 ? matching : all;
  }
  return settings.slice(0, MAX_CHOICES).map((s) => ({ name: spoilerChoiceLabel(s, lang), value: formatSpoilers(s) }));
}

/** Suggests settings for what is typed, leaving out those beyond the server's cap unless `uncapped`. */
export async function autocompleteSpoilers(interaction: AutocompleteInteraction, ctx: BotContext, uncapped = false): Promise<void> {
  const typed = String(interaction.options.getFocused() ?? '');
  const cap = uncapped || !interaction.inGuild() ? ALL_SPOILERS : (await ctx.store.settings.get(interaction.guildId)).maxSpoilers;
  await interaction.respond(spoilerChoices(typed, cap, userLang(interaction)));
}

/** `film+series-4`, in backticks, for replies. */
export function spoilerText(s: SpoilerSetting): string {
  return `\`${formatSpoilers(s)}\``;
}

/** "the film, series episodes 1–4" / "영화, 드라마 1~4회". */
export function spoilerDescription(s: SpoilerSetting, lang: Lang): string {
  return common[lang].spoilers({ setting: s });
}
