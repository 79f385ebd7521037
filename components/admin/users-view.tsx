'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import type { UserRow } from '@/lib/dashboard/list-users';
import { fetchJson } from '../data/fetch-json';
import { Badge } from '../ui/badge';
import { Card, CardBody, CardHeader } from '../ui/card';
import { Alert, EmptyState } from '../ui/states';
import { RelativeTime } from '../ui/time';
import { UserForm } from './user-form';

export function UsersView({ initial, tenants }: { initial: UserRow[]; tenants: { id: string; name: string }[] }) {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<string | null>(null);
  const { data: users } = useQuery({
    queryKey: ['admin', 'users'],
    queryFn: ({ signal }) => fetchJson<UserRow[]>('/api/dashboard/admin/users', { signal }),
    initialData: initial,
  });
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title="Add a user" description="New users sign in with the email and first password you give them." />
        <CardBody className="space-y-4">
          {created && <Alert tone="green" title={`${created} can now sign in.`} />}
          <UserForm tenants={tenants} onCreated={(u) => { setCreated(u.email); void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }); }} />
        </CardBody>
      </Card>
      <Card className="overflow-hidden">
        {users.length === 0 ? (
          <EmptyState title="No users" />
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50/60 text-xs text-slate-500">
              <tr>
                <th scope="col" className="py-2.5 pr-3 pl-5 font-medium">User</th>
                <th scope="col" className="px-3 py-2.5 font-medium">Access</th>
                <th scope="col" className="py-2.5 pr-5 pl-3 font-medium">Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {users.map((u) => (
                <tr key={u.id}>
                  <td className="py-3 pr-3 pl-5">
                    <div className="font-medium text-slate-900">{u.email}</div>
                    {u.name && <div className="text-xs text-slate-500">{u.name}</div>}
                  </td>
                  <td className="px-3 py-3">
                    <div className="flex flex-wrap gap-1.5">
                      {u.operator && <Badge tone="indigo">Operator · all tenants</Badge>}
                      {u.memberships.map((m) => (
                        <Link key={m.tenantId} href={`/admin/tenants/${m.tenantId}`}>
                          <Badge tone={m.role === 'admin' ? 'blue' : 'gray'}>
                            {m.tenantName} · {m.role}
                          </Badge>
                        </Link>
                      ))}
                      {!u.operator && u.memberships.length === 0 && <span className="text-xs text-slate-400">No tenant</span>}
                    </div>
                  </td>
                  <td className="py-3 pr-5 pl-3 text-slate-500"><RelativeTime iso={u.createdAt} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
