// @ts-check
/**
 * The load benchmark's baseline: a bare discord.js client with the bot's own client options
 * (`createClient` and `loadConfig` from the built dist/, the same environment variables; so its
 * gateway events are paced as the bot's are, see src/discord/gateway.ts), run as
 * its own process like the bot, that answers every interaction at once and does nothing else:
 * a button gets an ephemeral "locked in" reply, a slash command an ephemeral line, autocomplete
 * no choices. Whatever the bot spends beyond this client is the bot's own work.
 *
 * Over the IPC channel the benchmark may ask it to post a message (to get the bot's question
 * onto the baseline's simulator): { bare: 'post', id, channelId, body } → { bare: 'posted', id, messageId | error }.
 * SIGTERM/SIGINT destroy the client and exit 0. Plain JavaScript, so no TypeScript loader runs
 * in the measured process. Dev-only: nothing under src/ imports it.
 */
import { Events, MessageFlags, Routes } from 'discord.js';

const dist = new URL('../../dist/', import.meta.url);
/** @type {typeof import('../../src/config.js')} */
const { loadConfig } = await import(new URL('config.js', dist).href);
/** @type {typeof import('../../src/discord/client.js')} */
const { createClient } = await import(new URL('discord/client.js', dist).href);

const config = loadConfig(process.env, 'start');
const client = createClient(config);
let failures = 0;

/** @param {unknown} err */
function report(err) {
  failures++;
  // The first few only: a flood of identical lines would cost more than the clicks.
  if (failures <= 3) console.error(JSON.stringify({ level: 50, msg: 'bare client could not answer', err: err instanceof Error ? err.message : String(err) }));
}

client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isButton()) {
    interaction.reply({ content: 'Your answer is locked in.', flags: MessageFlags.Ephemeral }).catch(report);
  } else if (interaction.isChatInputCommand()) {
    interaction.reply({ content: 'Bare client: no bot behind this.', flags: MessageFlags.Ephemeral }).catch(report);
  } else if (interaction.isAutocomplete()) {
    interaction.respond([]).catch(report);
  }
});
client.on(Events.Error, report);

process.on('message', (/** @type {any} */ message) => {
  if (message?.bare !== 'post') return;
  client.rest.post(Routes.channelMessages(message.channelId), { body: message.body }).then(
    (/** @type {any} */ posted) => process.send?.({ bare: 'posted', id: message.id, messageId: posted.id }),
    (/** @type {unknown} */ err) => process.send?.({ bare: 'posted', id: message.id, error: err instanceof Error ? err.message : String(err) }),
  );
});

let stopping = false;
/** @param {string} signal */
function stop(signal) {
  if (stopping) process.exit(1);
  stopping = true;
  console.error(`${signal} received: shutting down…`);
  client.destroy().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

await client.login(config.discordToken);
