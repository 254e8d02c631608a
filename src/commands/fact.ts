import { SlashCommandBuilder } from '@discordjs/builders';
import type { Command } from '../discord/command.js';
import { safeLabel, truncate } from '../discord/format.js';
import { hitEmbed } from '../discord/lookup-view.js';
import { resolveHit, spoilerCap, autocompleteHits } from './shared.js';

export const fact = {
  data: new SlashCommandBuilder()
    .setName('fact')
    .setNameLocalization('ko', '사실')
    .setDescription('Search everything: people, characters, dates, awards, trivia (e.g. tiff, act 3 director)')
    .setDescriptionLocalization('ko', '모든 정보 검색 (예: tiff, 3막 감독)')
    .addStringOption((o) =>
      o
        .setName('query')
        .setNameLocalization('ko', '검색어')
        .setDescription('What to look up, in English or Korean')
        .setDescriptionLocalization('ko', '찾을 내용')
        .setRequired(true)
        .setMaxLength(200)
        .setAutocomplete(true),
    ),
  async execute(interaction, ctx) {
    const query = interaction.options.getString('query', true);
    const horizon = await spoilerCap(interaction, ctx);
    const hit = resolveHit(ctx, query, { what: 'fact or name', horizon });
    const embed = hitEmbed(ctx.dataset, hit, horizon);
    const others = ctx.search
      .search(query, { horizon, limit: 4 })
      .filter((h) => h.id !== hit.id)
      .slice(0, 3);
    if (others.length > 0 && !/^[a-z]+:[\w-]+$/.test(query)) {
      embed.fields = [...(embed.fields ?? []), { name: 'Also matching', value: truncate(others.map((h) => `• ${safeLabel(h)}`).join('\n'), 1024) }].slice(0, 25);
    }
    await interaction.reply({ embeds: [embed] });
  },
  async autocomplete(interaction, ctx) {
    await autocompleteHits(interaction, ctx, {});
  },
} satisfies Command;
