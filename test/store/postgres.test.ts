/**
 * The store contract on PostgreSQL (TEST_POSTGRES_URL): each test in a schema of its own
 * (`?schema=`), dropped afterwards. Plus what only a server shows: two stores (two processes) on
 * one database sharing the score tables, and the schema version.
 */
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore, type OpenStoreOptions, type Store } from '../../src/store/index.js';
import { runStoreContract, urlContractBackend } from './contract.js';
import { FakeClock, OCT_15_2024, RecordingLogger } from './helpers.js';
import { describeRemote, uniqueName } from './remote.js';

function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}


describeRemote('TEST_POSTGRES_URL', 'store on PostgreSQL', (base) => {
  runStoreContract('postgres', urlContractBackend((name) => withSchema(base, name), (name) => dropSchema(base, name)));

  let schema: string;
  let url: string;
  let clock: FakeClock;
  const opened: Store[] = [];
  const open = async (extra: Partial<OpenStoreOptions> = {}): Promise<Store> => {
    const store = await openStore(url, { clock, logger: new RecordingLogger(), ...extra });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    schema = uniqueName('pgtest');
    url = withSchema(base, schema);
    clock = new FakeClock(OCT_15_2024);
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await dropSchema(base, schema);
  });

  it('given a new database, the score tables are created with their schema version, and a newer version is refused at start', async () => {
    await open();
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      const version = await client.query(`SELECT value FROM "${schema}".bigcity_meta WHERE name = 'scores_schema'`);
      expect(version.rows).toEqual([{ value: '1' }]);
      const index = await client.query(`SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'bigcity_scores'`, [schema]);
      expect(index.rows.map((r: { indexname: string }) => r.indexname).sort()).toEqual(['bigcity_scores_pkey', 'bigcity_scores_rank']);
      await client.query(`UPDATE "${schema}".bigcity_meta SET value = '99' WHERE name = 'scores_schema'`);
    } finally {
      await client.end();
    }
    await expect(open()).rejects.toThrow(/schema version 99, newer than this release's 1/);
  });
});
