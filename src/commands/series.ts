import { SlashCommandBuilder } from '@discordjs/builders';
import { getAct } from '../data/lookup.js';
import type { Command } from '../discord/command.js';
import { userLang } from '../discord/lang.js';
import { actEmbed, seriesEmbed } from '../discord/lookup-view.js';
import { lookupError, spoilerCap } from './shared.js';

export const series = {
  data: new SlashCommandBuilder()
    .setName('series')
    .setNameLocalization('ko', '시리즈')
    .setDescription('The 2024 TVING series at a glance, or one of its four acts')
    .setDescriptionLocalization('ko', '2024년 티빙 시리즈 한눈에 보기, 또는 한 막만 보기')
    .addIntegerOption((o) =>
      o
        .setName('act')
        .setNameLocalization('ko', '막')
        .setDescription('One act (1–4): its episodes, title, director and focus')
        .setDescriptionLocalization('ko', '한 막(1~4)의 회차, 제목, 연출, 중심 인물')
        .setMinValue(1)
        .setMaxValue(4),
    ),
  async execute(interaction, ctx) {
    const number = interaction.options.getInteger('act');
    const lang = userLang(interaction);
    if (number === null) {
      await interaction.reply({ embeds: [seriesEmbed(ctx.dataset, lang, await spoilerCap(interaction, ctx))] });
      return;
    }
    const act = getAct(ctx.dataset, number);
    if (!act) throw lookupError((t) => t.errors.noSuchAct({ count: ctx.dataset.series.acts.length, act: number }));
    await interaction.reply({ embeds: [actEmbed(ctx.dataset, act, lang, await spoilerCap(interaction, ctx))] });
  },
  // Look-ups answer the channel.
  publicReply: () => true,
} satisfies Command;
