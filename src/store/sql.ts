/**
 * The little the score tables need from a SQL database, so that SQLite and PostgreSQL share one
 * repository (scores-sql.ts) and differ only here: statements are written once with `?`
 * placeholders; each driver says which dialect it speaks for the few functions that differ.
 */

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
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * Writers are serialised by the engine (SQLite's write lock, taken at BEGIN IMMEDIATE and waited
   * for up to the busy timeout; PostgreSQL's row locks), across processes too.
   */
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
