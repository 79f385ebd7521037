// The dashboard frame: a quiet sidebar (tenant switcher, navigation, who is signed in)
// and the page. Server component; the interactive bits are small client islands.
import Link from 'next/link';
import { ROLE_LABEL, type TenantRole } from '@/lib/session/permissions';
import { Badge } from '../ui/badge';
import { Logo } from './icons';
import { NavLink } from './nav-link';
import { SignOutButton } from './sign-out-button';
import { TenantSwitcher } from './tenant-switcher';

type Props = {
  user: { email: string; name: string | null; operator: boolean };
  tenants: { id: string; name: string; role: TenantRole }[];
  current?: { tenant: { id: string; name: string }; role: TenantRole };
  children: React.ReactNode;
};

export function Shell({ user, tenants, current, children }: Props) {
  const base = current ? `/t/${current.tenant.id}` : null;
  return (
    <div className="flex min-h-screen">
      <aside className="w-60 shrink-0 border-r border-slate-200 bg-white">
        <div className="sticky top-0 flex h-screen flex-col">
        <div className="px-4 pt-4 pb-3">
          <Link href="/" className="inline-block rounded-md focus-visible:outline-2 focus-visible:outline-indigo-600">
            <Logo />
          </Link>
        </div>
        <div className="px-3 pb-3">
          <TenantSwitcher tenants={tenants} currentId={current?.tenant.id} />
        </div>
        <nav className="flex-1 space-y-6 overflow-y-auto px-3 py-2" aria-label="Main">
          {base && (
            <div className="space-y-0.5">
              <NavLink href={base} icon="overview" exact>
                Overview
              </NavLink>
              <NavLink href={`${base}/deliveries`} icon="deliveries">
                Deliveries
              </NavLink>
              <NavLink href={`${base}/endpoints`} icon="endpoints">
                Endpoints
              </NavLink>
              <NavLink href={`${base}/event-types`} icon="eventTypes">
                Event types
              </NavLink>
            </div>
          )}
          {user.operator && (
            <div className="space-y-0.5">
              <p className="px-2.5 pb-1 text-[11px] font-medium tracking-wide text-slate-400 uppercase">Operator</p>
              <NavLink href="/admin/tenants" icon="tenants">
                Tenants
              </NavLink>
              <NavLink href="/admin/users" icon="users">
                Users
              </NavLink>
              <NavLink href="/admin/operations" icon="operations">
                Operations
              </NavLink>
            </div>
          )}
          <div className="space-y-0.5">
            <p className="px-2.5 pb-1 text-[11px] font-medium tracking-wide text-slate-400 uppercase">Developers</p>
            <NavLink href="/reference" icon="reference">
              API reference
            </NavLink>
          </div>
        </nav>
        <div className="flex items-center gap-2 border-t border-slate-200 px-3 py-3">
          <div className="flex size-8 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-xs font-semibold text-indigo-700 uppercase" aria-hidden="true">
            {(user.name ?? user.email).slice(0, 2)}
          </div>
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium text-slate-900" data-testid="signed-in-as">
              {user.email}
            </p>
            <p className="text-xs text-slate-500">
              {current ? <Badge tone={current.role === 'member' ? 'gray' : 'indigo'} className="px-1.5 py-0 text-[11px]">{ROLE_LABEL[current.role]}</Badge> : user.operator ? 'Operator' : ''}
            </p>
          </div>
          <SignOutButton />
        </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1">
        <div className="mx-auto max-w-6xl px-8 py-8">{children}</div>
      </main>
    </div>
  );
}
