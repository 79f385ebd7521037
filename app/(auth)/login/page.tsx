import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { Logo } from '@/components/shell/icons';
import { getSessionUser } from '@/app/_server/session/get-session-user';

export const metadata: Metadata = { title: 'Sign in · Hookline' };

// Only same-site paths, so ?callbackUrl cannot send a fresh session somewhere else.
function safeCallback(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value[0] : value;
  return text && text.startsWith('/') && !text.startsWith('//') ? text : '/';
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-slate-50 px-4">
      <div className="w-full max-w-sm">
        <Logo className="mb-8 flex justify-center" />
        <div className="rounded-xl border border-slate-200 bg-white px-7 py-8 shadow-sm">
          <h1 className="text-lg font-semibold text-slate-900">Sign in to your dashboard</h1>
          <p className="mt-1 mb-6 text-sm text-slate-500">Deliveries, attempts, endpoints and secrets for your tenants.</p>
          <LoginForm callbackUrl={callbackUrl} />
        </div>
        <p className="mt-6 text-center text-xs text-slate-400">No account? Ask the operator of this Hookline installation.</p>
      </div>
    </main>
  );
}
