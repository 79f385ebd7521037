'use client';
import Link, { useLinkStatus } from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '../ui/cn';
import { Spinner } from '../ui/spinner';
import { Icons } from './icons';

export function NavLink({ href, icon, exact, children }: { href: string; icon: keyof typeof Icons; exact?: boolean; children: React.ReactNode }) {
  const pathname = usePathname();
  const active = exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  const Icon = Icons[icon];
  return (
    <Link
      href={href}
      aria-current={active ? 'page' : undefined}
      className={cn(
        'flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600',
        active ? 'bg-slate-100 text-slate-900' : 'text-slate-600 hover:bg-slate-50 hover:text-slate-900',
      )}
    >
      <Icon className={cn('size-[18px] shrink-0', active ? 'text-indigo-600' : 'text-slate-400')} />
      <span className="flex-1">{children}</span>
      <Pending />
    </Link>
  );
}

// A spinner on the link while its page loads (server-rendered pages take a round trip).
function Pending() {
  const { pending } = useLinkStatus();
  return pending ? <Spinner className="size-3.5 text-slate-400" /> : null;
}
