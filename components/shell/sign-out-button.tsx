'use client';
import { signOut } from 'next-auth/react';
import { Icons } from './icons';

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: '/login' })}
      className="rounded-md p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
      title="Sign out"
    >
      <Icons.signOut className="size-[18px]" />
      <span className="sr-only">Sign out</span>
    </button>
  );
}
