import { db } from '../db.ts';
import { OPERATOR_TENANT_ID, OPERATOR_TENANT_NAME } from './operator-ids.ts';

/** The operator tenant's row, before its first endpoint is created (idempotent). */
export async function ensureOperatorTenant(): Promise<void> {
  await db().$executeRaw`
    insert into tenants (id, name) values (${OPERATOR_TENANT_ID}, ${OPERATOR_TENANT_NAME}) on conflict (id) do nothing`;
}
