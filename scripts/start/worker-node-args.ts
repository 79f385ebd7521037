// How a worker process is started: `node --max-old-space-size=256 bin/hookline.mjs worker`.
// Node sizes its heap from the machine's memory (4 GB here) and lets garbage pile up
// under load: a draining worker peaked at 420–470 MB resident with no limit, 267 MB with
// 256 MB of old space, at the same rate (npm run bench). A worker holds little: the
// deliveries in flight, at worst WORKER_CONCURRENCY (32) bodies of 1 MiB, each also as
// the request's bytes and the attempt's record, about 130 MB; its local queue holds ids.
export const WORKER_HEAP_MB = 256;

export const workerNodeArgs = (): string[] => [`--max-old-space-size=${WORKER_HEAP_MB}`];
