import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createClient, REST_CONNECTIONS } from '../../src/discord/client.js';
import { replyPrivately } from '../../src/discord/interaction.js';
import { TEST_TOKEN } from '../e2e/harness.js';

/** An API that holds every request until told to answer, counting the connections it was sent on. */
async function holdingApi(): Promise<{ server: Server; url: string; connections: () => number; held: () => number; whenHeld: (n: number) => Promise<void>; releaseAll: () => void }> {
  let connections = 0;
  let releasing = false;
  const waiting: ServerResponse[] = [];
  let watcher: { n: number; resolve: () => void } | undefined;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      if (releasing) {
        res.writeHead(204).end();
        return;
      }
      waiting.push(res);
      if (watcher !== undefined && waiting.length >= watcher.n) watcher.resolve();
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}/api`,
    connections: () => connections,
    held: () => waiting.length,
    whenHeld: (n) => (waiting.length >= n ? Promise.resolve() : new Promise<void>((resolve) => (watcher = { n, resolve }))),
    releaseAll: () => {
      releasing = true;
      for (const res of waiting.splice(0)) res.writeHead(204).end();
    },
  };
}

let api: Awaited<ReturnType<typeof holdingApi>> | undefined;
afterEach(async () => {
  api?.releaseAll();
  api?.server.closeAllConnections();
  await new Promise<void>((resolve) => (api ? api.server.close(() => resolve()) : resolve()));
  api = undefined;
});

describe('createClient: REST connections', () => {
  it(`given more answers in flight than ${REST_CONNECTIONS}, they share ${REST_CONNECTIONS} connections and every one still goes out`, async () => {
    api = await holdingApi();
    const client = createClient(loadConfig({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: api.url }));
    const total = REST_CONNECTIONS + 44;
    // The bot's own "locked in" reply for each click: interaction callbacks are not queued per
    // route by @discordjs/rest, so all of them are in flight at once.
    const replies = Array.from({ length: total }, (_, i) =>
      replyPrivately(
        { id: String(1_000_000_000_000_000_000n + BigInt(i)), token: `token-${i}`, applicationId: '1300000000000000001', createdTimestamp: Date.now(), rest: client.rest },
        'Locked in.',
      ),
    );
    await api.whenHeld(REST_CONNECTIONS);
    // The requests beyond the bound wait for a connection: none arrives while the first ones are held.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(api.held()).toBe(REST_CONNECTIONS);
    expect(api.connections()).toBe(REST_CONNECTIONS);
    api.releaseAll();
    await Promise.all(replies);
    expect(api.connections()).toBe(REST_CONNECTIONS);
    await client.destroy();
  });
});
