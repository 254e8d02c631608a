import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from './context.js';

/** One slash command: its definition and its handlers. Handlers stay thin. */
export interface Command {
  readonly data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

/**
 * Handles buttons whose custom id starts with `${prefix}:`. The id is untrusted input:
 * handlers parse it strictly and answer forged or stale ids with a clear ephemeral note.
 */
export interface ButtonHandler {
  readonly prefix: string;
  handle(interaction: ButtonInteraction, ctx: BotContext): Promise<void>;
}
