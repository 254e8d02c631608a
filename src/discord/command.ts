import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from './context.js';

/** One slash command: its definition and its handlers. Handlers stay thin. */
export interface Command {
  readonly data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
  /**
   * Whether this invocation's answer is for the channel (a look-up, a leaderboard) rather than for
   * the member alone; a slow answer is deferred the same way (see deferral.ts). Default: private.
   */
  publicReply?(interaction: ChatInputCommandInteraction): boolean;
}

/**
 * What a handler returns when its answer waits on something slow (an answer's group commit) and
 * the interaction should not be kept alive meanwhile: the router lets the interaction go and
 * keeps `settled` among its work in flight, so that a shutdown still waits for the answer.
 * `settled` never rejects (it handles its own failures) and does not hold the interaction.
 */
export interface Detached {
  readonly settled: Promise<void>;
}

/**
 * Handles buttons whose custom id starts with `${prefix}:`. The id is untrusted input:
 * handlers parse it strictly and answer forged or stale ids with a clear ephemeral note.
 */
export interface ButtonHandler {
  readonly prefix: string;
  handle(interaction: ButtonInteraction, ctx: BotContext): Promise<void | Detached>;
}

/**
 * Handles submitted forms (modals) whose custom id starts with `${prefix}:`. The id and every
 * field are untrusted input: a forged request can send any of them, so handlers parse them
 * strictly and answer what they refuse with a clear ephemeral note.
 */
export interface ModalHandler {
  readonly prefix: string;
  handle(interaction: ModalSubmitInteraction, ctx: BotContext): Promise<void>;
}
