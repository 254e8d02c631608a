/**
 * `npm run deploy`: registers the slash commands, prints what was registered, and exits
 * non-zero on any failure.
 */
import { ConfigError, loadConfig, readEnvironment } from './config.js';
import { commands } from './commands/index.js';
import { registerCommands } from './discord/deploy.js';

async function main(): Promise<number> {
  try {
    const config = loadConfig(readEnvironment(), 'deploy');
    const result = await registerCommands(config, commands);
    const where = result.scope === 'guild' ? `in guild ${result.guildId}` : 'globally (may take up to an hour to appear)';
    console.log(`Registered ${result.registered.length} commands ${where}:`);
    for (const c of result.registered) console.log(`  /${c.name} (${c.id})`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) console.error(`Configuration error: ${err.message}`);
    else console.error(`Deploy failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

process.exitCode = await main();
