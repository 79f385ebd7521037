// RETENTION_PERIOD as the dashboard says it: "30 days", "12 hours", "90 minutes"; "off".
// Pure, for client components too.
const UNITS: [string, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

export function formatRetentionPeriod(ms: number | null): string {
  if (ms === null) return 'off';
  const [unit, size] = UNITS.find(([, size]) => ms % size === 0) ?? ['millisecond', 1];
  const n = ms / size;
  return `${n.toLocaleString('en')} ${unit}${n === 1 ? '' : 's'}`;
}
