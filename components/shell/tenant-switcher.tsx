'use client';
import { useRouter } from 'next/navigation';

type Option = { id: string; name: string; role: string };

/** Which tenant the pages show; a native select, so it works with the keyboard as is. */
export function TenantSwitcher({ tenants, currentId }: { tenants: Option[]; currentId?: string }) {
  const router = useRouter();
  if (tenants.length === 0) return null;
  return (
    <div>
      <label htmlFor="tenant-switcher" className="mb-1 block px-1 text-[11px] font-medium tracking-wide text-slate-400 uppercase">
        Tenant
      </label>
      <select
        id="tenant-switcher"
        value={currentId ?? ''}
        onChange={(e) => router.push(`/t/${e.target.value}`)}
        className="block w-full rounded-md border-0 bg-white py-1.5 pr-8 pl-2.5 text-sm font-medium text-slate-900 shadow-xs ring-1 ring-slate-200 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none"
      >
        {!currentId && <option value="">Choose a tenant…</option>}
        {tenants.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </div>
  );
}
