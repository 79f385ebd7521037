import { redirect } from 'next/navigation';
import { Logo } from '@/components/shell/icons';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { getSessionUser } from '@/app/_server/session/get-session-user';
import { userTenants } from '@/lib/session/tenant-access';

// / → the operator area for operators, else the first tenant the user belongs to, or a note that there is none.
export default async function Home() {
  const user = await getSessionUser();
  if (!user) redirect('/login');
  if (user.operator) redirect('/admin/tenants');
  const tenants = await userTenants(user);
  if (tenants[0]) redirect(`/t/${tenants[0].id}`);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 text-center">
      <Logo className="mb-6" />
      <h1 className="text-lg font-semibold">No tenant yet</h1>
      <p className="mt-1 max-w-sm text-sm text-slate-500">You are signed in as {user.email}, but you are not a member of any tenant. Ask an operator to add you.</p>
      <div className="mt-4"><SignOutButton /></div>
    </main>
  );
}
