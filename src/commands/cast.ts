import { SlashCommandBuilder } from '@discordjs/builders';
import type { ProductionId } from '../data/schema.js';
import type { Command } from '../discord/command.js';
import { castAnswerEmbed, castListEmbed } from '../discord/lookup-view.js';
import { UserFacingError } from '../errors.js';
import { autocompleteHits, resolveHit, spoilerCap } from './shared.js';

const CAST_PRODUCTIONS = ['film', 'series'] as const;

export const cast = {
  data: new SlashCommandBuilder()
    .setName('cast')
    .setNameLocalization('ko', '출연진')
    .setDescription('Who plays whom: the cast list, or one actor or character')
    .setDescriptionLocalization('ko', '누가 누구를 연기했는지')
    .addStringOption((o) =>
      o
        .setName('production')
        .setNameLocalization('ko', '작품')
        .setDescription('film or series (default: both)')
        .setDescriptionLocalization('ko', '영화 또는 시리즈')
        .addChoices({ name: 'film', value: 'film' }, { name: 'series', value: 'series' }),
    )
    .addStringOption((o) =>
      o
        .setName('name')
        .setNameLocalization('ko', '이름')
        .setDescription('An actor or a character, in English or Hangul (e.g. 흥수, Kim Go-eun)')
        .setDescriptionLocalization('ko', '배우 또는 인물 이름 (예: 흥수)')
        .setMaxLength(100)
        .setAutocomplete(true),
    ),
  async execute(interaction, ctx) {
    const productionValue = interaction.options.getString('production');
    if (productionValue !== null && !(CAST_PRODUCTIONS as readonly string[]).includes(productionValue)) {
      throw new UserFacingError('`production` must be film or series (the novel has no cast).');
    }
    const production = (productionValue ?? undefined) as ProductionId | undefined;
    const name = interaction.options.getString('name');
    const horizon = await spoilerCap(interaction, ctx);
    if (name === null || name.trim() === '') {
      const embeds = (production ? [production] : CAST_PRODUCTIONS).map((p) => castListEmbed(ctx.dataset, p, horizon));
      await interaction.reply({ embeds });
      return;
    }
    const hit = resolveHit(ctx, name, { what: 'cast member or character', kinds: ['person', 'character'], horizon, ...(production ? { production } : {}) });
    const embed =
      hit.kind === 'person'
        ? castAnswerEmbed(ctx.dataset, { person: hit.record }, production, horizon)
        : hit.kind === 'character'
          ? castAnswerEmbed(ctx.dataset, { character: hit.record })
          : undefined;
    if (!embed) throw new UserFacingError('Pick an actor or a character from the list.');
    await interaction.reply({ embeds: [embed] });
  },
  async autocomplete(interaction, ctx) {
    const production = interaction.options.getString('production');
    await autocompleteHits(interaction, ctx, {
      kinds: ['character', 'person'],
      ...(production === 'film' || production === 'series' ? { production } : {}),
    });
  },
} satisfies Command;
