import { SlashCommandBuilder } from '@discordjs/builders';
import type { Command } from '../discord/command.js';
import { userLang } from '../discord/lang.js';
import { filmEmbed } from '../discord/lookup-view.js';

export const film = {
  data: new SlashCommandBuilder()
    .setName('film')
    .setNameLocalization('ko', '영화')
    .setDescription('The 2024 film at a glance: director, leads, premiere, release, runtime')
    .setDescriptionLocalization('ko', '2024년 영화 한눈에 보기: 감독, 주연, 월드 프리미어, 개봉, 러닝타임'),
  async execute(interaction, ctx) {
    // Public, but asked by one member: it follows the asker's Discord language.
    await interaction.reply({ embeds: [filmEmbed(ctx.dataset, userLang(interaction))] });
  },
  // Look-ups answer the channel.
  publicReply: () => true,
} satisfies Command;
