import { z } from 'zod';

// An ISO 8601 date-time for a filter bound. Instants before 1970 become 1970: nothing
// Hookline stores is older, and Prisma's pg adapter writes years before 1000 in a form
// Postgres refuses (since=0000-01-01T00:00:00Z was a 500), so "since the beginning of
// time" works as a client means it.
const EPOCH = new Date(0).toISOString();
export const zDateTime = (message?: string) =>
  z.iso.datetime({ offset: true, message }).transform((value) => (new Date(value).getTime() < 0 ? EPOCH : value));
