import { SlashCommandBuilder } from '@discordjs/builders';
import type { Command } from '../discord/command.js';
import { truncate } from '../discord/format.js';
import { userLang } from '../discord/lang.js';
import { hitEmbed, hitLabel } from '../discord/lookup-view.js';
import { lookups } from '../i18n/messages/lookups.js';
import { autocompleteHits, lookupHorizon, resolveHit } from './shared.js';

export const fact = {
  data: new SlashCommandBuilder()
    .setName('fact')
    .setNameLocalization('ko', '사실')
    .setDescription('Search everything: people, characters, dates, awards, trivia (e.g. tiff, act 3 director)')
    .setDescriptionLocalization('ko', '인물, 배우, 날짜, 수상, 뒷이야기까지 모두 검색 (예: 토론토, 3막 감독)')
    .addStringOption((o) =>
      o
        .setName('query')
        .setNameLocalization('ko', '검색어')
        .setDescription('What to look up, in English or Korean')
        .setDescriptionLocalization('ko', '찾을 내용, 한글이나 영어로 (예: 개봉일, 흥수 엄마)')
        .setRequired(true)
        .setMaxLength(200)
        .setAutocomplete(true),
    ),
  async execute(interaction, ctx) {
    const query = interaction.options.getString('query', true);
    const lang = userLang(interaction);
    const { horizon, from } = await lookupHorizon(interaction, ctx);
    const hit = resolveHit(ctx, query, { what: 'factOrName', horizon, horizonFrom: from });
    const embed = hitEmbed(ctx.dataset, hit, horizon, lang);
    const others = ctx.search
      .search(query, { horizon, limit: 4 })
      .filter((h) => h.id !== hit.id)
      .slice(0, 3);
    if (others.length > 0 && !/^[a-z]+:[\w-]+$/.test(query)) {
      const list = others.map((h) => `• ${hitLabel(h, lang)}`).join('\n');
      embed.fields = [...(embed.fields ?? []), { name: lookups[lang].fields.alsoMatching, value: truncate(list, 1024) }].slice(0, 25);
    }
    await interaction.reply({ embeds: [embed] });
  },
  async autocomplete(interaction, ctx) {
    await autocompleteHits(interaction, ctx, {});
  },
  // Look-ups answer the channel.
  publicReply: () => true,
} satisfies Command;
