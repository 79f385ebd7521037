// Next.js start-up hook: traces for the app process (off unless OTEL_* says where to
// send them; see lib/observability/tracing.ts). Next adds its own request spans.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { initTracing } = await import('./lib/observability/tracing.ts');
    initTracing('hookline-app');
  }
}
