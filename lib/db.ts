// The one Prisma client. Secret columns are omitted by default: code that needs a
// ciphertext or a hash asks for it by name (`omit: { ciphertext: false }`).
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma as PrismaNs } from './generated/prisma/client.ts';
import { env } from './env.ts';
import { logger } from './observability/logger.ts';

export type { Prisma } from './generated/prisma/client.ts';

const OMIT = {
  endpointSecret: { ciphertext: true },
  apiKey: { keyHash: true },
  user: { passwordHash: true },
} as const;

// A connection attempt that gets no answer (the network dropped mid-handshake) must
// fail and be retried, not hold a pool slot forever; TCP keepalive finds dead peers.
export const CONNECTION_LIMITS = { connectionTimeoutMillis: 5_000, keepAlive: true } as const;

// 10 connections for an app process; a worker asks for one per concurrent attempt
// (configureDb), since each records its attempt while others are still sending.
let poolSize = 10;
let sessionOptions: string | undefined;

/**
 * Before the first db() call: the pool size this process needs, and whether its commits
 * wait for the WAL flush (see WORKER_SESSION_OPTIONS).
 */
export function configureDb(options: { poolSize: number; sessionOptions?: string }): void {
  poolSize = options.poolSize;
  sessionOptions = options.sessionOptions;
}

/**
 * The worker's sessions commit without waiting for the WAL flush (the API's stay
 * synchronous: a 202 means the event is on disk). Safe for at-least-once: WAL is written
 * in order, so a database crash loses only a suffix of the worker's last ~200 ms
 * (wal_writer_delay), e.g. an attempt's record together with its job's completion that
 * came after it, and the job runs again: a duplicate, never a loss. It lifts the drain
 * by about 15 % here, where 74 % of a drain's samples waited on the flush.
 */
export const WORKER_SESSION_OPTIONS = '-c synchronous_commit=off';

function createClient() {
  const e = env();
  // statement_timeout: a query stuck behind a lock or a bad plan fails and frees its
  // connection, rather than holding the pool until everything queues behind it.
  const adapter = new PrismaPg({ connectionString: e.DATABASE_URL, max: poolSize, ...CONNECTION_LIMITS, statement_timeout: e.DATABASE_STATEMENT_TIMEOUT, options: sessionOptions });
  // maxWait: how long a transaction may wait for a connection when the pool is busy.
  return new PrismaClient({ adapter, omit: OMIT, transactionOptions: { maxWait: 10_000, timeout: 15_000 } });
}

export type Db = ReturnType<typeof createClient>;
/** What functions that write several rows take: the client or an open transaction. */
export type Tx = Omit<Db, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

// One client per process; kept on globalThis so Next's dev reloads don't leak pools.
const holder = globalThis as unknown as { __hooklineDb?: Db; __hooklinePg?: pg.Pool };

export function db(): Db {
  holder.__hooklineDb ??= createClient();
  return holder.__hooklineDb;
}

export async function disconnectDb(): Promise<void> {
  const client = holder.__hooklineDb;
  const pool = holder.__hooklinePg;
  holder.__hooklineDb = undefined;
  holder.__hooklinePg = undefined;
  await Promise.all([client?.$disconnect(), pool?.end()]);
}

/** A statement run inside `pgTransaction`: its rows and how many it touched. */
export type PgRun = <T = Record<string, unknown>>(query: PrismaNs.Sql) => Promise<{ rows: T[]; count: number }>;
export type PgTx = {
  run: PgRun;
  /**
   * Runs one statement and commits, in one round trip (a simple query: values inlined
   * with `literal`): how many rows it touched. A row lock it takes is held only while
   * the database runs it, not until this process has seen its answer and sent COMMIT.
   */
  runAndCommit(statement: string): Promise<number>;
  literal(value: string): string;
};
/** What `pgTransaction`'s work returns to have everything it did rolled back. */
export const ROLLBACK = Symbol('rollback');

/**
 * `work` in a transaction on a connection of the hot path's pool (below): for a few
 * statements that must commit together, without Prisma's per-query cost (~1 ms of the
 * worker's thread each under an interactive transaction). Committed at the end unless
 * `work` did (runAndCommit); rolled back when it throws or returns ROLLBACK. A connection
 * whose rollback fails is dropped, not reused.
 */
export async function pgTransaction<T>(work: (tx: PgTx) => Promise<T | typeof ROLLBACK>): Promise<T | typeof ROLLBACK> {
  const client = await preparedPool().connect();
  let committed = false;
  let broken = false;
  try {
    await client.query('begin');
    const tx: PgTx = {
      run: async <R>(query: PrismaNs.Sql) => {
        const result = await client.query<R & pg.QueryResultRow>(query.text, query.values);
        return { rows: result.rows, count: result.rowCount ?? 0 };
      },
      runAndCommit: async (statement) => {
        const results = (await client.query(`${statement}; commit`)) as unknown as pg.QueryResult[];
        committed = true;
        return results[0]?.rowCount ?? 0;
      },
      literal: (value) => client.escapeLiteral(value),
    };
    const result = await work(tx);
    if (!committed) await client.query(result === ROLLBACK ? 'rollback' : 'commit');
    return result;
  } catch (error) {
    if (!committed) await client.query('rollback').catch(() => (broken = true));
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * The worker's hottest statements (every job's load, every success's record) as named
 * prepared statements: Postgres can keep a plan per connection instead of planning every
 * call. In a drain, planning was 27 % of those statements' database time (0.29 ms a
 * call); Prisma's raw queries are never prepared. Same settings as the Prisma pool, and
 * the same Prisma.sql fragments build them; `name` must be unique to the statement's text.
 */
export async function queryPrepared<T>(name: string, query: PrismaNs.Sql): Promise<T[]> {
  const { rows } = await preparedPool().query<T & pg.QueryResultRow>({ name, text: query.text, values: query.values });
  return rows;
}

function preparedPool(): pg.Pool {
  if (holder.__hooklinePg) return holder.__hooklinePg;
  const e = env();
  // Postgres chooses per statement between its cached generic plan and one made for the
  // values (plan_cache_mode auto): forcing generic plans saved the load's planning
  // (0.22 ms a call) but cost 25 % of the drain with a million rows of history.
  // 16: the two batched statements run at most 8 at a time each (microBatch); failures
  // that schedule a retry are recorded on it too (pgTransaction, a connection each).
  const pool = new pg.Pool({ connectionString: e.DATABASE_URL, max: Math.min(poolSize, 16), ...CONNECTION_LIMITS, statement_timeout: e.DATABASE_STATEMENT_TIMEOUT, options: sessionOptions });
  // An idle connection that fails (database restarted) is dropped by the pool; without a
  // listener the error would end the process. The next query opens a new one.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection failed'));
  holder.__hooklinePg = pool;
  return pool;
}
