import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-xl font-semibold text-slate-900" data-testid="not-found">Not found</h1>
      <p className="mt-1 max-w-sm text-sm text-slate-500">This page does not exist, or you do not have access to it.</p>
      <Link href="/" className="mt-6 text-sm font-medium text-indigo-600 hover:text-indigo-500">Back to the dashboard</Link>
    </main>
  );
}
