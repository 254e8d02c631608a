import { SlashCommandBuilder } from '@discordjs/builders';
import type { Command } from '../discord/command.js';
import { userLang } from '../discord/lang.js';
import { novelEmbed } from '../discord/lookup-view.js';

export const novel = {
  data: new SlashCommandBuilder()
    .setName('novel')
    .setNameLocalization('ko', '소설')
    .setDescription("Park Sang-young's 2019 novel: its four stories, translation and awards")
    .setDescriptionLocalization('ko', '박상영의 2019년 연작소설: 수록작, 영어 번역, 수상'),
  async execute(interaction, ctx) {
    await interaction.reply({ embeds: [novelEmbed(ctx.dataset, userLang(interaction))] });
  },
  // Look-ups answer the channel.
  publicReply: () => true,
} satisfies Command;
