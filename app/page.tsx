export default function Home() {
  return (
    <main className="mx-auto max-w-2xl p-10">
      <h1 className="text-2xl font-semibold">Hookline</h1>
      <p className="mt-2 text-slate-600">Webhook delivery: signed, retried, logged.</p>
    </main>
  );
}
