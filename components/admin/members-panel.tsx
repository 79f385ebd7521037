'use client';
// A tenant's members: change a role, remove someone, add a user (new or existing).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { UserRow } from '@/lib/dashboard/list-users';
import { fetchJson } from '../data/fetch-json';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader } from '../ui/card';
import { Select } from '../ui/field';
import { Alert, EmptyState } from '../ui/states';
import { UserForm } from './user-form';

export function MembersPanel({ tenant, initial }: { tenant: { id: string; name: string }; initial: UserRow[] }) {
  const queryClient = useQueryClient();
  const key = ['admin', 'members', tenant.id];
  // The users list filtered to this tenant, from the same endpoint as the Users page.
  const { data: all } = useQuery({
    queryKey: ['admin', 'users'],
    queryFn: ({ signal }) => fetchJson<UserRow[]>('/api/dashboard/admin/users', { signal }),
  });
  const members = all ? all.filter((u) => u.memberships.some((m) => m.tenantId === tenant.id)) : initial;
  const [adding, setAdding] = useState(false);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
    void queryClient.invalidateQueries({ queryKey: key });
  };
  const setRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: string }) => fetchJson(`/api/dashboard/admin/tenants/${tenant.id}/members/${userId}`, { method: 'PATCH', body: { role } }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => fetchJson(`/api/dashboard/admin/tenants/${tenant.id}/members/${userId}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const error = setRole.error ?? remove.error;
  return (
    <Card className="overflow-hidden">
      <CardHeader title="Members" description="Admins manage endpoints; members browse, retry and rotate secrets." actions={!adding && <Button size="sm" onClick={() => setAdding(true)}>Add member</Button>} />
      {error && <div className="px-5 pt-4"><Alert>{error.message}</Alert></div>}
      {adding && (
        <CardBody className="border-b border-slate-100 bg-slate-50/50">
          <UserForm tenants={[tenant]} fixedTenantId={tenant.id} onCreated={() => { setAdding(false); refresh(); }} />
        </CardBody>
      )}
      {members.length === 0 ? (
        <EmptyState title="No members yet" description="Add the people who will use this tenant's dashboard." />
      ) : (
        <ul className="divide-y divide-slate-100">
          {members.map((u) => {
            const role = u.memberships.find((m) => m.tenantId === tenant.id)?.role ?? 'member';
            return (
              <li key={u.id} className="flex items-center gap-3 px-5 py-3">
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-medium text-slate-900">{u.email}</p>
                  {u.name && <p className="text-xs text-slate-500">{u.name}</p>}
                </div>
                <label htmlFor={`role-${u.id}`} className="sr-only">Role of {u.email}</label>
                <Select id={`role-${u.id}`} value={role} onChange={(e) => setRole.mutate({ userId: u.id, role: e.target.value })} className="w-28 py-1 text-xs">
                  <option value="admin">Admin</option>
                  <option value="member">Member</option>
                </Select>
                <Button size="sm" variant="ghost" onClick={() => remove.mutate(u.id)} aria-label={`Remove ${u.email} from ${tenant.name}`}>Remove</Button>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

