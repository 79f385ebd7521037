// The one Prisma client. Secret columns are omitted by default: code that needs a
// ciphertext or a hash asks for it by name (`omit: { ciphertext: false }`).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';
import { env } from './env.ts';

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

/** Before the first db() call: the pool size this process needs. */
export function configureDb(options: { poolSize: number }): void {
  poolSize = options.poolSize;
}

function createClient() {
  const e = env();
  // statement_timeout: a query stuck behind a lock or a bad plan fails and frees its
  // connection, rather than holding the pool until everything queues behind it.
  const adapter = new PrismaPg({ connectionString: e.DATABASE_URL, max: poolSize, ...CONNECTION_LIMITS, statement_timeout: e.DATABASE_STATEMENT_TIMEOUT });
  // maxWait: how long a transaction may wait for a connection when the pool is busy.
  return new PrismaClient({ adapter, omit: OMIT, transactionOptions: { maxWait: 10_000, timeout: 15_000 } });
}

export type Db = ReturnType<typeof createClient>;
/** What functions that write several rows take: the client or an open transaction. */
export type Tx = Omit<Db, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

// One client per process; kept on globalThis so Next's dev reloads don't leak pools.
const holder = globalThis as unknown as { __hooklineDb?: Db };

export function db(): Db {
  holder.__hooklineDb ??= createClient();
  return holder.__hooklineDb;
}

export async function disconnectDb(): Promise<void> {
  const client = holder.__hooklineDb;
  holder.__hooklineDb = undefined;
  await client?.$disconnect();
}
