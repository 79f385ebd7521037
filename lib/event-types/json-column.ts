import { Prisma } from '../generated/prisma/client.ts';

/** A nullable jsonb column's value: SQL NULL for null (Prisma wants DbNull for that). */
export function jsonColumn(value: Record<string, unknown> | null): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}
