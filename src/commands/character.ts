import { SlashCommandBuilder } from '@discordjs/builders';
import type { Command } from '../discord/command.js';
import { userLang } from '../discord/lang.js';
import { characterEmbed } from '../discord/lookup-view.js';
import { autocompleteHits, lookupError, lookupHorizon, resolveHit } from './shared.js';

export const character = {
  data: new SlashCommandBuilder()
    .setName('character')
    .setNameLocalization('ko', '인물')
    .setDescription("A character's profile; plot details stay behind spoiler tags")
    .setDescriptionLocalization('ko', '인물 소개 (줄거리는 스포일러로 가려요)')
    .addStringOption((o) =>
      o
        .setName('name')
        .setNameLocalization('ko', '이름')
        .setDescription('A character, in English or Hangul (e.g. Jae-hee, 규호)')
        .setDescriptionLocalization('ko', '인물 이름, 한글이나 영어로 (예: 재희, 규호)')
        .setRequired(true)
        .setMaxLength(100)
        .setAutocomplete(true),
    ),
  async execute(interaction, ctx) {
    const name = interaction.options.getString('name', true);
    const { horizon, from } = await lookupHorizon(interaction, ctx);
    const hit = resolveHit(ctx, name, { what: 'character', kinds: ['character'], horizon, horizonFrom: from });
    if (hit.kind !== 'character') throw lookupError((t) => t.errors.pickCharacter);
    await interaction.reply({ embeds: [characterEmbed(ctx.dataset, hit.record, horizon, userLang(interaction))] });
  },
  async autocomplete(interaction, ctx) {
    await autocompleteHits(interaction, ctx, { kinds: ['character'] });
  },
  // Look-ups answer the channel.
  publicReply: () => true,
} satisfies Command;
