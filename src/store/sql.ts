/** The little the score tables need of a SQL database, so that SQLite and PostgreSQL share scores-sql.ts (`?` placeholders). */
import { prefixUpperBound, type KeyvExtras } from './kv.js';

export type SqlValue = string | number | null;

export interface SqlRunner {
  /** The rows of a query with `?` placeholders. */
  all<R extends object>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** Runs a statement; returns how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface SqlDatabase extends SqlRunner {
  readonly dialect: 'sqlite' | 'postgres';
  /** Bound parameters one statement may carry (SQLite: 32,766; PostgreSQL: 65,535). */
  readonly maxParams: number;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws; writers serialised by the engine. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The larger of two expressions, in the database's own spelling. */
export function greatest(db: Pick<SqlDatabase, 'dialect'>, a: string, b: string): string {
  return db.dialect === 'sqlite' ? `max(${a}, ${b})` : `GREATEST(${a}, ${b})`;
}

/** A number column as JavaScript reads it (PostgreSQL's BIGINT and COUNT come back as text). */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

/** Keys per page of a range scan. */
const SCAN_PAGE = 1000;

/** The two statements keyv's table needs beyond keyv (kv.ts); `query` runs one on keyv's own connection. */
export function sqlKeyvExtras(
  dialect: SqlDatabase['dialect'],
  table: string,
  query: (sql: string, params: SqlValue[]) => Promise<readonly object[]>,
): KeyvExtras {
  // Byte order, as prefixUpperBound assumes (SQLite's default collation is; PostgreSQL's may not be).
  const key = dialect === 'postgres' ? 'key COLLATE "C"' : 'key';
  return {
    async *scan(fullPrefix) {
      const upper = prefixUpperBound(fullPrefix);
      let after: string | undefined;
      for (;;) {
        // Keyset pagination on the primary key: stable while keys are deleted, and uses the index.
        const page = (await query(
          `SELECT key FROM ${table} WHERE ${key} ${after === undefined ? '>=' : '>'} ? AND ${key} < ? ORDER BY ${key} LIMIT ?`,
          [after ?? fullPrefix, upper, SCAN_PAGE],
        )) as { key: string }[];
        for (const row of page) yield row.key;
        after = page.at(-1)?.key;
        if (page.length < SCAN_PAGE || after === undefined) return;
      }
    },
    async swap(fullKey, expected, next) {
      const rows =
        expected === undefined
          ? await query(`INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING RETURNING key`, [fullKey, next ?? null])
          : next === undefined
            ? await query(`DELETE FROM ${table} WHERE key = ? AND value = ? RETURNING key`, [fullKey, expected])
            : await query(`UPDATE ${table} SET value = ? WHERE key = ? AND value = ? RETURNING key`, [next, fullKey, expected]);
      return rows.length > 0;
    },
  };
}
