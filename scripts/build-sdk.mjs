// `hookline/sdk` for plain Node and any bundler: lib/sdk is TypeScript, which Node (20,
// and 22+ under node_modules) won't load. esbuild bundles it into one ES module (it has
// no runtime imports outside lib/sdk: the zod schemas are imported for types only), and
// tsc writes its declarations. Run by `npm install` (prepare) and `npm run build:sdk`.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

await build({
  entryPoints: ['lib/sdk/index.ts'],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  outfile: 'dist/sdk/index.js',
  sourcemap: true,
  logLevel: 'warning',
});
const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.sdk.json'], { stdio: 'inherit' });
process.exit(tsc.status ?? 1);
