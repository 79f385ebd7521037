'use client';
// One tenant, for operators: who is in it (and as what), and its API keys.
import type { ApiKeyRow } from '@/lib/dashboard/list-api-keys';
import type { UserRow } from '@/lib/dashboard/list-users';
import { ApiKeysPanel } from './api-keys-panel';
import { MembersPanel } from './members-panel';

type Props = { tenant: { id: string; name: string }; initialMembers: UserRow[]; initialKeys: ApiKeyRow[] };

export function TenantAdminView({ tenant, initialMembers, initialKeys }: Props) {
  return (
    <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
      <MembersPanel tenant={tenant} initial={initialMembers} />
      <ApiKeysPanel tenant={tenant} initial={initialKeys} />
    </div>
  );
}
