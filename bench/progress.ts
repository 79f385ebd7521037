// One progress line on stderr while the bench runs: rewritten in place on a terminal,
// a new line every few seconds (and at each new step) when stderr is a file or a pipe.
const started = performance.now();
const tty = process.stderr.isTTY === true;
let step = '';
let detail = '';
let printedAt = 0;
let printed = '';

function elapsed(): string {
  const s = Math.floor((performance.now() - started) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function render(force: boolean): void {
  const line = `[bench ${elapsed()}] ${step}${detail ? ` — ${detail}` : ''}`;
  if (tty) {
    const width = process.stderr.columns || 120;
    process.stderr.write(`\r\x1b[2K${line.slice(0, width - 1)}`);
  } else if (force || (performance.now() - printedAt > 5_000 && line !== printed)) {
    process.stderr.write(`${line}\n`);
    printedAt = performance.now();
    printed = line;
  }
}

const timer = setInterval(() => render(false), 500);
timer.unref();

export const progress = {
  /** A new step of the run (e.g. "drain: delivering"). */
  step(text: string): void {
    step = text;
    detail = '';
    render(true);
  },
  /** What the current step is at (e.g. "12,000 / 50,000 delivered"). */
  detail(text: string): void {
    detail = text;
    render(false);
  },
  /** Clears the line before the results are printed. */
  done(): void {
    clearInterval(timer);
    if (tty) process.stderr.write('\r\x1b[2K');
  },
};

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–';
