#!/usr/bin/env bash
# `npm test`: every test. Types, the production build (the system and browser tests run
# it), unit + integration + system tests (vitest), then the browser tests (Playwright).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
echo "== typecheck"; npx tsc --noEmit -p .
echo "== build";     npx next build
echo "== vitest";    npx vitest run
echo "== playwright"; npx playwright test
