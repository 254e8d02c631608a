import { SlashCommandBuilder } from '@discordjs/builders';
import type { ProductionId } from '../data/schema.js';
import type { SearchHit } from '../data/search.js';
import type { Command } from '../discord/command.js';
import type { BotContext } from '../discord/context.js';
import { userLang } from '../discord/lang.js';
import { castAnswerEmbed, castListEmbed } from '../discord/lookup-view.js';
import { UserFacingError } from '../errors.js';
import { lookups } from '../i18n/messages/lookups.js';
import { autocompleteHits, lookupError, lookupHorizon, resolveHit, type LookupHorizon } from './shared.js';

const CAST_PRODUCTIONS = ['film', 'series'] as const;

/**
 * The actor or character `name` names, within `production` when given. A real person outside it
 * (`/cast production:series name:Lee Eon-hee`) is still answered, with a card saying they have no
 * role there, rather than "I don't know them".
 */
function resolveCast(ctx: BotContext, name: string, { horizon, from }: LookupHorizon, production: ProductionId | undefined): SearchHit {
  try {
    return resolveHit(ctx, name, { what: 'castOrCharacter', kinds: ['person', 'character'], horizon, horizonFrom: from, ...(production ? { production } : {}) });
  } catch (err) {
    if (!production || !(err instanceof UserFacingError)) throw err;
    try {
      return resolveHit(ctx, name, { what: 'castOrCharacter', kinds: ['person'], horizon, horizonFrom: from });
    } catch {
      throw err;
    }
  }
}

export const cast = {
  data: new SlashCommandBuilder()
    .setName('cast')
    .setNameLocalization('ko', '출연진')
    .setDescription('Who plays whom: the cast list, or one actor or character')
    .setDescriptionLocalization('ko', '출연진 목록, 또는 배우나 인물 한 명 찾기')
    .addStringOption((o) =>
      o
        .setName('production')
        .setNameLocalization('ko', '작품')
        .setDescription('film or series (default: both)')
        .setDescriptionLocalization('ko', '영화 또는 시리즈 (기본: 둘 다)')
        .addChoices(
          ...CAST_PRODUCTIONS.map((p) => ({ name: lookups.en.production[p], name_localizations: { ko: lookups.ko.production[p] }, value: p })),
        ),
    )
    .addStringOption((o) =>
      o
        .setName('name')
        .setNameLocalization('ko', '이름')
        .setDescription('An actor or a character, in English or Hangul (e.g. 흥수, Kim Go-eun)')
        .setDescriptionLocalization('ko', '배우나 인물 이름, 한글이나 영어로 (예: 흥수, 김고은)')
        .setMaxLength(100)
        .setAutocomplete(true),
    ),
  async execute(interaction, ctx) {
    const productionValue = interaction.options.getString('production');
    if (productionValue !== null && !(CAST_PRODUCTIONS as readonly string[]).includes(productionValue)) {
      throw lookupError((t) => t.errors.castNovel);
    }
    const production = (productionValue ?? undefined) as ProductionId | undefined;
    const name = interaction.options.getString('name');
    const lang = userLang(interaction);
    const limit = await lookupHorizon(interaction, ctx);
    const { horizon } = limit;
    if (name === null || name.trim() === '') {
      const embeds = (production ? [production] : CAST_PRODUCTIONS).map((p) => castListEmbed(ctx.dataset, p, horizon, lang));
      await interaction.reply({ embeds });
      return;
    }
    const hit = resolveCast(ctx, name, limit, production);
    const embed =
      hit.kind === 'person'
        ? castAnswerEmbed(ctx.dataset, { person: hit.record }, production, horizon, lang)
        : hit.kind === 'character'
          ? castAnswerEmbed(ctx.dataset, { character: hit.record }, production, horizon, lang)
          : undefined;
    if (!embed) throw lookupError((t) => t.errors.pickCast);
    await interaction.reply({ embeds: [embed] });
  },
  async autocomplete(interaction, ctx) {
    const production = interaction.options.getString('production');
    await autocompleteHits(interaction, ctx, {
      kinds: ['character', 'person'],
      ...(production === 'film' || production === 'series' ? { production } : {}),
    });
  },
  // Look-ups answer the channel.
  publicReply: () => true,
} satisfies Command;
