/**
 * Discord waits 3 seconds for the first answer to an interaction. A handler that reads a remote
 * store (PostgreSQL, Redis) or waits for a busy SQLite lock can take longer; rather than make each
 * handler guess, the router arms a deferral: if the handler has not answered after
 * {@link DEFER_AFTER_MS}, the interaction is deferred ("… is thinking"), and the handler's own
 * `reply` later fills that deferred reply in. A reply whose visibility differs from the deferral's
 * (a private error after a public deferral, say) removes the placeholder and is sent as a
 * follow-up of its own, so nothing meant for one member is ever shown to the channel.
 */
import {
  MessageFlags,
  type ChatInputCommandInteraction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type InteractionResponse,
  type Message,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Logger } from '../logger.js';
import { isExpiredInteraction } from './interaction.js';

/** Past this, a handler's answer is no longer sure to beat Discord's 3-second deadline. */
export const DEFER_AFTER_MS = 2_000;

type Deferrable = ChatInputCommandInteraction | ModalSubmitInteraction;
type ReplyArgument = string | InteractionReplyOptions;

function wantsEphemeral(options: ReplyArgument): boolean {
  if (typeof options === 'string') return false;
  const flags = options.flags;
  if (flags === undefined || flags === null) return false;
  if (typeof flags === 'number' || typeof flags === 'bigint') return (BigInt(flags) & BigInt(MessageFlags.Ephemeral)) !== 0n;
  if (Array.isArray(flags)) return flags.some((f) => f === MessageFlags.Ephemeral || f === 'Ephemeral');
  return false;
}

function withoutFlags(options: ReplyArgument): InteractionEditReplyOptions {
  if (typeof options === 'string') return { content: options };
  const { flags: _flags, withResponse: _withResponse, ...rest } = options as InteractionReplyOptions & { withResponse?: boolean };
  return rest as InteractionEditReplyOptions;
}

/**
 * Arms the deferral on `interaction` (its `reply` and `deferReply` learn to follow it). `publicReply`
 * says how the handler usually answers, so that the deferral usually matches it.
 * @returns a function that disarms the timer once the handler is done.
 */
export function armDeferral(interaction: Deferrable, publicReply: boolean, logger: Logger, afterMs = DEFER_AFTER_MS): () => void {
  let answering = false;
  let deferred: Promise<unknown> | null = null;
  const reply = interaction.reply.bind(interaction) as (options: ReplyArgument) => Promise<InteractionResponse | Message>;
  const deferReply = interaction.deferReply.bind(interaction) as (options?: InteractionReplyOptions) => Promise<unknown>;

  const timer = setTimeout(() => {
    if (answering || interaction.deferred || interaction.replied) return;
    deferred = deferReply(publicReply ? {} : { flags: MessageFlags.Ephemeral }).catch((err: unknown) => {
      if (!isExpiredInteraction(err)) logger.warn({ err, interactionId: interaction.id }, 'could not defer a slow reply');
    });
  }, afterMs);
  timer.unref();

  const patched = interaction as unknown as {
    reply: (options: ReplyArgument) => Promise<unknown>;
    deferReply: (options?: InteractionReplyOptions) => Promise<unknown>;
  };
  patched.reply = async (options: ReplyArgument) => {
    if (deferred === null) {
      answering = true;
      return reply(options);
    }
    await deferred;
    const ephemeral = wantsEphemeral(options);
    if (ephemeral === Boolean(interaction.ephemeral)) return interaction.editReply(withoutFlags(options));
    // The placeholder has the other visibility: it goes first (Discord would turn the first
    // follow-up into it, with its visibility), and the answer follows as a message of its own.
    await interaction.deleteReply();
    return interaction.followUp(typeof options === 'string' ? { content: options, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) } : options);
  };
  patched.deferReply = async (options?: InteractionReplyOptions) => {
    if (deferred === null) {
      answering = true;
      return deferReply(options);
    }
    await deferred;
    return undefined;
  };
  return () => clearTimeout(timer);
}
