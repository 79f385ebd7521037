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

function createClient() {
  const adapter = new PrismaPg({ connectionString: env().DATABASE_URL, max: 10 });
  return new PrismaClient({ adapter, omit: OMIT });
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
