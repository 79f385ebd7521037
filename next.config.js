// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages that must stay as Node requires, not bundled.
  serverExternalPackages: ['pg', '@opentelemetry/sdk-trace-node', '@opentelemetry/exporter-trace-otlp-http', 'graphile-worker', 'pino', 'prom-client', 'undici', '@prisma/client', '@prisma/adapter-pg'],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
