#!/usr/bin/env node
// `hookline` — the package's command. Runs the TypeScript entry point through tsx
// (a dependency), so `npx hookline ...` works right after `npm install`.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// Logs go to stderr: with --json, stdout carries nothing but the JSON.
process.env.HOOKLINE_LOG_FD ??= '2';
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../scripts/hookline.ts');
await main(process.argv.slice(2));
